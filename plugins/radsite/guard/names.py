"""Personal names found by what they are (a known first name beside a surname), not only by a title.

Pattern rules caught names after "Mr", "patient" or a label and missed the rest ("Hi Jordan Whitaker",
"His wife, Margaret Oyelowo"), three quarters of the guard's misses on text it had not seen. A name
list generalises where cue words cannot: a first name from the US Census lists (public domain; see
data/derive.py) or data/international.txt, followed by a capitalised surname-shaped word, is a name.

The HIPAA Safe Harbor rule this follows: names of the patient, relatives, household members and
employers are identifiers; staff named as authors or clinicians are not. So a name right after
Dr/Prof/Nurse or "by"/"courtesy of", or followed by ", MD", is a clinician's and passes; a name
followed by an eponym noun ("Charcot Marie Tooth disease", "Tommy John surgery") is not a person.
A first name that is also a word (Will, Grace, May) counts only before a listed surname or after a cue.
"""

from __future__ import annotations

import functools
import gzip
import re
import unicodedata
from pathlib import Path

_DATA = Path(__file__).with_name("data")


@functools.cache
def _words(name: str) -> frozenset[str]:
    text = (_DATA / name).read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


@functools.cache
def given() -> frozenset[str]:
    """First names that are not ordinary words: enough on their own before a surname."""
    return _words("given.txt") | _words("international.txt") | _words("ssa_given.txt")


@functools.cache
def any_given() -> frozenset[str]:
    """Those and the first names that are also English words (Will, Grace): they need a surname or a cue."""
    return given() | _words("given_words.txt") | _words("ssa_given_words.txt")


@functools.cache
def english() -> frozenset[str]:
    """Ordinary English words, lower case (SCOWL, see data/COPYING-SCOWL.txt): a name's word is none of them."""
    return frozenset(gzip.decompress((_DATA / "english.txt.gz").read_bytes()).decode("utf-8").split())


@functools.cache
def proper() -> frozenset[str]:
    """Capitalised words of the word lists that are no listed name: places, peoples, brands, people of history."""
    return _words("proper.txt")


def surnames() -> frozenset[str]:
    return _words("surnames.txt")


@functools.cache
def rare_surnames() -> frozenset[str]:
    """Surnames that are no English word and no place: two of them make a name (Quigley Drummond)."""
    return surnames() - _words("surname_words.txt")


@functools.cache
def _candidates() -> frozenset[str]:
    return any_given() | rare_surnames()


def not_names() -> frozenset[str]:
    return _words("not_names.txt")


_W = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+"  # a capitalised word, accents and O'Hare
_FIRST = rf"{_W}(?:-(?:{_W}|[a-z]{{2,5}}))?"  # Marie-Claude, Ji-woo
_LAST = rf"(?:(?:Mc|Mac|O['’]|D['’])?{_W}(?:-{_W})*)"
_PARTICLES = r"(?:(?:de|da|di|del|della|dela|van|von|der|den|ter|le|la|al|el|bin|ben|ap)[ \t]+){0,2}"
# A capitalised word that does not go on a word, an address or a handle (the letter first: the engine
# skips to capitals instead of trying the lookbehind at every position), and the name word after it.
_CAP = re.compile(rf"[A-ZÀ-ÖØ-Þ](?<![\w'’@#.-][A-ZÀ-ÖØ-Þ])[a-zß-öø-ÿ'’]+(?:-(?:{_W}|[a-z]{{2,5}}))?")
_NEXT = re.compile(rf"[ \t]+({_PARTICLES}{_LAST})(?![\w'’-])")
# "Surname, First" where a heading or a label puts it: line start, after ':' or '-' or 're'
_INVERTED = re.compile(rf"(?:^|[:|–-][ \t]*|\b(?i:re|for|of)[ \t:]+)(?:[\W_]*?)({_LAST}),[ \t]+({_FIRST})(?![\w'’-])")
# words before a name one writes to, in English and in Spanish ("Buenas tardes, Leónidas:", "Estimada Sra.")
GREETINGS = (r"dear|hi|hello|hey|hiya|thanks|thank[ \t]+you|hola|buen(?:os|as)[ \t]+(?:d[ií]as|tardes|noches)|"
             r"estimad[oa]|querid[oa]|gracias")
