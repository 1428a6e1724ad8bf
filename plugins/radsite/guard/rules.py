"""PHI rules: one compiled pattern per HIPAA Safe Harbor identifier that turns up in teaching text.

Each rule is a category (`phi-<category>` in messages), the patterns that find it and how to fix it,
and a gate: what a line must contain for any of the patterns to match (a keyword, a digit shape).
Most lines with digits fail every gate, and a gate is one cheap search where the rule is several.
Dates are special: a full date is only PHI when the line ties it to a patient (birth, admission,
exam...), so publication and citation dates pass. The rules know US, UK, Canadian, Australian,
Irish and New Zealand identifiers and Spanish wording (issue 21); a few cases need code, not one
pattern: dates (`patient_dates`) and initials before a surname (`initial_names`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from radsite.guard import rules_es, spoken
from radsite.guard.names import JOB_TITLES

_MES = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|sep?tiembre|octubre|noviembre|diciembre)"
_MOIS = (r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre|"
         r"januar|j[äa]nner|februar|m[äa]rz|april|juni|juli|august|september|oktober|november|dezember|"
         r"janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|dezembro|"
         # Italian and Dutch; German and French abbreviations (Mär., Okt., Dez., janv., févr., déc.)
         r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
         r"januari|februari|maart|mei|augustus|"
         r"j[äa]n|m[äa]r|mrz|okt|dez|janv|f[ée]vr?|avr|juil|d[ée]c)\.?")  # fmt: skip
_MES_ABBR = r"(?:ene|feb|mar|abr|may|jun|jul|ago|sept?|set|oct|nov|dic)"
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|"
          # in capitals, as forms' headers and printouts write them: "DATE OF DEATH: 17 AUG 2025"
          r"JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|"
          r"SEP(?:T(?:EMBER)?)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)")  # fmt: skip
_STATES = (
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC"
).split()
# Cheap substring tests that every name pattern needs one of (or a digit and 'year'): most lines skip the regex.
NAME_HINTS = (
    "Mr",
    "Ms",
    "Mx",
    "Miss",
    "Mist",
    "MR.",
    "MRS",
    "Mme",
    "Mlle",
    "Madame",
    "Monsieur",
    "MS.",
    "MISS",
    "mrs",
    "atient",
    "ATIENT",
    "pt",
    "Pt",
    "PT",
    "ame",
    "AME",
    "alled",
)
# The same for the neonatal and the Spanish name rules, which need words of their own.
NEONATE_HINTS = ("baby", "infant", "newborn", "twin")  # looked for in the lower-cased line (phi.needs_present)
SPANISH_NAME_HINTS = ("Sr", "aciente", "ACIENTE", "Don", "oña", "Herr", "Frau", "Mevr", "Meneer", "Dhr", "Señ", "Sig", "Senhor")
_STREETS = (
    "Street St Avenue Ave Road Rd Lane Ln Drive Dr Boulevard Blvd Court Ct Way Place Pl Terrace Ter Circle Cir "
    "Parkway Pkwy Highway Hwy Square Sq Close Crescent Cres Grove Gardens Mews Row Walk Esplanade Parade"
).split()
# Letters of names: Latin-1's accented ones and Latin Extended-A and Additional (Súilleabháin, Łukasz,
# Nguyễn). Those two blocks mix capitals and small letters: both sets hold all of them.
_UP = "A-ZÀ-ÖØ-ÞĀ-ſḀ-ỿ"
_LO = "a-zß-öø-ÿĀ-ſḀ-ỿ"
_PARTICLE = (
    r"(?:(?:de|del|da|di|van|von|der|den|ap|ab|bin|binti|al|el|la|le|ní|nic|mac|ó|o'|St\.?|Ó|Ní|Mac|Mc|De|Van|Von|Le|La)[ \t]+)"
)
_NAME_WORD = rf"[{_UP}](?:[{_LO}'’-]|(?<=['’-])[{_UP}])+"  # a capitalised name: accents, O'Driscoll, Adeyemi-Okafor
_NAME_FIX = "a patient's name: write 'the patient' or 'a woman in her forties' instead"
_OLD = r"(?:9\d|1[0-2]\d)"  # ages 90 to 129
_NOT_AGGREGATE = r"(?!\s*\+|\s*(?:or|and)\s+(?:older|over|above))"  # "90 or older" is Safe Harbor's own wording


@dataclass(frozen=True)
class Rule:
    category: str
    pattern: re.Pattern[str]
    fix: str
    needs: str = "digit"  # what a line must contain for the rule to apply: a key of `phi.scan_line`'s `present`
    gate: re.Pattern[str] | None = None  # searched in the lower-cased line: no match, no need to run `pattern`


def _rule(category: str, fix: str, *patterns: str, flags: int = re.IGNORECASE, needs: str = "digit",
          gate: str | None = None) -> Rule:  # fmt: skip
    compiled = re.compile("|".join(f"(?:{p})" for p in patterns), flags)
    return Rule(category, compiled, fix, needs, re.compile(gate) if gate else None)


# fmt: off
RULES: tuple[Rule, ...] = (
    # Three rules of one category, each starting with a letter (its own or a set): the regex engine
    # then skips to where that letter is, instead of trying every position of a long line.
    _rule("name", _NAME_FIX,
          rf"M(?<!\wM)(?:rs|r|s|x|iss|ister|RS\.|R\.|S\.|ISS|me|lle|adame|onsieur|ademoiselle)\.?[ \t]+"
          rf"(?:[A-Z]\.[ \t]?)*{_PARTICLE}?[{_UP}][{_LO}A-Z'’-]+",
          r"m(?<!\wm)rs\.?[ \t]+[a-z]{3,}", flags=0, needs="name"),
    # Spanish: Sr./Sra./Srta./Don/Doña + a name; "paciente" + a name (or "paciente: Apellido, Nombre")
    # and the other languages' titles: Herr, Frau, Mevrouw, Meneer, Señor, Signora, Senhor
    _rule("name", _NAME_FIX,
          r"(?:S(?<!\wS)(?:ra|rta|r|eñorita|eñora|eñor|ignora|ignor|ig\.(?:ra)?|enhora|enhor)\.?|D(?<!\wD)(?:on|oña|hr\.)|"
          r"H(?<!\wH)err|F(?<!\wF)rau|M(?<!\wM)(?:evrouw|evr\.|eneer))[ \t]+(?:[A-Z]\.[ \t]?)*" + _PARTICLE + "*" + _NAME_WORD,
          flags=0, needs="es-name"),
    _rule("name", _NAME_FIX, r"[Pp](?<!\w[Pp])(?:aciente|ACIENTE)\b[ \t]*[:,]?[ \t]*(?:(?:se[ \t]+)?llamad[oa][ \t]+)?"
          # surnames with their particles: "Ruiz de la Prada y Sotomayor, Leonor"
          + _NAME_WORD + r"(?:[ \t]+(?:de|del|de[ \t]+la|de[ \t]+los|y)[ \t]+" + _NAME_WORD + r"){0,3}"
          + r",?[ \t]+" + _NAME_WORD,
          # "Paciente: ZAMBRANO PERALTA, María Auxiliadora": the surnames in capitals, then the given name
          rf"[Pp](?<!\w[Pp])(?:aciente|ACIENTE)[ \t]*:?[ \t]*[{_UP}]{{2,}}(?:[ \t]+[{_UP}]{{2,}})*,[ \t]*" + _NAME_WORD,
          flags=0, needs="es-name"),
    # Neonates are named by sex and surname until they have a first name: "baby girl Okafor", "Baby Lee"
    # (each starts with a set of letters, not an (?i:...) group, so the engine skips to those letters)
    _rule("name", _NAME_FIX,
          r"[BbIiNn](?<!\w[BbIiNn])(?:(?<=[Bb])(?i:aby)|(?<=[Ii])(?i:nfant)|(?<=[Nn])(?i:ewborn))[ \t]+"
          r"(?:(?i:boy|girl)[ \t]+(?:of[ \t]+)?|of[ \t]+)[A-Z][a-z'’-]+",
          r"[Tt](?<!\w[Tt])(?i:win)[ \t]+[AB12][ \t]+[A-Z][a-z'’-]+",
          r"B(?<!\wB)(?:aby|ABY)[ \t]+[A-Z][a-z'’-]+(?<!Boomers)(?<!Boy)(?<!Girl)", flags=0, needs="neonate"),
    _rule("name", _NAME_FIX,
          r"[PpNnCc](?<!\w[PpNnCc])(?:(?<=[Pp])(?:atient|t)|(?<=P)(?:ATIENT|T)|(?<=[Nn])(?:amed|ame)|(?<=N)AME|"
          r"(?<=[Cc])alled)(?:\b|(?=_))(?:'s)?\.?[_ \t]*(?:name)?(?:[ \t]*/[ \t]*\w+)?[ \t]*[:#=,|(-]?[ \t]*"
          r"(?:is[ \t]+|was[ \t]+|known[ \t]+as[ \t]+|called[ \t]+|named[ \t]+|ni[ \t]+)?"
          r"(?!(?:Safety|Week|Day|Portal|Information|Services?|Advocacy|Advocate|Advisory|Experience|Council|Guide|"
          r"Charter|Forum|Education|Liaison|Care|Access|Transport|Relations|Support|Cent(?:re|er)|Group|Outcomes?|"
          r"Reported|Voice|Panel|Rights|Leaflet|Letter|Story|Stories|Partners?)\b)"
          r"(?:(?:MRS?|MS|MISS|MX|Mrs?|Ms|Miss|Mx)\.?[ \t]+[A-Z][A-Z'’-]+|"
          rf"{_NAME_WORD},?[ \t]+(?:[A-Z]\.[ \t]*)*{_PARTICLE}*[{_UP}][{_LO}A-Z'’-]+|"
          rf"{_NAME_WORD}[ \t]+[A-Z]\.(?!\w)|"
          rf"(?:[A-Z]\.[ \t]*)+{_NAME_WORD}|"
          rf"(?:[{_UP}]{{1,3}}[ \t]+){{0,2}}[{_UP}][{_UP}'’-]+,[ \t]*[{_UP}][{_LO}{_UP}'’-]+)",
          flags=0, needs="name"),
    _rule("name", _NAME_FIX, rf"[A-Z](?<!\w[A-Z])[a-z'’-]+[ \t]+{_NAME_WORD},[ \t]+\d{{1,3}}(?:[ \t]*(?:years|yrs|y))?,",
          flags=0, gate=r"[a-z],[ \t]+\d{1,3}(?:[ \t]*(?:years|yrs|y))?,"),
    # a letter's sign-off ("Yours sincerely, Gordon Baxter"), a relative or a name part given by a label
    _rule("name", _NAME_FIX,
          r"(?:(?i:yours(?:[ \t]+(?:sincerely|faithfully|truly))?|kind[ \t]+regards|best[ \t]+wishes|regards|sincerely)[,.]?"
          # the informal and the Spanish sign-offs, only with their comma ("Cheers, Gaz", "Un saludo cordial, Begoña")
          r"|(?<!\w)(?<![\w,] )(?i:cheers|best|thanks[ \t]+again|many[ \t]+thanks|take[ \t]+care|love|warmly|atentamente|"
          r"cordialmente|un[ \t]+(?:cordial[ \t]+)?saludo(?:[ \t]+cordial)?|saludos(?:[ \t]+cordiales)?|un[ \t]+abrazo|abrazos),)"
          r"[ \t]+(?!(?:Dr|Prof|The|Our|Your|All|Radiology|Department|Team|Staff|Dra|El|La|Equipo|Servicio)\b)" + _NAME_WORD
          # not a member of staff signing with their job: "Kind regards, Niamh Brennan, Services Manager"
          + r"(?![\w'’-]*(?:[ \t]+[A-Z][\w'’-]+)?,[ \t]*(?:[\w&]+[ \t]+){0,3}(?i:" + JOB_TITLES + r")\b)",
          flags=0, needs="signoff"),
    _rule("name", _NAME_FIX,
          r"(?i:next[ \t]+of[ \t]+kin|NOK|emergency[ \t]+contact|guardian|parent|mother|father|spouse|partner|wife|husband|"
          r"son|daughter|sibling|brother|sister|child|carer|caregiver|relative|surname|forename|first(?:[ \t]+name)?|"
          r"last(?:[ \t]+name)?|given[ \t]+names?|family[ \t]+name)"
          r"(?:[ \t]*/[ \t]*(?i:given|first|fore|other|christian)(?:[ \t]*names?)?)?"  # "Surname / Given: X / Y"
          r"[ \t]*(?:name)?[ \t]*[:=|][ \t]*(?:" + _NAME_WORD + r"|[A-Z]{2}[A-Z'’-]+\b)", flags=0, needs="label"),
    _rule("name", _NAME_FIX, r"[SsFfLlGg](?<!\w[SsFfLlGg])(?i:urname|orename|(?:irst|ast|iven|amily)[ \t]+names?)"
          r"[ \t]+[A-Z]{2}[A-Z'’-]*\b",
          flags=0, needs="name"),
    _rule("name", _NAME_FIX, r"[A-Z](?<!\w[A-Z])[a-z'’-]+[ \t]+[A-Z][a-z'’-]+,[ \t]+an?[ \t]+\d{1,3}[- ]year[- ]old",
          flags=0, needs="name", gate="year"),
    _rule("mrn", "a medical record or accession number: delete it; teaching material never carries one",
          r"\b(?:MRN|MR[ \t]*#|MR[ \t]+(?:number|no\.?)|"
          r"medical[ \t]+record(?:[ \t]+(?:number|no\.?|num|#))?|med[ \t]*rec(?:ord)?[ \t]*#?|"
          r"rec(?:ord)?[ \t]+(?:number|no\.?|#)|(?:order|requisition|req)[ \t]*(?:number|no\.?|#)|"
          r"hosp(?:ital|\.)?[ \t]*(?:ID|identifier|number|no\.?|num|#|record|file|chart)|pt\.?[ \t]*(?:ID|"
          r"identifier|no\.?|#)|患者(?:ID|番号)|"
          # an episode's or a register's entry with its letter and slash ("episode E25/447188", "register entry M25/0447")
          r"(?:episode|encounter|admission|spell)(?=[ \t]+(?-i:[A-Z]{1,3})\d{2}[/-]\d{4,})|"
          r"(?:register|registry|log|book)[ \t]+entry(?:[ \t]+(?:number|no\.?|#))?|"
          r"phil[ \t]?health(?:[ \t]+(?:number|no\.?|#|ID|PIN))?|patient[ \t_-]*(?:ID|identifier|number|no\.?|#)|"
          r"chart[ \t]*(?:number|no\.?|#|:)|(?:hospital[ \t]+)?reg(?:istration)?\.?[ \t]+(?:number|no\.?|#)|"
          r"(?:case|episode|file|folder|IP|OP)[ \t]*(?:number|no\.?|#)|"
          r"unit[ \t]+(?:record[ \t]+)?(?:number|no\.?|#)|UR[ \t]*(?:number|no\.?|#)|URN|"
          r"NHS[ \t]*(?:number|no\.?|#)?|NHI[ \t]*(?:number|no\.?|#)?|IHI[ \t]*(?:number|no\.?|#)?|CHI[ \t]*(?:number|no\.?|#)|"
          r"CHI(?=[ \t]*[:#|]?[ \t]*\d{10}\b)|UR(?=[ \t]*[:#]?[ \t]*\d{5,}\b)|UHID|"
          r"record(?=[ \t]+(?-i:[A-Z]{0,3})\d{5,})|"
          # any short label in capitals with '#' before a long number: CR#, UR#, Rx# (not an account's or an SSN's)
          r"(?-i:(?!ACCT|SSN|SS#|DL|VIN|MBI|SIN|TFN|FIN|CSN|HAR|TEL|PH|FAX|NPI|DEA|SN|IMEI|UDI|LOT|REF)[A-Z]{2,4})"
          r"(?=[ \t]*#[ \t]*:?[ \t]*[A-Z]{0,3}\d{6})|"
          # an acronym for "... number" before a long number: HRN, CRN (H.R.N. once its periods go)
          # (not a product's article number: EAN, JAN, UPN, PZN, ASIN, ISAN)
          r"(?-i:(?!ISBN|ISSN|SSN|SIN|VIN|NIN|TIN|EIN|PIN|GTIN|RRN|PPSN|SN\b|EAN|JAN|UPN|PZN|ASIN|ISAN)[A-Z]{1,3}N)"
          r"(?=[ \t]*[:#][ \t]*[A-Z]{0,2}\d{6}|[ \t]+[A-Z]{0,2}\d{6})|"
          r"health[ \t-]+card(?:[ \t]+(?:number|no\.?|#|version[ \t]+code))?|OHIP|PHN|"
          r"(?:personal[ \t]+)?health[ \t]+(?:number|no\.?|#)|"
          r"accession(?:[ \t]+(?:number|no\.?|num|#))?|acc(?:n|ession)?(?:\.|[ \t]*[#:]|[ \t]+no\.?)|ACN|RAMQ|carte[ \t]+soleil|"
          r"historia(?:[ \t]+cl[ií]nica)?(?:[ \t]+(?:n\.?[ºo°]\.?|núm(?:ero|\.)?))?|NHC|"
          r"n\.?[ºo°]\.?[ \t]*(?:de[ \t]+)?historia(?:[ \t]+cl[ií]nica)?)"
          r"[ \t]*(?:\([^)\n]{0,12}\)[ \t]*)?"
          # where the number is written, or a place's name, between the label and the number:
          # "patient ID on disc 4471882-XR", "hospital number Royal Free 4471882"
          r"(?:on[ \t]+(?:the[ \t]+)?(?:disc|disk|CD|DVD|film|label|wristband|request|form|letter|card|image|screen|"
          r"header)[ \t]+|(?:at[ \t]+|of[ \t]+|from[ \t]+)?(?-i:[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)[ \t]*"
          r"(?=[:#]?[ \t]*[A-Z]{0,4}[ \t-]?\d))?"
          r"(?:is[ \t]+|was[ \t]+|es[ \t]+)?[:#=|-]{0,2}[ \t]*(?:n\.?[ºo°]\.?[ \t]*)?"
          r"[A-Z]{0,4}[ \t-]?\d(?:[ \t/-]?\d){3,}(?:[ \t-]?(?-i:[A-Z]{1,2})\b)?",
          # 'acc 99817263', 'acc A12345678': lower case, no punctuation (6 digits: not 'ACC 2019')
          r"\bacc(?:n|\.)?[ \t]+(?-i:[A-Z]{1,3})?\d{6,}\b",
          r"\bPID\|[^|\n]*\|[^|\n]*\|[^|\n^]*\d{4,}",  # an HL7 PID segment: its third field is the patient's id
          r"(?-i:\bNHI[ \t]*(?:number|no\.?|#)?[ \t]*[:#|]?[ \t]*[A-Z]{3}\d{2}[A-Z\d]{2}\b)",  # New Zealand NHI
          gate=r"mrn|\bmr(?:[ \t]*#|[ \t]+n)|med|\brec(?:\b|ord)|\b(?:order|req(?:uisition)?)[ \t]*(?:n|#)|\bphn\b|hosp|"
         r"patient|\bpt|患者|philhealth|phil health|"
         r"chart|acc|\bacn|"
         r"unit[ \t]+(?:r|n|#)|\bur(?:n\b|[ \t]*(?:n|#|:?[ \t]*\d))|nhs|registration|"
         r"nhi|ihi|\bchi\b|uhid|case|\b(?:episode|file|folder)[ \t]*(?:n|#)|episode|encounter|admission|spell|"
         r"[a-z][ \t]+entry|\breg(?:istration|\.)?[ \t]*(?:n|#)|"
         r"[a-z]{2}[ \t]*#|\b[a-z]{1,3}n[ \t]*[:# \t][ \t]*[a-z]{0,2}\d{6}|\b[io]p[ \t]*(?:n|#)|health|ohip|"
         r"historia|nhc|pid\||ramq|carte"),
    _rule("account", "an account, health-plan, licence or vehicle number: delete it",
          r"\b(?:account|acct\.?|billing|invoice|claim|encounter|visit|FIN|CSN|HAR)(?![a-z])"  # not Haryana
          r"[ \t]*(?:number|no\.?|num|#|ID|ref\.?)?[ \t]*"
          r"(?:is[ \t]+|was[ \t]+)?[:#=|]?[ \t]*(?:[A-Z]{1,4}[ \t-]?)?\d[\d-]{4,}",
          r"\b(?:health[- ]plan|member(?:ship)?|insurance|policy|subscriber|beneficiary|medicaid|medicare|group)[ \t]*"
          r"(?:\([^)\n]{1,20}\)[ \t]*)?"  # the insurer's name in brackets: "Medical insurance (Daman) card"
          r"(?:ID|identifier|number|no\.?|num|#|card(?:[ \t]+(?:number|no\.?|#))?)[ \t]*[:#=|]?[ \t]*(?=[A-Z-]*[ \t]?\d)"
          r"[A-Z0-9](?:[A-Z0-9-]|[ \t](?=\d)){5,}",
          # a policy, a permit, a pass or a card with letters before six digits: "policy TI447188210", "permit PP-447188"
          r"\b(?:policy|permit|pass|badge|voucher|(?<!health[ \t])(?<!nhis[ \t])card)[ \t]*(?:number|no\.?|#)?[ \t]*[:#]?[ \t]*"
          r"(?-i:[A-Z]{1,4})-?\d{6,}(?:[/-]?(?-i:[A-Z\d]{1,4}))?\b",
          r"\b(?!health[ \t]card|nhis?[ \t]card)[a-z]+[ \t]+card[ \t]*(?:number|no\.?|#)[ \t]*[:#]?[ \t]*(?=[A-Z]{0,4}[ \t-]?\d)"
          r"[A-Z0-9](?:[A-Z0-9-]|[ \t](?=\d)){5,}",  # status card, concession card
          r"\bmedicare[ \t]*(?:card|number|no\.?|#)?[ \t]*[:#]?[ \t]*\d{4}[ \t]?\d{5}[ \t]?\d(?:[ \t]*/[ \t]*\d)?",  # Australia
          r"\b(?:driv(?:er'?s|ing)[ \t]+licen[cs]e|licen[cs]e[ \t]+(?:number|no\.?|#)|VIN|DL[ \t]*(?=[#:])|"
          r"passport|certificate[ \t]+(?:number|no\.?|#)|(?:birth|death|marriage)[ \t]+certificate)"
          r"[ \t]*(?:number|no\.?|#)?[ \t]*(?:is[ \t]+|was[ \t]+)?[:#=|]?[ \t]*(?=[A-Z-]*[ \t]?\d)"
          r"[A-Z0-9](?:[A-Z0-9-]|[ \t](?=\d)){4,}",
          # HIPAA identifier L: vehicle plates, in US, UK ('AB12 CDE') and Australian ('rego') styles
          r"\b(?:(?:licen[cs]e|number|registration|reg\.?|car|vehicle)[ \t]+plate|plate[ \t]+(?:number|no\.?|#)|"
          r"(?:vehicle|car)(?:'s)?[ \t]+reg(?:istration|\.)?(?:[ \t]+(?:number|no\.?|mark))?|"
          # a plate has capitals; a record number has none
          r"reg\.?[ \t]+(?:number|no\.?)(?=[ \t]*[:#]?[ \t]*(?-i:[A-Z0-9]*[A-Z]|[A-Z0-9]+[ -][A-Z0-9]*[A-Z]))|"
          r"registration[ \t]+mark|rego|"
          # "plate" alone before a plate's shape: letters, then three or four digits ("plate M 4471", "Plate KBZ 447A")
          r"plate(?=[ \t]+(?-i:[A-Z]{1,3})[ \t-]?\d{3,4}[ \t-]?(?-i:[A-Z]{0,3})\b))"
          r"[ \t]*(?:number|no\.?|#)?[ \t]*"
          r"(?:is[ \t]+|was[ \t]+|of[ \t]+)?[:#=,]?[ \t]*(?=[A-Z]{0,4}[ -]?\d)[A-Z0-9][A-Z0-9 -]{2,10}[A-Z0-9]\b",
          gate=r"acc|card|permit|pass|badge|voucher|billing|invoice|claim|health|member|insurance|policy|subscriber|beneficiary|medica|"
               r"group|licen|"
               r"driv|\bdl|passport|certificate|"
               r"\bvin(?![a-z])|plate|\breg(?:istration|o|\W)|encounter|visit|\bfin(?![a-z])|\bcsn(?![a-z])|\bhar(?![a-z])"),
    _rule("account", "an account, health-plan, licence or vehicle number: delete it",
          r"(?<![\w-])[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?"
          r"[AC-HJKMNP-RT-Y]{2}\d{2}(?![\w-])", flags=0, gate=r"\d[a-z][a-z\d]\d-?[a-z][a-z\d]\d-?[a-z]{2}\d\d"),
    _rule("ssn", "a Social Security number: delete it",
          r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])", r"(?<![\d.-])\d{3}([ \t.])\d{2}\1\d{4}(?![\d-]|\.\d)",
          r"\b(?:DNI|NIE|NIF)[ \t]*(?:n\.?[ºo°]\.?)?[ \t]*[:#|]?[ \t]*[XYZ]?\d{7,8}[ -]?[A-Z]\b",
          r"\bDNI[ \t]*(?:n\.?[ºo°]\.?)?[ \t]*[:#|]?[ \t]*\d{8}\b",  # Peru's DNI: eight digits, no letter
          r"(?-i:\bC\.?[ \t]?C\.?)[ \t]*(?:n\.?[ºo°]\.?)?[ \t]*[:#|]?[ \t]*\d{1,3}(?:\.\d{3}){1,3}(?![\d.])",  # Colombia's C.C.
          r"(?<![\d-])\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-[1-8]\d{6}(?![\d-])",  # a Korean RRN
          r"\bmy[ \t]+number[ \t]*(?:is[ \t]+)?[:#|]?[ \t]*\d{4}[ \t-]?\d{4}[ \t-]?\d{4}\b",  # Japan
          r"\b(?:SSN|SS#|social[ \t]+sec(?:urity|\.)?(?:[ \t]+(?:number|no\.?|#))?)[ \t]*(?:is[ \t]+|was[ \t]+)?[:#|]?[ \t]*"
          r"\d(?:[ \t-]{0,3}\d){8}\b",
          r"\b(?:national[ \t]+)?(?:ID|identity|identification)[ \t]+(?:number|no\.?|#)[ \t]*[:#|]?[ \t]*\d{6,13}\b",
          r"\bPPSN?[ \t]*(?:number|no\.?|#)?[ \t]*[:#|]?[ \t]*\d{7}[A-W][A-IW]?\b",
          r"(?-i:\b[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]\b)",  # India's PAN: the fourth letter is the holder's kind
          # a people's adjective or a word of state after the card's name: "Cédula de identidad paraguaya 4.471.882"
          r"\b(?:aadhaa?r|NRIC|c[eé]dula(?:[ \t]+de[ \t]+identidad)?(?:[ \t]+(?!n[uú]mero)[a-záéíóúñ]{4,})?|CURP|"
          r"RUT|CPF|INE|SSS|UMID)[ \t]*"
          r"(?:n[uú]mero|number|no\.?|#|n\.?º)?[ \t]*[:#|]?[ \t]*(?=[A-Z]{0,4}\d)[A-Z0-9](?:[A-Z0-9.-]|[ \t](?=\d)){5,}",
          # the other countries' equivalents: Canada's SIN, the UK's National Insurance number, Australia's TFN
          r"\b(?:SIN|social[ \t]+insurance(?:[ \t]+(?:number|no\.?|#))?|TFN|tax[ \t]+file[ \t]+(?:number|no\.?))[ \t]*"
          r"(?:is[ \t]+|was[ \t]+)?[:#|]?[ \t]*\d{3}[ -]?\d{3}[ -]?\d{3}\b",
          r"\b(?:NI(?:NO)?|N\.I\.|national[ \t]+insurance)[ \t]*(?:number|no\.?|#)?[ \t]*(?:is[ \t]+|was[ \t]+)?[:#|]?[ \t]*"
          r"(?-i:[A-Z]{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D])\b",
          gate=r"\d{3}[ \t.-]\d{2}[ \t.-]\d{4}|\d{6}-\d{7}|my number|"
               r"ss|social|dni|nie|nif|\bsin\b|insurance|tfn|tax|\bni|n\.i\.|\bid|identi|pps|"
               r"aadha|nric|dula|curp|\bsss\b|umid|\brut\b|\bcpf\b|\bine\b|\b[a-z]{5}\d{4}[a-z]\b|\bc\.?[ \t]?c\b"),
    _rule("phone", "a phone or fax number: delete it (staff numbers belong on a profile or a plain page)",
          r"(?<![\w.+-])(?:\+?1[ \t.-]?)?(?:\(\d{3}\)[ \t]?|\d{3}[ \t.-])\d{3}[ \t.-]\d{4}(?![\w-]|\.\d)",
          r"(?<![\w+])\+(?:[2-9]\d{0,2})(?:[ \t.-]\d{1,4}){2,5}(?![\w-]|\.\d)",
          r"\b\d{3}-\d{4}[ \t]*(?:ext\.?|x)[ \t]*\d{1,5}\b",
          r"\b(?:(?-i:Ph)|tel|phone|fax|mob(?:ile)?|pager|cel(?:l|ular)?|t[eé]l[eé]fono|m[oó]vil|celular|ring|call|text|contact|reach|whatsapp|"
          # "its CAS number is 66108-95-0" is a substance's: a code system's number word is no phone's
          r"ll[aá]m\w*|contacto|(?<!cas[ \t])(?<!ndc[ \t])(?<!upc[ \t])(?<!gtin[ \t])number(?=[ \t]+(?:is|was)\b))"
          r"\.?(?:[ \t]+(?:number|no\.?|n\.?º))?(?:[ \t]+(?:back|me|us|her|him|them|(?:the[ \t]+|his[ \t]+|her[ \t]+)?"
          r"(?:mum|mom|dad|wife|husband|son|daughter|mother|father|partner|carer|family|patient|sister|brother|"
          r"neighbou?r|friend)))?"
          # "Celular de la hija: 9555-4471": a Spanish relative's "de" between the label and the number
          r"(?:[ \t]+del?[ \t]+(?:la[ \t]+|los[ \t]+|las[ \t]+)?[a-záéíóúñ]{3,12}(?=[ \t]*:))?"
          r"[ \t]*(?:[:#]|is|was|on|at|es|al)?[ \t]*\+?\(?\d[\d \t.()-]{6,}\d",
          # a phone's own label word before "number": "Best number 07700 900 188", "Callback no. 555.201.4477"
          r"\b(?:best|callback|call[ \t-]back|daytime|evening|landline|alternative|alternate|home|work|cell|mobile)"
          r"[ \t]+(?:phone[ \t]+|contact[ \t]+)?(?:number|no\.?|\#)[ \t]*(?:[:#]|is|was)?[ \t]*\+?\(?\d[\d \t.()-]{6,}\d",
          # what is sent or said to a number, a few words between: "Text the results to 07700 900 882", "ring her on"
          r"\b(?:text|txt|sms|ring|call|phone|whatsapp|message)[ \t]+(?:[a-z'’]+[ \t]+){0,4}?(?:on|to|at)[ \t]*"
          r"\+?\(?\d[\d \t.()-]{6,}\d",
          gate=r"\d{3}[ \t.-]\d{4}|\+|\bph|tel|phone|fax|mob|pager|cell|t[eé]l[eé]fono|m[oó]vil|celular|ring|call|text|"
               r"contact|reach|whatsapp|llam|llám|\bcel\b|number[ \t]+(?:is|was)|best|daytime|evening|landline|"
               r"alternat|home|work|txt|sms|message"),
    _rule("email", "an email address: delete it (staff addresses belong on their profile)",
          r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b",
          r"\b[\w.+-]+[ \t]+@[ \t]*[\w-]+(?:[ \t]*\.[ \t]*[a-z]{2,})+\b|\b[\w.+-]+@[ \t]+[\w-]+(?:[ \t]*\.[ \t]*[a-z]{2,})+\b",
          needs="@"),  # "kofi.m @ example . com"
    _rule("email", "an email address: delete it (staff addresses belong on their profile)",
          r"\b[\w.+-]+[ \t]*(?:\[at\]|\(at\)|[ \t]at[ \t]|\(arroba\)|\[arroba\]|[ \t]arroba[ \t])[ \t]*[\w-]+"
          r"(?:[ \t]*(?:\[dot\]|\(dot\)|[ \t]dot[ \t]|\(punto\)|\[punto\]|[ \t]punto[ \t])[ \t]*[\w-]+)+\b",
          r"\b[\w.+-]+[ \t]*(?:\[at\]|\(at\)|\(arroba\)|\[arroba\])[ \t]*[\w-]+(?:\.[\w-]+)+\b", needs="dot"),
    _rule("email", "an email address: delete it (staff addresses belong on their profile)",
          r"\b[\w+-]*[._\d][\w.+-]*[ \t]+at[ \t]+[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", needs="at"),
    _rule("address", "a street address or full ZIP code: give the state at most ('lives in Ohio')",
          r"\b\d{1,6}[A-Za-z]?[ \t]+(?:[NSEW]\.?[ \t]+)?(?:(?:[A-Z][a-z]+(?:['’]s)?|[A-Z]{2,3}|\d{1,3}(?:st|nd|rd|"
          r"th))\.?[ \t]+){1,3}"
          r"(?:" + "|".join(_STREETS) + r")\b\.?",
          r"\b(?:P\.?[ \t]?O\.?[ \t]+Box|Apt\.?|Apartment|Suite|Unit)[ \t]+#?\d+[A-Z]?\b(?=.*\d{5})",
          r"\b(?:P\.?[ \t]?O\.?[ \t]+Box|Private[ \t]+Bag(?:[ \t]+X)?)[ \t]*\d+,?[ \t]+[A-Z][a-z]+",
          r"(?<![\d-])\d{5}-\d{4}(?![\d-])",
          r"〒[ \t]?\d{3}-?\d{4}",  # a Japanese postcode
          r"\b\d{1,4}(?:-\d{1,4})?,?[ \t]+[A-Z][a-z]+-(?:daero|ro|gil)\b",  # a Korean road address
          r"\b[A-Z][a-z]+-(?:ku|shi|cho|machi|gu)\b,?[ \t]+(?:[A-Z][a-z]+[ \t]+)?\d{1,4}-\d{1,4}",  # Chiyoda-ku 1-1
          r"\b(?:" + "|".join(_STATES) + r"),?[ \t]+\d{5}\b",
          r"(?i:\b(?:zip|c[oó]digo[ \t]+postal|C\.?P\b\.?)(?:[ \t]*code)?[ \t]*[:#|]?[ \t]*(?:is[ \t]+|es[ \t]+)?\d{5}\b)",
          r"(?<![\w-])[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2}(?![\w-])",  # UK postcode, SW1A 1AA
          # Canada, K1A 0B1; unspaced, Alberta's T#N #M# is a TNM stage's shape (T2N1M0)
          r"(?<![\w-])(?!T\dN\dM\d(?![\w-]))[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ \t-]?\d[ABCEGHJ-NPRSTV-Z]\d(?![\w-])",
          r"\b(?:NSW|VIC|Vic|QLD|Qld|SA|WA|TAS|Tas|NT|ACT)[ \t]+\d{4}\b",  # Australian state and postcode
          # an Eircode, not an ATC code of the same shape (V08CA09)
          r"(?<!ATC[ \t])(?<![\w-])(?:[AC-FHKNPRTV-Y]\d{2}|D6W)[ \t]?(?=[0-9]*[AC-FHKNPRTV-Y])[0-9AC-FHKNPRTV-Y]{4}(?![\w-])",
          r"(?i:\b(?:post[ \t]?code|postal[ \t]+code|eircode)\b)[ \t]*[:#|]?[ \t]*(?:is[ \t]+)?"
          r"(?=[A-Z]*\d)[A-Z0-9]{2,4}(?:[ \t]?[A-Z0-9]{3,4})?\b",
          r"\b(?:[Ll]ives|[Ll]iving|[Rr]esides|[Rr]esident)[ \t]+(?:in|at)[ \t]+(?:[A-Z][a-z]+[ \t,]+){1,3}\d{4}\b(?![.,]\d)",
          rf"\b\d{{1,4}}(?:[ \t]*(?:bis|ter))?,?[ \t]+(?i:rue|avenue|boulevard|bd|place|chemin|all[ée]e|impasse|quai|rua|avenida)"
          rf"[ \t]+(?:de[ \t]+(?:la[ \t]+)?|du[ \t]+|des[ \t]+|d[aeo]s?[ \t]+|d')?[{_UP}][{_LO}]+",  # and Lusophone Africa's
          rf"\b[{_UP}][{_LO}]+(?:straße|strasse|gasse|allee|platz|damm)[ \t]+\d{{1,4}}[a-z]?\b",
          r"\b(?:Plot|House|Flat|H\.?[ \t]?No\.?)[ \t]+(?:No\.?[ \t]*)?\d+[A-Z]?,[ \t]+"
          r"(?:\d+(?:st|nd|rd|th)[ \t]+)?[A-Z][a-z]+",  # "Flat No. 12, 3rd Cross"
          rf"\b(?:Calle|C/|Avenida|Avda\.?|Av\.|Plaza|Pza\.?|Paseo|Camino|Carrera|Carretera|Ronda|Traves[ií]a|R[úu]a|"
          rf"Avinguda|Carrer|Rambla|Passeig|Calzada|Jir[óo]n|Jr\.?|Av(?=[ \t]+\d)|Pasaje|Psje\.|Bulevar|Blvr?\.)[ \t]+"
          r"(?:\d{1,3}[ \t]+(?:Poniente|Oriente|Norte|Sur|Pte\.|Ote\.)|"
          r"\d{1,3}(?=[ \t]+(?:No\.?|N[º°o]\.?|#)[ \t]*\d)|"  # Havana's "Calle 23 No. 447"  # Puebla's "Calle 10 Poniente 447"
          rf"(?:\d{{1,2}}[ \t]+de[ \t]+)?"  # "Calle 5 de Mayo 118"
          rf"(?:de[ \t]+(?:la[ \t]+|los[ \t]+|las[ \t]+)?|del[ \t]+|d[oa]s?[ \t]+|d')?[{_UP}][{_LO}]+"
          rf"(?:[ \t]+[{_UP}][{_LO}]*(?:['’][{_UP}])?[{_LO}]+)*)"  # "Avenida Libertador Bernardo O'Higgins 1449"
          # "Avda. de Pío XII 15", Quito's "N34-451", Santo Domingo's "#44"
          r"(?:[ \t]+[IVXL]{1,5})?,?[ \t]+(?:(?:No\.?|N[º°o]\.?|#)[ \t]*)?(?:[NSEO]\d{1,3}-)?\d{1,4}\b",
          # the French order of North Africa and Lebanon, the number after the name: "Rue Ibn Batouta 12"
          rf"\b(?:Rue|Boulevard|Bd|Impasse|Derb|Avenue)[ \t]+(?:de[ \t]+(?:la[ \t]+)?|du[ \t]+|des[ \t]+|d')?"
          rf"[{_UP}][{_LO}]+(?:[ \t]+[{_UP}][{_LO}]+)*(?:[ \t]+[IVX]{{1,4}})?,?[ \t]+\d{{1,4}}\b(?![.,]\d)",
          # Baltic streets by their word after the name and the postcode with its country: "Brīvības iela 44", "LV-1010"
          rf"\b[{_UP}][{_LO}]+[ \t]+(?:iela|gatvė|gatve|g\.|tänav|mnt\.|prospekts|prospektas|bulvāris)[ \t]+\d{{1,4}}\b",
          r"\b(?:LV|LT)-\d{4,5}\b",
          rf"\bL-\d{{4}}[ \t]+[{_UP}][{_LO}]+",  # a Luxembourg postcode and its town
          # a building and its floor or flat (Panama, the Caribbean): "Edificio Alfa, piso 4"
          rf"\b(?:Edificio|Edif\.|Torre|Residencial)[ \t]+[{_UP}][{_LO}]+(?:[ \t]+[{_UP}][{_LO}]+)*,?[ \t]+"
          r"(?:piso|apto\.?|apartamento|depto\.?|apt\.?|flat)[ \t]+\d{1,3}\b",
          r"\bLot[ \t]+\d{1,4}[A-Z]?,[ \t]+(?:Sector|Block|Phase|Zone|Bairro)[ \t]+\d",  # "Lot 12, Sector 4"
          # "Lot 12, Savusavu, Fiji": a lot and its town
          rf"\bLot[ \t]+\d{{1,4}}[A-Z]?,[ \t]+[{_UP}][{_LO}]+,[ \t]+[{_UP}][{_LO}]+",
          # the Gulf's numbered building, road and block: "Building 447, Road 1882, Block 318"
          r"\b(?:Building|Bldg\.?|Villa|House)[ \t]+\d{1,5}[A-Z]?,[ \t]+(?:Road|Rd\.?|Street|St\.?|Avenue|Way|"
          r"Lane)[ \t]+\d{1,5}\b",
          # a Hebrew street word, the number before or after: "12 Rehov Herzl", "Derech Hevron 44"
          rf"\b\d{{1,4}}[ \t]+(?:Rehov|Rechov|Derech|Sderot)[ \t]+[{_UP}][{_LO}]+",
          # a Philippine barangay, purok or sitio: a place smaller than a town ("Brgy. San Isidro")
          rf"\b(?:Brgy\.?|Barangay|Purok|Sitio)[ \t]+[{_UP}][{_LO}]+(?:[ \t]+[{_UP}][{_LO}]+)*",
          # a street by its suffix in Dutch, German and Nordic names: "Keizersgracht 447", "Storgatan 12"
          rf"\b[{_UP}][{_LO}]+(?:straat|gracht|laan|plein|kade|singel|dijk|steeg|dreef|weg|gatan|gata|vägen|vej|veien|"
          r"vegen|gade|gaten)[ \t]+\d{1,4}[a-zA-Z]?\b",
          # a postcode and a town after a comma: "1016 DJ Amsterdam", "15705 Santiago", "Bengaluru 560011"
          rf"(?:(?<=,[ \t])|(?<=,))(?:[1-9]\d{{3}}[ \t]?[A-Z]{{2}}|\d{{5}}|\d{{3}}[ \t]\d{{2}})[ \t]+[{_UP}][{_LO}{_UP}]+",
          rf"(?:(?<=,[ \t])|(?<=,))[{_UP}][{_LO}]+(?:[ \t][{_UP}][{_LO}]+)?[ \t]*[-–]?[ \t]*"
          r"[1-9]\d{2}[ \t]?\d{3}\b(?![\d.,])",
          r"\b\d{1,2}(?:st|nd|rd|th)[ \t]+(?:Main|Cross|Block|Sector)\b",  # an Indian address: "2nd Main", "4th Block"
          # a Thai address: the house, its village (Moo), sub-district and lane: "14 Moo 3", "Tambon Nong Han", "Soi 4"
          r"\b\d{1,4}(?:/\d{1,4})?[ \t]+Moo[ \t]+\d{1,2}\b",
          rf"\b(?:Tambon|Amphoe|Khwaeng|Khet|Soi)[ \t]+(?:\d{{1,3}}\b|[{_UP}][{_LO}]+(?:[ \t]+[{_UP}][{_LO}]+)?)",
          # a town and its five-digit postcode after a comma: "Udon Thani 41000", "Kuala Lumpur 50450"
          rf"(?<=,[ \t])[{_UP}][{_LO}]+(?:[ \t][{_UP}][{_LO}]+)?[ \t]+\d{{5}}(?![\d.,/-]|[.,]\d)",
          # a street and its number, then a four-digit postcode and its town or a town and its postcode, as much of
          # Europe and the islands write them: "Aqqusinersuaq 44, 3900 Nuuk", "Majeedhee Magu 44, Malé 20026"
          rf"\b(?!(?:Fig(?:ure)?|Table|Vol(?:ume)?|Issue|Chapter|Page|Part|Series|Case|Grade|Stage|Level|Type|Version|Phase|"
          r"Week|Day|Room|Bed|Ward|Slice|Image|Section|Step|Trial|Study|Cohort|Group|Arm|Visit|Cycle|Dose|Year|Patient|"
          r"Appendix|Box|Item|Question|Lesson|Module|Unit)\b)"
          rf"[{_UP}][{_LO}]+(?:[ \t]+[{_UP}][{_LO}]+)?"
          # a street's word after its name: Hungarian, Czech, Slovak, Slovene, Nordic ("Váci utca 44")
          r"(?:[ \t]+(?:utca|út|útja|tér|körút|sor|ulice|náměstí|třída|cesta|ulica|gatan|vägen|vej|gade|katu|tie|vei|veien))?"
          rf"[ \t]+\d{{1,4}}[a-z]?,[ \t]+"
          rf"(?:(?:[A-Z]{{1,2}}-)?\d{{4}}[ \t]+[{_UP}][{_LO}]+|[{_UP}][{_LO}]+[ \t]+\d{{5}}\b)",
          r"\b(?:RR|R\.R\.)[ \t]*\d+,[ \t]*(?:Site[ \t]+\d+,[ \t]*)?(?:Box|Comp)[ \t]+\d+",  # a Canadian rural route
          rf"\bRD[ \t]+\d{{1,2}},[ \t]+[{_UP}][{_LO}]+",  # a New Zealand rural delivery: "RD 2, Ohaupo"
          # Italian, Portuguese, Polish and Turkish streets: "Via Roma 12", "Rua Augusta, 274", "ul. Długa 5"
          # Maltese, South Slavic, Albanian and Romanian streets too: "Triq il-Kbira 47", "Bulevar Svetog Klimenta 44"
          rf"\b(?:Via|Viale|Piazza|Corso|Largo|Vicolo|Rua|Travessa|Alameda|ul\.?|(?<!et[ \t])al\.|os\.|Triq|Bulevar|Bulevardi|"
          rf"Ulica|Ulitsa|Rruga|Strada|Calea|Aleea|V[íi]a)[ \t]+"
          rf"(?:(?:d[aeio]|dell[ao']|degli|dos|das|[a-zżċħġ]{{1,2}}-)[ \t]*)?[{_UP}][{_LO}]+(?:[ \t]+[{_UP}][{_LO}]+)*,?[ \t]+"
          r"\d{1,4}[a-zA-Z]?\b",
          rf"(?<=[{_LO}][ \t])(?:Sokak|Sok\.|Caddesi|Cad\.|Mahallesi|Mah\.|Bulvar[ıi])[ \t]*(?:No[:.]?)?[ \t]*\d{{1,4}}",
          r"(?<![\w-])\d{5}-\d{3}(?![\w-])",  # a Brazilian CEP
          # Hong Kong's flat and floor ("Flat 12B, 8/F"), a lot's or a plot's number before its street, Barbados's code
          r"\b(?:Flat|FLAT|Rm|Room|Unit)[ \t]+\d{1,4}[A-Z]?,[ \t]*\d{1,3}/F\b",
          r"\b(?:Lot|Plot|Erf|Stand)[ \t]+\d{1,5}[A-Z]?,[ \t]+(?:[A-Z][a-z]+[ \t]+){1,3}(?:" + "|".join(_STREETS) + r")\b",
          r"\bBB\d{5}\b",
          flags=0,
          gate=r"\d{5}|〒|-(?:daero|ro|gil|ku|shi|cho|machi|gu)\b|\bbd\b|\bblvr?\.|"
               r"[a-z]\d[a-z\d]?[ \t-]?\d[a-z]|[a-z]\d{2} ?[0-9a-z]{4}|d6w|\b(?:nsw|vic|qld|sa|wa|tas|nt|act)[ \t]+\d{4}|"
               r"\b(?:lives|living|resides|resident)\b|post ?code|postal|eircode|"
               r"p\.? ?o\.? box|private bag|plot|house|flat|h\.? ?no|rue|stra(?:ß|ss)e|gasse|allee|platz|damm|"
               r"c/|calle|avenida|avda|av\.|plaza|pza|paseo|r[úu]a|avinguda|rambla|passeig|calzada|jir[óo]n|"
               r"(?:straat|gracht|laan|plein|kade|singel|dijk|steeg|dreef|weg|gatan|gata|vägen|vej|veien|vegen|gade|gaten)"
               r"[ \t]+\d|,[ \t]*(?:\d{4}[ \t]?[a-z]{2}|\d{3}[ \t]\d{2})[ \t]|"
               r",[ \t]*[^\W\d_]+(?:[ \t][^\W\d_]+)?[ \t]*[-–]?[ \t]*\d{3}[ \t]?\d{3}\b|"
               r"\d(?:st|nd|rd|th)[ \t]+(?:main|cross|block|sector)|\d,[ \t]+(?:[a-z]{1,2}-)?\d{4}[ \t]|"
               r"\d,[ \t]+[^\W\d_]+[ \t]+\d{5}|[ \t]moo[ \t]+\d|tambon|amphoe|khwaeng|khet|\bsoi[ \t]|"
               r",[ \t][^\W\d_]+(?:[ \t][^\W\d_]+)?[ \t]+\d{5}|r\.?r\.?[ \t]*\d+,|\brd[ \t]+\d|"
               r"\b(?:via|viale|piazza|corso|largo|vicolo|rua|travessa|alameda|ul\.?|al\.|os\.|triq|bulevar|bulevardi|ulica|"
               r"ulitsa|rruga|strada|calea|aleea|v[íi]a)[ \t]|chemin|all[ée]e|quai|avenue|avenida|\bl-\d{4}|edificio|edif\.|"
               r"torre|residencial|\blot[ \t]|building|bldg|villa|rehov|rechov|derech|sderot|"
               r"sokak|sok\.|caddesi|cad\.|mahallesi|mah\.|bulvar|\d{5}-\d{3}|"
               r"camino|carrer|ronda|traves|pasaje|psje|\bjr\b|\bav[ \t]+\d|brgy|barangay|purok|sitio|"
               r"iela|gatv|t\u00e4nav|mnt\.|prospekt|bulv\u0101r|\bl[tv]-\d|"
               r"impasse|derb|\b(?:" + "|".join(s.lower() for s in _STREETS) + r")\b"),
    _rule("age", "an age over 89 identifies a patient: write '90 or older'",
          rf"\b{_OLD}[- ](?:year|yr)s?[- ]old\b",
          rf"\b{_OLD}[ \t]*(?:yo|y/o|y\.o\.|yrs?[ \t]+old|years[ \t]+of[ \t]+age)(?![\w/])",
          rf"\b{_OLD}[ \t]*(?:yrs?|y)(?=[ \t]*[,/;)]|[ \t]+(?:male|female|man|woman|M|F)\b|[ \t]*$)",
          # the patient or a relative by their word: "My nan is 96", "her husband turned 91"
          rf"\b(?:he|she|patient|pt|nan|nana|nanna|gran|granny|grandma|grandmother|grandad|granddad|grandpa|grandfather|"
          rf"mum|mom|mother|dad|father|husband|wife|aunt|auntie|uncle|who)[ \t]+(?:is|was|(?:just[ \t]+)?turned)[ \t]+"
          rf"(?:now[ \t]+)?{_OLD}\b"
          r"(?![ \t]*(?:%|percent|mm|cm|kg|kilos?|lb|days|weeks|months|minutes|beats|bpm|mmHg))",
          rf"\b(?:aged?(?:[ \t]+(?:at|on)[ \t]+\w+)?(?:[ \t]*/[ \t]*(?:sex|gender))?[ \t]*:?|edad:?)"
          rf"[ \t]*{_OLD}\b{_NOT_AGGREGATE}",
          rf"\b(?:aged?|edad)[ \t]*:?[ \t]*{_OLD}[ \t]?(?:y|yrs?|a|años)\b(?![.,]\d)",
          rf"\b(?:de|edad:?)[ \t]+{_OLD}[ \t]+a\.(?![\w])",  # "Paciente de 97 a.": Spanish years, abbreviated
          rf"\b(?:man|woman|male|female|lady|gentleman|person|resident|nonagenarian|centenarian|patient|pt|mujer|hombre|"
          rf"var[oó]n|paciente|father|mother|husband|wife|grandmother|grandfather|brother|sister|aunt|uncle),?[ \t]+"
          rf"(?:now[ \t]+|aged[ \t]+|of[ \t]+)?\(?{_OLD}\b"
          r"(?![.,]\d|[ \t]*(?:%|percent|mm|cm|ml|mg|kg|ms|s\b|sec|min|mSv|mGy|days|weeks|months|patients|or|and))",
          rf"(?<!mayores de )(?<!más de )(?<!de más de )\b{_OLD}[ \t]+años(?!\s+o\s+más|\s+y\s+más)",
          rf"(?<!plus de )(?<!de plus de )\b{_OLD}[ \t]+ans\b(?!\s+(?:et|ou)\s+plus)",
          rf"(?-i:\b{_OLD}[ \t]?[MF]\b)", rf"\b{_OLD}(?:st|nd|rd|th)[ \t]+birthday",
          gate=rf"(?<!\d){_OLD}(?!\d)"),
    _rule("age", "an age over 89 identifies a patient: write '90 or older'",
          r"\b(?:ninety|a[ \t-]hundred|one[ \t-]hundred)(?:[ \t-](?:and[ \t-])?"
          r"(?:one|two|three|four|five|six|seven|eight|nine|ten))?"
          r"[ \t-](?:years?[ \t-]old|years[ \t]+of[ \t]+age|yo\b)",
          r"(?<!mayores de )(?<!más de )\bnoventa"
          r"(?:[ \t]+y[ \t]+(?:uno|una|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve))?[ \t]+años"
          r"(?!\s+o\s+más|\s+y\s+más)",
          r"\b(?:aged?|is|was|of|turned|now)[ \t]+(?:ninety|a[ \t-]hundred|one[ \t-]hundred)\b"
          r"(?:[ \t-](?:one|two|three|four|five|six|seven|eight|nine))?(?![ \t]+(?:or|and|to|plus|percent|per)\b|%)",
          needs="words"),
    _rule("device", "a device serial number or identifier: name the device type only",
          r"\b(?:serial(?:[ \t]*(?:number|no\.?|num|#))?|S/N|SN[ \t]*[:#]|(?-i:SN)(?=[ \t]+[A-Z]{0,4}\d)|IMEI|"
          r"device[ \t]+(?:ID|identifier|serial)|UDI(?:-[DP]I)?|"
          r"lot[ \t]*(?:number|no\.?|#|:)|n[uú]mero[ \t]+de[ \t]+serie(?:[ \t]+del?[ \t]+\w+)?|n\.?º[ \t]*de[ \t]+serie)"
          r"(?:[ \t]+of[ \t]+(?:the|a|an|his|her|their)[ \t]+[a-z][a-z -]{1,30}?(?=[ \t]*:))?"  # "Serial no. of the pump:"
          # a serial's letters are a prefix, not a word: "Serial dilutions 1:10" is none
          r"[ \t]*(?:is[ \t]+|was[ \t]+|es[ \t]+)?[:#=|,]?[ \t]*(?=[A-Z()-]{0,6}[ \t]?\d)[A-Z0-9(](?:[A-Z0-9()-]|"
          r"[ \t](?=\d)){3,}",
          r"\((?:01|21)\)[ \t]?(?=[A-Z]{0,3}\d)[A-Z0-9]{4,}",  # GS1: (01) the device identifier, (21) its serial number
          r"\b(?:[0-9A-F]{2}[:-]){5}[0-9A-F]{2}\b",  # a MAC address: a patient's own device at home
          gate=r"serial|s/n|sn|device|udi|lot|serie|imei|[0-9a-f]{2}[:-][0-9a-f]{2}[:-]|\((?:01|21)\)"),
    _rule("url", "a link or address of a patient system (PACS viewer, internal host, IP address): "
                 "link a public, de-identified image instead",
          r"\b(?:https?|dicom|dicomweb|pacs)://(?:[^\s/)>\]]*[.-])?(?:pacs|viewer|wado|qido|orthanc|ohif|weasis|impax|"
          r"synapse|intelerad|ris|emr|ehr|epic|cerner)\d*[.:/-][^\s)>\]]*",
          r"\b(?:https?://)?[\w-]+(?:\.[\w-]+)*\.(?:local|internal|lan|corp|intra|intranet|home\.arpa)\b(?![.-]\w)[^\s)>\]]*",
          r"\bhttps?://[^\s)>\]]*/(?:pacs|viewer|wado|qido|dicomweb|ohif|weasis|orthanc)\b[^\s)>\]]*",
          r"\bhttps?://[^\s)>\]]*[?&](?:study(?:instance)?uid|seriesuid|accession(?:number)?|acc|patient(?:_?id)?|paciente|pid|mrn|urn|nhi|nhc|historia|expediente|cip|dni|nss|ssn)=[^\s)>\]]*",
          r"\bhttps?://[^\s)>\]]*/(?:Patient|Paciente|patient|patients)/[A-Za-z0-9-]*\d[^\s)>\]]*",  # a FHIR Patient resource
          # a record system's path to one person's record, chart or encounter (a teaching file's /cases/ is public)
          r"\bhttps?://[^\s)>\]]*/(?:records?|charts?|encounters?|admissions?)/[A-Za-z0-9-]*\d{4,}[^\s)>\]]*",
          r"\bhttps?://[a-z0-9-]+(?::\d+)?(?:/[^\s)>\]]*)?(?=[\s)>\]]|$)",  # a single-label host: an intranet name
          # a private share of one person's files: a share path, or a slug of a name and a birth year
          r"\bhttps?://[^\s)>\]]*/(?:share|shared|sharing|compartir|compartido|s|file/d|d)/[^\s)>\]]+",
          # a file-transfer or cloud folder is someone's files whatever its path; a social profile of a first.last
          r"\bhttps?://(?:[\w-]+\.)*(?:wetransfer\.com|we\.tl|dropbox\.com|1drv\.ms|onedrive\.live\.com|mega\.nz|"
          r"icloud\.com|drive\.google\.com)/[^\s)>\]]+",
          r"\bhttps?://(?:www\.|m\.)?(?:facebook|instagram|tiktok|linkedin)\.com/(?:in/|@)?[a-z]+[._-][a-z]+[\w.-]*",
          # LinkedIn's /in/ is a person's profile whatever its handle (an organisation's page is /company/)
          r"\bhttps?://(?:[a-z]{2,3}\.)?(?:www\.)?linkedin\.com/in/[\w%-]{3,}",
          r"\bhttps?://[^\s)>\]]*/[a-z]+-[a-z]+(?:-[a-z]+)?-(?:19[2-9]\d|200\d)(?![\w-])[^\s)>\]]*",
          r"(?<![\d.])(?!127\.|0\.0\.0\.0)(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?!\d|\.\d)",
          r"\\\\[\w.-]+\\[\w$.-]+", r"\b(?:smb|cifs|nfs|afp|file|pacs|dicom|dicomweb|dimse)://[^\s)>\]]+", needs="url"),
    _rule("date", "a date tied to a patient (birth, admission, exam): keep the year only, or say 'two weeks later'",
          r"\((?:0008,00(?:2[0-3]|12)|0010,0030|0040,0244)\)[^\d\n]{0,12}(?:19|20)\d{6}\b",  # Study, Birth Date...
          gate=r"\(00[0-4]\d,"),
    # a birth date under its own label in shapes too bare for prose: "DOB 4.7.50", "Date of birth 19500704", "04JUL1950"
    _rule("date", "a date tied to a patient (birth, admission, exam): keep the year only, or say 'two weeks later'",
          r"\b(?:DOB|D\.?O\.?B\.?|date[ \t]+of[ \t]+birth|birth[ \t]*date|born)[ \t]*[:=]?[ \t]*"
          r"(?:\d{1,2}\.\d{1,2}\.\d{2}|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|"
          r"\d{1,2}[ \t]?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[ \t]?(?:\d{4}|\d{2}))(?![\w.]*\d)",
          gate=r"dob|d\.?o\.?b|birth|born"),
    # a DICOM header dump's Patient's Name (and other names, mother's birth name) and Patient ID, by their tags
    _rule("name", _NAME_FIX, r"\(0010,(?:0010|1001|1005|1060)\)[ \t]*(?:PN)?[ \t]*\[[^\]\n\d]{2,64}\]",
          gate=r"\(0010,"),
    _rule("mrn", "a medical record or accession number: delete it; teaching material never carries one",
          r"\(0010,(?:0020|1000)\)[ \t]*(?:LO)?[ \t]*\[[^\]\n]*\d[^\]\n]*\]", gate=r"\(0010,"),
    # a record's noun right before a system's code with its slashes: "health record PHR/447188", "Accession RAD/25/447188"
    _rule("mrn", "a medical record or accession number: delete it; teaching material never carries one",
          r"\b(?i:record|accession|acc|file|chart|episode|specimen|sample|referral|admission|encounter|expediente|historia)"
          r"[ \t]*[:#]?[ \t]+[A-Z]{1,5}(?:/[A-Z0-9]{1,4})*/\d{5,}\b", flags=0, gate=r"[a-z]/(?:[a-z0-9]{1,4}/)*\d{5}"),
    _rule("uid", "a DICOM UID identifies a real study: remove it",
          r"(?<![\d.])[12]\.\d+(?:\.\d+){4,}(?!\d|\.\d)", r"\b2\.25\.\d{20,}\b",
          gate=r"\d\.\d+\.\d"),
)
# fmt: on
# A date is PHI when the line ties it to a patient; these words do, these others say it is a citation.
FULL_DATE = re.compile(
    rf"(?<![\d/.-])(?:\d{{1,2}}([/-])\d{{1,2}}\1(?:\d{{4}}|\d{{2}})|\d{{4}}/\d{{1,2}}/\d{{1,2}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})(?![\d/.-]*\d)"
    rf"|\b{_MONTH}\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?(?:,?[ \t]+(?:\d{{4}}|'\d{{2}}))?\b"
    rf"|\b\d{{4}}\.\d{{1,2}}\.\d{{1,2}}\b|\b\d{{1,2}}[ \t]+{_MONTH}\.?[ \t]+'?\d{{2}}\b(?![\d:])"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_MONTH}\b\.?(?:,?[ \t]+\d{{4}})?"
    rf"|\b\d{{4}}[ \t]+{_MONTH}\.?[ \t]+\d{{1,2}}\b|\b\d{{1,2}}-{_MONTH}-(?:\d{{4}}|\d{{2}})\b|\b{_MONTH}-\d{{1,2}}-\d{{4}}\b"
    r"|\d{4}年\d{1,2}月\d{1,2}日"
    # a holiday of a fixed day and its year is a date: "on Boxing Day 2025", "la Nochebuena de 2024"
    r"|(?i:\b(?:Christmas|Boxing|New[ \t]+Year['’]?s|St\.?[ \t]+Patrick['’]?s|Saint[ \t]+Patrick['’]?s|Anzac|Canada|"
    r"Australia|Waitangi|Valentine['’]?s|Independence)[ \t]+(?:Day|Eve)|Halloween|Hogmanay|Nochebuena|Nochevieja|"
    r"(?:el[ \t]+)?d[ií]a[ \t]+de[ \t]+(?:Navidad|Reyes|San[ \t]+Valent[ií]n|A[ñn]o[ \t]+Nuevo))"
    r"[ \t]+(?:of[ \t]+|de[ \t]+)?(?:19|20)\d\d\b"
    # a Spanish month's abbreviation (12-abr-1950, 12 oct. 1950) and a Roman numeral's month (04.VII.1950, 4/VII/1950)
    rf"|(?i:\b\d{{1,2}}[ \t/.-]{_MES_ABBR}\.?[ \t/.-](?:\d{{4}}|\d{{2}})\b)"
    # ... and between "de"s: "1 de nov. de 2025", "8 de sept. 2025"
    rf"|(?i:\b\d{{1,2}}[ \t]+de[ \t]+{_MES_ABBR}\.?[ \t]+(?:de[ \t]+)?\d{{4}}\b)"
    # a date of birth written as an export writes it, eight digits (19620314), under its label (_BIRTH_LABEL)
    # French, German and Portuguese months, as referrals from those countries write them
    rf"|(?i:\b\d{{1,2}}(?:er)?\.?[ \t]+(?:de[ \t]+)?{_MOIS}(?:[ \t]+de)?[ \t]+\d{{4}}\b)"
    r"|\b\d{1,2}([./ -])(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\2(?:\d{4}|\d{2})\b"
    r"|\b\d{1,2}([./])(?:xii|xi|x|ix|viii|vii|vi|v|iv|iii|ii|i)\3\d{4}\b"  # lower case with a four-digit year
    r"|\b\d{1,2}/(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)/(?:\d{4}|\d{2})\b"
    rf"|(?i:\b\d{{1,2}}[ \t]+de[ \t]+{_MES}(?:[ \t]+(?:de[ \t]+|del[ \t]+)?\d{{4}})?\b)",
)
PATIENT_CONTEXT = re.compile(
    r"\b(?:DOB|D\.O\.B|D/O/B|date(?:[ \t]*/[ \t]*time)?[ \t_]+of[ \t_]+(?:birth|service|admission|discharge|exam\w*|"
    r"study|scan|procedure|surgery|"
    r"visit|injury|death|imaging)|birth[ \t_]*(?:date|day)|born|"
    # an accident's, a death's or an injury's acronym: "MVA on 2025-10-28", "DOD 05/05/2025", "RTC 3/11/2025"
    r"(?-i:MVA|MVC|RTA|RTC|RTI|MCA|MCC|PBA|GLF|FOOSH|NAI|DOD|DOA)(?![a-z])|"
    # a record's key with underscores: "fecha_nac", "fecha_nacimiento" ("date_of_birth" is above)
    r"fecha_(?:de_)?nac\w*|fecha[ \t]+nac\w*|DOS(?![a-z])|D/C|admit\w*|admission|discharg\w*|"
    r"(?:exam\w*|study|scan|service|visit|procedure)[ \t]+date|scanned|imaged|presented|seen|visit(?:ed)?|underwent|"
    r"performed|operated|died|deceased|follow[- ]up|returned|re-?presented|patient|(?:pt|his|her)(?![a-z])|"
    r"fecha[ \t]+de[ \t]+(?:nacimiento|ingreso|alta|la[ \t]+exploraci[oó]n|estudio|defunci[oó]n)|F\.?[ \t]?nac|"
    r"nacid[oa]|naci[oó](?![a-z])|"
    r"ingres\w*|alta(?![a-z])|paciente|acudi[oó]|realiz\w*|explorad[oa]|fallec\w*|(?:FN|cita)(?![a-z])|hizo|hicieron|"
    r"prueba|exploraci[oó]n|intervenid[oa]|operad[oa]|"
    r"(?:he|she|him|dx|fell)(?![a-z])|diagnos\w*|biops\w*|injur\w*|arrived|attended|referred|transferred|delivered|"
    r"done|obtained|acquired|arrival|arrived|exposure|exposed|"
    r"(?<![\w.])(?-i:b)\.?(?=[ \t]*$)|"
    r"fecha[ \t]+(?:de[ \t]+la|del?)[ \t]+(?:accidente|lesi[oó]n|parto|cirug[ií]a|agresi[oó]n|ca[ií]da)|"
    r"surgery|operation|nascid[oa]|data[ \t]+de[ \t]+nascimento|internad[oa]|"
    r"date[ \t]+de[ \t]+naissance|n[ée]e?[ \t]+le|admis|hospitalis[ée]e?|geburtsdatum|geb\b\.?|geboren|aufgenommen|"
    # a clinical event's date under its label: "Date of the fall", "Day of death", "Date of dive", LMP, FUR, EDD
    r"(?:date|day|time)[ \t]+of[ \t]+(?:the[ \t]+|his[ \t]+|her[ \t]+|their[ \t]+|last[ \t]+)?(?:fall|dive|accident|"
    r"assault|onset|bite|sting|burn|exposure|overdose|ingestion|collapse|seizure|arrest|stroke|trauma|crash|collision|"
    r"conception|delivery|miscarriage|transfusion|insertion|implant\w*|removal|transfer|retrieval|death|passing|"
    r"menstrual|period|referral|sampl\w*|collection|incident|event|vaccination|immuni[sz]ation|infusion|dose|"
    r"first[ \t]+(?:symptoms?|dose|visit|contact|presentation|seizure|fit|episode|fall)|diagnosis|treatment|fracture|"
    r"embryo|egg|ovulation|insemination|injection|test|swab|symptoms?)|"
    r"onset|(?:embryo|egg|oocyte)[ \t]+(?:transfer|retrieval|collection)|"
    # what was done to or happened to a patient: "Fractured on", "Vaccinated on", "Death certified", "Treatment started"
    r"(?:fractured|vaccinated|immuni[sz]ed|transfused|intubated|extubated|stented|catheteri[sz]ed|swabbed|sedated|"
    r"anaesthetised|anesthetized|irradiated|injected|infused|drained|aspirated|miscarried|conceived|certified|"
    r"sustained|collapsed|fainted|bled|consented|retrieved|airlifted|evacuated)(?![a-z])|"
    r"(?:treatment|chemo\w*|radiotherapy|therapy|symptoms?|pain|bleeding|fever|medication|antibiotics|warfarin|"
    r"dialysis|steroids|insulin)[ \t]+(?:started|began|commenced|stopped|ceased|restarted)|"
    # a procedure by its ending (colonoscopy, arthroscopy, cholecystectomy, paracentesis), a film "dated"
    r"[a-z]{3,}(?:scopy|ectomy|otomy|ostomy|plasty|centesis)(?![a-z])|"
    r"[a-záéíóú]{3,}(?:scopia|ectom[ií]a|otom[ií]a|ostom[ií]a|plastia)(?![a-z])|consulta|"
    r"(?:film|image|scan|radiograph|x-?ray|report|request|study|letter)s?,?[ \t]+dated|"
    r"(?-i:LMP|EDD|EDC|FUR|FUM|FPP|DDR)|L\.M\.P|F\.U\.R|last[ \t]+(?:menstrual[ \t]+)?period|due[ \t]+date|"
    r"(?:fecha|d[ií]a)[ \t]+(?:de[ \t]+)?(?:la[ \t]+|el[ \t]+)?(?:[úu]ltima[ \t]+(?:regla|menstruaci[oó]n)|muerte|defunci[oó]n|"
    r"probable[ \t]+de[ \t]+parto|inmersi[oó]n|buceo|(?:[úu]ltima[ \t]+|primera[ \t]+)?(?:dosis|vacuna|transfusi[oó]n|"
    r"inyecci[oó]n|infusi[oó]n|mordedura|picadura|quemadura|exposici[oó]n|ingesta))|F\.?[ \t]*de[ \t]+nac|"
    r"sterbedatum|todestag|gestorben|verstorben|d[ée]c[ée]d[ée]e?|date[ \t]+du[ \t]+d[ée]c[èe]s|decedut[oa]|"
    r"overleden|nat[oa][ \t]+il|ricoverat[oa]|opgenomen)",
    re.IGNORECASE,
)
CITATION_CONTEXT = re.compile(
    r"\b(?:accessed|published|retrieved|updated|reviewed|revised|epub|doi|copyright|posted|modified|issued|"
    r"approved|released|et[ \t]+al|vol|journal|guideline|press)\b",
    re.IGNORECASE,
)
DATE_FIX = "a date tied to a patient (birth, admission, exam): keep the year only, or say 'two weeks later'"
_MONTH_DAY_ONLY = re.compile(
    rf"^(?:{_MONTH}\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_MONTH}\.?)$", re.IGNORECASE
)


DATE_GATE = re.compile(
    r"\d[/-]\d|\d\.\d{1,2}\.\d|\d[./ -][ivx]+[./ -]\d|年|[12][09]\d{6}|"
    r"(?:day|eve|ween|hogmanay|buena|vieja|navidad|reyes|valent[ií]n|nuevo)[ \t]+(?:of[ \t]+|de[ \t]+)?(?:19|20)\d\d|"
    r"\d(?:er)?\.?[ \t](?:de[ \t])?(?:janv|f[ée]v|avr|juil|ao[ûu]|d[ée]c|mai|januar|j[äa]nn|m[äa]rz|juni|juli|okt|dez|janei|"
    r"fever|mar[çc]o|maio|junh|julh|setem|outub|dezem|genn|febb|apri|magg|giug|lugl|sett|otto|dice|janua|febru|maart|"
    r"mei|augus|m[äa]r|mrz|f[ée]vr)|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ene|abr|ago|dic)"
)  # lower-cased
# Every gated rule and the dates need a digit too; a line that opens no gate is searched once, not nine times.
ANY_GATE = re.compile("|".join(f"(?:{g.pattern})" for g in [*(rule.gate for rule in RULES if rule.gate), DATE_GATE]))


_HISTORIC_YEAR = re.compile(r"\b1[0-8]\d\d\b")
_EVENT = re.compile(
    r"\b(?:course|congress|meeting|session|lecture|webinar|conference|workshop|seminar|rota|curso|congreso|"
    r"reuni[oó]n|sesi[oó]n|jornadas?|charla|taller|seminario)\b",
    re.IGNORECASE,
)
_YEAR_OR_BIRTH = re.compile(r"\d{4}|\d[/.-]\d{1,2}[/.-]\d|'\d\d|\b(?:born|birth|DOB|nacid[oa]|naci[oó]|nacimiento)", re.I)


# An examination's name dates a line near the date ("CT chest 27.10.2025"), not where the machine is meant
# ("The MRI 3T upgrade completes on 30 June 2026")
_MODALITY = re.compile(
    r"\b(?:(?:CT|MRI|MR|PET|TAC)(?![a-z])|X-?ray|radiograph|ultrasound|mammogram|angiogram|ecograf[ií]a|resonancia|"
    r"radiograf[ií]a|mamograf[ií]a)",
    re.IGNORECASE,
)
_EQUIPMENT = re.compile(
    r"\b(?:upgrade|instal\w*|commission\w*|replace\w*|maintenance|servic(?:e|ing)|launch\w*|go[ -]live|goes[ \t]+live|"
    r"opens?|closes?|closed|shut|training|course|rota|audit|budget|tender|delivery[ \t]+of[ \t]+the|instalaci[oó]n|"
    r"mantenimiento|sustituci[oó]n|curso|formaci[oó]n)\b",
    re.IGNORECASE,
)
# What makes a day and a month alone a date of something: a preposition or a patient's verb right before it
_DATES_IT = re.compile(
    r"\b(?:on|of|from|since|until|el|was|re-?presented|presented|admitted|seen|discharged|scanned|imaged|returned|"
    r"died|born|operated|attended|arrived|transferred|injured|fell)[ \t]*"
    # a weekday between: "seen on Sat 22nd March", "on Tuesday, 4 November"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?[ \t]*)?(?:the[ \t]+)?$",  # "on Monday the 15th of December"
    re.IGNORECASE,
)


# What dates a line by its form, not by a list of verbs: a past participle or a preterite right before the date
# ("Fistula created 2 August", "Extubado el 17/08/2025", "Se le colocó el stent el 22 de junio"), and a clinical
# event's noun with its article ("relates to a fall on 02/02/2025")
_DONE_BEFORE = re.compile(
    r"(?:\b(?i:[a-z]{3,}ed)[ \t]+(?:on[ \t]+|at[ \t]+)?(?:the[ \t]+)?"
    # "happened on the evening of Sunday 2 November", "died in the early hours of Monday 3 March"
    r"(?:(?i:(?:early[ \t]+|late[ \t]+)?(?:morning|afternoon|evening|night|hours))[ \t]+of[ \t]+)?"
    r"(?:(?i:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)\.?,?[ \t]+(?:the[ \t]+)?)?"
    r"|(?i:\b(?:[a-zñ]{3,}(?:ad|id)[oa]s?|[a-zñ]{2,}ó|(?:vist|hech|puest|rot|muert|abiert|vuelt|cubiert)[oa]s?)"
    r"(?:[ \t]+(?!(?:hasta|desde|antes|tras|entre)\b)[\wáéíóúñ.]+){0,4}[ \t]+el[ \t]+)"
    r"|(?i:\b(?:a|the|his|her|their|this)[ \t]+(?:fall|accident|assault|injury|seizure|fit|collision|crash|overdose|"
    r"fracture|bite|burn|collapse|arrest|stroke|exposure|incident)[ \t]+(?:on|of|dated)[ \t]+)"
    # the Spanish event with its article, a few words before "el" or "del": "La caída fue la tarde del"
    r"|(?i:\b(?:la|el|su)[ \t]+(?:ca[ií]da|accidente|agresi[oó]n|lesi[oó]n|crisis|convulsi[oó]n|fractura|quemadura|"
    r"mordedura|intoxicaci[oó]n|atropello|ictus|infarto|parada|hemorragia|s[ií]ncope|desmayo|golpe|parto|aborto)"
    r"(?:[ \t]+[\wáéíóúñ]+){0,4}[ \t]+del?[ \t]+"
    r"(?:(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|lun|mar|mi[eé]|jue|vie|s[aá]b|dom)\.?,?[ \t]+)?))$"
)
# A month and a year after a patient's event in the past: "Relapsed in mid-July 2025", "Recayó a mediados de julio de 2025"
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\.?[ \t]+(?:19|20)\d\d\b|(?i:\b{_MES}[ \t]+del?[ \t]+(?:19|20)\d\d\b)")
_EVENT_BEFORE = re.compile(
    r"(?i:\b(?:[a-z]{3,}ed|[a-zñ]{2,}ó|[a-zñ]{3,}(?:ad|id)[oa]s?)[ \t]+(?:in|en|a|since|desde)"
    r"(?:[ \t]+(?:early|mid|late|mediados|principios|finales)(?:[ \t]+de)?)?[ \t-]*)$"
)


# A publication's history, a document's version or an organisation's act: no patient's event
_NOT_AN_EVENT = re.compile(
    r"\b(?:accepted|submitted|corrected|published|online|epub|version|aprob\w*|publica\w*|versi[oó]n|programa|program(?:me)?|"
    r"project|proyecto|campaign|campaña|pilot|piloto|trial|ensayo|audit|auditor[ií]a|scheme|service|servicio|policy|pol[ií]tica|guideline|gu[ií]a|protocol\w*|cerrad[oa]|obras)\b",
    re.IGNORECASE,
)


# A day and a month alone with a slash, after a patient's verb and "on" or "el": "Admitted on 4/7", "ingresó el 4/7"
_DAY_MONTH = re.compile(r"(?<![\w/.,-])(?:[12]\d|3[01]|0?[1-9])/(?:1[0-2]|0?[1-9])(?![\w/.,-]|[.,]\d)")
_DAY_MONTH_BEFORE = re.compile(
    r"(?i:\b(?:[a-z]{3,}ed|seen|born|[a-zñ]{2,}ó|[a-zñ]{3,}(?:ad|id)[oa])[ \t]+(?:on|el)[ \t]+)$"
)


def _fraction(text: str) -> bool:
    """1/2, 2/3, 3/4: a part of a dose or of a series, not a day and a month."""
    top, bottom = (int(part) for part in text.split("/"))
    return top < bottom <= 4


def _dated_by_form(line: str, start: int) -> bool:
    """A date whose line dates an event by a verb's form (see _DONE_BEFORE), not a machine's or a citation's."""
    return (_DONE_BEFORE.search(line, max(0, start - 48), start) is not None and not _EQUIPMENT.search(line)
            and not _NOT_AN_EVENT.search(line))  # fmt: skip


