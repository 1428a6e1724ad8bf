"""National identity numbers by their own structure and check digits (python-stdnum), not by a list of labels.

Every round's held-out set brought countries no earlier set had (BSN, PESEL, Personnummer, CPR, HETU,
codice fiscale, TC Kimlik, CNIC, NIK...). Most such numbers carry their own proof: a length, a date of
birth inside, a check digit (BSN's 11-test, PESEL's weights, Luhn). `python-stdnum` knows them, so a
token is judged three ways:

- under the system's own name ("PESEL", "Fødselsnummer", "AHV-Nr.", "Teudat Zehut"), a token with six
  digits or more is that number whether or not its check holds (teaching text invents numbers); the
  modules named with each system document it, and `checks` can ask them;
- under a weak label (an ID, identity, national, resident, personal or card word, or a nationality on the
  line: "Resident ID ... from the Beijing hospital", "(Turkish patient)"), only a token that passes a
  country's check;
- with no label, only the formats that show what they are by shape and check together (a codice fiscale,
  a CURP, a Chinese resident ID, a Finnish HETU, a Swedish personnummer, a Malaysian MyKad).

A failed check with no label is never a hit. Hits are `ssn` (the rules' category for national numbers).
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable

# Token: capitals and digits with separators between groups (a space only before a digit, a period only as a
# thousands separator), and HKID's "(7)"
_TOKEN = r"(?=[A-Z]{0,6}[ \t./-]?\d)([A-Z0-9](?:[A-Z0-9/-]|[ \t](?=\d)|\.(?=\d{3}(?!\d)))*[A-Z0-9](?:\([0-9A]\))?)(?![\w.,]\d|\w)"
# Under a system's own name a period may stand between any groups: AHV's 756.1234.5678.97, Belgium's 85.07.30-033.28
# (and Cyrillic capitals: Mongolia's УБ50070412)
_STRONG_TOKEN = _TOKEN.replace(r"\.(?=\d{3}(?!\d))", r"\.(?=\d)").replace("A-Z", "A-ZА-ЯЁ")

# The systems' own names, the stdnum modules that check them (empty: by shape only). Case-sensitive where the
# name is an acronym that is also a word or a statistic (CI, IC, NIK).
_SYSTEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"(?i:BSN|burgerservicenummer|sofi-?nummer)", ("nl.bsn",)),
    (r"(?i:PESEL)", ("pl.pesel",)),
    (r"(?i:personnummer|person(?:al)?[ \t]+identity[ \t]+(?:number|code))", ("se.personnummer", "no.fodselsnummer")),
    (r"(?i:f[øo]dsels?nummer|f[øo]dselsnr)", ("no.fodselsnummer",)),
    (r"CPR(?:-(?i:nr|nummer))?", ("dk.cpr",)),
    (r"(?i:henkil[öo]tunnus|HETU|sosiaaliturvatunnus)", ("fi.hetu",)),
    (r"(?i:kennitala)", ("is_.kennitala",)),
    (r"(?i:isikukood)", ("ee.ik",)),
    (r"(?i:asmens[ \t]+kodas)", ("lt.asmens",)),
    (r"(?i:personas[ \t]+kods)", ()),
    (
        r"(?i:rijksregister(?:nummer)?|num[ée]ro[ \t]+(?:de[ \t]+registre[ \t]+)?national|national[ \t]+register[ \t]+number|"
        r"INSZ|NISS)",
        ("be.nn",),
    ),
    (r"(?i:num[ée]ro[ \t]+de[ \t]+s[ée]curit[ée][ \t]+sociale|carte[ \t]+vitale|NIR|INSEE)", ("fr.nir",)),
    (r"(?i:codice[ \t]+fiscale|tessera[ \t]+sanitaria)", ("it.codicefiscale",)),
    (r"AHV(?:N13)?|AVS|OASI", ("ch.ssn",)),
    (r"CNP", ("ro.cnp",)),
    (r"EGN|ЕГН", ("bg.egn",)),
    (r"(?i:rodn[ée][ \t]+[čc][ií]slo)", ("cz.rc", "sk.rc")),
    (r"OIB", ("hr.oib",)),
    (r"EM[ŠS]O", ("si.emso",)),
    (r"AMKA", ("gr.amka",)),
    (r"(?:T\.?[ \t]?C\.?[ \t]+)?(?i:kimlik)(?:[ \t]+(?i:numarası))?|T\.C\.", ("tr.tckimlik",)),
    (r"(?i:teudat[ \t]+zehut|israeli[ \t]+ID)", ("il.idnr",)),
    (r"(?i:resident[ \t]+identity[ \t]+card|shenfenzheng)|身份证", ("cn.ric",)),
    (r"(?i:thai[ \t]+(?:national[ \t]+)?ID(?:[ \t]+card)?)", ("th.pin",)),
    (r"CNIC|NICOP", ("pk.cnic",)),
    (r"NIK|KTP|(?i:nomor[ \t]+induk[ \t]+kependudukan)", ("id.nik",)),
    (r"(?i:aadhaa?r|UIDAI)", ("in_.aadhaar",)),
    (r"(?i:mykad|NRIC)|IC(?=[ \t]*(?:[Nn]o\.?|[Nn]umber|:))", ("my.nric",)),
    (r"SIN|(?i:social[ \t]+insurance)", ("ca.sin",)),
    (r"TFN|(?i:tax[ \t]+file)", ("au.tfn",)),
    (r"IRD|(?i:inland[ \t]+revenue)", ("nz.ird",)),
    (r"(?i:steuer-?ID|steuer(?:liche)?[ \t]+identifikationsnummer|IdNr)", ("de.idnr",)),
    (r"(?i:sozialversicherungsnummer|SVNR|VSNR)", ("at.vnr",)),
    (r"(?i:cart[ãa]o[ \t]+de[ \t]+cidad[ãa]o)", ("pt.cc",)),
    (
        r"NIN|(?i:national[ \t]+identification[ \t]+number)|(?i:ghana[ \t]+card)|(?i:emirates[ \t]+ID)|EID|HKID|"
        r"(?i:huduma|national[ \t]+ID(?:[ \t]+card)?)",
        (),
    ),
    # other countries' names, checked by shape only: Russia's SNILS, Sri Lanka's NIC, the Philippines' PhilSys,
    # Vietnam's CCCD, Saudi Arabia's Iqama, Qatar's QID, Kuwait's civil ID, Iran's national code, Yugoslavia's JMBG,
    # Hungary's TAJ, Brazil's CNS, Luxembourg's matricule
    (
        r"SNILS|СНИЛС|NIC|PSN|(?i:philsys)|CCCD|CMND|(?i:iqama)|QID|(?i:civil[ \t]+ID|kod-?e[ \t]+melli|melli[ \t]+code)|"
        r"JMBG|TAJ|CNS|(?i:cart[ãa]o[ \t]+SUS|matricule)|"
        # Botswana's Omang, Tanzania's NIDA, Ethiopia's Fayda, Malaysia's identity card by its Malay name
        r"(?i:omang|fayda|kad[ \t]+pengenalan)|NIDA",
        (),
    ),
    # an identity document or number by its kind, whatever the country (not a patient's, a member's or a staff ID)
    (
        r"(?<!(?i:patient)[ \t])(?<!(?i:hospital)[ \t])(?<!(?i:staff)[ \t])(?<!(?i:member)[ \t])(?<!(?i:employee)[ \t])"
        r"(?<!(?i:student)[ \t])(?<!(?i:clinic)[ \t])"
        r"(?i:(?:national|citizen(?:ship)?|civil|personal|resident|residence|social[ \t]+security)[ \t]+(?:ID|identity|"
        r"identification|registration|card|code|number)|identity[ \t]+(?:card|document|number)|ID[ \t]+card|"
        r"residence[ \t]+permit|voter(?:'s)?[ \t]+(?:ID|card|key))",
        (),
    ),
    # Spanish and Portuguese names (rules_es knows DNI, NIE, CURP, RUT, CPF, the C.C.)
    (
        r"(?i:c[ée]dula(?:[ \t]+de[ \t]+(?:identidad(?:[ \t]+y[ \t]+electoral)?|ciudadan[ií]a))?|"
        r"(?:carn[eé]t?|tarjeta|credencial)[ \t]+de[ \t]+(?:identidad|extranjer[ií]a|residente)|clave[ \t]+de[ \t]+elector|"
        r"documento(?:[ \t]+nacional)?[ \t]+de[ \t]+identi(?:dad|ficaci[oó]n))|DUI|DPI|CUIL|CUIT|RUN|CIC|NUIP",
        ("ec.ci", "do.cedula", "ar.cuit", "cl.rut"),
    ),
    # Spain's and Latin America's DNI (Argentina's with thousands dots, Honduras's in groups), the NSS, NUSS and IMSS
    # numbers, Mexico's RFC
    (r"DNI|D\.N\.I\.?|NSS|NUSS|IMSS|N\.S\.S\.|RFC", ("es.dni", "mx.rfc")),
    # more countries' acronyms that are nothing else: Bangladesh's NID, Moldova's IDNP, Ukraine's RNOKPP, Morocco's CNIE
    (r"NID|IDNP|RNOKPP|РНОКПП|CNIE", ()),
    # a taxpayer's number by its acronym (Jamaica's and Trinidad's TRN, the Philippines' and Nigeria's TIN, the US ITIN),
    # Malawi's NRN, Singapore's FIN: each a person's number wherever it is written
    (r"TRN|TIN|ITIN|NRN|FIN", ()),
    (r"CI", ("ec.ci",)),  # Uruguay's and Ecuador's CI, not a confidence interval: its shape is asked for (strong_ids)
)
_NUMBER_WORD = r"(?:[ \t]*(?:-|[ \t])?(?i:number|numbers|no\.?|nr\.?|n[ºo°]\.?|nummer|num[ée]ro|code|ID|card|#))?"
# The label, searched back from a token: the system's name, a number word, a separator, and nothing else
_STRONG = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(f"(?:{name})" for name, _ in _SYSTEMS)
    + r")(?![\w])"
    + r"(?:[ \t]+[a-zà-ÿ]{3,14}(?:an[oa]|eñ[oa]|[eé]s|esa|in[oa]|ian[oa]|ec[oa]|ense))?"
    + _NUMBER_WORD
    + r"(?:[ \t]*\([^)\n]{1,20}\))?[ \t]*(?:is[ \t]+|was[ \t]+|es[ \t]+)?[:#=|-]?[ \t]*$"
)
_STRONG_TOKENS = re.compile(r"(?<![\w./])" + _STRONG_TOKEN)
# Checked under a weak label; in this order, the first that holds names the number
_WEAK_CHECKS = (
    "nl.bsn",
    "pl.pesel",
    "se.personnummer",
    "no.fodselsnummer",
    "fi.hetu",
    "is_.kennitala",
    "ee.ik",
    "lt.asmens",
    "be.nn",
    "fr.nir",
    "it.codicefiscale",
    "ch.ssn",
    "ro.cnp",
    "bg.egn",
    "cz.rc",
    "hr.oib",
    "si.emso",
    "tr.tckimlik",
    "il.idnr",
    "cn.ric",
    "th.pin",
    "pk.cnic",
    "id.nik",
    "in_.aadhaar",
    "my.nric",
    "za.idnr",
    "ie.pps",
    "ca.sin",
    "nz.ird",
    "br.cpf",
    "cl.rut",
    "mx.curp",
    "es.dni",
    "es.nie",
    "ec.ci",
    "do.cedula",
    "ar.cuit",
    "pt.cc",
    "kr.rrn",
)
# Formats that show what they are without a label: a shape, and then the check
_SELF_EVIDENT = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<cf>[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z])|"  # a codice fiscale
    r"(?P<curp>[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d)|"  # a CURP
    r"(?P<ric>[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])\d{5}[\dX])|"  # a Chinese resident ID, with its date of birth
    r"(?P<hetu>\d{6}[-+A]\d{3}[0-9A-Y])|"  # a Finnish HETU
    r"(?P<pnr>(?:19|20)?\d{6}[-+]\d{4})|"  # a Swedish personnummer
    r"(?P<nric>\d{6}-\d{2}-\d{4})|"  # a Malaysian MyKad
    r"(?P<hkid>[A-Z]{1,2}\d{6}\([0-9A]\))|"  # a Hong Kong identity card, its check digit in brackets
    r"(?P<sg>[STFGM]\d{7}[A-Z])|"  # a Singapore NRIC or FIN
    r"(?P<tw>[A-Z][12]\d{8})|"  # a Taiwanese national ID
    r"(?P<ae>784-?(?:19|20)\d\d-?\d{7}-?\d)"  # an Emirates ID: 784, the year of birth, Luhn
    r")(?![\w-])"
)
_SELF_EVIDENT_CHECKS = {"cf": "it.codicefiscale", "curp": "mx.curp", "ric": "cn.ric", "hetu": "fi.hetu",
                        "pnr": "se.personnummer", "nric": "my.nric", "hkid": "hkid", "sg": "sg", "tw": "tw",
                        "ae": "luhn"}  # fmt: skip


def _hkid(number: str) -> bool:
    """Hong Kong's check: letters 10 to 35 (a leading space 36), weights 9 to 2, the sum with the check digit mod 11."""
    compact = _SEPARATORS.sub("", number).upper()
    body, check = compact[:-1].rjust(8), compact[-1]
    total = sum((9 - i) * (36 if c == " " else int(c) if c.isdigit() else ord(c) - 55) for i, c in enumerate(body))
    return (total + (10 if check == "A" else int(check))) % 11 == 0


