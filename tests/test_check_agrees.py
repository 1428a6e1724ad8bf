"""A green check means a green build, and the other way round (issue 17).

Each case breaks real content, runs `radsite check` and a real `mkdocs build` on it, and compares:
the same problems, at the same level (errors stop both; warnings stop neither, and fail both
`radsite check --strict` and `mkdocs build --strict`).
"""

from __future__ import annotations

import re

import pytest
from test_check import VALID_FAQ, tree_digest

from conftest import ROOT, Project
from radsite.commands.check import read_mkdocs_yml
from radsite.content.links import Body, Renderer

# A FAQ body with every kind of link MkDocs warns about, one per line, and some it accepts.
BROKEN_BODY = """Read [the CT guide](../exams/ct-haed.md) before your visit.

An image: ![A scan of the head](images/missing-scan.png)

A link without a file name: [CT or MRI](ct-or-mri), an absolute one: [exams](/exams/).

These are fine: [CT or MRI](ct-or-mri.md), [head CT](../exams/ct-head.md#what-it-is), [top](#top) and
[elsewhere](https://example.org/page.md).

A reference link: [see this][ref]. Raw HTML is left alone by both: <a href="raw-missing.md">raw</a>.

<div markdown="1">
Markdown inside HTML is rendered, so checked: [inside](inside-missing.md).
</div>

[ref]: nowhere-at-all.md
"""

# MkDocs' own warnings (they name the page, never the line): the link each one is about.
MKDOCS_LINK_WARNING = re.compile(
    r"WARNING -  Doc file '(?P<page>[^']+)' contains (?:a link|an absolute link|an unrecognized relative link) '(?P<url>[^']+)'"
)
CHECK_LINK_WARNING = re.compile(r"^(?P<path>\S+):(?P<line>\d+): warning: \[(?:link|image)\] '(?P<url>[^']+)'", re.M)


def broken_faq() -> str:
    return VALID_FAQ.replace("title: What does unremarkable mean?", "title: Links that go nowhere").replace(
        "Body.\n", BROKEN_BODY
    )


def body_line(text: str, url: str) -> int:
    """The file line where `url` is written: inline `(url)` or a reference definition `]: url`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if f"({url})" in line or f"]: {url}" in line)


def test_body_links_check_names_the_line_of_each_link_mkdocs_warns_about(project: Project) -> None:
    text = broken_faq()
    project.write("faq/broken-links.md", text)

    check = project.check()
    assert check.returncode == 0, check.output  # warnings: the deploy build publishes
    assert "Traceback" not in check.output
    found = {(m["path"], int(m["line"]), m["url"]) for m in CHECK_LINK_WARNING.finditer(check.stdout)}
    wanted = {"../exams/ct-haed.md", "images/missing-scan.png", "ct-or-mri", "/exams/", "nowhere-at-all.md",
              "inside-missing.md"}  # fmt: skip
    assert found == {("content/faq/broken-links.md", body_line(text, url), url) for url in wanted}, check.stdout
    assert "did you mean '../exams/ct-head.md'?" in check.stdout  # the fix, not only the problem

    build = project.build()
    assert build.returncode == 0, build.output
    built = {(m["page"], m["url"]) for m in MKDOCS_LINK_WARNING.finditer(build.output)}
    assert built == {("faq/broken-links.md", url) for _, _, url in found}, build.output  # and vice versa

    strict_check, strict_build = project.check("--strict"), project.build("--strict")
    assert strict_check.returncode == 1 and strict_build.returncode == 1, strict_check.output + strict_build.output
    assert f"{len(wanted)} warnings" in strict_check.stderr


def test_a_link_to_a_withheld_item_warns_in_both(project: Project) -> None:
    """A draft is not among the build's files: a link to it warns, in check and build alike."""
    draft = VALID_FAQ.replace("summary:", "draft: true\nsummary:").replace("What does unremarkable", "Is a draft")
    project.write("faq/a-draft.md", draft)
    linking = VALID_FAQ.replace("What does unremarkable", "Who links").replace("Body.", "See [the draft](a-draft.md).")
    project.write("faq/links-to-draft.md", linking)
    check, build = project.check(), project.build()
    assert "content/faq/links-to-draft.md:9: warning: [link] 'a-draft.md'" in check.stdout, check.output
    assert "Doc file 'faq/links-to-draft.md' contains a link 'a-draft.md'" in build.output, build.output


