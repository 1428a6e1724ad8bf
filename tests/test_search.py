"""Site search: Pagefind indexes only published page content, and works with the keyboard."""

from __future__ import annotations

import json
import re

import pytest

from conftest import Project
from radsite.publish.search import decompressed_index

DRAFT_SENTINEL = "zyxwardraftsentinel"
PUBLISHED_SENTINEL = "zyxwarpublishedsentinel"
CHROME_SENTINEL = "zyxwarchromesentinel"


def _index_text(project: Project) -> str:
    return "\n".join(data.decode("utf-8", "replace") for _, data in decompressed_index(project.site)).lower()


def test_index_holds_published_content_only(project: Project) -> None:
    project.write(
        "news/draft-sentinel.md",
        f"""---
title: An unannounced plan
summary: A plan.
date: 2026-11-01
draft: true
---
The plan mentions {DRAFT_SENTINEL} and must stay out of every output file.
""",
    )
    project.write(
        "news/published-sentinel.md",
        f"""---
title: A published note
summary: A note.
date: 2026-11-01
---
It is for all. It has a word: {PUBLISHED_SENTINEL}.
""",
    )
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("(fictional example)", f"({CHROME_SENTINEL})"))
    run = project.build("--strict")
    assert run.returncode == 0, run.output

    report = json.loads(project.report.read_text(encoding="utf-8"))
    assert report["search"]["pages_indexed"] >= sum(report["counts"].values())
    text = _index_text(project)
    assert PUBLISHED_SENTINEL in text  # the check below would be empty without this
    assert DRAFT_SENTINEL not in text
    # the footer carries the chrome sentinel on every page, but only page content is indexed
    assert CHROME_SENTINEL in project.page("about")
    assert CHROME_SENTINEL not in text
    # listings and the home page are navigation, not content: not indexed either
    assert "data-pagefind-body" not in project.page("news") + (project.site / "index.html").read_text(encoding="utf-8")


def test_material_search_is_gone(built_example: Project) -> None:
    home = (built_example.site / "index.html").read_text(encoding="utf-8")
    assert not (built_example.site / "search" / "search_index.json").exists()
    assert 'class="md-search"' not in home and 'for="__search"' not in home
    assert re.search(r'<a href="search/"[^>]*aria-label="Search the site"', home)
    assert (built_example.site / "pagefind" / "pagefind.js").exists()


@pytest.mark.browser
def test_search_with_the_keyboard(browser, example_url: str) -> None:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(example_url, wait_until="networkidle")
    page.get_by_role("link", name="Search the site").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/")
    box = page.get_by_label("Search exam guides, questions, cases, trials, people and news")
    assert box.evaluate("el => el === document.activeElement")  # the search page takes typing at once
    page.keyboard.type("implants")
    status = page.get_by_role("status")
    status.filter(has_text="for “implants”").wait_for()
    results = page.get_by_role("list", name="Search results").get_by_role("link")
    assert results.count() >= 1
    first = results.first
    title = first.inner_text().strip()
    assert page.url.endswith("?q=implants")  # a search can be bookmarked and shared
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().strip() == title
    assert "implant" in page.locator("article.rs-item").inner_text().lower()
    foreign = [u for u in requests if not u.startswith(example_url) and not u.startswith("data:")]
    assert foreign == []
    page.close()


@pytest.mark.browser
def test_search_from_a_link_and_no_results(browser, example_url: str) -> None:
    page = browser.new_page()
    page.goto(example_url + "search/?q=" + DRAFT_SENTINEL)
    page.get_by_role("status").filter(has_text="No results").wait_for()
    assert page.get_by_role("list", name="Search results").get_by_role("listitem").count() == 0
    page.close()


def test_an_interrupted_build_stops_pagefind(tmp_path) -> None:
    """`Indexing.stop` ends a running Pagefind: publish() calls it when interrupted, so Pagefind never
    writes into a staging folder that is being discarded."""
    from radsite.publish.search import Indexing

    (tmp_path / "index.html").write_text("<html><body><p data-pagefind-body>Hello</p></body></html>", encoding="utf-8")
    indexing = Indexing(tmp_path)
    indexing.stop()
    assert indexing.proc.returncode is not None
    indexing.stop()  # twice is harmless


def test_the_root_selector_gives_the_index_pagefind_makes_of_whole_pages(built_example: Project, tmp_path) -> None:
    """The build has Pagefind parse only `data-pagefind-body` (ROOT_SELECTOR): it must be the index
    Pagefind makes when it reads every page whole, file for file, in both languages. A Pagefind
    upgrade that reads anything outside the marked element (a title, a filter) fails here."""
    import subprocess

    from radsite.publish.search import BUNDLE, _sort_languages, pagefind_executable

    whole = tmp_path / "whole"
    subprocess.run([pagefind_executable(), "--site", str(built_example.site), "--output-path", str(whole), "--quiet"],
                   check=True, capture_output=True)  # fmt: skip
    _sort_languages(whole / "pagefind-entry.json")
    ours = built_example.site / BUNDLE
    files = sorted(p.relative_to(ours).as_posix() for p in ours.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(whole).as_posix() for p in whole.rglob("*") if p.is_file())
    assert {"en", "es"} <= set(json.loads((ours / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"])
    different = [rel for rel in files if (ours / rel).read_bytes() != (whole / rel).read_bytes()]
    assert not different, different[:5]