# Eight digits that read as a date (19620314), as an export writes a date of birth, a few characters after its label
_COMPACT = re.compile(r"(?<![\d.-])(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?![\d.-]|,\d)")
_BIRTH_BEFORE = re.compile(
    r"(?i:\b(?:DOB|D[./]?O[./]?B|date[ \t_]+of[ \t_]+birth|birth[ \t_]*date|born|fecha[ \t_]+(?:de[ \t_]+)?nac\w*|"
    r"F\.?[ \t]?nac\w*|nacid[oa]|naci[oó]|geburtsdatum|n[ée]e?[ \t]+le))[^\w\n]{0,6}(?:\w+[^\w\n]{1,4}){0,2}$"
)


def patient_dates(line: str) -> list[re.Match[str]]:
    """Full dates (and day-month dates) on a line that also ties them to a patient, not to a citation."""
    found = [m for m in _COMPACT.finditer(line) if _BIRTH_BEFORE.search(line, max(0, m.start() - 40), m.start())]
    found += [m for m in _MONTH_YEAR.finditer(line)
             if _EVENT_BEFORE.search(line, max(0, m.start() - 40), m.start())
             and not CITATION_CONTEXT.search(line, max(0, m.start() - 40), m.start()) and not _EQUIPMENT.search(line)
             and not _NOT_AN_EVENT.search(line)]
    found += [m for m in _DAY_MONTH.finditer(line) if not _fraction(m.group(0))
              and _DAY_MONTH_BEFORE.search(line, max(0, m.start() - 24), m.start())
              and not _EQUIPMENT.search(line) and not _NOT_AN_EVENT.search(line)]  # fmt: skip
    found += [m for m in FULL_DATE.finditer(line) if _tied(line, m, _MONTH_DAY_ONLY.match(m.group(0)) is None)]
    return found


