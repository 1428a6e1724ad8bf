"""Editors' HTML comments never reach the public site: not the page source, the feeds, the search
index or the sitemap. Only a revealed case's answer marker survives the sanitiser, for the template
to split the page on, and the template consumes it."""

from __future__ import annotations

import lxml.html
import pytest
from test_privacy import found_in, site_texts

from conftest import Project, make_project
from radsite.publish.sanitize import ANSWER_MARKER, Sanitizer, Source

SITE = "https://radiology.northbrook-health.example/"

# Where each planted comment goes: (file, text it is written after, the comment block).
NOTES = {
    "news/new-mri-scanner.md": "It started seeing patients this month.\n",
    "about.md": "We take medical images and use them to find and treat illness.\n",
    "faq/chest-x-ray-radiation.md": None,  # appended at the end of the body
    "index.md": None,
}


def comments(tag: str) -> str:
    """A block comment, an inline one and one over several lines, each with its own unique word."""
    return (
        f"\n<!-- rs-note-{tag}-block: check the opening hours with the front desk -->\n\n"
        f"A sentence with <!-- rs-note-{tag}-inline --> a note inside it.\n\n"
        f"<!--\nrs-note-{tag}-multiline\nsecond line of the note\n-->\n"
    )


def needles(tag: str) -> list[str]:
    return [f"rs-note-{tag}-block", f"rs-note-{tag}-inline", f"rs-note-{tag}-multiline"]


@pytest.fixture(scope="module")
def commented(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, str]:
    project = make_project(tmp_path_factory.mktemp("comments") / "project")
    for rel, after in NOTES.items():
        path = project.content / rel
        text = path.read_text(encoding="utf-8")
        tag = rel.split("/")[0].removesuffix(".md")
        if after is None:
            text = text.rstrip("\n") + "\n" + comments(tag)
        else:
            assert after in text, rel
            text = text.replace(after, after + comments(tag), 1)
        path.write_text(text, encoding="utf-8")
    case = project.content / "cases/sudden-headache-ct.md"  # revealed on 2026-10-08, before the tests' NOW
    text = case.read_text(encoding="utf-8")
    assert text.count("<!-- answer -->") == 1
    text = text.replace("<!-- answer -->", comments("case-question") + "\n<!--Answer-->\n" + comments("case-after"))
    text = text.rstrip("\n") + "\n\n<!-- answer -->\n\nrs-visible-after-a-second-marker\n"
    case.write_text(text, encoding="utf-8")
    run = project.build("--strict")
    assert run.returncode == 0, run.output
    return project, run.output


ALL_NEEDLES = [n for tag in ("news", "about", "faq", "index", "case-question", "case-after") for n in needles(tag)]


def test_no_comment_reaches_any_output_file(commented: tuple[Project, str]) -> None:
    project, _ = commented
    assert {needle: files for needle, files in found_in(project.site, ALL_NEEDLES).items() if files} == {}
    texts = site_texts(project.site)
    assert any(name.startswith("pagefind/") for name in texts) and "feeds/all.atom" in texts
    assert [name for name, text in texts.items() if "<!--" in text or "&lt;!--" in text] == []


def test_the_text_around_the_comments_is_published(commented: tuple[Project, str]) -> None:
    project, _ = commented
    for url in ("news/new-mri-scanner", "about"):
        doc = lxml.html.fromstring(project.page(url))
        sentence = [p.text_content() for p in doc.iter("p") if "a note inside it" in p.text_content()]
        assert sentence == ["A sentence with  a note inside it."], url


def test_a_revealed_case_still_splits_on_its_marker(commented: tuple[Project, str]) -> None:
    """`<!--Answer-->` is a marker (any case and spacing): kept as `<!-- answer -->` for the template."""
    project, _ = commented
    doc = lxml.html.fromstring(project.page("cases/sudden-headache-ct"))
    question = doc.xpath("//div[contains(@class, 'rs-question')]")[0].text_content()
    answer = doc.xpath("//section[@class='rs-answer']")[0].text_content()
    assert "basal cisterns" in question and "High-attenuation material" not in question
    assert "High-attenuation material" in answer and "rs-visible-after-a-second-marker" in answer


def test_removing_a_comment_is_not_a_warning(commented: tuple[Project, str]) -> None:
    _, output = commented
    assert "[html]" not in output and "Traceback" not in output


@pytest.mark.parametrize(
    ("html", "keeps", "expected"),
    [
        ("<p>a</p>\n<!-- note -->\n<p>b</p>", False, "<p>a</p>\n\n<p>b</p>"),
        ("<p>a <!-- note --> b</p>", False, "<p>a  b</p>"),
        ("<p>q</p>\n<!-- answer -->\n<p>a</p>", True, "<p>q</p>\n<!-- answer -->\n<p>a</p>"),
        ("<p>q</p>\n<!-- answer -->\n<p>a</p>", False, "<p>q</p>\n\n<p>a</p>"),  # not a case: a marker is a note
        ("<p>q</p>\n<!--- ANSWER --->\n<p>a</p>\n<!-- answer -->", True, "<p>q</p>\n<!-- answer -->\n<p>a</p>\n"),
        ("<p>q</p>\n<!-- note -->\n<!-- answer -->", True, "<p>q</p>\n\n<!-- answer -->"),
        ("<p>x</p><?php note ?><!doctype-ish note>", False, "<p>x</p>"),  # bogus comments are comments
        ('<p title="&lt;!-- kept --&gt;">t</p>', False, '<p title="&lt;!-- kept --&gt;">t</p>'),  # text, not a comment
    ],
)  # fmt: skip
def test_comments_are_removed_and_only_a_cases_marker_is_kept(html: str, keeps: bool, expected: str) -> None:
    result = Sanitizer([], SITE).sanitize(html, Source("content/x.md", html, keeps_answer_marker=keeps))
    assert result.html == expected
    assert result.findings == []
    assert result.html.count(ANSWER_MARKER) == (1 if keeps and "answer" in html.lower() else 0)
