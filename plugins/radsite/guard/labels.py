"""Numbers found by the shape of their label, not by a list of systems: "<words> number/no./#/ID: <token>".

Every round's held-out set brought systems the rules did not know (a facility's resident number, RIS,
PAS and EMIS numbers, a triage, specimen or booking number, a visa application or an employee ID). What
they share is their shape: one to three label words, a number word, and a token with five digits or
more. Such a token under such a label is someone's identifier unless the label names a thing that is no
person's (a catalogue, a grant, a protocol version, a phone line: those have their own rules or none).
The label's words also give the kind: a payer's, an employer's or an agency's number is an account,
anything else a record number. A hit starts at the number word, so a specific rule's longer hit (an
SSN's, a health card's) that starts at the label wins over this one.
"""

from __future__ import annotations

import re

# The number word, then the token: capitals, digits and separators, at least one digit
_LABELLED = re.compile(
    r"(?:\b(?:number|numbers|no\.?|num|nr|ID|ref|reference)\b\.?|\bn\.[ºo°]\b\.?|#)[ \t]*(?:is[ \t]+)?"
    # a place between the number word and the number: "DHB number at Waikato 4471882"
    r"(?:(?:at|of|from)[ \t]+(?-i:[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)[ \t]*)?[:#=]?[ \t]*"
    r"(?=[A-Z/-]*\d)([A-Z0-9](?:[A-Z0-9/-]|[ \t](?=\d)|\.(?=\d{3}))*[A-Z0-9])(?![\w.,]\d)",
    re.IGNORECASE,
)
_SA_ID = re.compile(r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[ \t]?\d{4}[ \t]?[012]\d{2}")
_WORDS = re.compile(r"(?:[^\W\d_]|&)+(?:['’]s)?")
# Words that end a label looking back: what stands between two sentences' words is no label
_FUNCTION = frozenset(
    "the a an his her their its our your my this that these those on in of for with and or to from at by is was "
    "as new old same other first second last whose which".split()
)
# Labels of things that are no person's: their numbers pass (or another rule reports them)
_NOT_A_PERSONS = frozenset(
    "catalogue catalog cat grant isbn issn doi pmid pmcid version protocol room page pages figure fig table lot batch "
    "part model product item reference trial study nct orcid award project ethics approval irb rec course edition "
    "volume vol issue standard guideline guidelines section form step level slice series image images frame slide "
    "case's phone telephone tel mobile mob cell fax pager contact landline whatsapp helpline extension ext line home work "
    "best day night office direct daytime evening alternate alt ss soc sec security social eudract clinicaltrials gov "
    "callback call back sms text ring reach "
    "isrctn anzctr actrn umin "
    "charity company registered vat abn gst ods ccg bed ward theatre bay room door unit's code zip postcode "
    "serial device implant pump pacemaker postal po box flight train bus route platform seat size gauge "
    "chapter paragraph clause rule regulation act bill "
    # a product's or a substance's code system: ATC, CAS, NDC, GTIN... ("its CAS number is 66108-95-0")
    "cas casrn ndc atc unii gtin upc ean rxnorm cui pubchem cid chebi drugbank hcpcs loinc snomed cpt radlex omim "
    "dbsnp genbank udi jan pzn upn asin isan "
    # a regulator's number is a product's, a recall's or a safety notice's: FDA, MHRA, TGA, EMA, AEMPS, ANVISA...
    "fda mhra tga ema aemps ansm bfarm swissmedic anvisa cofepris pmda hsa sahpra fsn fsca".split()
)
# A relative's word: their number is a phone's
_RELATIVES = frozenset(
    "relative daughter son wife husband mother father mum mom dad sister brother partner carer guardian friend "
    "neighbour neighbor niece nephew aunt uncle cousin grandson granddaughter fiancé fiancée spouse".split()
)
# Labels of a payer, an employer or an agency: an account number
_ACCOUNT = frozenset(
    "aid insurance insurer claim claims member membership policy plan scheme fund card staff employee employer "
    "payroll police report crime incident visa permit tax benefit benefits pension bank customer "
    "subscriber beneficiary centrelink dva acc worksafe workcover licence license passport sponsor tricare ndis "
    "enrollment enrolment tribal auth authorisation authorization preauth precert funding account bsb routing iban "
    # a complaint's or an incident's system: its reference is a case of the organisation's, not a record number
    "complaint complaints pals datix ulysses cheque check "
    # an insurer's own name as the label: "Blue Cross ID XJH447188201", "Bupa 44718821", "Aetna member 4471882"
    "cross shield bupa medibank hcf nib vhi laya aetna cigna humana anthem kaiser unitedhealthcare optum wellcare "
    "sanitas adeslas mapfre dkv asisa axa allianz generali aviva".split()
)


# A label with no number word before a token of eight digits or more: "Bupa membership 44718821", "CHI: 150385 4471",
# "Póliza Sanitas 447188-21". The label's first word has a capital, or a word of the label is a record's or an account's.
_BARE = re.compile(
    r"(?<![\w./-])(?=(?:[A-Z]{2,4}[ \t]|[A-Z]{1,4}-)?\d)"
    r"([A-Z0-9](?:[A-Z0-9/-]|[ \t](?=\d)|\.(?=\d{3}(?!\d)))*[A-Z0-9])(?![\w.,]\d|\w)"
)
# What a bare label's token must not be: a date ("DOB: 1939-07-04", "F. nac.: 04-11-1962"), a law's number and year
# and an FDA recall's number by its shape: its centre's letter, a sequence and the year ("Z-1447-2025")
_BARE_TOKEN_NOT = re.compile(r"\d{4}([-/.])\d{1,2}\1\d{1,2}|\d{1,2}([-/.])\d{1,2}\2\d{2,4}|\d{1,4}/(?:19|20)\d\d|"
                             r"[BDFVZ]-\d{3,4}-(?:19|20)\d\d")
_ACRONYM = re.compile(r"[A-Z]{2,5}")
# a date's own label before it is no record's token: "LMP 02/03/2025", "FUR 02/03/2025"
_OWN_ACRONYM = re.compile(r"^[A-Z]{2,4}[ \t]+(?=\d)")
_LEADING_ACRONYM = re.compile(r"[A-Z]{2,5}(?=[ \t]\d)")  # "HSN 447 188 210": the token begins with its own label
_EIGHT = re.compile(r"\d(?:[ \t./-]?\d){7}")  # what a bare label's token needs: eight digits, single separators
_BARE_SEP = re.compile(r"(?<=[^\W\d_])[ \t]*[:#=|]?[ \t]*$")
_BARE_NOUNS = frozenset(
    "record records chart file case episode encounter visit membership member policy account claim "
    "historia expediente episodio póliza poliza siniestro afiliado".split()
)
# A person's or a phone's word before a number ("Daughter: 0044 7700 900 212"), code systems and counts
_BARE_NOT = frozenset(
    "daughter son wife husband mother father mum mom dad sister brother kin nok family parent parents carer friend "
    "partner guardian neighbour neighbor granddaughter grandson whānau whanau hija hijo esposa esposo madre padre "
    "familiar teléfono telefono llamar snomed loinc icd cpt radlex mesh rxnorm ndc gmdn prospero crd firmware "
    "software build total population sample dose doses between from to and or en el al colegiado colegiada "
    # a standard's body: "IEC 60601-2-44", "ISO 13485", "EN 1041"
    "iec iso en bs din astm ansi nema aami ieee une "
    # a date's or a phone's label, a verb: the number is a date's, a phone's or a count
    "date dob birth born naissance nacimiento nac fecha ingreso alta estudio exam scan admitted discharged performed "
    "updated actualizado actualización publicación text call ring ph tel telefon telephone phone mobile móvil movil "
    "celular cel fax localizable whatsapp see".split()
)

# Spanish puts the label after the number word: "Nº de expediente electrónico: E-0044718", "Código de paciente 0044"
# (NFKC has made "nº" "no"), "Folio 2025-004471"
_LABELLED_ES = re.compile(
    r"(?:\b(?:n[uú]mero|n[uú]m\.|nro\.?|c[oó]digo|folio)|\bn\.?[ºo°]\.?)((?:[ \t]+(?:de|del|la|el|los)\b)*"
    r"(?:[ \t]+(?:(?:de|del|la|el|los|las|al)\b|[a-záéíóúñü]{2,})){0,6}?(?:[ \t]+[A-Z]{2,6})?)[ \t]*[:#]?[ \t]*"
    r"(?=[A-Z/-]*\d)([A-Z0-9](?:[A-Z0-9/-]|[ \t](?=\d)|\.(?=\d{3}))*[A-Z0-9])(?![\w.,]\d)",
    re.IGNORECASE,
)
_NOT_A_PERSONS_ES = frozenset(
    "protocolo versión version sala página pagina teléfono telefono tel móvil movil celular contacto serie lote catálogo "
    "catalogo referencia ley decreto artículo articulo habitación habitacion cama planta consulta boe revista volumen "
    "isbn issn doi pmid pmcid pmc nct isrctn orcid tel fax mob cel ph abn".split()
)
# a civil servants' mutual (MUFACE, ISFAS, MUGEJU) is an insurer; a driving licence is an account as a passport is
_ACCOUNT_ES = frozenset("póliza poliza seguro afiliado asegurado cuenta factura mutua tarjeta siniestro aseguradora "
                        "afiliación afiliacion muface isfas mugeju conducir conducción conduccion".split())
# A health card's words make it a record number, not an account ("Tarjeta sanitaria: MDRD 447188 2100"), unless
# an insurer's words say it is a plan's
_HEALTH = frozenset("health sanitaria sanitario salud nhis nhi nhia phn hcn".split())
_INSURED = frozenset(
    "insurance insurer plan policy member membership private seguro póliza poliza aseguradora mutua privada privado".split()
)
_ARTICLES_ES = frozenset("de del la el los las al".split())
_SSN_ES = frozenset("afiliación afiliacion seguridad social imss nss nuss".split())


def _spanish(line: str) -> list[tuple[str, int, int, int, bool]]:
    """The Spanish order: "número de <label>: <token>"."""
    found: list[tuple[str, int, int, int, bool]] = []
    for m in _LABELLED_ES.finditer(line):
        words = [w.lower() for w in m.group(1).split() if w.lower() not in _ARTICLES_ES]
        if sum(c.isdigit() for c in m.group(2)) < 5 or any(w in _NOT_A_PERSONS_ES for w in words):
            continue
        if not words and m.group(0)[:1].lower() not in "cf":  # a bare "nº 12345" names nothing; "Folio", "Código" do
            continue
        kind = "ssn" if any(w in _SSN_ES for w in words) else "account" if any(w in _ACCOUNT_ES for w in words) else "mrn"
        kind = _kind(words, kind) if kind != "ssn" else kind
        found.append((kind, m.start(), m.end(2), m.start(), True))
    return found


def labelled_numbers(line: str) -> list[tuple[str, int, int, int, bool]]:
    """(category, start, end, label start, firm) of each token with five digits or more after a label of one to
    three words and a number word, or eight digits or more after a label alone; `firm` when the label may take
    the number from a phone's shape."""
    found: list[tuple[str, int, int, int, bool]] = []
    for m in _LABELLED.finditer(line):
        token = m.group(1)
        if sum(c.isdigit() for c in token) < 5:
            continue
        label = _label(line, m.start())
        if label is None:
            continue
        kept, label_start = label
        if m.group(0)[:9].lower() == "reference" and not any(w in _ACCOUNT or w in _BARE_NOUNS for w in kept):
            continue  # "reference" names a person's number only after a claim's, an employer's or a record's word
        category = _kind(kept, "account" if any(w in _ACCOUNT or w in _ACCOUNT_ES for w in kept) else "mrn")
        if _SA_ID.fullmatch(token):  # thirteen digits from a date of birth: South Africa's identity number
            category = "ssn"
        found.append((category, m.start(), m.end(1), label_start, True))
    found += _spanish(line)
    for m in _BARE.finditer(line) if _EIGHT.search(line) else ():
        if (sum(c.isdigit() for c in m.group(1)) < 8 or any(s <= m.start() < e for _, s, e, _, _ in found)
                or _BARE_TOKEN_NOT.fullmatch(_OWN_ACRONYM.sub("", m.group(1)))):  # fmt: skip
            continue
        before = line[max(0, m.start() - 48) : m.start()]
        sep = _BARE_SEP.search(before)
        label = None if sep is None else _label(line, m.start() - len(sep.group(0)))
        own = _LEADING_ACRONYM.match(line, m.start())
        # the acronym before the digits is the label ("HSN 447 188 210"); a standard's parts have hyphens (IEC 60601-2-44)
        if label is None and own is not None and "-" not in m.group(1):
            label = _label(line, own.end())
            own_number = own.group(0).endswith(("N", "ID"))  # "HCN 448 812 0099": a "... number" of a system
        else:
            own_number = False
        if label is None:
            continue
        kept, label_start = label
        first = line[label_start : label_start + 1]
        nouns = any(w in _BARE_NOUNS for w in kept)
        if any(w in _BARE_NOT or w in _NOT_A_PERSONS_ES for w in kept) or not (first.isupper() or nouns):
            continue
        category = _kind(kept, "account" if any(w in _ACCOUNT or w in _ACCOUNT_ES for w in kept) else "mrn")
        # a phone's shape gives way only to a label that names a system: a record's or a payer's noun, an acronym
        firm = nouns or category == "account" or own_number or _ACRONYM.search(line, label_start, m.start()) is not None
        found.append((category, label_start, m.end(1), label_start, firm))
    return found


def _kind(words: list[str], category: str) -> str:
    """A health card's number is a record number, whatever card word it has, unless an insurer's word is there too."""
    if any(w in _HEALTH for w in words) and not any(w in _INSURED for w in words):
        return "mrn"
    return category


def _label(line: str, end: int) -> tuple[list[str], int] | None:
    """The one to three label words that end at `end` (lower case, leftmost last) and where they start, or None
    where they are no label: a sentence's words, a thing that is no person's, a possessive alone."""
    words = list(_WORDS.finditer(line, max(0, end - 40), end))[-3:]
    if words and any(c.isdigit() or c == ";" for c in line[words[-1].end() : end]):
        return None  # a number or a clause's end between the words and the number: "LOT 25A0447 expires 2027-03; REF"
    label = [w.group(0).lower() for w in words]
    while label and label[0] in _FUNCTION:
        label.pop(0)
    if "is" in label or "was" in label:  # "her number is": a phone's label, not a record's
        return None
    kept: list[str] = []
    for word in reversed(label):  # the words right before the number word, up to a function word
        if word in _FUNCTION:
            break
        kept.append(word)
    if not kept or any(w in _NOT_A_PERSONS for w in kept) or (len(kept) == 1 and kept[0].endswith(("'s", "’s"))):
        return None
    if any(w.endswith(("'s", "’s")) and w[:-2] in _RELATIVES for w in kept):  # "relative's number": a phone's label
        return None
    return kept, words[len(words) - len(kept)].start()