# A staff member's job, after the name and a comma: the name is no patient's
JOB_TITLES = (
    r"manager|administrator|coordinator|co-ordinator|secretary|clerk|officer|lead|director|superintendent|supervisor|"
    r"receptionist|assistant|porter|sonographer|radiographer|radiologist|registrar|consultant|physicist|nurse|"
    r"technologist|technician|specialist|practitioner|analyst|scientist|librarian|dosimetrist|physiologist|therapist|"
    r"counsellor|counselor|dietitian|pharmacist|midwife|physiotherapist|"
    # the other clinical and support staff, and any "-ologist" (audiologist, cardiologist, oncologist)
    r"[a-z]*ologist|physician|surgeon|an(?:a)?esthetist|paramedic|chaplain|orthoptist|optometrist|podiatrist|orthotist|"
    r"prosthetist|psychiatrist|social[ \t]+worker|healthcare[ \t]+assistant|housekeeper|volunteer[ \t]+lead|"
    r"fellow|trainee|intern|medic|doctor|matron|team[ \t]+leader|navigator"
)
# A cue that makes the next capitalised word a person's (greeting) or a relative's name, searched before it
_CUE_BEFORE = re.compile(
    rf"\b(?:(?i:{GREETINGS}|(?:good[ \t]+)?(?:morning|afternoon|evening))|"
    r"(?:wife|husband|partner|son|daughter|mother|father|mum|mom|dad|brother|sister|grandson|granddaughter|"
    r"grandmother|grandfather|niece|nephew|fianc[ée]e?|carer|caregiver|boyfriend|girlfriend|employer|boss|"
    r"neighbou?r|friend|flatmate|roommate|landlord|child|baby)(?:['’]s)?(?:[ \t]+(?:is|was|named|called))?),?[ \t]+$"
)
# Two capitalised words after a word for a person are a name even when neither is listed ("this lady, Abebech Tesfaye")
_PERSON_PAIR = re.compile(
    rf"\b(?:lady|man|woman|gentleman|boy|girl|participant|client|resident)\b,?[ \t]+(?:called[ \t]+|named[ \t]+)?"
    rf"({_W}[ \t]+{_LAST})(?![\w'’-])"
)
_STAFF_BEFORE = re.compile(
    r"(?:\b(?:Drs?|Dr\.|Dra\.?|Doctora|Profa?\.?|Profesora?|Lic\.?|Licda\.?|Enf\.?|Professor|Doctor|Nurse|Sister|Matron|Radiographer|Sonographer|Consultant|"
    r"Registrar|Dean|Sir|Dame|Lord|Lady|Saint|St\.?)|\b(?i:(?:reported|reviewed|written|presented|dictated|seen|referred|"
    r"authored|contributed|performed|supervised|verified|approved|edited|prepared|read|interpreted)[ \t]+by|"
    r"courtesy[ \t]+of|authors?|presenters?|speakers?)[:]?"
    # a job title before the name: "the on-call radiographer, Sione Taufa"
    rf"|\b(?i:{JOB_TITLES})s?[ \t]*,?)"
    r"[ \t]*(?:[A-Z]\.[ \t]*)*$"
)
# A job and a colon before a name that ends its part of the line: "Biobank coordinator: X", "Audiologist on call: X"
# (not "School nurse: X hurt her wrist", where the job is the note's writer and X the patient)
_JOB_LABEL_BEFORE = re.compile(
    rf"\b(?i:{JOB_TITLES})s?(?:[ \t]+(?i:on[ \t]+(?:call|duty)|of[ \t]+the[ \t]+(?:day|week)|in[ \t]+charge))?"
    r"[ \t]*[:=][ \t]*$"
)
_PART_ENDS = re.compile(r"[ \t]*(?:$|[,;(/|]|[ \t][-–][ \t])")
_STAFF_AFTER = re.compile(
    r"^(?:,?[ \t]*(?:MD|DO|PhD|MBBS|MBChB|FRCR|FRANZCR|FRCPC|FRCP|FACR|RN|RT|DMRD|consultant|radiologist|"
    r"radiographer|sonographer|registrar|resident|fellow|professor|lecturer|nurse|physicist|technologist)\b"
    # a job title after a comma: ", PACS administrator", ", Radiology Services Manager"
    rf"|(?:[ \t]+[A-Z][\w'’-]+)?,[ \t]*(?:[\w&]+[ \t]+){{0,3}}(?i:{JOB_TITLES})\b"
    # a colleague thanked for a colleague's work: "Thanks Sipho for covering the list"
    r"|[ \t]+for[ \t]+(?:covering|swapping|reporting|vetting|protocoll?ing|organi[sz]ing|chairing|presenting|teaching|"
    r"arranging|running|supervising|double-reporting|second-reading|the[ \t]+cover)\b)"
)
_EPONYM_AFTER = re.compile(
    r"^(?:['’]s)?[ \t]+(?i:syndrome|disease|sign|tumou?r|sarcoma|lymphoma|fracture|lesion|injury|classification|"
    r"criteria|score|scale|rule|procedure|operation|surgery|test|manoeuvre|maneuver|view|line|angle|triangle|cyst|"
    r"node|ligament|duct|canal|cells?|law|effect|phenomenon|reflex|anomaly|malformation|deformity|palsy|ulcer|"
    r"hernia|shunt|catheter|tube|method|technique|stage|staging|grade|index|protocol|position|award|lecture|prize|"
    r"medal|fellowship|hospital|clinic|institute|centre|center|foundation|trust|university|college|school|"
    r"building|wing|ward|unit|library|street|road|avenue|anatomy|pattern|appearance|type|variant|murmur|lines?|bod(?:y|ies)|"
    r"nodules?|ring|sac|space|pouch|fossa|valve|artery|vein|nerve|gland|lobe|granulomatosis|arteritis|neuroma)\b"
    # a person of history: "Marie Curie discovered", "Christian Doppler described", "Wilhelm Conrad Röntgen discovered"
    # (and "... and Peter Mansfield shared"); 'developed' only with an object that is a work, not hives
    r"|^(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w'’-]+)?"
    r"(?:[ \t]+(?:and|&)[ \t]+(?:[A-ZÀ-ÖØ-Þ][\w'’-]+[ \t]+)?[A-ZÀ-ÖØ-Þ][\w'’-]+)?(?:['’]s)?"
    r"[ \t]+(?:first[ \t]+|later[ \t]+|also[ \t]+)?"
    r"(?:described|discovered|founded|invented|published|wrote|coined|proposed|introduced|won|built|pioneered|devised|"
    r"named|reported(?![ \t]+(?:(?:new|no|some|severe|sudden|worsening|chest|back|abdominal|neck|pelvic|flank|knee|hip|"
    r"shoulder)[ \t]+){0,3}(?:pain|ache|headache|nausea|vomiting|dizziness|breathlessness|symptoms|numbness|weakness|"
    r"swelling|bleeding|tingling|palpitations|fever|cough))|showed|established|received|claimed|shared|patented|awarded|designed|conceived|demonstrated|"
    r"developed(?=[ \t]+(?:the|a|an|his|her)[ \t]+(?:first|new|technique|method|theory|idea|scanner|machine|device)))\b"
    # a death more than fifty years ago (HIPAA protects a decedent's record for fifty years): "X died ... in 1934";
    # a teacher's or a pioneer's verb
    r"|^[ \t]+died\b[^\n]{0,60}?\b(?:1[0-8]\d\d|19[0-6]\d|197[0-5])\b"
    r"|^[ \t]+(?:championed|lectured)\b"
    # an institution named after someone: "Chris Hani Baragwanath Hospital"
    # a procedure or a disease named after someone: "Ivor Lewis oesophagectomy", "Kikuchi lymphadenitis"
    r"|^[ \t]+[a-z]*(?:ectomy|otomy|ostomy|plasty|pexy|itis|oma|osis|pathy|graphy|scopy|gram|plication|lysis|trophy)\b"
    r"|^(?:[ \t]+[A-Z][\w'’-]+){1,3}[ \t]+(?:Hospital|Clinic|Infirmary|Institute|Centre|Center|University|College|"
    r"School|Foundation|Trust|Building|Wing|Ward|Library|Museum|Street|Road|Avenue|Park)\b"
)