def test_example_content_has_no_link_warnings_in_either(built_example: Project, project: Project) -> None:
    check = project.check()
    assert check.returncode == 0 and check.stdout == "", check.output
    assert project.check("--strict").returncode == 0
    log = project.build().output
    assert not MKDOCS_LINK_WARNING.search(log), log


def test_a_page_whose_url_is_a_listing_is_an_error_in_both(project: Project) -> None:
    first = project.build()
    assert first.returncode == 0, first.output
    before = tree_digest(project.site)
    project.write("news.md", "---\ntitle: Our news\n---\nAll our news.\n")

    check = project.check()
    assert check.returncode == 1, check.output
    message = "content/news.md:1: error: [url] this page's URL /news/ is also the URL of the news listing"
    assert message in check.stdout, check.stdout

    build = project.build()
    assert build.returncode == 1, build.output
    assert message in build.output and "Traceback" not in build.output, build.output
    assert tree_digest(project.site) == before  # nothing was replaced
    assert not list(project.root.glob("site.radsite-*"))


def test_two_plain_pages_with_one_url_name_each_other(project: Project) -> None:
    project.write("visiting.md", "---\ntitle: Visiting\n---\nGround floor.\n")
    project.write("visiting/index.md", "---\ntitle: Visiting us\n---\nFirst floor.\n")
    check, build = project.check(), project.build()
    for run in (check, build):
        assert run.returncode == 1, run.output
        for page, other in (("visiting.md", "visiting/index.md"), ("visiting/index.md", "visiting.md")):
            wanted = f"content/{page}:1: error: [url] this page's URL /visiting/ is also the URL of content/{other}"
            assert wanted in run.output, run.output


NEWS_ITEM = "---\ntitle: {title}\nsummary: A news item.\ndate: 2026-11-01\n{extra}---\nText.\n"


@pytest.mark.parametrize(("files", "wanted"), [
    ({"news/open-day.md": "slug: index\n"},  # an item's slug that is its collection's listing
     ["content/news/open-day.md:5: error: [url] this page's URL /news/ is also the URL of the news listing (generated)"]),
    ({"news/Open-Day.md": "", "news/open-day.md": ""},  # one address to a server that ignores case
     ["content/news/Open-Day.md:1: error: [url] this page's URL /news/Open-Day/ is also the URL of content/news/open-day.md",
      "content/news/open-day.md:1: error: [url]", "may not tell capitals or accents written two ways apart"]),
    ({"news/caf\u00e9-hours.md": "", "news/cafe\u0301-hours.md": ""},  # é composed and decomposed
     ["content/news/caf\u00e9-hours.md:1: error: [url]", "content/news/cafe\u0301-hours.md:1: error: [url]"]),
], ids=["slug-index", "case", "nfc-nfd"])  # fmt: skip
def test_two_items_or_an_item_and_a_listing_with_one_url_are_an_error_in_both(project: Project, files: dict[str, str],
                                                                               wanted: list[str]) -> None:  # fmt: skip
    for rel, extra in files.items():
        project.write(rel, NEWS_ITEM.format(title="Open day", extra=extra))
    for run in (project.check(), project.build()):
        assert run.returncode == 1 and "Traceback" not in run.output, run.output
        for text in wanted:
            assert text in run.output, (text, run.output[-3000:])


def test_a_bad_plugin_option_is_a_clean_error_in_check_and_stops_the_build(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("audience: public", "audience: everyone"), encoding="utf-8")
    check = project.check()
    assert check.returncode == 1, check.output
    assert "Traceback" not in check.output
    assert re.search(r"^mkdocs\.yml(:\d+)?: error: \[[\w-]+\] .*audience.*'everyone'", check.stdout, re.M), check.output
    assert project.build().returncode != 0


