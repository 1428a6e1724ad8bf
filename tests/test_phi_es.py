"""PHI guard on Spanish text (issue 21): labelled lines, held-out lines, each identifier kind, the
example's Spanish pages, and a real `radsite check` of a Spanish teaching case."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_phi import FORMAT, figures, labelled

from conftest import Project
from radsite.guard.phi import needs_present, scan_line, scan_text
from radsite.guard.rules import DATE_GATE, RULES, initial_names, patient_dates
from radsite.guard.rules_es import RULES as SPANISH_SPECS

DATA = Path(__file__).parent / "data"
CORPUS_ES = DATA / "phi_corpus_es.txt"
# Written after the Spanish rules were tuned on CORPUS_ES, in other styles, and never tuned on.
HOLDOUT_ES = DATA / "phi_holdout_es.txt"
CONTENT = Path(__file__).parent.parent / "content"
# What the guard reached on first contact with the Spanish held-out set (set 17, bench/README-privacy.md):
# recall 92.2%, precision 97.9% (sets 1 to 16, now training data, gave 73.7% / 96.6%, 88.1% / 94.9%,
# 70.3% / 74.3%, 80.6% / 92.6%, 73.9% / 87.2%, 83.7% / 97.3%, 64.7% / 89.2%, 72.0% / 81.8%, 80.4% / 90.2%,
# 93.6% / 95.7%, 91.8% / 95.7%, 83.3% / 97.6%, 98.0% / 100%, 72.7% / 95.2%, 88.5% / 97.9% and 80.3% / 96.1%).
# Floors, not targets: raise them only with a new, unseen set.
HOLDOUT_ES_RECALL_FLOOR = 0.92
HOLDOUT_ES_PRECISION_FLOOR = 0.97


def test_spanish_corpus_recall_and_precision() -> None:
    rows = labelled(CORPUS_ES)
    assert len(rows) >= 150
    assert sum(label == "clean" for label, _ in rows) >= 60 and sum(label != "clean" for label, _ in rows) >= 90
    # the kinds the brief names, each present: names, record numbers, dates of birth, phones, national ids
    assert {"name", "mrn", "date", "phone", "ssn"} <= {label for label, _ in rows}
    recall, precision = figures(rows, "the Spanish corpus")
    assert recall >= 0.98
    assert precision >= 0.90


def test_spanish_held_out_lines_recall_and_precision() -> None:
    rows = labelled(HOLDOUT_ES)
    assert len(rows) >= 50
    assert not {text for _, text in rows} & {text for _, text in labelled(CORPUS_ES)}
    recall, precision = figures(rows, "the Spanish held-out lines")
    assert recall >= HOLDOUT_ES_RECALL_FLOOR
    assert precision >= HOLDOUT_ES_PRECISION_FLOOR


def test_spanish_gates_never_reject_a_line_their_patterns_match() -> None:
    """As for the English lines (test_phi): gates and `needs` only save time, in every letter case."""
    lines = [text for _, text in labelled(CORPUS_ES)] + [line for _, line, _ in KINDS]
    lines += [variant for text in lines for variant in (text.upper(), text.lower(), text.title())]
    for text in lines:
        lower = text.lower()
        present = needs_present(text)
        for rule in RULES:
            if rule.gate is not None and not rule.gate.search(lower):
                assert rule.pattern.search(text) is None, (rule.category, text)
            if not present[rule.needs]:
                assert rule.pattern.search(text) is None, (rule.category, rule.needs, text)
        if not DATE_GATE.search(lower):
            assert patient_dates(text) == [], text
        if not present["initials"]:
            assert initial_names(text) == [], text


def test_every_spanish_rule_is_compiled_into_the_guard() -> None:
    patterns = {rule.pattern.pattern for rule in RULES}
    for spec in SPANISH_SPECS:
        assert "|".join(f"(?:{p})" for p in spec.patterns) in patterns, spec.category


KINDS = [
    ("name", "Dña. Remedios Calatayud acudió a la consulta.", "Remedios"),
    ("name", "SRA. QUINTANA refiere dolor.", "QUINTANA"),
    ("name", "Apellidos: Villalobos Ortega", "Villalobos Ortega"),
    ("name", "Pcte. Lidia Barrientos, control anual.", "Lidia Barrientos"),
    ("mrn", "nº HC 7712093 en la etiqueta.", "7712093"),
    ("mrn", "Número de expediente: 2023-558812", "2023-558812"),
    ("date", "F. nac.: 02/07/1951", "02/07/1951"),
    ("date", "Fecha nac. 9/3/1960, mujer.", "9/3/1960"),
    ("ssn", "DNI 87654321X en la petición.", "87654321X"),
    ("ssn", "D.N.I. 11223344-B", "11223344-B"),
    ("ssn", "Tarjeta con NIE Z7654321H.", "Z7654321H"),
    ("ssn", "Sin etiqueta: X7654321J.", "X7654321J"),
    ("ssn", "CURP HEGG560427MVZRRL05", "HEGG560427MVZRRL05"),
    ("ssn", "Número de la Seguridad Social 28 12345678 40", "28 12345678 40"),
    ("phone", "Móvil +34 655 443 322", "655 443 322"),
    ("phone", "Fijo 91 555 02 13", "91 555 02 13"),
    ("phone", "Celular +52 81 1234 5678", "1234 5678"),
    ("account", "Póliza 77-1234-5566 de la aseguradora.", "77-1234-5566"),
    ("device", "N.º de serie del marcapasos PX-88123", "PX-88123"),
]


@pytest.mark.parametrize(("category", "line", "value"), KINDS)
def test_each_spanish_kind_is_found_where_it_is(category: str, line: str, value: str) -> None:
    hits = [h for h in scan_line(line) if h.category == category]
    assert hits, line
    assert any(h.text in line and line.index(h.text) == h.col - 1 for h in hits)
    assert any(value in h.text or h.text in value for h in hits), (hits, value)


@pytest.mark.parametrize(
    "line",
    [
        "La TC de la cabeza usa una dosis baja de rayos X. Lea más en la guía.",
        "Ley 41/2002, de 14 de noviembre, básica reguladora de la autonomía del paciente.",
        "doi:10.1148/radiol.2017161659",
        "La Sra. de la limpieza no entra en la sala de resonancia.",
        "El nódulo de 8 mm no ha cambiado en 12 meses; control a los 3 meses.",
        "Nombre del estudio: TC de tórax.",
    ],
)
def test_spanish_clinical_prose_is_not_flagged(line: str) -> None:
    assert scan_line(line) == []


def test_the_example_spanish_pages_carry_no_identifier() -> None:
    """Every translation of the example, scanned as the build scans it (patient collections included)."""
    pages = sorted(CONTENT.rglob("*.es.md"))
    assert len(pages) >= 10
    for path in pages:
        rel = path.relative_to(CONTENT).as_posix()
        collection = rel.split("/")[0] if "/" in rel else None
        result = scan_text(f"content/{rel}", path.read_text(encoding="utf-8"), collection)
        assert result.findings == [], [f.message for f in result.findings]


SPANISH_CASE = """---
title: Dolor de rodilla tras una caída
summary: Una radiografía de rodilla tras una caída.
date: 2026-11-01
modality: x-ray
body_systems: [musculoskeletal]
age: 45
sex: female
history: "Mujer de 45 años. Fecha de nacimiento: 12/03/1981."
images:
  - src: images/twisting-knee-injury-mri.png
    alt: Radiografía frontal de la rodilla derecha.
