"""PHI guard, DICOM refusal and image metadata: on labelled text, through `radsite check` and real builds."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from conftest import Project
from radsite.guard.images import is_dicom
from radsite.guard.normalise import normalise, plain
from radsite.guard.phi import ALL, Hit, needs_present, scan_line, scan_text
from radsite.guard.phones import phone_spans
from radsite.guard.rules import DATE_GATE, NAME_HINTS, RULES, initial_names, patient_dates

CORPUS = Path(__file__).parent / "data" / "phi_corpus.txt"
# Written after the rules were tuned on CORPUS, in other styles, and never tuned on: its figures are
# the honest estimate of how the guard does on text it has not seen.
HOLDOUT = Path(__file__).parent / "data" / "phi_holdout.txt"
NAME_RULES = [rule for rule in RULES if rule.category == "name"]
FORMAT = re.compile(r"^(?P<path>\S+?):(?P<line>\d+):(?P<col>\d+): error: \[phi-(?P<cat>[a-z]+)\] .+ phi-ok: why -->$")


def labelled(path: Path = CORPUS) -> list[tuple[str, str]]:
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.startswith("#"):
            label, text = (part.strip() for part in raw.split("|", 1))
            rows.append((label, text))
    return rows


def figures(rows: list[tuple[str, str]], name: str) -> tuple[float, float]:
    """Recall (labelled identifiers found with their category) and precision (hits that are right)."""
    positives = [(label, text) for label, text in rows if label != "clean"]
    clean = [text for label, text in rows if label == "clean"]
    true_pos = false_neg = false_pos = 0
    misses, false_alarms = [], []
    for label, text in positives:
        hits = scan_line(text)
        if any(h.category == label for h in hits):
            true_pos += 1
        else:
            false_neg += 1
            misses.append((label, text))
        false_pos += sum(h.category != label for h in hits)
        false_alarms += [(h.category, text) for h in hits if h.category != label]
    for text in clean:
        hits = scan_line(text)
        false_pos += len(hits)
        false_alarms += [(h.category, text) for h in hits]
    recall = true_pos / (true_pos + false_neg)
    precision = true_pos / (true_pos + false_pos)
    print(f"\nPHI guard on {name}: {len(positives)} identifiers and {len(clean)} clean lines: "
          f"recall {recall:.1%}, precision {precision:.1%}")  # fmt: skip
    for label, text in misses:
        print(f"  missed [{label}] {text}")
    for category, text in false_alarms:
        print(f"  false alarm [{category}] {text}")
    return recall, precision


def test_labelled_corpus_recall_and_precision() -> None:
    rows = labelled()
    assert len(rows) >= 400
    assert sum(label != "clean" for label, _ in rows) >= 200 and sum(label == "clean" for label, _ in rows) >= 200
    assert {label for label, _ in rows if label != "clean"} == ALL  # every category has instances
    recall, precision = figures(rows, "the corpus")
    assert recall >= 0.98
    assert precision >= 0.90


def test_held_out_lines_recall_and_precision() -> None:
    """Floors at what the guard honestly reached on the held-out lines (bench/README-privacy.md)."""
    rows = labelled(HOLDOUT)
    assert len(rows) >= 120
    assert not {text for _, text in rows} & {text for _, text in labelled()}  # no line shared with the corpus
    recall, precision = figures(rows, "the held-out lines")
    assert recall >= HOLDOUT_RECALL_FLOOR
    assert precision >= HOLDOUT_PRECISION_FLOOR


# What the guard honestly reached on first contact with the final held-out set (set 30: recall 93.5%,
# precision 97.1%). Sets 1 to 29 had 74.2%, 73.3%, 87.5%, 66.7%, 78.6%, 79.1%, 70.1%, 89.0%, 93.2%, 94.2%,
# 89.7%, 65.3%, 83.8%, 90.0%, 85.9%, 69.1%, 82.8%, 75.7%, 92.1%, 77.1%, 77.6%, 84.9%, 88.6%, 96.5%, 92.5%, 100%,
# 81.5%, 89.7% and 89.9% recall (82 to 100% precision) before they became training data. Sets 27 and 29 (written
# before their round's code changes, set 29 by a hand that had not read the guard) are the fairer estimate for
# unseen text (bench/README-privacy.md).
HOLDOUT_RECALL_FLOOR = 0.93
HOLDOUT_PRECISION_FLOOR = 0.97


def test_a_rule_gate_never_rejects_a_line_its_patterns_would_match() -> None:
    """The gates only save time: on every labelled line, and on variants in other letter cases, a
    rule whose gate rejects the line has no match there."""
    lines = [text for _, text in labelled()] + [line for _, line, _ in NEW_KINDS] + [line for line, _ in DISGUISED]
    lines += [variant for text in lines for variant in (text.upper(), text.lower(), text.title())]
    for text in lines:
        lower = text.lower()
        for rule in RULES:
            if rule.gate is not None and not rule.gate.search(lower):
                assert rule.pattern.search(text) is None, (rule.category, text)
        if not DATE_GATE.search(lower):
            assert patient_dates(text) == [], text
        if not any(hint in text for hint in NAME_HINTS) and "year" not in text:
            assert all(rule.pattern.search(text) is None for rule in NAME_RULES if rule.needs == "name"), text
        present = needs_present(text)
        for rule in RULES:
            if not present[rule.needs]:
                assert rule.pattern.search(text) is None, (rule.category, rule.needs, text)
        if not present["initials"]:
            assert initial_names(text) == [], text
        if plain(text):  # read as written: no label with periods that normalise would rewrite
            assert normalise(text).text == text, text


# --- The kinds the first guard missed, one test each ------------------------------------------------

NEW_KINDS = [
    ("name", "The patient, Rhodri Pryce, presented with a swollen calf.", "Rhodri"),
    ("name", "Baby girl Achebe had an abdominal film for distension.", "Achebe"),
    ("name", "infant boy of Lindqvist was scanned on day one.", "Lindqvist"),
    ("name", "T. J. Oyelaran was referred for a barium swallow.", "Oyelaran"),
    ("mrn", "Acc: 60718293 on the key image.", "60718293"),
    ("mrn", "Acc # 5512934 in the corner.", "5512934"),
    ("mrn", "ACN 81726354 was burned into the secondary capture.", "81726354"),
    ("mrn", "Hospital ID 7781920 was on the wristband photo.", "7781920"),
    ("mrn", "NHS number 401 023 2137 was on the letter.", "401 023 2137"),
    ("ssn", "The jacket showed 612 48 9071 under the name.", "612 48 9071"),
    ("phone", "Ring her on 020 7946 0112 after the scan.", "020 7946 0112"),
    ("phone", "The family's number is (03) 9876 1234.", "9876 1234"),
    ("phone", "Text the father on 0412 987 654.", "0412 987 654"),
    ("account", "Licence plate LK68 WXR was in the collision report.", "LK68 WXR"),
    ("account", "The plate number 4TRK829 was in the police narrative.", "4TRK829"),
    ("account", "VIN 2T1BURHE5JC987654 was in the photograph.", "2T1BURHE5JC987654"),
    ("address", "She lives near EC1A 1BB and walks to work.", "EC1A 1BB"),
    ("address", "Home postal code: T2P 1J9.", "T2P 1J9"),
    ("uid", "The study was 1.2.840.113619.2.55.3.2831164356.781.1712311288.467.", "1.2.840.113619"),
    ("url", "The old workstation was 10.44.2.19.", "10.44.2.19"),
    # Spanish (issue 21)
    ("name", "La Sra. Fernández acudió por dolor abdominal.", "Fernández"),
    ("name", "El paciente Julián Etxeberria refiere tos.", "Etxeberria"),
    ("mrn", "Historia clínica n.º 0048213 en la cabecera.", "0048213"),
    ("mrn", "N.º de historia: 7718234", "7718234"),
    ("date", "Fecha de nacimiento: 3 de mayo de 1950.", "1950"),
    ("phone", "Teléfono de contacto 612 345 987.", "612 345 987"),
    ("phone", "Llamar a la hija al 91 555 23 41.", "91 555 23 41"),
    # The name recogniser (guard/names.py): a listed first name and a surname, with no title or label
    ("name", "Hi Jordan Whitaker, your MRI is booked.", "Whitaker"),
    ("name", "His wife, Margaret Oyelowo, stayed during the MRI.", "Oyelowo"),
    ("name", "Discharge summary - Tyrone Jackson was admitted with pancreatitis.", "Jackson"),
    ("name", "We scanned Nicolás Ferreyra's knee twice.", "Ferreyra"),  # accents folded for the list
    ("name", "Interpreter booked for Kenji Watanabe (Japanese).", "Watanabe"),  # the hand-written list
    ("name", "Report for: Beaulieu, Marie-Claude", "Beaulieu"),  # surname first under a label
    ("name", "Seen today with her partner Deborah.", "Deborah"),  # a relative's first name after the cue
    ("name", "Dear Maureen, your results are normal.", "Maureen"),
    ("name", "Request from the family: please call Bartholomew Quigley's carer.", "Quigley"),
    ("name", "so this lady, Abebech Tesfaye, comes in with pain", "Tesfaye"),  # unlisted, after 'lady'
    ("name", "Surname BRENNAN, forename ISLA on the request.", "BRENNAN"),
    ("name", "Form export: First=Duncan | Last=Macaulay | Sex=M", "Duncan"),
    # other countries' identifiers, labelled and not
    ("mrn", "Pt ID: 00719283", "00719283"),
    ("mrn", "UR 0082917", "0082917"),
    ("mrn", "PhilHealth no. 12-345678901-2 on the form.", "12-345678901-2"),
    ("account", "Medicare card 2123 45670 1 on the Australian form.", "2123 45670 1"),
    ("account", "MBI 1EG4-TE5-MK73", "1EG4-TE5-MK73"),  # a Medicare Beneficiary Identifier by its shape
    ("account", "Passport no. K1234567 (Indian) on file.", "K1234567"),
    ("account", "Driving licence: MORGA753116SM9IJ", "MORGA753116SM9IJ"),
    ("account", "DL# D1234-56789-01234 (Ontario)", "D1234-56789-01234"),
    ("account", "Claim: CLM-2024-118273", "CLM-2024-118273"),
    ("ssn", "RRN 900101-1234567 on the Korean referral.", "900101-1234567"),
    ("ssn", "My Number 1234 5678 9012 was on the Japanese form.", "1234 5678 9012"),
    ("ssn", "Her NI number is JG 10 37 45 B.", "JG 10 37 45 B"),
    ("phone", "010-1234-5678 is the mother's mobile.", "010-1234-5678"),
    ("address", "〒100-0001 Tokyo, Chiyoda-ku, Chiyoda 1-1", "100-0001"),
    ("address", "12 Gangnam-daero, Seoul 06236", "Gangnam-daero"),
    ("address", "PO Box 4471, Johannesburg 2000", "4471"),
    ("date", "admitted 2024年3月5日", "2024"),
    ("date", "D/C date: 05/06/2024", "05/06/2024"),
    ("age", "Age/sex: 93/M", "93"),
    ("age", "a woman of 98", "98"),
    # names by position (guard/name_positions.py): words no English word list holds, where a person stands
    ("name", "Vilius Kazlauskas attended for a repeat ultrasound.", "Kazlauskas"),  # a patient's verb
    ("name", "Sokha Chhim (41 y) is booked for a liver MRI.", "Chhim"),  # before an age
    ("name", "Peer review: the nodule in Ratu Vuniwai's chest film was missed.", "Vuniwai"),  # a possessive
    ("name", "Dear Mirwais Popal, your appointment has moved.", "Popal"),  # a greeting
    ("name", "Hi Rojin, just confirming your ultrasound.", "Rojin"),  # one unlisted word after a greeting
    ("name", "Referral letter re: Nurul Aisyah binti Rahman, thyroid nodule.", "Aisyah"),  # a particle inside
    ("name", "ICU flowsheet: Bat-Erdene Ganbold, intubated.", "Ganbold"),  # a label; a hyphenated name
    ("name", "Bed 12: SANDHU, Gurpreet - CT head post fall.", "SANDHU"),  # surname in capitals first
    ("name", "Sports report: Tavita Faleolo sustained a hamstring tear.", "Faleolo"),  # first name from the SSA list
    # labels read without their periods (normalise.py), whatever the spelling
    ("mrn", "Med. rec. no. 4471-2281 on the worklist.", "4471-2281"),
    ("mrn", "M.R.N.: 00718294 (printed on the label)", "00718294"),
    ("mrn", "M. R. No. 4471-882 is printed on the wristband.", "4471-882"),
    ("mrn", "U.R. No. 0092817 is on the request form.", "0092817"),
    ("mrn", "Acc.No. 20241182736", "20241182736"),
    ("mrn", "CR#: 0009918273 printed on the cassette label.", "0009918273"),
    ("account", "Status card no. 0123456789 was photocopied.", "0123456789"),
    # national identity numbers by their own structure and check digits (national_ids.py, python-stdnum)
    ("ssn", "Sofinummer 111222333 op de verwijzing.", "111222333"),  # the system's own name
    ("ssn", "Her identity card shows 92031512342 (the check holds).", "92031512342"),  # a weak label and a PESEL's check
    ("ssn", "Copied from the card: 640823-3234, Swedish.", "640823-3234"),  # a nationality on the line, Luhn
    ("ssn", "RSSMRA85T10A562S was on the letter.", "RSSMRA85T10A562S"),  # a codice fiscale shows what it is
    ("ssn", "Her HKID G123456(A) was on the consent.", "G123456(A)"),
    # labels without a number word before eight digits or more (labels.py); 00 as the international prefix
    ("account", "AXA PPP membership 44718821 on the claim form.", "44718821"),
    ("mrn", "Hospital record 0447-1882 on the packet.", "0447-1882"),
    ("phone", "Her brother: 0049 151 2345 6789", "0049 151 2345 6789"),
    # streets and postcodes of other countries
    ("address", "Lives at Prinsengracht 263, Amsterdam.", "Prinsengracht 263"),
    ("address", "Flat 3, MG Road, Pune - 411001", "411001"),
    ("address", "Via Garibaldi 14, Torino", "Via Garibaldi 14"),
]

# What the name recogniser must let pass: clinicians named as such, eponyms, people of history, places
# and institutions, first names that are words (Grace, Will, May) and surnames that are words.
NOT_PATIENT_NAMES = [
    "Dr Sarah Chen, consultant radiologist, wrote this case.",
    "Reviewed by Michael O'Brien, FRCR.",
    "Author: Prof. Anil Mehta, Department of Radiology.",
    "Charcot Marie Tooth disease affects peripheral nerves.",
    "Tommy John surgery is an ulnar collateral ligament reconstruction.",
    "The Austin Flint murmur is heard in aortic regurgitation.",
    "Marie Curie discovered polonium and radium.",
    "Christian Doppler described the effect in 1842.",
    "Chris Hani Baragwanath Hospital is in Soweto.",
    "42 Larkspur Way, Milton Keynes MK9 3BZ",
    "Austin Health runs the course in Melbourne.",
    "Grace period of 30 days for rescheduling.",
    "Will the scan hurt? No, an MRI is painless.",
    "May-Thurner anatomy with compression of the left common iliac vein.",
    "Victoria and New South Wales screen from age 50.",
    "Hi all, the rota for June is attached.",
    "Dear colleague, please find the protocol attached.",
    # what the position recogniser must let pass: staff lists, brands, places, procedures named after people
    "Authors: Sione Latu, Priya Raman, Tomas Ek.",
    "Sonographer: Lwazi Dlamini",
    "Philips Ingenia Elition is the 3T in room 2.",
    "Ivor Lewis oesophagectomy leaves an intrathoracic stomach.",
    "Kuala Lumpur hosted the Asian Oceanian Congress of Radiology.",
    "Address on file: 88 Rue Saint-Denis, Montréal, QC H2X 3K6",
    "Sister Mary Joseph nodule is a periumbilical metastasis.",
    "The Hounsfield unit scale was named after Godfrey Hounsfield.",
    "Wilhelm Conrad Röntgen discovered X-rays in 1895.",
    "Hi everyone, the MRI list is running late.",
    "El Dr. Iriarte presenta la sesión clínica del jueves.",
]


@pytest.mark.parametrize("line", NOT_PATIENT_NAMES)
def test_names_of_staff_eponyms_history_and_places_pass(line: str) -> None:
    assert [h for h in scan_line(line) if h.category == "name"] == [], line


@pytest.mark.parametrize(("category", "line", "value"), NEW_KINDS)
def test_each_new_kind_is_found_where_it_is(category: str, line: str, value: str) -> None:
    hits = [h for h in scan_line(line) if h.category == category]
    assert hits, line
    start = line.index(value)
    assert any(h.col - 1 <= start < h.col - 1 + len(h.text) for h in hits)  # the hit covers the identifier
    assert line[hits[0].col - 1 :].startswith(hits[0].text)  # text and column are the line's own


DISGUISED = [
    ("MRN&#58; 84736251 on the scout.", "MRN&#58; 84736251"),  # an entity for the colon
    ("MRN&colon; 84736251 on the scout.", "MRN&colon; 84736251"),
    ('"mrn": "84736251",', 'mrn": "84736251'),  # JSON
    ("<td>MRN</td><td>84736251</td>", "MRN</td><td>84736251"),  # an HTML table
    ("M\u200bR\u200cN 84736251 on the scout.", "M\u200bR\u200cN 84736251"),  # zero-width characters
    ("\u041cRN 84736251 on the scout.", "\u041cRN 84736251"),  # a Cyrillic capital M
    ("MRN \uff18\uff14\uff17\uff13\uff16\uff12 on the scout.", "MRN \uff18\uff14\uff17\uff13\uff16\uff12"),  # full width
    ("SS\u00adN 123-45-6789", "SS\u00adN 123-45-6789"),  # a soft hyphen
    ("Her son: 617&#8209;555&#8209;0143.", "617&#8209;555&#8209;0143"),  # non-breaking hyphens as entities
    ("Mrs\u00a0\u0412\u0435ll was seen.", "Mrs\u00a0\u0412\u0435ll"),  # no-break space, Cyrillic Ve and ie
    # Markdown's marks and inline HTML show as nothing: the reader sees one number, one name, one date
    ("MRN: **8473**6251 on the scout.", "MRN: **8473**6251"),
    ("MRN: `84736251` on the scout.", "MRN: `84736251"),
    ("MRN: ~~8473~~6251 on the scout.", "MRN: ~~8473~~6251"),
    ("Seen with *Martha* *Kowalczyk* today.", "Martha* *Kowalczyk"),
    ("DOB: 03/04/<span>1961</span> per the form.", "03/04/<span>1961"),
    ("MRN: [84736251](notes.md) on the scout.", "MRN: [84736251"),  # a link reads as its text
    ("MRN:<br>84736251 on the scout.", "MRN:<br>84736251"),  # a line break reads as a space
    ("Copied from the viewer: MRN%3A%2084736251 on the scout.", "MRN%3A%2084736251"),  # a URL's escapes
    ("Copied from the viewer: DOB%3A%2003%2F04%2F1961 per the form.", "03%2F04%2F1961"),
]


@pytest.mark.parametrize("prefix", ["", "Note &amp; ", "\u200b\u200b", "Caf\u00e9 \ufb01le: "])
@pytest.mark.parametrize(("line", "identifier"), DISGUISED)
def test_disguised_identifiers_are_found_at_their_column_in_the_original(line: str, identifier: str, prefix: str) -> None:
    """Entities, zero-width characters and look-alike letters before or inside the identifier: the
    column is the one an editor sees in the file, and the hit's text is the original's."""
    text = prefix + line
    hits = scan_line(text)
    assert len(hits) == 1, hits
    assert hits[0].col == text.index(identifier) + 1
    assert hits[0].text == identifier


@pytest.mark.parametrize("line", ["**Note:** the nodule is 12 mm.", "* 5 mg twice daily for 10 days",
                                  "*p* < 0.05 (2019)", "Run `mkdocs build` with version 1.6.1.", "A ~~6~~ 7 mm cyst.",
                                  "See __init__.py, line 12.", "See [the 2019 guideline](https://acr.org/x) [1].",
                                  "Line one<br/>line two: 12 mm.", "A 50%20 mix; 100%25 sure; dose down 20%.",
                                  "Download [the leaflet](files/CT%20head%20leaflet%202026.pdf)."])  # fmt: skip
def test_markdown_marks_removed_leave_clean_prose_clean(line: str) -> None:
    assert scan_line(line) == []


def test_normalise_maps_every_index_back_to_the_original() -> None:
    line = "a&#58;b\u200bc\ufb01d&amp;e\u2013f"
    norm = normalise(line)
    assert norm.text == "a:bcfid&e-f"
    starts = [norm.start(i) for i in range(len(norm.text))]
    assert [line[i] for i in starts] == ["a", "&", "b", "c", "\ufb01", "\ufb01", "d", "&", "e", "\u2013", "f"]
    assert norm.end(2) == line.index("&#58;") + len("&#58;")  # "a:" ends after the whole entity
    assert norm.end(len(norm.text)) == len(line)
    plain = "MRN 84736251, nothing to change"
    assert normalise(plain).text is plain  # ASCII without '&' is not copied


def test_label_periods_are_dropped_and_columns_kept() -> None:
    """A label's periods go, however it is spelt; a citation's p. and vol. stay (they mark a reference)."""
    assert normalise("Med. rec. no. 4471-2281").text == "Med rec no 4471-2281"
    assert normalise("M.R.N.: 0071").text == "MRN: 0071"
    assert normalise("Acc.No. 2024").text == "Acc No 2024"
    for citation in ["Radiology 2020, vol. 12, p. 34.", "See fig. 3 and no. 7."]:
        assert normalise(citation).text == citation
    line = "Seen. Med. rec. no. 4471-2281"
    hits = scan_line(line)
    assert [(h.category, h.col, h.text) for h in hits] == [("mrn", 7, "Med. rec. no. 4471-2281")]


def test_findings_never_carry_the_identifier() -> None:
    """CI logs can be public: a finding gives the column, the kind and a length, never the value."""
    body = "\n".join(line for _, line, _ in NEW_KINDS + [("mrn", line, "") for line, _ in DISGUISED])
    result = scan_text("content/cases/x.md", "---\ntitle: A case\n---\n" + body + "\n", "cases")
    assert len(result.findings) >= len(NEW_KINDS) + len(DISGUISED)
    for finding in result.findings:
        shown = finding.format().split(": ", 1)[1]  # after path:line:col, which may hold the same digits ("93")
        for _, _, value in NEW_KINDS:
            assert value not in shown, finding
        assert not re.search(r"\d{3}", finding.message.split(" characters)")[0]), finding  # no digits of it


@pytest.mark.parametrize(
    "line",
    [
        "The analyser printed 92031512340 on the rack.",  # no label, every check fails: no national number
        "RSSMRA85T10A562X in the catalogue.",  # a codice fiscale's shape whose check fails, no label
        "Sensitivity 94.3% (95% CI 91.2-96.5).",  # CI is a confidence interval, not Uruguay's CI
        "SNOMED CT 22298006 and LOINC 24627-2 code the findings.",  # code systems before eight digits
        "Published 2,345,678 times; ISSN 0033-8419.",
        "Call the main line between 0900 and 1700.",
    ],
)
def test_numbers_that_are_no_identity_numbers_pass(line: str) -> None:
    assert scan_line(line) == [], line


def test_phone_numbers_follow_the_configured_region() -> None:
    """The configured region's national form is found; other countries' only in +CC form or when they
    look like a national number with a trunk 0; doses, references and trial numbers never."""
    brazilian = "Ligue para (11) 98765-4321 amanhã."
    assert phone_spans(brazilian) == [] and phone_spans(brazilian, "BR") != []
    assert [h.category for h in scan_line(brazilian, region="BR")] == ["phone"]
    assert phone_spans("Call +55 11 98765-4321 tomorrow.") != []  # international form, any region
    for clean in ["Radiology. 2020;296(2):E32-E40. doi:10.1148/radiol.2020200642", "NCT04567890 enrolled 1240.",
                  "PMID: 31234567; PMCID: PMC7654321.", "ISBN 978-0-7020-4295-9", "pages 1123-1130",
                  "The DLP was 612 mGy·cm and the CTDIvol 12.4 mGy.", "Between 1990 and 2020, 12 345 scans."]:  # fmt: skip
        assert phone_spans(clean) == [], clean


def test_scan_line_keeps_its_hits_plain() -> None:
    assert scan_line("MRN 84736251") == [Hit("mrn", 1, "MRN 84736251")]


def test_check_reports_a_disguised_identifier_at_its_column_in_the_file(project: Project) -> None:
    project.write("news/disguised.md", "---\ntitle: A visit\nsummary: A visit.\ndate: 2026-11-01\n---\n"
                  "Thanks &amp; welcome: MRN&#58;\u200b 84736251, and baby boy Lindqvist.\n")  # fmt: skip
    run = project.check()
    assert run.returncode == 1
    assert "content/news/disguised.md:6:23: error: [phi-mrn]" in run.stdout, run.stdout
    assert "content/news/disguised.md:6:47: error: [phi-name]" in run.stdout, run.stdout
    assert "84736251" not in run.output and "Lindqvist" not in run.output


CASE_WITH_PHI = """---
title: Knee pain after a fall
summary: A knee radiograph after a fall.
date: 2026-11-01
modality: x-ray
body_systems: [musculoskeletal]
age: 45
sex: female
history: "Fell on 2024-03-12, patient seen in the ED the same day."
images:
  - src: images/twisting-knee-injury-mri.png
    alt: Frontal radiograph of the right knee.
