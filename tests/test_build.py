"""The example site, built for real with MkDocs + Material: home, listings, item pages."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from markupsafe import escape

from conftest import NOW, Project
from radsite.content.load import load
from radsite.content.registry import COLLECTIONS
from radsite.derive.listings import past_pages
from radsite.visibility import Policy, decide

ROOT = Path(__file__).resolve().parents[1]
TZ = ZoneInfo("America/New_York")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.sources: list[str] = []  # everything the browser would fetch

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag in ("script", "img", "iframe", "source", "video", "audio") and a.get("src"):
            self.sources.append(a["src"])
        if tag == "link" and a.get("rel") in ("stylesheet", "preload", "icon", "modulepreload", "preconnect"):
            self.sources.append(a.get("href", ""))


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def test_home_links_all_six_sections(built_example: Project) -> None:
    home = (built_example.site / "index.html").read_text(encoding="utf-8")
    hrefs = parse(home).hrefs
    for name in COLLECTIONS:
        assert f"{name}/" in hrefs, name
    assert "Case of the week" in home and "Latest news" in home


def test_home_sections_show_newest_items(built_example: Project) -> None:
    home = (built_example.site / "index.html").read_text(encoding="utf-8")
    assert "cases/pediatric-abdominal-pain-ultrasound/" in home  # the newest case
    assert "trials/fast-stroke-mri/" not in home  # completed: not in "recruiting trials"


@pytest.mark.parametrize("name", list(COLLECTIONS))
def test_each_collection_has_a_listing_and_a_page_per_item(built_example: Project, name: str) -> None:
    listing = built_example.page(name)
    content = load(ROOT / "content").content
    published = [i for i in content.in_collection(name)
                 if not i.meta.draft and not i.meta.publish_at and i.meta.audience == "public"]  # fmt: skip
    assert published
    past = past_pages(decide(content, Policy("public", dt.datetime.fromisoformat(NOW).replace(tzinfo=TZ), TZ)))
    for item in published:
        listed = f'href="{item.slug}/"' in listing
        assert listed != (item.page_uri in past), item.slug  # a past event or a closed job leaves the listing
        page = built_example.page(item.url)  # and keeps its page
        assert str(escape(item.meta.title)) in page  # item text is printed escaped


def test_item_pages_render_typed_fields(built_example: Project) -> None:
    exam = built_example.page("exams/ct-head")
    assert "about 2 mSv, about the same as 8 months of natural background radiation" in exam
    assert "For referring clinicians" in exam
    mri = built_example.page("exams/mri-knee")
    assert "uses no ionising radiation" in mri
    trial = built_example.page("trials/ai-lung-nodule-reading")
    assert "Recruiting" in trial and "clinicaltrials.gov/study/NCT" in trial
    person = built_example.page("people/amara-okafor")
    assert "Research interests" in person
    case = built_example.page("cases/sudden-headache-ct")
    assert "Clinical history" in case and "<img" in case and 'alt="' in case
    faq = built_example.page("faq/what-does-unremarkable-mean")
    assert "Medically reviewed by" in faq


def test_items_stay_out_of_the_nav(built_example: Project) -> None:
    """The nav lists sections only, so a page does not grow with the number of items."""
    page = built_example.page("news")
    nav = page[page.index("md-nav--primary") :]
    nav = nav[: nav.index("</nav>")]
    assert "news/new-mri-scanner/" not in nav
    faq = [p for p in (ROOT / "content/faq").glob("*.md") if not p.name.endswith(".es.md")]  # translations: /es/
    public = [p for p in faq if "\naudience:" not in p.read_text(encoding="utf-8")]
    sizes = [len(built_example.page(f"faq/{p.stem}")) for p in public]
    assert max(sizes) < 60_000


def test_nothing_is_loaded_from_another_origin(built_example: Project) -> None:
    offenders = []
    for html in built_example.site.rglob("*.html"):
        for src in parse(html.read_text(encoding="utf-8")).sources:
            if re.match(r"^(https?:)?//", src):
                offenders.append(f"{html.relative_to(built_example.site)}: {src}")
    assert offenders == []
    css = "".join(p.read_text(encoding="utf-8") for p in built_example.site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_a_feature_that_needs_material_javascript_is_named_with_its_line(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    tabs = "    - navigation.tabs"
    text = config.read_text(encoding="utf-8").replace(tabs, f"{tabs}\n    - content.code.copy", 1)
    config.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("    - content.code.copy"))
    run = project.build("--strict")
    assert run.returncode != 0
    assert f"mkdocs.yml:{line}: theme.features: content.code.copy needs Material's JavaScript" in run.output, run.output


def test_material_javascript_is_neither_loaded_nor_published(built_example: Project) -> None:
    """theme/main.html sends no Material script, so its 2.3 MB of JavaScript is not published either."""
    site = built_example.site
    assert not (site / "assets/javascripts").exists()
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    assert not any("assets/javascripts/" in page or 'id="__config"' in page for page in pages)
    assert (site / "assets/radsite/cases.js").exists() and (site / "pagefind/pagefind-ui.js").exists()


def test_public_build_withholds_drafts_scheduled_and_internal_pages(built_example: Project) -> None:
    site = built_example.site
    assert not (site / "news/draft-open-house").exists()
    assert not (site / "news/winter-hours-2027").exists()
    assert not (site / "internal/on-call").exists()
    assert (site / "news/new-mri-scanner/index.html").exists()


def test_internal_build_shows_everything_with_draft_banner(project: Project) -> None:
    run = project.build(RADSITE_AUDIENCE="internal")
    assert run.returncode == 0, run.output
    draft = project.page("news/draft-open-house")
    assert "Draft" in draft and "internal build only" in draft
    assert (project.site / "news/winter-hours-2027/index.html").exists()
    assert (project.site / "internal/on-call/index.html").exists()


def test_images_carry_their_size_so_the_page_does_not_jump(built_example: Project) -> None:
    from PIL import Image

    case = built_example.page("cases/sudden-headache-ct")
    width, height = Image.open(ROOT / "content/cases/images/sudden-headache-ct.png").size
    assert re.search(rf'<img src="[^"]*sudden-headache-ct\.png" alt="[^"]+" width="{width}" height="{height}">', case)


def test_item_text_is_escaped_not_markup(project: Project) -> None:
    """Item fields may come from outside (a ClinicalTrials.gov record): they print as text."""
    trial = project.content / "trials/ai-lung-nodule-reading.md"
    text = trial.read_text(encoding="utf-8")
    trial.write_text(text.replace("\ntitle: ", "\ntitle: Adults <65 & <b>bold</b> claims; ", 1), encoding="utf-8")
    run = project.build()
    assert run.returncode == 0, run.output
    page = project.page("trials/ai-lung-nodule-reading")
    assert "<b>bold</b>" not in page
    assert "Adults &lt;65 &amp; &lt;b&gt;bold&lt;/b&gt; claims" in page


def test_navigation_reused_per_folder_is_byte_for_byte_materials(project: Project, built_example: Project) -> None:
    """theme/partials/nav.html and tabs.html render the navigation once per folder for pages outside
    the nav (radsite.plugin.chrome); without the cache every page is rendered on its own, and must
    come out the same, byte for byte."""
    (project.root / "theme" / "partials" / "nav.html").unlink()
    tabs = project.root / "theme" / "partials" / "tabs.html"  # RadSite's tabs (active section), uncached
    tabs.write_text(tabs.read_text(encoding="utf-8").replace('{%- call radsite_chrome.once("tabs", page) %}', "{%- if true %}")
                    .replace("{%- endcall -%}", "{%- endif -%}"), encoding="utf-8")  # fmt: skip
    run = project.build("--strict")
    assert run.returncode == 0, run.output
    pages = sorted(built_example.site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        rel = page.relative_to(built_example.site)
        if rel.parts[0] == "es":  # a language's own sidebar is the partial's (radsite.derive.language_pages)
            continue
        assert (project.site / rel).read_bytes() == page.read_bytes(), rel


def test_promote_swaps_the_site_in_and_deletes_old_ones_meanwhile(tmp_path: Path) -> None:
    from radsite.publish.staging import promote, staging_dir

    site = tmp_path / "site"
    leftover = tmp_path / "site.radsite-old"  # an interrupted run's
    (leftover / "x").mkdir(parents=True)
    (tmp_path / "site-other").mkdir()  # neighbours with similar names stay
    (tmp_path / "site.radsite-older-notes").mkdir()
    for n in range(3):
        staging = staging_dir(site)
        staging.mkdir()
        (staging / "index.html").write_text(str(n), encoding="utf-8")
        deleting = promote(staging, site)
        assert (site / "index.html").read_text(encoding="utf-8") == str(n)
        if deleting is not None:
            deleting.join(timeout=60)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site-other", "site.radsite-older-notes"]