def patient_word_dates(line: str) -> list[re.Match[str]]:
    """Dates whose day is written in words ("the third of March 2025"), tied to a patient as a written date is."""
    return [m for m in spoken.word_dates(line) if _tied(line, m, bool(m.group("year") or m.group("año")))]


def _tied(line: str, match: re.Match[str], has_year: bool) -> bool:
    """Whether the line ties this date to a patient, not to a citation, a machine or a course."""
    if _HISTORIC_YEAR.search(match.group(0)):
        return False  # "8 November 1895": a date of history, no living patient's
    before = line[max(0, match.start() - 80) : match.start()]
    after = line[match.end() : match.end() + 40]
    if CITATION_CONTEXT.search(line[max(0, match.start() - 40) : match.start()]):
        return False
    by_form = _dated_by_form(line, match.start())
    if not (by_form or PATIENT_CONTEXT.search(before) or PATIENT_CONTEXT.search(after)
            or (_MODALITY.search(line[max(0, match.start() - 30) : match.start()]) and not _EQUIPMENT.search(line))):
        return False
    if not has_year and not (by_form or _DATES_IT.search(before)):
        return False  # "May 3" alone is a date only when the sentence dates something with it
    # a course's or a meeting's day, with no year and no birth: "el curso empieza el 12 de mayo"
    return not (_EVENT.search(line) and not _YEAR_OR_BIRTH.search(line))