difficulty: beginner
authors: [amara-okafor]
---
Mrs. Whitcombe fell on the ice.

Her MRN 84736251 is on the film. <!-- phi-ok: -->

The scanner serial SN: 4471-XA is in the corner. <!-- phi-ok: fictional demo value for the quiz -->
"""


def _case(project: Project, text: str = CASE_WITH_PHI, name: str = "phi-case") -> None:
    project.write(f"cases/{name}.md", text)


def test_check_reports_phi_with_line_column_and_category(project: Project) -> None:
    _case(project)
    project.write("news/phi-news.md", "---\ntitle: A visit\nsummary: A visit.\ndate: 2026-11-01\n---\n"
                  "Thanks to pt: J. Whitfield, who wrote to jwhit@example.com.\n")  # fmt: skip
    run = project.check()
    assert run.returncode == 1
    lines = [ln for ln in run.stdout.splitlines() if "[phi-" in ln and "[phi-ok]" not in ln]
    parsed = [FORMAT.match(ln) for ln in lines]
    assert all(parsed), lines
    found = {(m["path"], int(m["line"]), int(m["col"]), m["cat"]) for m in parsed if m}
    assert ("content/cases/phi-case.md", 9, 19, "date") in found  # history, in the front matter
    assert ("content/cases/phi-case.md", 16, 1, "name") in found
    assert ("content/news/phi-news.md", 6, 11, "name") in found
    assert ("content/news/phi-news.md", 6, 42, "email") in found
    # the line with an empty phi-ok is still an error, and the missing reason is one too
    assert ("content/cases/phi-case.md", 18, 5, "mrn") in found
    assert "content/cases/phi-case.md:18:34: error: [phi-ok] a phi-ok exception needs a reason" in run.stdout
    assert not any(m["line"] == "20" for m in parsed if m)  # excepted with a reason
    assert "84736251" not in run.output and "Whitcombe" not in run.output  # messages never repeat PHI


def test_profiles_and_trial_contacts_are_legitimate(project: Project) -> None:
    run = project.check()
    assert run.returncode == 0, run.output
    people = (project.content / "people/daniel-reyes.md").read_text(encoding="utf-8")
    assert "@" in people and "555-" in people  # the example profiles do carry staff contacts
    # the same contact line in a news post is PHI-like and reported
    project.write("news/contact.md", "---\ntitle: Hi\nsummary: Hi.\ndate: 2026-11-01\n---\n"
                  "Call Mr. Reyes on 617-555-0111.\n")  # fmt: skip
    run = project.check()
    assert "content/news/contact.md:6:6: error: [phi-name]" in run.stdout
    assert "content/news/contact.md:6:19: error: [phi-phone]" in run.stdout


def test_build_with_phi_stops_before_the_site_is_touched(project: Project) -> None:
    assert project.build().returncode == 0
    before = (project.site / "index.html").read_bytes()
    _case(project)
    run = project.build()
    assert run.returncode != 0
    assert "[phi-name]" in run.output and "nothing was built" in run.output
    assert (project.site / "index.html").read_bytes() == before


@pytest.mark.parametrize("name", ["glossary.yml", "glossary.es.yml"])
def test_a_glossary_definition_is_guarded_like_a_page(project: Project, name: str) -> None:
    """Every patient page shows the glossary's definitions (and the glossary page lists them)."""
    glossary = project.content / name
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text + "\n- term: opacity\n  definition: Seen on the scan of MRN 84736251 today.\n", encoding="utf-8")
    line = text.count("\n") + 3
    for run in (project.check(), project.build()):
        assert run.returncode == 1, run.output[-2000:]
        assert f"content/{name}:{line}:" in run.output and "[phi-mrn]" in run.output, run.output[-2000:]
        assert "84736251" not in run.output


