"""Every template of mkdocs-material that RadSite copies, wraps or replaces is held to the installed
Material: a copy may differ from the original only by the differences recorded here, each with its
reason, and each fix of publish/html_fixes.py must repair what the installed Material really writes.
An upgrade of Material that changes one of these files fails here, loudly, instead of drifting."""

from __future__ import annotations

import difflib
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import material
import pytest
import yaml
from lxml import etree

from conftest import BIN, ROOT, Project
from radsite.publish.html_fixes import fix_theme_html

MATERIAL = Path(material.__file__).parent / "templates"
THEME = ROOT / "theme"


@dataclass(frozen=True)
class Intended:
    """One difference between Material's lines and ours (lines stripped, Jinja comments left out)."""

    material: tuple[str, ...]
    ours: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Copy:
    """A template (or one block of one) copied from Material, and how ours may differ from it."""

    material: str  # a file under material/templates, or "file#block"
    ours: str  # a file under theme/, or "file#block"
    intended: tuple[Intended, ...]


ESCAPED = "Material's templates render without autoescape: a quote or `<` in an item's text would break the markup"
COPIES = (
    Copy("partials/header.html", "partials/header.html", (
        Intended(("{{ page.meta.title }}",), ("{{ page.meta.title | e }}",), ESCAPED),
        Intended(("{{ page.title }}",), ("{{ page.title | e }}",), ESCAPED),
        Intended((
            '{% if "material/search" in config.plugins %}',
            '{% set search = config.plugins["material/search"] | attr("config") %}',
            "{% if search.enabled %}",
            '<label class="md-header__button md-icon" for="__search">',
            '{% set icon = config.theme.icon.search or "material/magnify" %}',
            '{% include ".icons/" ~ icon ~ ".svg" %}',
            "</label>",
            '{% include "partials/search.html" %}',
            "{% endif %}",
            "{% endif %}",
        ), ('{% include "radsite/search/button.html" %}',),
            "a link to the Pagefind search page instead of lunr's dialog (one index of every page, downloaded whole)"),
    )),
    Copy("base.html#site_meta", "radsite/head/site_meta.html", (
        Intended(('<meta name="description" content="{{ page.meta.description }}">',),
                 ('<meta name="description" content="{{ page.meta.description | e }}">',), ESCAPED),
        Intended(('<meta name="description" content="{{ config.site_description }}">',),
                 ('<meta name="description" content="{{ config.site_description | e }}">',), ESCAPED),
        Intended(('<meta name="author" content="{{ page.meta.author }}">',),
                 ('<meta name="author" content="{{ page.meta.author | e }}">',), ESCAPED),
        Intended(('<meta name="author" content="{{ config.site_author }}">',),
                 ('<meta name="author" content="{{ config.site_author | e }}">',), ESCAPED),
        Intended(('<link rel="canonical" href="{{ page.canonical_url }}">',),
                 ('<link rel="canonical" href="{{ page.canonical_url | e }}">',), ESCAPED),
        Intended(('<meta name="generator" content="mkdocs-{{ mkdocs_version }}, mkdocs-material-9.8.2">',),
                 ('<meta name="generator" content="mkdocs-{{ mkdocs_version }}, mkdocs-material">',),
                 "no theme release in every page: an upgrade of Material does not rewrite the whole site"),
    )),
    Copy("base.html#htmltitle", "main.html#htmltitle", (
        Intended(("<title>{{ page.meta.title }} - {{ config.site_name }}</title>",),
                 ("<title>{{ page.meta.title | e }} - {{ config.site_name | e }}</title>",), ESCAPED),
        Intended(("<title>{{ page.title | striptags }} - {{ config.site_name }}</title>",),
                 ("<title>{{ page.title | striptags | e }} - {{ config.site_name | e }}</title>",), ESCAPED),
        Intended(("<title>{{ config.site_name }}</title>",), ("<title>{{ config.site_name | e }}</title>",), ESCAPED),
    )),
)  # fmt: skip

# Our file includes Material's own partial (reachable as material/...), rendered once per folder.
WRAPPER = '{%- call radsite_chrome.once("PART", page) %}{% include "material/partials/PART.html" %}{% endcall -%}'
WRAPPERS = {f"partials/{part}.html": WRAPPER.replace("PART", part) for part in ()}
# Ours by design (issue 22): tabs marking the active section for item pages too, breadcrumbs found by
# folder (items are outside the nav), a logo with an empty alt (the link around it has the name).
OURS = {"partials/tabs.html", "partials/path.html", "partials/logo.html"}
# Languages (issue 21): Material's strings by the page's language; another language's pages get their own sidebar.
OURS |= {"partials/language.html", "partials/nav.html"}
# One 404 page says its message in every language (a static host serves one file for every missing address).
OURS |= {"404.html"}
# Our file is empty on purpose: Material's holds an inline script for its JavaScript bundle, which is not sent.
REPLACED_EMPTY = ("partials/javascripts/base.html", "partials/javascripts/content.html")
# Blocks of base.html that main.html overrides; the ones it empties drop Material's JavaScript.
MAIN_BLOCKS = {"htmltitle", "site_meta", "fonts", "extrahead", "content", "announce", "footer", "config", "analytics", "scripts"}
EMPTIED_BLOCKS = {"config", "analytics", "scripts"}


