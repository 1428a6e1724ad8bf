"""Names found by where they stand, not by a list: the words in a name's place that are no English word.

Every list of first names misses some (Tavita Faleolo, Rukhsana Begum, Mirwais Popal), and a list
large enough for every culture would also hold every word. What a name is, whatever its culture, is
a capitalised word that is not an ordinary English word (SCOWL's lists, data/english.txt.gz), not a
place or a brand of the word lists (data/proper.txt), not an institution, heading or medical word
(data/not_names.txt, the suffixes of drugs and diseases), standing where a person stands:

- the subject of a patient's verb: "Vilius Kazlauskas attended", "Kyaw Zin Htet complains";
- before an age: "Fabienne Joseph, 58," and "Sokha Chhim (41 y)";
- a possessive before what a patient has: "Ratu Vuniwai's chest film", "Cristian Munteanu's mother";
- after a greeting, a relative or "the patient,": "Dear Mirwais Popal", "Hi Rojin", "our patient, ...";
- after a request's preposition or a label: "for Pita Hemara", "re: Nurul Aisyah binti Rahman",
  "recall: Dovile Petrauskaite,".

Staff named as such (Dr, "Authors:", "reviewed by"), eponyms and people of history pass as in `names`.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from radsite.guard.names import GREETINGS, STAFF_LINE, any_given, english, not_names, proper, staff_or_eponym, surnames

_UP = "A-ZÀ-ÖØ-ÞĀ-ſḀ-ỿ"
_LO = "a-zß-öø-ÿĀ-ſḀ-ỿ"
# A capital may stand inside a name after a short head (DeShawn, LaToya, McAllister, FitzGerald, VanderMeer)
_SEG = rf"[{_LO}]+(?:[{_UP}][{_LO}]{{2,}})?"
_WORD = rf"[{_UP}]{_SEG}(?:['’](?![sS]\b)[{_UP}]?{_SEG})?(?:-[{_UP}]?{_SEG})*"  # Kvaratskhelia, O'Hare, Tevita-Ann
# An Arabic or Hebrew article or a patronymic glued to a surname after a first name: "Fatima al-Zahrani", "Omar el-Sayed"
_GLUED = r"(?:(?:al|el|ad|ash|as|az|abu|bin|ibn|ben|bint|ha)-)"
_LINK = (
    r"(?:[ \t]+(?:bin|binti|bint|van|von|de|da|di|du|del|della|dos|das|ben|ibn|al|el|ter|ten|zu|ap|ni|mac|"
    r"Ó|Ní|Nic|Mac|Mhic|Uí|Ua)"  # Irish: "Eamon Ó Súilleabháin", "Aoife Ní Bhriain"
    r"(?:[ \t]+(?:der|den|de|la|le|los|las|du|del))?(?=[ \t]))?"  # van der Merwe, de la Cruz
)
# One to three name words; the engine skips to capitals (the letter first, then the lookbehind)
_NAME = re.compile(rf"[{_UP}](?<![\w'’@#./-][{_UP}]){_SEG}(?:['’](?![sS]\b)[{_UP}]?{_SEG})?(?:-[{_UP}]?{_SEG})*"
                   rf"(?:{_LINK}[ \t]+{_GLUED}?{_WORD}){{0,2}}(?![\w-]|['’](?![sS]\b))")  # fmt: skip
_VERB = (
    r"(?:presented|presents|attended|attends|underwent|undergoes|complains|complained|reports|denies|denied|tolerated|"
    r"sustained|developed|consented|declined|refused|arrived|returned|re-?presented|collapsed|fell|tripped|slipped|"
    r"twisted|injured|noticed|felt|describes|states|asked|phoned|rang|called|needs|requires|requested|agreed|hurt|broke|"
    r"cut|burnt|burned|banged|hit|knocked|missed|cancelled|canceled|forgot|wants|wanted|wishes|prefers|preferred|signed|"
    r"feels|says|said|told|mentioned|lost|gained|vomited|coughed|smokes|drinks|drove|crashed|"
    # what a patient did or suffered: "wept", "drank bleach", "came down from", "swallowed a battery"
    r"wept|cried|drank|ate|swallowed|inhaled|ingested|came|walked|limped|fainted|passed[ \t]+out|screamed|panicked|"
    r"waited|slept|woke|choked|absconded|self-discharged|wandered|bled|froze|moved|rolled|dislocated|fractured|"
    # Spanish: "Gumersindo Piñeiro refiere dolor", "acude", "ingresa", "niega", "se queja"
    r"refiere|refirió|presenta|presentó|acude|acudió|ingresa|ingresó|niega|negó|tolera|toleró|sufre|sufrió|consulta|"
    r"consultó|relata|manifiesta|llega|llegó|requiere|necesita|se[ \t]+queja|se[ \t]+cayó|"
    # any Spanish preterite of the third person by its ending: "descansó", "durmió", "mejoró"
    r"[a-zñ]{3,}(?:ó|aron|ieron)(?![\wáéíóú])|"
    # a modal or a negation and a verb: "cannot log in", "won't keep still", "still waiting"
    r"(?:cannot|can['’]t|could(?:n['’]t|[ \t]+not)|won['’]t|wouldn['’]t|will[ \t]+not|did(?:n['’]t|[ \t]+not)|"
    r"does(?:n['’]t|[ \t]+not)|isn['’]t|wasn['’]t|hasn['’]t|(?:can|could|will|would|should|must)[ \t]+[a-z]{3,}|"
    r"still[ \t]+[a-z]{3,}ing|keeps|kept|seems|seemed|appears|appeared|remains|remained)|"
    r"(?:is|was|has[ \t]+been|had[ \t]+been|will[ \t]+be|to[ \t]+be)[ \t]+(?:seen|admitted|referred|given|booked|scanned|"
    r"imaged|transferred|discharged|brought|found|listed|waiting|due|unable|allergic|pregnant|claustrophobic|"
    r"anxious|known|awaiting|having|in|on|off|post|now|still|being|a|an|here|back|very|too|not|also|for|"
    r"\d{1,3})|has|had|lives|works|takes|took|received|came|comes|went|brought|"
    # by form: "was febrile", "was sedated"; "is" + an adjective's ending ("is comfortable", "is ready")
    r"was[ \t]+(?:not[ \t]+)?[a-z]{4,}|"
    # "reported" is an author's verb too; before a symptom it is a patient's ("reported chest pain")
    r"reported[ \t]+(?:(?:new|no|some|severe|sudden|worsening|increasing|intermittent|chest|back|abdominal|neck|"
    r"pelvic|flank|knee|hip|shoulder|left|right)[ \t]+){0,3}(?:pain|ache|headache|nausea|vomiting|dizziness|"
    r"breathlessness|symptoms|feeling|numbness|weakness|swelling|bleeding|tingling|palpitations|fever|cough)|"
    r"is[ \t]+(?:not[ \t]+)?[a-z]{2,}(?:ble|ile|ic|ous|ive|ful|less|ent|ant|dy|ry|ing)|"
    # a past tense before a preposition or a time: "grimaced on", "limped into", "fainted in", "coughed overnight"
    r"[a-z]{3,}ed(?=[ \t]+(?:on|in|into|at|to|with|after|before|during|while|when|twice|again|overnight|"
    r"this|last|yesterday|today|and|but)\b)|"
    r"[a-z]{3,}(?:ed|t)(?=[ \t]+(?:his|her|their)\b))\b"
)
_AGE = (
    r"(?:,[ \t]*\d{1,3}(?:[ \t]*(?:y|yo|yrs?|years?(?:[ \t-]+old)?|[MF]))?[ \t]*[,;.)]"
    r"|[ \t]*\([ \t]*\d{1,3}[ \t]*(?:y|yo|yrs?|years?|[MFmf])?\b)"
)
_FROM = rf"(?:[ \t]+from[ \t]+[{_UP}][{_LO}]+(?:[ \t]+[{_UP}][{_LO}]+)?)?"  # "X from Bloemfontein has"
_AFTER = re.compile(rf"(?:{_FROM}[ \t]+{_VERB}|{_AGE}|['’]s[ \t]+(?:[a-z]|CT|MRI|MR|PET|US|X-?ray|GP)|[ \t]*\((?i:patient|pt)\))")
_BEFORE = re.compile(
    rf"(?:\b(?i:{GREETINGS}|morning|afternoon|evening)"
    r"|\b(?i:(?:the|our|this|a|my|your|his|her|their)[ \t]+)?"
    r"(?i:patient|pt|client|resident|gentleman|lady|man|woman|boy|girl|child|baby|infant|toddler|teenager|wife|husband|partner|son|daughter|mother|father|mum|mom|dad|brother|sister|grandson|"
    r"granddaughter|grandmother|grandfather|niece|nephew|fianc[ée]e?|carer|caregiver|guardian|friend|neighbou?r|"
    r"grandad|granddad|grandpa|grandma|granny|gran|nan|nana|nanna|aunt|aunty|auntie|uncle|cousin|"
    # the same in the words of other families: Māori, Zulu, Filipino, South Asian, Swahili, Cantonese carers
    r"koro|kuia|whaea|gogo|mkhulu|lola|lolo|tita|tito|kuya|nani|dadi|bibi|babu|mzee|amah|"
    r"step(?:son|daughter|mother|father|mum|dad)|"
    r"relative|employer)(?:['’]s)?(?:[ \t]+(?:is|was|named|called))?[ \t]*[,:]?"
    # a Spanish relative's "de": "la esposa de Anselmo Cabrera", "el hijo de ..."
    # a Spanish verb of the visit and its "a": "Se cita a X", "Avisar a X", "Atiende a X"
    r"|\b(?i:(?:se[ \t]+)?(?:cita|citamos|citar|avisa|avisamos|avisar|llama|llamamos|llamar|recibe|recibimos|atiende|"
    r"atendemos|explora|exploramos|valora|valoramos|deriva|derivamos|trasladar|trasladamos|"
    # the past, and how: "Se avisó por teléfono a X", "Se llamó a X", "Se entregó el CD a X"
    r"avis[oó]|llam[oó]|cit[oó]|recibi[oó]|atendi[oó]|deriv[oó]|traslad[oó]|inform[oó]|contact[oó]|localiz[oó]|"
    r"entreg[oó]|acompañ[oó]|recogi[oó]|[a-zñ]{3,}(?:ó|aron|ieron))"
    r"(?:[ \t]+(?:por[ \t]+(?:tel[eé]fono|correo|carta)|el[ \t]+\w+|la[ \t]+\w+))?[ \t]+a)"
    # a request's "para" and on whose behalf: "solicitada para X", "a petición del abogado de X", "en nombre de X"
    r"|\b(?i:[a-zñ]{3,}(?:ad|id)[oa]s?[ \t]+para|a[ \t]+petici[oó]n[ \t]+de(?:l[ \t]+[a-zñ]+[ \t]+de)?|"
    r"de[ \t]+parte[ \t]+de|en[ \t]+nombre[ \t]+de|"
    r"(?:carta|queja|reclamaci[oó]n|solicitud|petici[oó]n|consentimiento|traslado|alta)(?:[ \t]+[a-zñ]+){0,3}[ \t]+de)"
    # a Spanish relative after a possessive, the name right after: "a mi esposo Anselmo Berrocal", "su hija Ana Ruiz"
    r"|\b(?i:(?:mi|su|tu|nuestr[oa])[ \t]+(?:esposa|esposo|marido|mujer|hija|hijo|madre|padre|mam[aá]|pap[aá]|hermana|"
    r"hermano|nieta|nieto|abuela|abuelo|suegra|suegro|t[ií]a|t[ií]o|sobrina|sobrino|pareja|novi[oa]|prima|primo))"
    r"|\b(?i:esposa|esposo|marido|mujer|hija|hijo|madre|padre|hermana|hermano|nieta|nieto|pareja|familiar|familia|"
    r"cuidadora?|suegra|suegro|nuera|yerno|sobrina|sobrino|t[ií]a|t[ií]o|abuela|abuelo|vecina|vecino)"
    r"(?:[ \t]+del?|[ \t]*,|[ \t]+(?:es|era|se[ \t]+llama))"
    # whom a message is for: "Recordatorio para X", "Mensaje para X", "Resultados de X"
    r"|\b(?i:recordatorio|mensaje|nota|aviso|carta|correo|resultados?|informe|citaci[oó]n)[ \t]+(?:para|a|de)"
    # the deceased: "el difunto X", "la fallecida X", "the late X", "the deceased, X"
    r"|\b(?i:(?:el|la|los|las)[ \t]+(?:difunt[oa]s?|fallecid[oa]s?|finad[oa]s?)|the[ \t]+late|the[ \t]+deceased,?)"
    r"|\b(?i:for|from|re|regarding|concerning|about|on|of|with|to|named|called|see|scan|scanned|image|imaged|call|ring|phone|text|e-?mail|contact|remind|"
    r"ask|tell|book|booked|bring|collect|discharge|transfer|admit|review|visit|cc|attn|attention|"
    r"brought[ \t]+in|saw|seen|examined|visited|move|moved|sent|met|admitted|intubated|sedated|triaged|x-?rayed|"
    r"shows|showed|lists|listed|names|named|records|recorded|mentions|mentioned|notes|noted|identifies|identified|"
    # what a label, a caption or a screen says: "the caption still reads X", "film labelled X", "the tag bore X"
    r"reads|read|labell?ed|marked|printed|written|bears|bore|bearing|displays|displayed|headed|titled|captioned|"
    # logistics: who was collected, phoned, driven, escorted, or who handed something in
    r"collected|picked[ \t]+up|dropped[ \t]+off|fetched|escorted|accompanied|drove|driven|phoned|rang|called|"
    r"telephoned|retrieved|rescued|airlifted|evacuated|flew|flown|"
    r"take|took|taking|drive|handed[ \t]+over|handover[ \t]+of|wheel|wheeled|push|pushed|carry|carried|"
    r"emailed|e-mailed|texted|messaged|contacted|reminded|chased|paged|greeted|wheeled|transported|ferried|"
    r"(?:handed|brought|dropped|left|returned|collected|delivered|posted|sent|signed[ \t]+for|picked[ \t]+up|"
    r"claimed|completed|filled[ \t]+in|raised|lodged|made)[ \t]+(?:in[ \t]+|back[ \t]+|over[ \t]+|off[ \t]+|up[ \t]+)?by|"
    r"(?:lent|loaned|issued|given|handed|released|returned|delivered|sold|fitted)[ \t]+to)[ \t]*[:.]?"
    r"|^[^:;]{0,48}[:|=;]|[ \t][-–][ \t]*|^[ \t]*)[ \t]*$"
)
# "SANDHU, Gurpreet" where a label or the line's start puts it: a surname in capitals, a given name
# capitals first: fast; the given name in capitals too on a worklist ("ZAMBRANO, HILDA")
# (two surnames in capitals too, as Spanish forms write them: "ARÉVALO SANTANA, Clotilde")
_CAPS_INVERTED = re.compile(rf"[{_UP}](?<![\w'’-][{_UP}])[{_UP}'’-]{{2,}}(?:[ \t][{_UP}][{_UP}'’-]{{2,}})?,[ \t]*"
                            rf"(?:{_WORD}|[{_UP}]{{3,}})(?![\w'’-])")
# Two or three words in capitals after a name label: a form's "NAME  BOUNMY  KEOLA"
_CAPS_AFTER_LABEL = re.compile(
    rf"\b(?i:name|patient|pt|surname|forename|paciente|nombre|apellidos?)s?\b[ \t]*[:=|-]?[ \t]+"
    rf"([{_UP}][{_UP}'’-]{{2,}}(?:[ \t]+[{_UP}][{_UP}'’-]{{2,}}){{1,2}})\b"
)
_CAPS_RUN = re.compile(rf"[{_UP}]{{3,}}[ \t]+[{_UP}]{{3}}")  # what _CAPS_AFTER_LABEL needs: two words in capitals
_INVERTED_BEFORE = re.compile(r"(?:^|[:|=;][ \t]*|[ \t][-–][ \t]+|\d[ \t]+)$")  # a field after ";" too (an export's row)
# Two capitalised words in a row (a particle between): what every name of two words needs
_PAIR = re.compile(rf"[{_UP}][{_LO}]+[ \t]+(?:[a-z]{{2,5}}[ \t]+|[a-z]{{2,4}}-|(?:Ó|Ní|Nic|Uí|Ua|Mhic)[ \t]+)?[{_UP}][{_LO}]")
# A label position ("recall: X Y," / "bed 4 - X Y -") counts when the name ends its part of the line
_ENDS = re.compile(r"[ \t]*(?:[,;:(]|[ \t][-–][ \t]|\.?[ \t]*$)")
_ADDRESSED = re.compile(r"\b(?i:message|note|reminder|letter|text|reply|e-?mail|results?)[ \t]+(?i:for|to)[ \t]*$")
_FIELD_END = re.compile(r"[ \t]*[:,]")
_ROW_BEFORE = re.compile(r",[ \t]*$")
_CELL_BEFORE = re.compile(r"\|[ \t]*$")  # a table's or a pipe-separated export's cell
_CELL_END = re.compile(r"[ \t]*\|")
# "Surname, Given" in quotes or after a cue ("Sample label read \"Dzhumabaev, Nurlan\"")
_TITLE_INVERTED = re.compile(rf"({_WORD}),[ \t]+({_WORD})(?![\w'’-])")
_REQUEST_CUE = re.compile(r"(?i:\b(?:for|of|re|regarding|concerning|about|shows|showed)\b)")
_GREETING = re.compile(rf"\b(?i:{GREETINGS}),?[ \t]*$")
# A person's name that names an institution or a street: "Hospital Universitario Miguel Servet", "Calle Juan Bravo"
_INSTITUTION_BEFORE = re.compile(
    r"\b(?:Hospital|Universitari[oa]|Cl[ií]nic[oa]|Centro|Instituto|Fundaci[oó]n|Complejo|Sanatorio|Colegio|Escuela|"
    r"Universidad|Calle|Avenida|Avda\.?|Plaza|Paseo|Clinic|Institute|Centre|Center|University|College|School|Sociedad|"
    r"Asociaci[oó]n|Servicio|Society|Association|Department|Academy|Academia)"
    r"(?:[ \t]+[A-ZÀ-Þ][\wáéíóúñ]+)?[ \t]+(?:(?:de|del|de[ \t]+la|of|of[ \t]+the)[ \t]+)?$"
)
_LABEL_ONLY = re.compile(r"(?:^[^:;]{0,48}[:|=;]|[ \t][-–][ \t]*|^[ \t]*)[ \t]*$")
# Medical and chemical words are not in the word lists either: their endings tell them apart
_MEDICAL = re.compile(
    r"(?:ate|ine|ol|ide|ium|mab|nib|pril|sartan|olol|azole|mycin|cillin|itis|oma|osis|ectomy|otomy|graphy|scopy|"
    r"[ae]?emia|uria|algia|pathy|plasty|gram|ase|gen|cyte|lysis|trexate|parin|statin|vir|fen|done|pine|zepam|"
    r"dronate|tide|umab|ximab|quant|scan|scope|vist|paque|trast|gadol|ology|ogist|ics|ism|ist)$"
)


# Two or three words in capitals (a text message's, a label's, a reminder's way of writing a name)
_CAPS_WORDS = re.compile(rf"(?<![\w'’-])[{_UP}][{_UP}'’-]{{2,}}(?:[ \t]+[{_UP}][{_UP}'’-]{{2,}}){{1,2}}(?![\w'’-])")


# Words in lower case, as chat messages write names ("can someone bring down gladys pemberton")
_LOWER_WORD = re.compile(rf"(?<![\w'’@./-])[{_LO}][{_LO}'’-]+")
_LOWER_PARTICLES = frozenset("de del la van von da di du dos das bin binti al el ni o".split())
# Spanish words of every sentence that name lists hold as names too (Una, Alta, Vive, Sola, Tiene): closed-class
# words and the commonest verbs and nouns, never part of a name in lower case
_SPANISH_COMMON = frozenset(
    "que una uno unos unas alta alto vive viven sola solo dada dado fue fueron era eran muy sin con por para como pero "
    "esta este esto estos estas ese esa eso todo toda todos todas bien mal casa cama hora horas dia dias mes vez vida "
    "viene vienen tiene tienen hace hacen dice dicen sigue siguen hoy ayer manana tarde noche lunes martes miercoles "
    "jueves viernes sabado domingo sus nos les mas menos cada otro otra otros otras donde cuando quien cual desde "
    "hasta entre sobre tras ante bajo segun pues aqui alli ahora luego nada algo alguien nadie mismo misma parte "
    "dolor pierna brazo mano pie ojo cabeza sala planta servicio cita caso pecho hija hijo madre padre".split()
)
_SPANISH_WORDS = re.compile(r"\b(?:de|la|el|que|en|los|las|por|con|una|un|del|es|se|su|para|y|al|lo|le|muy)\b")
# What ends a name in lower case too soon: an e-mail's local part or a spoken address ("priya.raman1983@...",
# "rosalba punto cardenas arroba ...")
# (and an address's display name, "desmond ocallaghan <desocal@...>": the address's hit reports the line)
_ADDRESS_AFTER = re.compile(r"[\w.'’-]*[@.]\w|[ \t]+(?:dot|punto|arroba|at)[ \t]|[ \t]*<[^>\s]*@")


def _bare(word: str) -> str:
    """A word without its accents, lower case: the name lists are mostly written without them (Sanchez, Maria)."""
    if word.isascii():
        return word.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


@functools.cache
def _lower_names() -> tuple[frozenset[str], frozenset[str]]:
    """Given names and surnames, bare (`_bare`), that are no English word: what a name in lower case is made of."""
    words = english()
    given = frozenset(_bare(w) for w in any_given() if w.lower() not in words and len(w) > 2)
    family = frozenset(_bare(w) for w in surnames() if w.lower() not in words and len(w) > 2)
    return given, family


def lower_names(line: str) -> list[tuple[int, int]]:
    """A name in lower case, as chat messages write them: a listed given name that is no English word, then one or
    two more words (a particle between). Ending in a listed surname that is no English word it is a name anywhere
    ("can someone bring down gladys pemberton"); ending in another word no list of English words holds, only where
    a name stands (after a cue, before an age or a patient's verb: "images for joyce wambui kamau")."""
    if len(_SPANISH_WORDS.findall(line)) >= 2:
        return []  # Spanish prose: its common words ("imán fuerte", "aro grande") are in the name lists too
    given, family = _lower_names()
    words = list(_LOWER_WORD.finditer(line))
    found: list[tuple[int, int]] = []
    for i, first in enumerate(words):
        if (_bare(first.group(0)) not in given or first.group(0) in _LOWER_PARTICLES
                or _bare(first.group(0)) in _SPANISH_COMMON or (found and first.start() < found[-1][1])):  # fmt: skip
            continue
        end = None
        listed = False
        j = i + 1
        while j < len(words) and j <= i + 3 and line[words[j - 1].end() : words[j].start()] in (" ", "\t"):
            word = words[j].group(0)
            bare = _bare(word)
            if word in _LOWER_PARTICLES:
                j += 1
                continue
            if bare in _SPANISH_COMMON:
                break
            if bare in family:
                end, listed = words[j].end(), True
            elif (not listed and len(word) > 3 and word not in english() and word.title() not in not_names()
                  and not _MEDICAL.search(word)):  # fmt: skip
                end = words[j].end()
            else:
                break
            j += 1
        if end is None or _ADDRESS_AFTER.match(line, end) or _ADDRESS_AFTER.match(line, first.end()):
            continue
        start = first.start()
        if not listed and _BEFORE.search(line, max(0, start - 48), start) is None and _AFTER.match(line, end) is None:
            continue
        if _INSTITUTION_BEFORE.search(line, max(0, start - 40), start) or staff_or_eponym(line, start, end):
            continue
        found.append((start, end))
    return found


def _capital_names(line: str) -> list[tuple[int, int]]:
    """A name in capitals where a name stands (after a relative, a greeting, a preposition of whom, a dash; before
    an age or a patient's verb): every word name-like, and one of them a listed name that is no English word, so
    "MRI BRAIN", "CT HEAD" and "NOT FOR RESUS" stay clean."""
    found = []
    for m in _CAPS_WORDS.finditer(line):
        words = [w.title() for w in m.group(0).split()]
        if not all(_namey(w) or w in any_given() or w in surnames() for w in words):
            continue
        if not any((w in any_given() or w in surnames()) and w.lower() not in english() for w in words):
            continue
        start, end = m.span()
        before = _BEFORE.search(line, max(0, start - 48), start)
        if before is None and _AFTER.match(line, end) is None:
            continue
        if before is not None and _LABEL_ONLY.search(line, max(0, start - 48), start) and not _ENDS.match(line, end):
            continue  # a heading in capitals after a label: "Pathway: CHEST PAIN SCORE"
        if _INSTITUTION_BEFORE.search(line, max(0, start - 40), start) or staff_or_eponym(line, start, end):
            continue
        found.append((start, end))
    return found


def _namey(word: str) -> bool:
    """A word that can be part of a name here: a listed name, or a word no list of English words holds."""
    if word in not_names() or word.isupper():
        return False
    if word in any_given() or word in surnames():
        return True
    parts = word.replace("’", "'").split("-")
    if any(p in not_names() or _MEDICAL.search(p.lower()) for p in parts):
        return False
    unknown = [len(p) > 1 and p.lower() not in english() and p not in proper() for p in parts]
    return all(unknown) if len(parts) == 1 else any(unknown)  # Bat-Erdene: one part no word is enough


def position_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each name that stands where a person stands and whose words are no English words."""
    found: list[tuple[int, int]] = []
    if " ," in line or "PID|" in line:  # a form export's fields
        found += _field_names(line)
    if "|" in line and "^" in line and _HL7_SEGMENT.search(line):
        found += _hl7_names(line, found)
    greeting = ("Hi" in line or "Dear" in line or "Hello" in line or "Hey" in line or "Thank" in line or "hi " in line
                or "Hola" in line or "Buen" in line or "Estimad" in line or "Querid" in line or "Gracias" in line)
    inverted = "," in line and _CAPS_INVERTED.search(line) is not None
    if (
        "NAME" in line
        or "Name" in line
        or "name" in line
        or "atient" in line
        or "ATIENT" in line
        or "PT" in line
        or "Pt" in line
        or "pt" in line
        or "ACIENTE" in line
        or "OMBRE" in line
        or "PELLIDO" in line
    ) and _CAPS_RUN.search(line) is not None:  # "NAME  BOUNMY  KEOLA" (a form)
        for m in _CAPS_AFTER_LABEL.finditer(line):
            words = m.group(1).split()
            # a Spanish label's capitals need a listed name among them: no list holds Spanish words ("CONSENTIMIENTO")
            spanish = m.group(0)[:3].lower() in ("pac", "nom", "ape")
            if spanish and not any(w.title() in any_given() or w.title() in surnames() for w in words):
                continue
            if all(_namey(w.title()) for w in words) and not staff_or_eponym(line, m.start(1), m.end(1)):
                found.append((m.start(1), m.end(1)))
    if _CAPS_RUN.search(line) is not None and not STAFF_LINE.match(line):
        found += [span for span in _capital_names(line) if not any(s < span[1] and span[0] < e for s, e in found)]
    if not STAFF_LINE.match(line):
        found += [span for span in lower_names(line) if not any(s < span[1] and span[0] < e for s, e in found)]
    if (not greeting and not inverted and _PAIR.search(line) is None) or STAFF_LINE.match(line):  # most lines end here
        return found
    if inverted:
        for m in _CAPS_INVERTED.finditer(line):
            surname, given = m.group(0).split(",", 1)
            start, end = m.start(), m.end()
            if (
                _INVERTED_BEFORE.search(line, 0, start) is not None
                and all(_namey(w.title()) for w in surname.split())
                # a given name in capitals must be a listed one: "ZAMBRANO, HILDA", not "ACL, MCL"
                # (or, long enough to be no acronym, no word: "MWALE, CHISOMO")
                and (_listed_or_long(surname, given.strip()) if given.isupper() else _namey(given.strip()))
                and not staff_or_eponym(line, start, end)
            ):
                found.append((start, end))
    if "," in line:
        for m in _TITLE_INVERTED.finditer(line):
            start, end = m.span()
            quote = 1 if start and line[start - 1] in "\"“'‘" else 0
            if (
                all(_namey(w) for w in m.groups())
                and any(w in any_given() or w in surnames() for w in m.groups())
                and _BEFORE.search(line, max(0, start - quote - 48), start - quote) is not None
                and _LABEL_ONLY.search(line, max(0, start - quote - 48), start - quote) is None
                and not staff_or_eponym(line, start, end)
                and not any(s < end and start < e for s, e in found)
            ):
                found.append((start, end))
    row = line.count(",") >= 3  # a worklist's or an export's row of fields
    cells = line.count("|") >= 3
    for start, end, words in _runs(line):
        if len(words) == 1:
            # a single word only after a greeting ("Hi Rojin", not "Hi Radiology") or as whom a message is for
            # ("Message for Oyunchimeg:")
            cued = (greeting and _GREETING.search(line, max(0, start - 16), start) is not None) or (
                _ADDRESSED.search(line, max(0, start - 24), start) is not None and _FIELD_END.match(line, end) is not None
            )
            if cued and _namey(words[0]) and not staff_or_eponym(line, start, end):
                found.append((start, end))
            continue
        before = _BEFORE.search(line, max(0, start - 48), start)
        after = _AFTER.match(line, end)
        if before is None and after is None:
            # a field of a row between commas: "14:20, CT KUB, Nakato Ssebunya, ED"
            if (((row and _ROW_BEFORE.search(line, max(0, start - 4), start) and _FIELD_END.match(line, end))
                    or (cells and _CELL_BEFORE.search(line, max(0, start - 4), start) and _CELL_END.match(line, end)))
                    and not staff_or_eponym(line, start, end)):  # fmt: skip
                found.append((start, end))
            continue
        if after is None and _LABEL_ONLY.search(line, max(0, start - 48), start) and not _ENDS.match(line, end):
            continue  # a label's heading words, not a name: "Pathway: Chest Pain Score"
        if _INSTITUTION_BEFORE.search(line, max(0, start - 40), start):
            continue
        requested = before is not None and _REQUEST_CUE.search(before.group(0)) is not None
        if staff_or_eponym(line, start, end, requested):
            continue
        found.append((start, end))
    return found


# An HL7 PID segment's fifth field (FAMILY^GIVEN), and a quoted CSV field "Surname, Given" (as the rules
# read it: `normalise` makes the quotes spaces, so ',"Ngcobo, Ayanda",' is ', Ngcobo, Ayanda ,')
_HL7_NAME = re.compile(r"\bPID\|(?:[^|\n]*\|){4}([^|^\n\d]{2,}\^[^|^\n\d]{2,})")
# Any field of a segment about a person (PID, next of kin NK1, guarantor GT1, insured IN1, merge MRG) in HL7's
# name form FAMILY^GIVEN(^MIDDLE...), no digit in it: PID-5, the mother's maiden name PID-6, an alias PID-9
_HL7_SEGMENT = re.compile(r"\b(?:PID|NK1|GT1|IN1|MRG)\|")
_HL7_FIELD = re.compile(rf"(?<=\|)([{_UP}][{_UP}{_LO}'’ -]+)\^([{_UP}][{_UP}{_LO}'’ -]+)((?:\^[{_UP}{_LO}'’. -]*)*)(?=\||$)")
_QUOTED_INVERTED = re.compile(rf"(?:^|,)[ \t]({_WORD}),[ \t]*({_WORD}(?:[ \t]+{_WORD})?)[ \t]+(?=,|$)")


def _listed_or_long(surname: str, given: str) -> bool:
    """A given name in capitals after a surname in capitals: a listed one, or two words too long for acronyms."""
    return given.title() in any_given() or (len(given) >= 6 and len(surname) >= 4 and _namey(given.title()))


def _hl7_names(line: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The person-name fields of an HL7 segment, wherever the empty fields put them: both parts name-like words."""
    names = []
    for m in _HL7_FIELD.finditer(line, _HL7_SEGMENT.search(line).start()):  # type: ignore[union-attr]
        words = [w for w in (*m.group(1).split(), *m.group(2).split())]
        if any(s < m.end() and m.start() < e for s, e in found):
            continue
        if all(_namey(w.title()) or w.title() in any_given() or w.title() in surnames() for w in words):
            names.append(m.span())
    return names


def _field_names(line: str) -> list[tuple[int, int]]:
    """Names in the fields of an export: HL7's PID-5 as it is, a quoted "Surname, Given" whose words are names."""
    if " ," not in line:
        return [m.span(1) for m in _HL7_NAME.finditer(line)]
    found = [m.span(1) for m in _HL7_NAME.finditer(line)] if "PID|" in line else []
    for m in _QUOTED_INVERTED.finditer(line):
        if all(_namey(w) for w in (m.group(1), *m.group(2).split())) and not staff_or_eponym(line, m.start(1), m.end(2)):
            found.append((m.start(1), m.end(2)))
    return found


_TOKEN = re.compile(r"\S+")
_GLUED_HEADS = frozenset("al el ad ash as az abu bin ibn ben bint ha".split())
_PARTICLES = frozenset(
    "Le La Lo Li De Da Di Du Del Della Dal Dalla Degli Dei Van Von Der Den Ter Ten Mac Al El Bin Ben Abu Ibn Dos Das "
    "Ó Ní Nic Mhic Uí Ua".split()
)


def _runs(line: str) -> list[tuple[int, int, list[str]]]:
    """The runs of name-like words in each run of capitalised words: "Hi Rojin" gives "Rojin"."""
    runs: list[tuple[int, int, list[str]]] = []
    for m in _NAME.finditer(line):
        run: list[tuple[int, int, str]] = []
        for t in _TOKEN.finditer(m.group(0)):
            word = t.group(0)
            if run and word[:1].islower() and "-" in word and word.split("-", 1)[0] in _GLUED_HEADS:
                word = word.split("-", 1)[1]  # "al-Zahrani" after a first name: the surname is what is no word
                if _namey(word):
                    run.append((m.start() + t.start(), m.start() + t.end(), t.group(0)))
                    continue
            if not word[:1].isupper() or (run and word in _PARTICLES):  # a particle (binti, van, Le) inside a run
                continue
            if _namey(word):
                run.append((m.start() + t.start(), m.start() + t.end(), word))
            elif run:
                runs.append((run[0][0], run[-1][1], [w for _, _, w in run]))
                run = []
        if run:
            runs.append((run[0][0], run[-1][1], [w for _, _, w in run]))
    return runs