# A surname after initials ("J. R. Smith") is a name unless a clinician or an author is meant.
_INITIALS = re.compile(rf"(?<![\w.&])(?:[A-Z]\.[ \t]?){{1,3}}[{_UP}](?:[{_LO}'’-]|(?<=['’-])[{_UP}]){{2,}}")
# What every match of _INITIALS holds: an initial's period, then a capital (it starts with a literal: fast).
INITIALS_GATE = re.compile(r"\.(?<=(?<![\w.])[A-Z]\.)[ \t]?[A-Z]")
_NOT_A_PATIENT_BEFORE = re.compile(
    r"(?:\b(?:Drs?|Prof|Professor|Dr|by|and|with|Sir|Dame|Nurse|Radiographer|Sonographer|et al)\.?[ \t,]*|,[ \t]*|"
    r"(?-i:\b[A-Z][a-z'’-]+)[ \t]+)$",  # 'Raman P. Writing ...': the initial of an author written surname first
    re.I,
)
_NOT_A_PATIENT_AFTER = re.compile(
    r"^(?:[ \t]*(?:et[ \t]+al|,[ \t]*(?:[A-Z]\.|MD|PhD|FRCR|DO|RN))|\.?[ \t]*\(?\d{4}|\.[ \t]*[A-Z][a-z]*\.|"
    r"[ \t]+(?:College|University|Institute|Hospital|Cent(?:re|er)|Medical|School|Foundation|Memorial|Clinic|Award|"
    r"Lecture|Prize|Library|Building|Wing|Ward|Unit|Trust|Society)|"
    r"(?:'s)?[ \t]+(?:published|described|discovered|wrote|reported|proposed|introduced|coined|invented|showed|"
    r"demonstrated|classified|developed|named|won|founded|shared|claimed|built|patented|received|observed|noted|"
    r"suggested|recogni[sz]ed|identified|criteria|classification|sign|score|rule|scale|fracture|"
    r"disease|syndrome|lesion|method|technique|view|procedure|position|line|angle|index|protocol|system|staging|"
    r"grading|approach|model|study|trial|group|cancer|hospital)\b|"
    r"[ \t]+(?:and|&)[ \t]+(?:[A-Z]\.[ \t]?)+[A-Z])"
)
_COUNTRY_INITIALS = re.compile(r"^(?:U\.[ \t]?S|U\.[ \t]?K|E\.[ \t]?U|U\.[ \t]?N|M\.[ \t]?D|P\.[ \t]?h)\.")
CITATION_LINE = _CITATION_LINE = re.compile(
    r"\bet[ \t]+al\b|\bdoi\b|\bJ\.[ \t]?(?:Am|Radiol|Roentgenol|Neuro)|;\s*\d+\(\d+\)|\bpp?\.[ \t]*\d|"
    r"\b(?:19|20)\d\d;[ \t]*\d+|\d+:[ \t]*\d+[-–]\d+",  # year;volume and volume:pages of a reference
    re.I,
)