def test_exceptions_are_listed_in_the_build_report(project: Project) -> None:
    text = (
        CASE_WITH_PHI.replace("Mrs. Whitcombe fell", "The patient fell")
        .replace("<!-- phi-ok: -->", "<!-- phi-ok: the number is the hospital's public test pattern -->")
        .replace('history: "Fell on 2024-03-12, patient seen in the ED the same day."', "history: Fell on the ice.")
    )
    _case(project, text)
    run = project.build()
    assert run.returncode == 0, run.output
    report = json.loads(project.report.read_text(encoding="utf-8"))
    assert {(e["path"], e["line"], e["reason"], tuple(e["categories"])) for e in report["phi_exceptions"]} == {
        ("content/cases/phi-case.md", 18, "the number is the hospital's public test pattern", ("mrn",)),
        ("content/cases/phi-case.md", 20, "fictional demo value for the quiz", ("device",)),
    }
    page = project.page("cases/phi-case")
    assert "phi-ok" not in page  # an HTML comment, never shown


def test_mistyped_answer_marker_is_an_error(project: Project) -> None:
    case = project.content / "cases/pediatric-abdominal-pain-ultrasound.md"
    case.write_text(case.read_text(encoding="utf-8").replace("<!-- answer -->", "<!-- answers -->"), encoding="utf-8")
    run = project.check()
    assert run.returncode == 1
    assert "content/cases/pediatric-abdominal-pain-ultrasound.md:34: error: [answer-marker]" in run.stdout