def test_stale_reviews_warn_in_both_and_fail_only_strict(project: Project) -> None:
    later = {"RADSITE_NOW": "2028-06-01T12:00"}
    check = project.check(**later)
    assert check.returncode == 0, check.output
    stale = re.findall(r"^(content/\S+:\d+): warning: \[review\]", check.stdout, re.M)
    assert stale, check.stdout
    assert project.check("--strict", **later).returncode == 1
    annotated = project.check(GITHUB_ACTIONS="true", **later).stdout
    assert f"::warning file={stale[0].split(':')[0]},line={stale[0].split(':')[1]}::[review]" in annotated

    build = project.build(**later)
    assert build.returncode == 0, build.output
    for where in stale:
        assert f"{where}: warning: [review]" in build.output
    assert "all checks passed" not in build.output  # the summary line tells the truth
    assert re.search(rf"RadSite: published with {len(stale)} warnings", build.output), build.output


def test_a_bad_clock_in_the_environment_is_named_as_such_in_check_and_stops_the_build(project: Project) -> None:
    check = project.check(RADSITE_NOW="next tuesday")
    assert check.returncode == 1 and "Traceback" not in check.output, check.output
    assert check.stdout.startswith("RADSITE_NOW: error: [env] 'next tuesday' is not an ISO 8601 date-time"), check.stdout
    build = project.build(RADSITE_NOW="next tuesday")
    assert build.returncode == 1 and "'next tuesday' is not an ISO 8601 date-time" in build.output, build.output


def test_a_nav_entry_without_its_page_warns_in_both(project: Project) -> None:
    (project.content / "about.md").unlink()
    (project.content / "about.es.md").unlink()  # a translation without its original is an error of its own
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(config, 1) if row.strip() == "- About: about.md")
    check = project.check()
    assert check.returncode == 0, check.output
    assert f"mkdocs.yml:{line}: warning: [nav] nav: 'About' points to 'about.md'" in check.stdout, check.stdout
    assert project.check("--strict").returncode == 1
    build = project.build()
    assert build.returncode == 0, build.output
    assert "A reference to 'about.md' is included in the 'nav' configuration, which is not found" in build.output


def test_a_yaml_error_in_mkdocs_yml_names_its_line_in_check_and_stops_the_build(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    rows = config.read_text(encoding="utf-8").splitlines()
    broken = next(n for n, row in enumerate(rows) if row.strip().startswith("department:"))
    rows[broken] = "      department: [Northbrook"
    config.write_text("\n".join(rows) + "\n", encoding="utf-8")
    check = project.check()
    assert check.returncode == 1 and "Traceback" not in check.output, check.output
    assert re.match(r"mkdocs\.yml:\d+: error: \[yaml\] YAML syntax error: .*; fix this line of mkdocs\.yml", check.stdout)
    assert project.build().returncode != 0


def test_the_check_renders_a_body_with_the_site_s_extensions() -> None:
    """attr_list, md_in_html and admonition from mkdocs.yml, as the build renders them."""
    renderer = Renderer(read_mkdocs_yml(ROOT / "mkdocs.yml").get("markdown_extensions") or [])
    text = '!!! note\n    Inside a note: [a link](x.md){ .button }\n\n<div markdown="1">\n![img](y.png)\n</div>\n'
    html = renderer.html(Body("content/about.md", "about.md", text))
    assert '<div class="admonition note">' in html and 'class="button"' in html and 'src="y.png"' in html
    targets, _ = renderer.targets(Body("content/about.md", "about.md", text, first_line=5))
    assert [(t.tag, t.url, t.line) for t in targets] == [("a", "x.md", 6), ("img", "y.png", 9)]


def test_check_reports_what_the_sanitiser_would_remove(project: Project) -> None:
    """The build's allow-list warnings (a script, an event handler) are in check too, with their line."""
    project.write("news/unsafe.md", "---\ntitle: Unsafe\nsummary: A post.\ndate: 2026-11-01\n---\nHello.\n\n"
                  "<img src=\"x.png\" alt=\"x\" onerror=\"alert(1)\">\n\n<script>alert(2)</script>\n")  # fmt: skip
    check = project.check()
    build = project.build()
    for run in (check, build):
        assert "content/news/unsafe.md:8: warning: [html]" in run.output, run.output
        assert "content/news/unsafe.md:10: warning: [html]" in run.output, run.output
    assert project.check("--strict").returncode == 1