def lines(template: str) -> list[str]:
    """A template's lines as compared: Jinja comments removed, each line stripped, blank lines dropped."""
    template = re.sub(r"\{#.*?#\}", "", template, flags=re.DOTALL)
    return [line.strip() for line in template.splitlines() if line.strip()]


def block(template: str, name: str) -> str:
    match = re.search(r"\{%-?\s*block " + name + r"\s*-?%\}(.*?)\{%-?\s*endblock\s*-?%\}", template, re.DOTALL)
    assert match, f"no block {name!r}"
    return match.group(1)


def source(root: Path, where: str) -> str:
    path, _, name = where.partition("#")
    text = (root / path).read_text(encoding="utf-8")
    return block(text, name) if name else text


def differences(theirs: list[str], ours: list[str]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    matcher = difflib.SequenceMatcher(None, theirs, ours, autojunk=False)
    return [(tuple(theirs[i1:i2]), tuple(ours[j1:j2])) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


@pytest.mark.parametrize("copy", COPIES, ids=[c.ours for c in COPIES])
def test_a_copy_differs_from_material_only_as_intended(copy: Copy) -> None:
    found = differences(lines(source(MATERIAL, copy.material)), lines(source(THEME, copy.ours)))
    assert found == [(i.material, i.ours) for i in copy.intended], (
        f"theme/{copy.ours} and Material's {copy.material} now differ otherwise than recorded in this test: "
        "re-copy Material's and re-apply the recorded changes, or record a new one with its reason"
    )


def test_every_material_template_we_shadow_is_accounted_for() -> None:
    shadowing = {p.relative_to(THEME).as_posix() for p in THEME.rglob("*.html") if (MATERIAL / p.relative_to(THEME)).exists()}
    accounted = {c.ours for c in COPIES if c.ours == c.material} | set(WRAPPERS) | set(REPLACED_EMPTY) | OURS | {"main.html"}
    assert shadowing == accounted


@pytest.mark.parametrize("path", sorted(WRAPPERS))
def test_a_wrapper_includes_materials_own_partial(path: str) -> None:
    assert lines((THEME / path).read_text(encoding="utf-8")) == [WRAPPERS[path]]
    assert (MATERIAL / path).is_file()


@pytest.mark.parametrize("path", REPLACED_EMPTY)
def test_a_replaced_partial_drops_an_inline_script_and_nothing_else(path: str) -> None:
    assert lines((THEME / path).read_text(encoding="utf-8")) == []
    theirs = lines((MATERIAL / path).read_text(encoding="utf-8"))
    assert theirs and all(line.startswith(("<script>", "{% if", "{% endif")) for line in theirs), theirs


def test_main_overrides_blocks_material_still_has() -> None:
    assert lines((MATERIAL / "main.html").read_text(encoding="utf-8")) == ['{% extends "base.html" %}']
    ours = (THEME / "main.html").read_text(encoding="utf-8")
    assert set(re.findall(r"\{%-?\s*block (\w+)", ours)) == MAIN_BLOCKS
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    assert set(re.findall(r"\{%-?\s*block (\w+)", base)) >= MAIN_BLOCKS
    for name in EMPTIED_BLOCKS:
        assert lines(block(ours, name)) == [], name
        theirs = block(base, name)
        for include in re.findall(r'\{% include "([^"]+)" %\}', theirs):  # one level is where the scripts are
            theirs += (MATERIAL / include).read_text(encoding="utf-8")
        assert "<script" in theirs, f"Material's {name} block no longer holds a script: is emptying it still needed?"


def test_materials_option_does_what_the_copyright_copy_did(built_example: Project) -> None:
    """`extra.generator: false` drops Material's credit link; no copy of copyright.html is needed."""
    assert not (THEME / "partials/copyright.html").exists()
    assert yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["generator"] is False
    for path in sorted(built_example.site.rglob("*.html")):
        doc = lxml.html.fromstring(path.read_bytes())
        [footer] = doc.xpath("//div[@class='md-copyright']")
        assert footer.xpath("./a") == [], path
        assert "Made with" not in footer.text_content(), path
        assert "Northbrook University Hospital" in footer.text_content(), path


def test_the_head_keeps_materials_hreflang_links(project: Project) -> None:
    for translation in project.content.rglob("*.es.md"):  # a site with Material's selector, not RadSite's languages
        translation.unlink()
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("extra:\n", (
        "extra:\n  alternate:\n    - {name: English, link: /, lang: en}\n"
        "    - {name: Español, link: /es/, lang: es}\n"
    ), 1), encoding="utf-8")  # fmt: skip
    run = project.build("--strict")
    assert run.returncode == 0, run.output
    for url in ("about", "news/new-mri-scanner", ""):
        html = project.page(url) if url else (project.site / "404.html").read_text(encoding="utf-8")
        doc = lxml.html.fromstring(html)
        links = [(a.get("hreflang"), a.get("href")) for a in doc.xpath("//head/link[@rel='alternate'][@hreflang]")]
        assert links == [("en", "/"), ("es", "/es/")], url


# A plain Material site: tabs, a section in the nav, a page outside it with a table of contents.
PLAIN = {
    "mkdocs.yml": (
        "site_name: Plain\ndocs_dir: docs\ntheme:\n  name: material\n  features: [navigation.tabs]\nplugins: []\n"
        "nav:\n  - Home: index.md\n  - Section:\n      - sec/a.md\n      - sec/b.md\n"
    ),
    "docs/index.md": "# Home\n\n## One\n\nText.\n\n## Two\n\nText.\n",
    "docs/sec/a.md": "# A\n\n## One\n\nText.\n",
    "docs/sec/b.md": "# B\n\nText.\n",
    "docs/outside.md": "# Outside\n\n## One\n\nText.\n\n## Two\n\nText.\n",
}


@pytest.fixture(scope="module")
def plain_material(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The installed Material's own output (no RadSite), page by page."""
    root = tmp_path_factory.mktemp("plain-material")
    for rel, text in PLAIN.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    proc = subprocess.run([str(BIN / "mkdocs"), "build"], cwd=root, capture_output=True, text=True, timeout=300,
                          env={"PATH": str(BIN), "NO_MKDOCS_2_WARNING": "1"})  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {p.relative_to(root / "site").as_posix(): p.read_text(encoding="utf-8") for p in (root / "site").rglob("*.html")}


Element = tuple[str, tuple[tuple[str, str], ...], str]


def elements(html: str) -> list[Element]:
    """Every element of a page: tag, attributes, its own text."""
    doc = lxml.html.fromstring(html)
    return [(e.tag, tuple(sorted(e.attrib.items())), (e.text or "").strip()) for e in doc.iter(etree.Element)]


def as_fixed(element: Element, has_toc_toggle: bool) -> Element:
    """What each fix is meant to do to one element of a page, and nothing else."""
    tag, attributes, text = element
    attrs = dict(attributes)
    if tag == "input" and attrs.get("type") == "checkbox" and "md-toggle" in attrs.get("class", "").split():
        attrs.pop("autocomplete", None)
    if tag == "label" and attrs.get("tabindex") == "":
        attrs.pop("tabindex")
    if tag == "label" and attrs.get("for") == "__toc" and attrs.get("class") == "md-nav__title" and not has_toc_toggle:
        tag = "div"
        attrs.pop("for")
    return tag, tuple(sorted(attrs.items())), text


def test_the_fixes_repair_what_the_installed_material_writes(plain_material: dict[str, str]) -> None:
    pages = {name: html for name, html in plain_material.items() if name != "404.html"}
    assert set(pages) == {"index.html", "sec/a/index.html", "sec/b/index.html", "outside/index.html"}
    for name, html in pages.items():
        raw = lxml.html.fromstring(html)
        assert {i.get("id"): i.get("autocomplete") for i in raw.xpath("//input[@class='md-toggle']")} == {
            "__drawer": "off", "__search": "off"}, name  # fmt: skip
        fixed_html = fix_theme_html(html)
        fixed = lxml.html.fromstring(fixed_html)
        assert fixed.xpath("//input[@type='checkbox'][@autocomplete]") == [], name
        assert fixed.xpath("//*[@tabindex='']") == [], name
        if not fixed.xpath("//*[@id='__toc']"):
            assert fixed.xpath("//label[@for='__toc']") == [], name
        toggle = bool(raw.xpath("//*[@id='__toc']"))
        assert elements(fixed_html) == [as_fixed(e, toggle) for e in elements(html)], name  # only what the fixes are for
    # Each fix has something to repair in Material's output, so a change of its markup fails here.
    assert lxml.html.fromstring(pages["sec/a/index.html"]).xpath("//label[@tabindex='']")
    outside = lxml.html.fromstring(pages["outside/index.html"])
    assert outside.xpath("//label[@class='md-nav__title'][@for='__toc']") and not outside.xpath("//*[@id='__toc']")
    inside = lxml.html.fromstring(fix_theme_html(pages["index.html"]))
    assert inside.xpath("//*[@id='__toc']") and inside.xpath("//label[@class='md-nav__title'][@for='__toc']")


def test_the_built_site_has_none_of_what_the_fixes_repair(built_example: Project) -> None:
    for path in sorted(built_example.site.rglob("*.html")):
        doc = lxml.html.fromstring(path.read_bytes())
        assert doc.xpath("//input[@type='checkbox'][@autocomplete]") == [], path
        assert doc.xpath("//*[@tabindex='']") == [], path
        if not doc.xpath("//*[@id='__toc']"):
            assert doc.xpath("//label[@for='__toc']") == [], path
