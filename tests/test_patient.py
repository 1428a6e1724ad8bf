"""Patient pages in real builds: glossary definitions, dose comparison, reviewer, FAQ <-> exam links,
reading grade and review age findings, the build report, head metadata, glossary and clinicians pages.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import Project, make_project
from radsite.content.frontmatter import parse
from radsite.content.load import load

ROOT = Path(__file__).resolve().parents[1]


class Head(HTMLParser):
    """JSON-LD blocks and <meta>/<link> values of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.json_ld: list = []
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
        elif tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name")] = a.get("content", "")
        elif tag == "link" and a.get("rel"):
            self.links[a["rel"]] = a.get("href", "")

    def handle_endtag(self, tag: str) -> None:
        self._in_ld = False if tag == "script" else self._in_ld

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            loaded = json.loads(data)
            self.json_ld.extend(loaded if isinstance(loaded, list) else [loaded])


def head(html: str) -> Head:
    parsed = Head()
    parsed.feed(html)
    return parsed


def of_type(parsed: Head, kind: str) -> dict:
    found = [d for d in parsed.json_ld if kind == d["@type"] or kind in d["@type"]]
    assert found, f"no {kind} in {[d['@type'] for d in parsed.json_ld]}"
    return found[0]


# --- the example site ------------------------------------------------------------------------------


def test_patient_page_shows_definition_reviewer_and_dose(built_example: Project) -> None:
    faq = built_example.page("faq/what-is-a-lesion")
    assert re.search(r'<button type="button" class="rs-term" popovertarget="(rs-def-\d+)"[^>]*>cyst</button>'
                     r'<span class="rs-def" id="\1" popover role="note" data-search-exclude', faq)  # fmt: skip
    assert "Medically reviewed by" in faq and "Priya Raman" in faq and 'datetime="2026-07-11"' in faq
    exam = built_example.page("exams/ct-head")
    assert 'class="rs-radiation"' in exam
    assert "That is about the same as 8 months of natural background radiation" in exam
    mri = built_example.page("exams/mri-knee")
    assert "No ionising radiation." in mri and "about the same as" not in mri


def test_glossary_terms_are_not_placed_in_headings_or_links(built_example: Project) -> None:
    for url in ("faq/what-is-a-lesion", "exams/ct-abdomen-pelvis", "news/new-mri-scanner"):
        page = built_example.page(url)
        for block in re.findall(r"<(h[1-6]|a)\b[^>]*>(.*?)</\1>", page, flags=re.DOTALL):
            assert "rs-term" not in block[1], (url, block)
    assert "rs-term" not in built_example.page("cases/sudden-headache-ct")  # not a patient page


def test_faq_and_exam_link_both_ways(built_example: Project) -> None:
    exam = load(ROOT / "content").content.get("exams", "ct-abdomen-pelvis")
    faq = load(ROOT / "content").content.get("faq", "ct-or-mri")
    assert "ct-or-mri" not in exam.meta.related_faq and "ct-abdomen-pelvis" in faq.meta.related_exams
    assert 'href="../../faq/ct-or-mri/"' in built_example.page("exams/ct-abdomen-pelvis")
    assert 'href="../../exams/ct-abdomen-pelvis/"' in built_example.page("faq/ct-or-mri")


def test_example_content_meets_the_reading_grade_and_report_lists_it(built_example: Project) -> None:
    report = json.loads(built_example.report.read_text())
    pages = report["readability"]["pages"]
    published_patient_pages = [p for p in ("faq", "exams", "news")
                               for d in (built_example.site / p).glob("*/index.html")]  # fmt: skip
    assert len(pages) == len(published_patient_pages) >= 25
    assert all(0 < page["grade"] <= 8 for page in pages.values())
    assert report["readability"]["over_limit"] == []
    assert report["glossary"]["terms"] >= 60
    assert report["counts"]["faq"] == 16