# A line that lists staff: authors, presenters, reviewers, a rota
STAFF_LINE = re.compile(
    r"^\W*(?:(?:authors?|contributors?|presenters?|speakers?|faculty|reviewers?|editors?|panel(?:lists)?|moderators?|"
    r"chairs?|radiologists?|radiographers?|sonographers?|technologists?|physicists?|consultants?|supervisors?|mentors?|"
    r"credits?|rota|on[ \t]+call)[ \t]*(?:on[ \t]+(?:duty|call)[ \t]*)?(?:\([^)]*\)[ \t]*)?[:–-]|"
    r"by\b|acknowledg\w*|(?:with[ \t]+)?thanks[ \t]+to\b|"
    r"(?:written|reviewed|reported|edited|compiled|prepared)[ \t]+by\b|"
    # the same in Spanish: "Autores:", "Agradecimientos", "Gracias a", "Informado por"
    r"(?:autor(?:es|as|a)?|ponentes?|revisor(?:es|as|a)?|coordinador(?:es|as|a)?|radi[oó]log[oa]s?|t[eé]cnic[oa]s?)[ \t]*[:–-]|"
    r"agradecimientos?\b|(?:muchas[ \t]+)?gracias[ \t]+a\b|"
    r"(?:informado|revisado|firmado|validado|redactado|elaborado)[ \t]+por\b)",
    re.IGNORECASE,
)


