"""Reading level per language (issue 21): Spanish scored on the INFLESZ scale (Szigriszt-Pazos, as
textstat computes it), English keeps its grade; real Spanish text, `radsite check` and a real build."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import textstat
import yaml

from conftest import Project
from radsite.content.glossary import GLOSSARY_FILE, load_glossary
from radsite.derive.readability import (
    SCALES,
    Passage,
    grade,
    inflesz_band,
    language_of,
    prose,
    score,
    translated_findings,
)
from radsite.settings import OptionsError, parse_options

# Plain Spanish of the kind the example's pages use: short sentences, common words.
EASY = (
    "Usted se acuesta en una mesa. La mesa entra en un aro grande. El aro es abierto. "
    "No duele. Dura unos diez minutos. Puede comer y beber como siempre."
)
# The same facts as a report would write them for a colleague: one long sentence of long words.
HARD = (
    "La tomografía computarizada multidetector con administración intravenosa de contraste yodado permite la "
    "caracterización pormenorizada de las alteraciones parenquimatosas, vasculares y ganglionares, especialmente "
    "en pacientes oncológicos sometidos a seguimiento longitudinal mediante criterios morfológicos estandarizados."
)
ENGLISH = "You will lie on a table. The table moves through a large ring. The scan takes a few minutes."


def test_spanish_scale_runs_from_hard_to_easy() -> None:
    easy, hard = score([Passage(1, EASY)], "es"), score([Passage(1, HARD)], "es")
    assert easy.scale == hard.scale == "INFLESZ"
    assert easy.score > 65 > 55 > hard.score  # higher is easier: the opposite of a grade
    assert inflesz_band(easy.score) in {"bastante fácil", "muy fácil"} and inflesz_band(hard.score) == "muy difícil"
    assert not easy.beyond(55) and hard.beyond(55)


def test_spanish_score_is_textstats_szigriszt_pazos_and_leaves_its_language_alone() -> None:
    before = textstat.flesch_kincaid_grade(ENGLISH)
    for text in (EASY, HARD):
        ours = score([Passage(1, text)], "es").score
        textstat.set_lang("es")
        try:
            theirs = textstat.szigriszt_pazos(text)
        finally:
            textstat.set_lang("en_US")
        assert ours == pytest.approx(theirs, abs=0.05)
    # scoring Spanish never touched textstat's global language: English is scored as before
    assert textstat.flesch_kincaid_grade(ENGLISH) == before
    assert score([Passage(1, ENGLISH)], "en").score == grade([Passage(1, ENGLISH)]).grade


def test_a_page_is_scored_on_its_whole_prose_and_names_its_hardest_passage() -> None:
    body = f"## Qué es\n\n{EASY}\n\n{HARD}\n\n- Traiga su tarjeta.\n"
    passages = prose(body, first_line=10)
    result = score(passages, "es")
    assert result.hardest is not None and result.hardest.line == 14
    assert result.hardest_score < result.score < score([passages[0]], "es").score


def test_the_language_of_a_page_comes_from_its_file_name() -> None:
    assert language_of("content/exams/ct-head.es.md") == "es"
    assert language_of("content/exams/ct-head.md") == "en"
    assert language_of("faq/ct-or-mri.es.md", default="en") == "es"
    with pytest.raises(ValueError, match="no reading scale for language 'fr'"):
        score([Passage(1, EASY)], "fr")


def test_a_hard_spanish_page_is_a_warning_at_its_hardest_line_and_the_floor_is_configurable() -> None:
    pages = [("content/faq/dura.es.md", 8, [Passage(9, EASY), Passage(11, HARD)]),
             ("content/faq/facil.es.md", 8, [Passage(9, EASY)])]  # fmt: skip
    found, scores = translated_findings(pages, {}, "warning")
    assert set(scores) == {"content/faq/dura.es.md", "content/faq/facil.es.md"}
    assert [(f.path, f.line, f.level, f.rule) for f in found] == [("content/faq/dura.es.md", 11, "warning", "readability")]
    assert "INFLESZ" in found[0].message and "below 55" in found[0].message and "min_reading_ease" in found[0].message
    # a floor above the easy page's score flags it too; pages of a language with no scale are not scored
    floor = scores["content/faq/facil.es.md"] + 1
    found, _ = translated_findings(pages, {"es": floor}, "error")
    assert {f.path for f in found} == {"content/faq/dura.es.md", "content/faq/facil.es.md"}
    assert all(f.level == "error" for f in found)
    assert translated_findings([("content/faq/x.fr.md", 8, [Passage(9, HARD)])], {}, "warning") == ([], {})


def test_min_reading_ease_option_is_checked() -> None:
    assert parse_options({"min_reading_ease": {"es": 60}})["min_reading_ease"] == {"es": 60.0}
    with pytest.raises(OptionsError, match="'fr' has no reading-ease scale"):
        parse_options({"min_reading_ease": {"fr": 60}})
    with pytest.raises(OptionsError, match="not on the 0 to 100 scale"):
        parse_options({"min_reading_ease": {"es": 120}})
    assert SCALES["es"].default_limit == 55.0 and SCALES["en"].default_limit == 8.0


HARD_FAQ = f"""---
title: ¿Qué es la caracterización multidetector?
summary: Una explicación difícil, escrita a propósito para la prueba.
tags: [ct]
category: general
readers: [patients]
short_answer: Es una técnica.
reviewed_by: daniel-reyes
last_reviewed: 2026-11-20
---
{HARD}