def test_glossary_has_sixty_short_plain_terms() -> None:
    entries = yaml.safe_load((ROOT / "content" / "glossary.yml").read_text())
    assert len(entries) >= 60
    names = {e["term"].casefold() for e in entries}
    assert {"unremarkable", "lesion", "nodule", "hypodense", "enhancement", "effusion", "incidental finding"} <= names
    assert all(len(e["definition"].split()) <= 40 for e in entries)


def test_glossary_page_lists_every_term_a_to_z(built_example: Project) -> None:
    page = built_example.page("glossary")
    entries = yaml.safe_load((ROOT / "content" / "glossary.yml").read_text())
    for entry in entries:
        assert f">{entry['term']}" in page
    assert 'id="term-incidental-finding"' in page and 'href="#letter-u"' in page
    assert 'href="../faq/what-does-unremarkable-mean/"' in page
    assert not (built_example.site / "glossary.yml").exists()
    assert of_type(head(page), "DefinedTermSet")["hasDefinedTerm"]


def test_which_exam_page_from_exam_front_matter(built_example: Project) -> None:
    page = built_example.page("which-exam")
    content = load(ROOT / "content").content
    for exam in content.in_collection("exams"):
        assert f'href="../exams/{exam.slug}/"' in page
        for text in exam.meta.contraindications[:1] + exam.meta.indications[:1]:
            assert text.replace('"', "&quot;").split(" (")[0] in page, text
    assert "extension 4-2210" not in page  # internal extensions: staff build only (issue 23)
    assert 'href="../clinicians/"' in page and 'href="tel:+15550142210"' in built_example.page("clinicians")