# --- DICOM and image metadata ---------------------------------------------------------------------


def pydicom_files() -> list[Path]:
    from pydicom.data import get_testdata_file

    names = ["CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "JPEG2000.dcm", "rtdose.dcm"]
    return [Path(get_testdata_file(name)) for name in names]


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_every_shipped_pydicom_file_with_a_preamble_is_recognised() -> None:
    from pydicom import dcmread
    from pydicom.data import get_testdata_file

    folder = Path(get_testdata_file("CT_small.dcm")).parent
    with_preamble = []
    for file in sorted(folder.glob("*.dcm")):
        try:
            preamble = dcmread(file, force=True, stop_before_pixels=True).preamble
        except Exception:  # a deliberately broken test file: pydicom cannot say
            continue
        if preamble is not None:
            with_preamble.append(file)
    assert len(with_preamble) > 50
    assert [f.name for f in with_preamble if not is_dicom(f)] == []
    assert not is_dicom(Path(__file__)) and not is_dicom(CORPUS)


def test_dicom_is_refused_whatever_its_extension(project: Project) -> None:
    for index, source in enumerate(pydicom_files()):
        name = f"scan-{index}.dcm" if index % 2 else f"scan-{index}.png"
        shutil.copy(source, project.content / "cases/images" / name)
    shutil.copy(pydicom_files()[0], project.content / "about-image.png")
    run = project.check()
    assert run.returncode == 1
    for index in range(len(pydicom_files())):
        name = f"scan-{index}.dcm" if index % 2 else f"scan-{index}.png"
        assert f"content/cases/images/{name}: error: [dicom]" in run.stdout
    assert "content/about-image.png: error: [dicom]" in run.stdout
    assert project.build().returncode != 0
    assert not project.site.exists()


def _jpeg_with_gps(path: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0132] = "2026:11:01 10:00:00"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (42.0, 21.0, 30.0), 3: "W", 4: (71.0, 3.0, 25.0)})
    Image.new("RGB", (64, 48), (120, 90, 60)).save(path, "JPEG", exif=exif.tobytes(), quality=90)