def initial_names(line: str) -> list[re.Match[str]]:
    """Initials and a surname that name a patient: not after Dr./Prof./by, not an author in a citation."""
    if _CITATION_LINE.search(line):
        return []
    found = []
    for match in _INITIALS.finditer(line):
        if _COUNTRY_INITIALS.match(match.group(0)):
            continue
        if _NOT_A_PATIENT_BEFORE.search(line[max(0, match.start() - 16) : match.start()]):
            continue
        if _NOT_A_PATIENT_AFTER.match(line[match.end() : match.end() + 12]):
            continue
        found.append(match)
    return found


# Spanish (issue 21): the rules, name hints and citation words of `rules_es`, joined to these.
RULES = (*RULES, *(_rule(s.category, s.fix, *s.patterns, flags=s.flags, needs=s.needs, gate=s.gate) for s in rules_es.RULES))
SPANISH_NAME_HINTS = (*SPANISH_NAME_HINTS, *rules_es.NAME_HINTS)  # type: ignore[assignment]  # longer than the literal above
CITATION_CONTEXT = re.compile(rf"{CITATION_CONTEXT.pattern}|\b(?:{rules_es.CITATION_WORDS})\b", re.IGNORECASE)
_NOT_A_PATIENT_BEFORE = re.compile(rf"{_NOT_A_PATIENT_BEFORE.pattern}|{rules_es.NOT_AN_INITIAL_BEFORE}", re.IGNORECASE)