def _plain(word: str) -> str:
    """The word without its accents: Nicolás is listed as Nicolas."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _is_first(word: str, strong: bool) -> bool:
    """A first name: listed as it is or without accents, or each part of a hyphenated one listed (Marie-Claude)."""
    names = given() if strong else any_given()
    if word in names or (not word.isascii() and _plain(word) in names):
        return True
    parts = word.split("-")
    return len(parts) == 2 and parts[0] in names and parts[1] in names


# A place, not a person, when a postcode follows ("Milton Keynes MK9 3BZ", "Austin, TX 78701")
_PLACE_AFTER = re.compile(
    r",?[ \t]+(?:[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b|[A-Z]{2,3},?[ \t]+(?:\d{4,5}\b|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d\b)|\d{4,5}\b|"
    r"[A-Z]\d[A-Z][ \t]?\d[A-Z]\d\b)"  # "Red Deer, AB T4N 5E2", "Montréal H2X 3K8"
)
# A person of history named as such: "named after Godfrey Hounsfield", "in honour of ..."
_HISTORY_BEFORE = re.compile(r"(?i:named[ \t]+(?:after|for)|in[ \t]+hono(?:u)?r[ \t]+of|after[ \t]+whom)[ \t]+$")


# Staff named in a list after the cue: "contributed by Aroha Ngata and Liam Byrne", "Faculty: Prof. X, Dr Y"
_TITLE = r"(?:(?:Drs?\.?|Prof\.?|Professor)[ \t]+)?"
_STAFF_NAME = rf"{_TITLE}[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w'’.-]*){{0,3}}"
_AND = r"(?:,|[ \t]+and|[ \t]*&)[ \t]*"
_STAFF_LIST_BEFORE = re.compile(
    r"\b(?i:by|courtesy[ \t]+of|authors?:|faculty:|presenters?:|speakers?:|with[ \t]+thanks[ \t]+to|thanks[ \t]+to)[ \t]+"
    rf"{_STAFF_NAME}(?:{_AND}{_STAFF_NAME})*{_AND}{_TITLE}$"
)


# A product's name after its maker: "Hologic Selenia Dimensions", "Siemens Magnetom Vida"
_MAKER_BEFORE = re.compile(
    r"\b(?:Philips|Siemens|Healthineers|Canon|Toshiba|Hitachi|Fujifilm|Agfa|Carestream|Hologic|Esaote|Mindray|Samsung|"
    r"Bracco|Bayer|Guerbet|GE|Medtronic|Abbott|Stryker|Zimmer|Biotronik|Cochlear)[ \t]+$"
)


# A street named after someone: "Avenida Federico Boyd", "Calle Ramón y Cajal", "Rue Victor Hugo"
_STREET_BEFORE = re.compile(
    r"\b(?:Avenida|Avda\.?|Av\.|Calle|C/|Paseo|Plaza|Pasaje|Jir[óo]n|Rua|Rue|Via|Viale|Avenue|Boulevard|Bulevar|Ulica|"
    r"Strada|Street|Road)[ \t]+(?:(?:de|del|de[ \t]+la|do|da|des|du)[ \t]+)?$"
)


def _staff_list(line: str, start: int) -> bool:
    """A name in a list of staff after its cue; the regex runs only on lines that can hold the cue."""
    cue = " by " in line or ":" in line or "of " in line or "to " in line
    return cue and _STAFF_LIST_BEFORE.search(line[max(0, start - 80) : start]) is not None


# Verbs a person of history shares with a patient's results: "Röntgen received the prize", "DEXA for X showed osteopenia"
_SHARED_VERB_AFTER = re.compile(r"[ \t]+(?:showed|shows|received|demonstrated)\b")


def _staff_or_eponym(line: str, start: int, end: int, requested: bool = False) -> bool:
    """A clinician named as one, a person of an eponym or of history, or a place: not a patient identifier.
    `requested`: a request's preposition stands before the name ("DEXA for X showed"), so a verb a person of
    history shares with a patient's results makes no eponym."""
    if requested and _SHARED_VERB_AFTER.match(line, end) and not _HISTORY_BEFORE.search(line[max(0, start - 24) : start]):
        return (
            _STAFF_BEFORE.search(line[max(0, start - 32) : start]) is not None
            or _STAFF_AFTER.match(line[end : end + 48]) is not None
            or _staff_list(line, start)
        )
    return (
        _PLACE_AFTER.match(line, end) is not None
        or _STAFF_BEFORE.search(line[max(0, start - 32) : start]) is not None
        or (_JOB_LABEL_BEFORE.search(line[max(0, start - 40) : start]) is not None and _PART_ENDS.match(line, end) is not None)
        or _MAKER_BEFORE.search(line[max(0, start - 14) : start]) is not None
        or _STREET_BEFORE.search(line[max(0, start - 16) : start]) is not None
        or _staff_list(line, start)
        or _STAFF_AFTER.match(line[end : end + 48]) is not None
        or _EPONYM_AFTER.match(line[end : end + 60]) is not None
        or _HISTORY_BEFORE.search(line[max(0, start - 24) : start]) is not None
    )