def test_jpeg_with_gps_is_published_without_any_metadata(project: Project) -> None:
    source = project.content / "news/images/team-photo.jpg"
    _jpeg_with_gps(source)
    original = hashlib.sha256(source.read_bytes()).hexdigest()
    project.write("news/team-photo.md", "---\ntitle: Our team\nsummary: The team.\ndate: 2026-11-01\nimage:\n"
                  "  src: images/team-photo.jpg\n  alt: The radiology team in front of the hospital.\n---\nHello.\n")  # fmt: skip
    run = project.build()
    assert run.returncode == 0, run.output
    assert "content/news/images/team-photo.jpg: warning: [image-gps]" in run.output
    published = project.site / "news/images/team-photo.jpg"
    with Image.open(published) as image:
        assert image.size == (64, 48)
        assert not image.getexif()
        assert not {"exif", "xmp", "photoshop"} & set(image.info)
        assert not [m for m, _ in image.applist if m in ("APP1", "APP13")]
    assert b"PhoneMaker" not in published.read_bytes()
    assert hashlib.sha256(source.read_bytes()).hexdigest() == original  # the source is never modified
    report = json.loads(project.report.read_text(encoding="utf-8"))
    assert "news/images/team-photo.jpg" in report["images_cleaned"]


@pytest.mark.parametrize("kind", ["PNG", "WEBP"])
def test_png_and_webp_metadata_is_stripped_too(project: Project, kind: str) -> None:
    exif = Image.Exif()
    exif[0x010F] = "ScannerMaker"
    name = f"news/images/chart.{kind.lower()}"
    Image.new("RGB", (32, 32), (10, 20, 30)).save(project.content / name, kind, exif=exif.tobytes())
    project.write("news/chart.md", "---\ntitle: A chart\nsummary: A chart.\ndate: 2026-11-01\nimage:\n"
                  f"  src: images/chart.{kind.lower()}\n  alt: A bar chart of waiting times.\n---\nHello.\n")  # fmt: skip
    assert project.build().returncode == 0
    published = project.site / name
    with Image.open(published) as image:
        assert not image.getexif() and "exif" not in image.info
    assert b"ScannerMaker" not in published.read_bytes()