def test_head_metadata_per_page_type(built_example: Project) -> None:
    site = "https://radiology.northbrook-health.example/"
    faq_listing = head(built_example.page("faq"))
    questions = of_type(faq_listing, "FAQPage")["mainEntity"]
    assert len(questions) == 16 and questions[0]["acceptedAnswer"]["text"]

    exam = head(built_example.page("exams/ct-head"))
    page = of_type(exam, "MedicalWebPage")
    assert page["lastReviewed"] and page["audience"]["audienceType"] == "Patient"
    assert page["reviewedBy"]["name"] and "Physician" in page["reviewedBy"]["@type"]
    crumbs = of_type(exam, "BreadcrumbList")["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "Exam guides", "CT of the head"]
    assert exam.links["canonical"] == f"{site}exams/ct-head/" == exam.meta["og:url"]
    assert exam.meta["description"] == exam.meta["og:description"] and exam.meta["twitter:card"]
    assert exam.meta["og:title"] == "CT of the head"

    assert of_type(head(built_example.page("trials/ai-lung-nodule-reading")), "MedicalTrial")["healthCondition"]
    person = of_type(head(built_example.page("people/amara-okafor")), "Physician")
    assert person["name"] and "telephone" not in person and "email" not in person
    news = head(built_example.page("news/new-mri-scanner"))
    posting = of_type(news, "BlogPosting")
    assert posting["datePublished"] and posting["headline"]
    if news.meta.get("og:image"):
        assert news.meta["og:image"].startswith(site) and news.meta["twitter:card"] == "summary_large_image"
    assert of_type(head((built_example.site / "index.html").read_text()), "WebSite")


# --- findings, in scratch projects ----------------------------------------------------------------


HARD = (
    "Radiological characterisation of indeterminate parenchymal abnormalities necessitates multiparametric "
    "evaluation incorporating morphological, physiological and longitudinal considerations, particularly "
    "whenever heterogeneous enhancement characteristics preclude confident categorisation."
)


def _edit(project: Project, rel: str, **fields: object) -> Path:
    path = project.content / rel
    doc = parse(path.read_text(encoding="utf-8"))
    data = {**doc.data, **fields}
    path.write_text("---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + doc.body)
    return path


@pytest.fixture(scope="module")
def flawed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, object]:
    """The example with a hard paragraph, a stale review and a summary that tries to close <script>."""
    project = make_project(tmp_path_factory.mktemp("flawed") / "project")
    path = project.content / "faq/what-is-a-lesion.md"
    heading = "## Does lesion mean cancer?"
    text = path.read_text(encoding="utf-8").replace(heading, (HARD + "\n\n") * 3 + heading)
    path.write_text(text, encoding="utf-8")
    _edit(project, "faq/ct-or-mri.md", last_reviewed="2025-01-02")
    _edit(project, "faq/can-someone-come-with-me.md", summary='Yes. "Quotes" & </script><script>alert(1)</script>')
    return project, project.build()


def test_hard_prose_warns_at_the_hardest_passage(flawed) -> None:
    project, run = flawed
    assert run.returncode == 0, run.output
    lines = (project.content / "faq/what-is-a-lesion.md").read_text().splitlines()
    line = lines.index(HARD) + 1
    assert re.search(rf"content/faq/what-is-a-lesion.md:{line}: warning: \[readability\] reading grade [\d.]+ is above 8",
                     run.output), run.output  # fmt: skip
    report = json.loads(project.report.read_text())
    assert report["readability"]["over_limit"] == ["faq/what-is-a-lesion/"]
    assert any(f"what-is-a-lesion.md:{line}:" in w for w in report["warnings"]["readability"])


def test_stale_review_warns(flawed) -> None:
    project, run = flawed
    line = (project.content / "faq/ct-or-mri.md").read_text().splitlines().index("last_reviewed: '2025-01-02'") + 1
    assert f"content/faq/ct-or-mri.md:{line}: warning: [review] last_reviewed: 2025-01-02 is 695 days ago" in run.output


def test_head_values_are_escaped(flawed) -> None:
    project, _ = flawed
    html = project.page("faq/can-someone-come-with-me")
    assert "<script>alert(1)" not in html.split("</head>", 1)[0]
    parsed = head(html.split("</head>", 1)[0])
    assert parsed.meta["description"] == 'Yes. "Quotes" & </script><script>alert(1)</script>'
    assert of_type(parsed, "MedicalWebPage")["description"] == parsed.meta["description"]


def test_readability_error_level_fails_the_build_and_keeps_the_old_site(project: Project) -> None:
    assert project.build().returncode == 0
    before = (project.site / "index.html").read_text()
    page = project.content / "news/new-mri-scanner.md"
    page.write_text(page.read_text() + "\n" + HARD + "\n")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("      audience: public\n",
                                                 "      audience: public\n      readability_level: error\n"))  # fmt: skip
    run = project.build()
    assert run.returncode != 0
    assert "content/news/new-mri-scanner.md:" in run.output and "error: [readability]" in run.output
    assert (project.site / "index.html").read_text() == before


def test_glossary_and_exam_sections_errors_name_file_and_line(project: Project) -> None:
    glossary = project.content / "glossary.yml"
    long = " ".join(["word"] * 41)
    glossary.write_text(glossary.read_text() + textwrap_entries(long))
    exam = project.content / "exams/mri-knee.md"
    exam.write_text(exam.read_text().replace("## Radiation\n", "## Radiation risk\n"))
    run = project.check()
    assert run.returncode == 1
    lines = glossary.read_text().splitlines()
    first = lines.index("- term: overlong") + 1
    assert f"content/glossary.yml:{first + 1}: error: [glossary] definition: Value error, has 41 words" in run.output
    duplicate, broken = lines.index("- term: Lesion") + 1, lines.index("- term: broken link") + 1
    assert f"content/glossary.yml:{duplicate}: error: [glossary] 'Lesion' is already defined" in run.output
    assert f"content/glossary.yml:{broken}: error: [glossary] link: 'faq/no-such-question'" in run.output
    assert "content/exams/mri-knee.md:" in run.output and "exam guide has no section '## Radiation'" in run.output


def textwrap_entries(long: str) -> str:
    return (f"\n- term: overlong\n  definition: {long}\n"
            "\n- term: Lesion\n  definition: A duplicate.\n"
            "\n- term: broken link\n  definition: Points nowhere.\n  link: faq/no-such-question\n")  # fmt: skip