staff_or_eponym = _staff_or_eponym  # for name_positions


def staff_after(line: str, end: int) -> bool:
    """A job title after the name and a comma ("Sr Agnieszka Nowak, CT lead radiographer"): a member of staff."""
    return _STAFF_AFTER.match(line[end : end + 48]) is not None


_PREVIOUS = re.compile(r"([A-ZÀ-ÖØ-Þ][\w'’-]*)[ \t]+$")


def _after_stop_word(line: str, start: int, stop: frozenset[str]) -> bool:
    """Whether the capitalised word before `start` is an institution's, a place's or a title's word."""
    if start < 2 or line[start - 1] not in " \t":
        return False
    previous = _PREVIOUS.search(line, max(0, start - 24), start)
    return previous is not None and previous.group(1) in stop


def name_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each personal name on the line that is not a clinician's or an eponym."""
    found: list[tuple[int, int]] = []
    if STAFF_LINE.match(line):  # "Authors: Sione Latu, Priya Raman": every name on it is staff
        return found
    candidates, stop = _candidates(), not_names()
    words = _CAP.findall(line)  # one pass in C; most lines hold no listed name and end here
    if (
        candidates.isdisjoint(words)
        and (line.isascii() or candidates.isdisjoint(map(_plain, words)))
        and ("-" not in line or not any("-" in w for w in words))
    ):
        return _others(line, found, stop)
    for m in _CAP.finditer(line):
        word, start = m.group(0), m.start()
        if _after_stop_word(line, start, stop):  # "San José", "Revista Argentina": the rest of a place's or a title's name
            continue
        if word not in candidates and not (("-" in word or not word.isascii()) and _is_first(word, strong=False)):
            continue
        if "-" in word and word.split("-", 1)[0] in stop:  # Saint-Denis, Sainte-Catherine: a place
            continue
        after = _NEXT.match(line, m.end())
        if after:  # a first name and a surname (or two surnames that are no words)
            last = after.group(1).rsplit(None, 1)[-1]
            if (
                last not in stop
                and word not in stop
                and (
                    _is_first(word, strong=True)
                    or (_is_first(word, strong=False) and last in rare_surnames())  # Grace Quigley, not Darling Downs
                    or (word in rare_surnames() and last in rare_surnames())
                )
            ):
                if not _staff_or_eponym(line, start, after.end()):
                    found.append((start, after.end()))
                continue
        cued = _CUE_BEFORE.search(line, max(0, start - 40), start) is not None  # "Dear Maureen", "partner Deborah"
        if cued and word not in stop and _is_first(word, strong=False) and not _staff_or_eponym(line, start, m.end()):
            found.append((start, m.end()))
    return _others(line, found, stop)


def _others(line: str, found: list[tuple[int, int]], stop: frozenset[str]) -> list[tuple[int, int]]:
    """The shapes that need no listed name: 'Surname, First' under a label, two words after 'lady' or 'man'."""
    # spelt out, not any(...) over a tuple: a generator per line costs more than the eight tests
    if (
        " man" in line
        or "woman" in line
        or "lady" in line
        or " boy" in line
        or "girl" in line
        or "particip" in line
        or "client" in line
        or "resident" in line
    ):
        for m in _PERSON_PAIR.finditer(line):
            if not stop.intersection(m.group(1).split()) and not _staff_or_eponym(line, m.start(1), m.end(1)):
                found.append((m.start(1), m.end(1)))
    return found if "," not in line else _inverted(line, found, stop)


def _inverted(line: str, found: list[tuple[int, int]], stop: frozenset[str]) -> list[tuple[int, int]]:
    """'Surname, First' where a label or a heading puts it ("RE: Kowalczyk, Tomasz")."""
    for m in _INVERTED.finditer(line):
        if m.group(1) not in stop and _is_first(m.group(2), strong=False) and not _staff_or_eponym(line, m.start(1), m.end(2)):
            found.append((m.start(1), m.end(2)))
    return found