def test_check_reports_exactly_what_the_checks_of_the_loaded_content_give(project: Project) -> None:
    """`radsite check` guards the files as they are on disk and grades what it loaded: the same
    findings, exceptions and grades as guarding and grading the loaded content."""
    import datetime as dt

    from radsite.content.load import load
    from radsite.settings import from_mkdocs_yml
    from radsite.source_checks import check_sources, load_and_check

    _case(project)
    project.write("faq/hard.md", VALID_HARD_FAQ)
    settings = from_mkdocs_yml(project.root / "mkdocs.yml")
    loaded = load(settings.content_dir, shown_as="content")
    today = dt.date(2026, 11, 28)
    inline = check_sources(loaded.content, settings, today, "content")
    reloaded, split = load_and_check(settings, today, "content")
    assert [f.format() for f in reloaded.findings] == [f.format() for f in loaded.findings]
    assert sorted(f.format() for f in split.findings) == sorted(f.format() for f in inline.findings)
    assert any(f.rule.startswith("phi-") for f in split.findings)
    assert any(f.rule == "readability" for f in split.findings)
    assert split.phi_exceptions == inline.phi_exceptions and split.grades == inline.grades and split.grades


def test_a_build_guards_again_a_file_saved_after_the_guard_read_it(project: Project) -> None:
    """The build's guard reads the files while the build loads them: a file saved in between is
    guarded as loaded (what is rendered), and the findings of the text it replaced are dropped."""
    import datetime as dt

    from radsite.content.load import load
    from radsite.settings import from_mkdocs_yml
    from radsite.source_checks import BuildChecks, as_loaded, check_sources

    clean = CASE_WITH_PHI.split("Mrs. Whitcombe")[0].replace("Fell on 2024-03-12, patient", "Fell,") + "A fall.\n"
    _case(project, name="was-clean", text=clean)
    _case(project, name="was-phi")
    settings = from_mkdocs_yml(project.root / "mkdocs.yml")
    guarded = check_sources(None, settings, dt.date(2026, 11, 28), "content", parts=("guard_files",))
    assert {f.path for f in guarded.findings if f.rule.startswith("phi-")} == {"content/cases/was-phi.md"}

    _case(project, name="was-clean")  # now with a name, an MRN and a serial number
    _case(project, name="was-phi", text=clean)
    loaded = load(settings.content_dir, shown_as="content")
    verdict = as_loaded(guarded, loaded.content)
    assert {f.path for f in verdict.findings if f.rule.startswith("phi-")} == {"content/cases/was-clean.md"}
    assert [e.path for e in verdict.phi_exceptions] == ["content/cases/was-clean.md"]
    assert as_loaded(verdict, loaded.content) is verdict  # nothing changed since: nothing guarded again

    checks = BuildChecks(settings, dt.date(2026, 11, 28), "content")  # as a build runs them: the same verdict
    checks.loaded(loaded.content)
    result = checks.result()
    assert sorted(f.format() for f in result.findings) == sorted(
        f.format() for f in check_sources(loaded.content, settings, dt.date(2026, 11, 28), "content").findings
    )