{HARD}
"""


def test_check_warns_about_a_hard_spanish_page_at_its_line(project: Project) -> None:
    project.write("faq/ct-or-mri.es.md", HARD_FAQ)  # a translation needs its original: this one has one
    run = project.check()
    assert "content/faq/ct-or-mri.es.md:11: warning: [readability] INFLESZ reading ease" in run.stdout, run.output
    lines = run.stdout.splitlines()
    assert not any("[readability]" in line and ".es.md" in line and "ct-or-mri" not in line for line in lines)


def test_build_report_gives_each_spanish_page_its_inflesz_score(project: Project) -> None:
    run = project.build()
    assert run.returncode == 0, run.output
    readability = json.loads(project.report.read_text(encoding="utf-8"))["readability"]
    assert not any(page["path"].endswith(".es.md") for page in readability["pages"].values())  # English grades only
    spanish = readability["languages"]["es"]
    assert spanish["scale"] == "INFLESZ" and spanish["min_score"] == 55.0 and spanish["below_limit"] == []
    paths = {page["path"] for page in spanish["pages"].values()}
    translations = {f"content/{p.relative_to(project.content).as_posix()}" for p in project.content.rglob("*.es.md")}
    assert paths == {p for p in translations if p.startswith(("content/faq/", "content/exams/"))}
    assert len(paths) >= 9
    for page in spanish["pages"].values():
        assert page["scale"] == "INFLESZ" and 55 <= page["score"] <= 121


# --- the Spanish example: plain, and true to its originals -------------------------------------------

CONTENT = Path(__file__).parent.parent / "content"
# Fields a translation writes in Spanish; every other front-matter field equals the original's.
TRANSLATED = {"title", "summary", "short_answer", "body_part", "duration", "preparation", "contraindications",
              "indications", "ordering_tips", "consult", "clinician", "description"}  # fmt: skip


def _front(path: Path) -> dict[str, Any]:
    front = path.read_text(encoding="utf-8").split("---", 2)[1]
    return yaml.safe_load(front)


@pytest.mark.parametrize("path", sorted(CONTENT.rglob("*.es.md")), ids=lambda p: p.name)
def test_a_translation_keeps_its_originals_references_visibility_and_review_order(path: Path) -> None:
    original = path.with_name(path.name.replace(".es.md", ".md"))
    assert original.exists(), f"{path} translates no English page"
    mine, theirs = _front(path), _front(original)
    assert {k: v for k, v in mine.items() if k not in TRANSLATED | {"reviewed_by", "last_reviewed"}} == {
        k: v for k, v in theirs.items() if k not in TRANSLATED | {"reviewed_by", "last_reviewed"}
    }
    assert mine.keys() == theirs.keys()
    if "last_reviewed" in theirs:
        assert mine["last_reviewed"] >= theirs["last_reviewed"]  # never older than what it translates
        reviewer = _front(CONTENT / "people" / f"{mine['reviewed_by']}.md")
        assert "Spanish" in reviewer["languages"]  # reviewed by someone who reads both
    # the same sections: one `## ` heading of the translation for each of the original's (the Spanish
    # home page adds one, what patients need first, that the English home page's template gives it)
    if path.name == "index.es.md":
        return
    heading = re.compile(r"^## ", re.MULTILINE)
    assert len(heading.findall(path.read_text(encoding="utf-8"))) == len(heading.findall(original.read_text(encoding="utf-8")))


def test_spanish_glossary_has_the_format_and_terms_patients_meet() -> None:
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(CONTENT / "glossary.es.yml", Path(folder) / GLOSSARY_FILE)  # read by the same loader
        glossary, findings = load_glossary(Path(folder), "content")
    assert findings == []
    terms = {entry.term.term for entry in glossary.entries}
    assert len(terms) >= 30
    assert {"adenopatía", "derrame pleural", "hipodenso", "hipoecoico", "incidentaloma", "nódulo", "artefacto",
            "contraste", "correlación clínica"} <= terms  # fmt: skip
    entries = yaml.safe_load((CONTENT / "glossary.es.yml").read_text(encoding="utf-8"))
    for entry in entries:
        assert len(entry["definition"].split()) <= 40, entry["term"]
        if "link" in entry:  # links name the English slugs, which exist
            assert (CONTENT / f"{entry['link']}.md").exists(), entry["link"]
    definitions = [Passage(n, entry["definition"]) for n, entry in enumerate(entries, 1)]
    assert score(definitions, "es").score >= 55


def test_a_spanish_exam_guide_needs_the_spanish_sections(project: Project) -> None:
    guide = (project.content / "exams" / "ct-head.es.md").read_text(encoding="utf-8")
    project.write("exams/ct-head.es.md", guide.replace("## Radiación\n", "## Dosis\n"))
    run = project.check()
    assert run.returncode == 1
    assert "content/exams/ct-head.es.md:" in run.stdout and "has no section '## Radiación'" in run.stdout, run.output
    assert "'## Radiation'" not in run.stdout  # the English name is not asked of a Spanish guide