difficulty: beginner
authors: [amara-okafor]
---
Dña. Remedios Calatayud se cayó en el hielo.

Su NHC 33019284 se ve en la placa.

DNI 12345678Z en la petición. <!-- phi-ok: el DNI de ejemplo del formulario, inventado -->
"""


def test_check_reports_spanish_phi_with_line_column_and_category(project: Project) -> None:
    project.write("cases/caso-es.md", SPANISH_CASE)
    run = project.check()
    assert run.returncode == 1
    lines = [ln for ln in run.stdout.splitlines() if "[phi-" in ln and "[phi-ok]" not in ln]
    parsed = [m for m in map(FORMAT.match, lines) if m]
    assert len(parsed) == len(lines), lines
    found = {(m["path"], int(m["line"]), int(m["col"]), m["cat"]) for m in parsed}
    assert ("content/cases/caso-es.md", 9, 29, "date") in found  # in the front matter's history
    assert ("content/cases/caso-es.md", 16, 1, "name") in found
    assert ("content/cases/caso-es.md", 18, 4, "mrn") in found
    assert not any(m["line"] == "20" for m in parsed)  # excepted, with a reason
    for value in ("Calatayud", "33019284", "12/03/1981", "12345678Z"):
        assert value not in run.output  # messages never repeat the identifier