def test_check_guards_a_file_that_does_not_load(project: Project) -> None:
    """A schema error does not hide PHI in the same file: one run reports both, in check and build."""
    project.write("cases/broken.md", "---\ntitle: A case\nmodality: XR\nreveal_at: next tuesday\n---\n"
                  "The patient, Mr. Jonathan Smithers, MRN 4456123, fell.\n")  # fmt: skip
    check = project.check()
    build = project.build()
    for run in (check, build):
        assert run.returncode != 0
        assert re.search(r"content/cases/broken.md:4: error: \[schema\] reveal_at", run.output), run.output
        assert "content/cases/broken.md:6:14: error: [phi-name]" in run.output, run.output
        assert "content/cases/broken.md:6:37: error: [phi-mrn]" in run.output, run.output


VALID_HARD_FAQ = """---
title: What does a heterogeneously enhancing lesion mean?
summary: It describes how a lesion takes up contrast.
category: report-words
short_answer: It describes uneven contrast uptake.
reviewed_by: amara-okafor
last_reviewed: 2026-10-01
---
Heterogeneously enhancing lesions demonstrate nonuniform intravenous contrast accumulation, characteristically
reflecting intralesional vascularity heterogeneity, necrotic degeneration, hemorrhagic transformation, and
cellularity variations, necessitating comprehensive multidisciplinary correlation with histopathological evaluation.
"""


