"""A link to a page the build does not publish is left out of every output file; its text stays.

A dead link's address names what it links to: `[soon](../news/hospital-merger-talks.md)` to a draft
published the draft's file name, often its title, in the page, the feeds and the search index.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from conftest import Project
from radsite.publish.withheld_links import Withheld, without_withheld_links

SECRET = "zz-merger-talks"  # the draft's file name: it must reach no output file


def mentions(site: Path, needle: str) -> list[str]:
    """Every output file (Pagefind's decoded) whose path or bytes hold `needle`."""
    found = []
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes() if path.is_file() else b""
        if path.name.endswith(("pf_fragment", "pf_index", "pf_meta", "pf_filter")):
            data = gzip.decompress(data)
        if needle in rel or needle.encode() in data:
            found.append(rel)
    return found


def test_links_to_withheld_sources_are_unwrapped_in_every_spelling() -> None:
    withheld = Withheld.of(["news/zz.md", "internal/index.md", "faq/ok.md"], published=["faq/ok.md"])
    html = ('<p><a href="../../news/zz.md">md</a> <a href="../../news/zz/#part">page</a> <a href="/news/zz/index.html">'
            'abs</a> <a href="../../news/z%7A/">quoted</a> <a href="../../internal/"><b>folder</b></a> '
            '<a href="../ok/">public</a> <a href="https://example.org/news/zz/">other site</a> '
            '<a href="#zz">here</a></p>')  # fmt: skip
    out, left_out = without_withheld_links(html, "faq/ok.md", "faq/ok/index.html", withheld)
    assert left_out == ["../../news/zz.md", "../../news/zz/#part", "/news/zz/index.html", "../../news/z%7A/",
                        "../../internal/"]  # fmt: skip
    assert out == ('<p>md page abs quoted <b>folder</b> <a href="../ok/">public</a> '
                   '<a href="https://example.org/news/zz/">other site</a> <a href="#zz">here</a></p>')  # fmt: skip


def test_a_page_without_such_a_link_is_returned_as_it_is() -> None:
    withheld = Withheld.of(["news/zz.md"], published=[])
    html = "<p>A <br /> <a href='../x/'>link</a> and zz in text</p>"
    assert without_withheld_links(html, "faq/a.md", "faq/a/index.html", withheld) == (html, [])


def test_a_source_published_at_the_same_address_is_not_withheld() -> None:
    withheld = Withheld.of(["news/zz.md", "news/zz.es.md"], published=["news/zz.md"])
    assert "news/zz" not in withheld.targets and "news/zz.es.md" in withheld.targets


@pytest.fixture
def linking(project: Project) -> Project:
    """A public FAQ linking a draft (Markdown and raw HTML), a staff page and a scheduled exam guide."""
    project.write(f"news/{SECRET}.md", "---\ntitle: Merger talks\nsummary: Not yet.\ndate: 2026-11-01\ndraft: true\n---\nSoon.\n")
    project.write("internal/zz-rota.md", "---\ntitle: Rota\naudience: internal\n---\nStaff only.\n")
    exam = (project.content / "exams" / "mri-knee.md").read_text(encoding="utf-8")
    scheduled = exam.replace("title: MRI of the knee", "title: Future\npublish_at: 2099-01-01T00:00", 1)
    project.write("exams/zz-future-guide.md", scheduled)
    faq = project.content / "faq" / "ct-or-mri.md"
    faq.write_text(faq.read_text(encoding="utf-8") + (
        f"\nRead [the news](../news/{SECRET}.md), the [rota](../internal/zz-rota.md#top) and "
        f'<a href="../../news/{SECRET}/">this</a>, and [the guide](../exams/zz-future-guide.md).\n'),
        encoding="utf-8")  # fmt: skip
    return project


def test_no_output_file_names_a_withheld_page_a_public_page_links(linking: Project) -> None:
    run = linking.build()
    assert run.returncode == 0, run.output[-3000:]
    for name in (SECRET, "zz-rota", "zz-future-guide"):
        assert mentions(linking.site, name) == [], name
    page = linking.page("faq/ct-or-mri")
    assert "Read the news, the rota and this, and the guide." in re.sub(r"\s+", " ", page)
    for href in (f"../news/{SECRET}.md", "../internal/zz-rota.md#top", f"../../news/{SECRET}/", "../exams/zz-future-guide.md"):
        assert f"content/faq/ct-or-mri.md:36: warning: [link] '{href}' links to a page this build does not publish" in run.output


def test_the_link_comes_back_when_the_draft_is_published_and_goes_when_a_draft_appears(linking: Project) -> None:
    """Warm builds (the page cache) follow the decision both ways, whatever they stored."""
    assert linking.build().returncode == 0
    draft = linking.content / "news" / f"{SECRET}.md"
    draft.write_text(draft.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    assert linking.build().returncode == 0
    assert f'href="../../news/{SECRET}/"' in linking.page("faq/ct-or-mri")
    draft.unlink()  # a dead link to nothing: MkDocs leaves it as typed
    assert linking.build().returncode == 0
    assert f"../news/{SECRET}.md" in linking.page("faq/ct-or-mri")
    draft.write_text("---\ntitle: Merger talks\nsummary: Not yet.\ndate: 2026-11-01\ndraft: true\n---\nSoon.\n",
                     encoding="utf-8")  # fmt: skip
    assert linking.build().returncode == 0  # the linking page did not change: only the decision did
    assert mentions(linking.site, SECRET) == []