def _singapore(number: str) -> bool:
    """Singapore's NRIC and FIN: weights 2 7 6 5 4 3 2, an offset by the first letter, a letter for the remainder."""
    first, digits, check = number[0], number[1:8], number[8]
    total = sum(w * int(d) for w, d in zip((2, 7, 6, 5, 4, 3, 2), digits, strict=True)) + {"T": 4, "G": 4, "M": 3}.get(first, 0)
    letters = "JZIHGFEDCBA" if first in "ST" else "XWUTRQPNMLK" if first in "FG" else "XWUTRQPNJLK"
    return letters[total % 11] == check


def _taiwan(number: str) -> bool:
    """Taiwan's national ID: the letter's two digits, weights 1 9 8 7 6 5 4 3 2 1 1, the sum mod 10."""
    code = "ABCDEFGHJKLMNPQRSTUVXYWZIO".index(number[0]) + 10
    digits = [code // 10, code % 10, *map(int, number[1:])]
    return sum(w * d for w, d in zip((1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1), digits, strict=True)) % 10 == 0


def _luhn(number: str) -> bool:
    from stdnum import luhn

    return bool(luhn.is_valid(_SEPARATORS.sub("", number)))


_OWN_CHECKS: dict[str, Callable[[str], bool]] = {"hkid": _hkid, "sg": _singapore, "tw": _taiwan, "luhn": _luhn}
# A weak label: the words before the token
_WEAK_LABEL = re.compile(
    r"\b(?i:ID|identity|identification|identifier|national|citizen(?:ship)?|resident|residence|personal|civil|"
    r"card|document|pass|passport[ \t]+page|registration|social|birth[ \t]+number)\b(?:[ \t]+[\w'’()-]+)?[ \t]*[:#=|-]?[ \t]*$"
)
# A nationality on the line makes a checked number its country's identity number
_NATIONALITY = re.compile(
    r"\b(?:Dutch|Polish|Swedish|Norwegian|Danish|Finnish|Icelandic|Estonian|Lithuanian|Latvian|Belgian|French|Italian|"
    r"Swiss|Romanian|Bulgarian|Czech|Slovak|Croatian|Slovenian|Greek|Turkish|Israeli|Chinese|Thai|Pakistani|"
    r"Indonesian|Indian|Malaysian|South[ \t]+African|Irish|Canadian|Australian|New[ \t]+Zealand|Brazilian|Chilean|"
    r"Mexican|Spanish|Ecuadorian|Dominican|Argentin(?:e|ian)|Portuguese|Korean|German|Austrian|Netherlands|"
    r"Poland|Sweden|Norway|Denmark|Finland|Iceland|Estonia|Lithuania|Belgium|France|Italy|Switzerland|Romania|"
    r"Bulgaria|Turkey|Türkiye|Israel|China|Thailand|Pakistan|Indonesia|Malaysia|Ecuador|Chile|Brazil|Mexico)\b"
)
_WEAK_TOKEN = re.compile(r"(?<![\w./-])" + _TOKEN)


@functools.cache
def _validator(name: str) -> Callable[[str], bool]:
    module = importlib.import_module(f"stdnum.{name}")
    return module.is_valid


# The digits and letters each number has once its separators go (stdnum pads some with zeros: BSN, CPF)
_LENGTHS = {
    "nl.bsn": (9,), "pl.pesel": (11,), "se.personnummer": (10, 12), "no.fodselsnummer": (11,), "fi.hetu": (11,),
    "is_.kennitala": (10,), "ee.ik": (11,), "lt.asmens": (11,), "be.nn": (11,), "fr.nir": (15,), "it.codicefiscale": (16,),
    "ch.ssn": (13,), "ro.cnp": (13,), "bg.egn": (10,), "cz.rc": (9, 10), "sk.rc": (9, 10), "hr.oib": (11,), "si.emso": (13,),
    "gr.amka": (11,), "tr.tckimlik": (11,), "il.idnr": (9,), "cn.ric": (18,), "th.pin": (13,), "pk.cnic": (13,),
    "id.nik": (16,), "in_.aadhaar": (12,), "my.nric": (12,), "za.idnr": (13,), "ie.pps": (8, 9), "ca.sin": (9,),
    "au.tfn": (8, 9), "nz.ird": (8, 9), "br.cpf": (11,), "cl.rut": (8, 9), "mx.curp": (18,), "es.dni": (9,),
    "es.nie": (9,), "ec.ci": (10,), "do.cedula": (11,), "ar.cuit": (11,), "pt.cc": (12,), "kr.rrn": (13,),
    "de.idnr": (11,), "at.vnr": (10,), "dk.cpr": (10,),
}  # fmt: skip
_SEPARATORS = re.compile(r"[ \t./()-]")


def checks(token: str, names: tuple[str, ...] | list[str]) -> bool:
    """Whether the token is a valid number of one of the stdnum modules `names`."""
    compact = _SEPARATORS.sub("", token).upper()
    return any(len(compact) in _LENGTHS.get(name, ()) and _validator(name)(token) for name in names)


def _digits(token: str) -> int:
    return sum(c.isdigit() for c in token)


# A country's name or its people's before an identity word: "Rwandan ID", "Bhutanese CID", "Zambian NRC", "Jamaican
# TRN", "Armenian social card number". The word is checked against libphonenumber's country names, so no list of
# nationalities is kept here; the acronyms that are also other things (CID, NRC, TRN, CIN) count only after one.
_NATION_LABEL = re.compile(
    r"(?<![\w-])(?P<nation>[A-Z][a-zà-ÿ]{3,})[ \t]+(?:(?i:national|civil|personal|citizen(?:ship)?|social)[ \t]+)?"
    # the kind: an identity word, an acronym with ID in it (NIDA, IDNP), a system's own name before ID ("Fayda ID")
    r"(?:(?:[A-Z][a-z]{2,12}[ \t]+)?ID|NID|CID|NIC|NRC|TRN|RRN|CIN|CNI|[A-Z]{0,3}ID[A-Z]{0,3}|"
    # any other acronym of the country's own (EMBG, IIN, PINFL, NUIT, FNPF, IC) but a hospital's or a health card's,
    # or one native word ("Omang") but an institution's
    r"(?!(?:MRN|NHS|PHN|CHI|URN|UR|HCN|HSN|OHIP|MCP|NHI|EHR|EMR|RIS|PACS|CT|MRI|MR|US|PET|ED|ICU|GP|ER)(?![\w]))[A-Z]{2,6}|"
    r"(?!(?:Hospital|Clinic|Health|Medical|Medicare|Insurance|University|Airways|Post|Army|Navy|Red|Embassy|"
    r"Ministry|Centre|Center|Institute|Trust|Board|Ref|Reference|Case|File|Study|Trial|Registry)(?![\w]))[A-Z][a-z]{3,12}|"
    r"(?i:identity|identification|card|citizenship|social[ \t]+security(?:[ \t]+(?:card|ID))?|register|registration|"
    r"provident[ \t]+fund|tax(?:payer)?))(?![\w])"
    + _NUMBER_WORD
    + r"(?:[ \t]*\([^)\n]{1,20}\))?[ \t]*(?:is[ \t]+|was[ \t]+)?[:#=|-]?[ \t]*$"
)
_DEMONYM_ENDINGS = ("ians", "ian", "ans", "an", "ese", "ish", "i", "n")


@functools.cache
def _country_words() -> tuple[frozenset[str], frozenset[str]]:
    """Country names (English and Spanish, from libphonenumber's locale data) and their words' prefixes of four
    letters or more: what a people's name stands on ("Rwand-an", "Bhutan-ese", "Ukrain-ian", "Bangladesh-i")."""
    from phonenumbers.geodata.locale import LOCALE_DATA

    names: set[str] = set()
    for data in LOCALE_DATA.values():
        for lang in ("aa", "en", "es"):
            name = data.get(lang, "")
            while name.startswith("*"):
                name = data.get(name[1:], "")
            names.update(name.split())
    prefixes = {word[:n] for word in names for n in range(4, len(word) + 1)}
    return frozenset(names), frozenset(prefixes)


def is_nation(word: str) -> bool:
    """Whether a capitalised word is a country's name or its people's."""
    names, prefixes = _country_words()
    if word in names or word + "stan" in names or word + "istan" in names:  # Kazakh, Uzbek, Afghan, Turkmen
        return True
    if word.endswith("ican") and word[:-4] + "ique" in names:  # Mozambican, Martinican
        return True
    return any(word.endswith(end) and len(word) - len(end) >= 4 and word[: -len(end)] in prefixes for end in _DEMONYM_ENDINGS)


_CI_SHAPE = re.compile(r"\d{1,2}\.\d{3}\.\d{3}(?:-\d)?|\d{7,10}")


def strong_ids(line: str) -> list[tuple[int, int]]:
    """(start, end) of each number under its system's own name: a token of six digits or more (teaching text invents
    numbers, so the check is not asked for). The tokens are found first, then a label is looked for before each
    (a token may begin with the label's capitals: "BSN 123456782")."""
    found = []
    for m in _STRONG_TOKENS.finditer(line):
        token = m.group(1)
        digits = _digits(token)
        # under a people's label, letters and digits of seven or more with four digits (Azerbaijan's FIN)
        mixed = 4 <= digits < 6 and len(_SEPARATORS.sub("", token)) >= 7
        if digits < 6 and not mixed:
            continue
        starts = [m.start(1)] + [m.start(1) + i + 1 for i, c in enumerate(token) if c in " \t" and token[:i].isalpha()]
        for start in starts:
            label = None if mixed else _STRONG.search(line, max(0, start - 64), start)
            if label is None:
                nation = _NATION_LABEL.search(line, max(0, start - 64), start)
                if nation is not None and is_nation(nation.group("nation")):
                    found.append((nation.start(), m.end(1)))
                    break
            if label is None or (label.group(0).startswith("CI") and not _CI_SHAPE.fullmatch(line, start, m.end(1))):
                continue
            found.append((label.start(), m.end(1)))
            break
    return found


def checked_ids(line: str) -> list[tuple[int, int]]:
    """(start, end) of each token that passes a national number's check, under a weak label or by its shape alone."""
    found = []
    for m in _SELF_EVIDENT.finditer(line):
        kind = m.lastgroup
        name = _SELF_EVIDENT_CHECKS[kind] if kind else ""
        own = _OWN_CHECKS.get(name)
        if own(m.group(0)) if own else checks(m.group(0), (name,)):
            found.append((m.start(), m.end()))
    nationality: bool | None = None
    for m in _WEAK_TOKEN.finditer(line):
        token = m.group(1)
        if _digits(token) < 8 or any(s <= m.start() < e for s, e in found):
            continue
        labelled = _WEAK_LABEL.search(line, max(0, m.start() - 40), m.start()) is not None
        if not labelled:
            if nationality is None:
                nationality = _NATIONALITY.search(line) is not None
            labelled = nationality
        if labelled and checks(token, _WEAK_CHECKS):
            found.append((m.start(1), m.end(1)))
    return found