WRAP_RECALL_FLOOR = 0.97  # the corpus hard-wrapped at 40 columns, as scan_text reads a file
WRAP_PRECISION_FLOOR = 0.97


def test_identifiers_split_by_a_hard_wrap_are_found_across_the_line_break() -> None:
    """Editors wrap paragraphs at 72 or 80 columns; the reader sees one paragraph. Every labelled
    line of the corpus, wrapped at 40 columns, scanned as a file: per line and across each break."""
    rows = labelled()
    true_pos = false_neg = false_pos = 0
    for label, text in rows:
        body = "\n".join(textwrap.wrap(text, 40, break_long_words=False, break_on_hyphens=False))
        found = [f.rule.removeprefix("phi-") for f in scan_text("x.md", f"---\ntitle: t\n---\n{body}\n", "cases").findings]
        if label == "clean":
            false_pos += len(found)
            continue
        true_pos, false_neg = (true_pos + 1, false_neg) if label in found else (true_pos, false_neg + 1)
        false_pos += sum(c != label for c in found)
    recall, precision = true_pos / (true_pos + false_neg), true_pos / (true_pos + false_pos)
    print(f"\nwrapped at 40 columns: recall {recall:.1%}, precision {precision:.1%}")
    assert recall >= WRAP_RECALL_FLOOR and precision >= WRAP_PRECISION_FLOOR


@pytest.mark.parametrize(("body", "rule", "line", "col"), [
    ("MRN:\n84736251 on the scout.", "phi-mrn", 4, 1),
    ("Seen today with the patient, Martha\nKowalczyk, in clinic.", "phi-name", 4, 21),  # the hit starts at "patient,"
    ("Her son's number is 617-555-\n0143 for results.", "phi-phone", 4, 11),  # at "number is"
    ("x " * 50 + "MRN:\n    84736251 was the record.", "phi-mrn", 4, 101),  # a long line, an indented next one
    ("- Seen in clinic with the patient, Martha\n  Kowalczyk, today.", "phi-name", 4, 27),  # a list item wrapped
])  # fmt: skip
def test_a_hit_across_a_line_break_is_reported_where_it_starts(body: str, rule: str, line: int, col: int) -> None:
    findings = scan_text("x.md", f"---\ntitle: t\n---\n{body}\n", "cases").findings
    assert [(f.rule, f.line, f.col) for f in findings] == [(rule, line, col)]
    assert "(across a line break)" in findings[0].message


@pytest.mark.parametrize("body", [
    "- MRN\n- 84736251 mm",  # two list items: two blocks, not one paragraph
    "# MRN\n84736251 is the heading's number",
    "MRN: <!-- phi-ok: a test record, not a patient -->\n84736251 in the test data.",
    "The nodule measured 12\nmm on the CT in 2019.",
    "title: Seen by Mr\nsummary: Kowalczyk's clinic hours.",  # two front-matter values
])  # fmt: skip
def test_a_new_block_or_a_phi_ok_line_is_not_joined(body: str) -> None:
    findings = scan_text("x.md", f"---\ntitle: t\n---\n{body}\n", "cases").findings
    assert not [f for f in findings if "across a line break" in f.message], findings


def test_a_table_cell_is_read_under_its_column_header() -> None:
    """A table labels its values once, at the top: `03/04/1961` under `Born` is a date of birth,
    which the row read alone does not say."""
    text = ("---\ntitle: Results\n---\nIntro.\n\n| Visit | Born |\n| :--- | --- |\n"
            "| Tuesday | 03/04/1961 |\n| Friday | |\n\n| Exam | Typical dose |\n|---|---|\n| CT head | 2 mSv |\n")  # fmt: skip
    assert not scan_line("| Tuesday | 03/04/1961 |")
    findings = scan_text("content/news/results.md", text, "news").findings
    assert [(f.line, f.col, f.rule) for f in findings] == [(8, 13, "phi-date")], findings
    assert findings[0].message.endswith("(under its column's header)")
    marked = text.replace("| Tuesday | 03/04/1961 |", "| Tuesday | 03/04/1961 | <!-- phi-ok: a form sample -->")
    assert not scan_text("content/news/results.md", marked, "news").findings
