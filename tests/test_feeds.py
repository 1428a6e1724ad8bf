"""The feeds of the example site, as a real build writes them: parsed by feedparser, Atom checked
against RFC 4287's RELAX NG schema, nothing withheld in them, the same bytes on every build."""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from lxml import etree
from PIL import Image

from conftest import NOW, Project
from radsite.content.load import load
from radsite.content.registry import COLLECTIONS
from radsite.visibility import Policy, decide

ROOT = Path(__file__).resolve().parents[1]
SITE = "https://radiology.northbrook-health.example/"
TZ = ZoneInfo("America/New_York")
RNG = etree.RelaxNG(etree.parse(str(ROOT / "tests/schemas/atom.rng")))
FEEDS = ["all", "faq", "exams", "cases", "trials", "news", "events", "jobs"]  # people is switched off in mkdocs.yml


def content():
    return load(ROOT / "content").content


def public(name: str):
    """Items of a collection the public build shows (decided here from front matter, independently)."""
    now = dt.datetime.fromisoformat(NOW).replace(tzinfo=TZ)
    out = []
    for item in content().in_collection(name):
        m = item.meta
        scheduled = m.publish_at is not None and _aware(m.publish_at) > now
        if not m.draft and not scheduled and m.audience == "public":
            out.append(item)
    return out


def _aware(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=TZ)
    return dt.datetime(value.year, value.month, value.day, tzinfo=TZ)


def _utc(struct) -> dt.datetime:
    return dt.datetime.fromtimestamp(calendar.timegm(struct), dt.UTC)


def parsed(project: Project, name: str, ext: str):
    data = (project.site / "feeds" / f"{name}.{ext}").read_bytes()
    feed = feedparser.parse(data)
    assert not feed.bozo, (name, ext, feed.get("bozo_exception"))
    return feed


@pytest.mark.parametrize("ext", ["xml", "atom"])
@pytest.mark.parametrize("name", FEEDS)
def test_every_feed_parses(built_example: Project, name: str, ext: str) -> None:
    feed = parsed(built_example, name, ext)
    assert feed.version == ("rss20" if ext == "xml" else "atom10")
    assert feed.entries
    for entry in feed.entries:
        assert entry.id and entry.title and entry.link.startswith(SITE)
        assert entry.published_parsed and entry.summary
        assert entry.content and entry.content[0].value.strip()
    assert not (built_example.site / "feeds/people.xml").exists()


@pytest.mark.parametrize("name", FEEDS)
def test_atom_validates_against_rfc4287_schema(built_example: Project, name: str) -> None:
    doc = etree.parse(str(built_example.site / "feeds" / f"{name}.atom"))
    assert RNG.validate(doc), RNG.error_log
    # RFC 4287's Schematron rules: every entry has an author (here: the feed's), one alternate link
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert doc.getroot().find("a:author/a:name", ns) is not None
    for entry in doc.getroot().iterfind("a:entry", ns):
        alternates = entry.findall("a:link[@rel='alternate']", ns)
        assert len(alternates) == 1


def test_schema_rejects_an_entry_without_id(built_example: Project) -> None:
    """The schema check is real: the same feed with one entry's id removed fails."""
    doc = etree.parse(str(built_example.site / "feeds/news.atom"))
    entry_id = doc.getroot().find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}id")
    entry_id.getparent().remove(entry_id)
    assert not RNG.validate(doc)


@pytest.mark.parametrize("ext", ["xml", "atom"])
def test_news_entries_ids_dates_categories(built_example: Project, ext: str) -> None:
    feed = parsed(built_example, "news", ext)
    expected = {f"{SITE}news/{i.slug}/": i for i in public("news")}
    assert [e.id for e in feed.entries] == sorted(expected, key=lambda k: _aware(expected[k].meta.date), reverse=True)
    for entry in feed.entries:
        item = expected[entry.id]
        assert _utc(entry.published_parsed) == _aware(item.meta.date).astimezone(dt.UTC)
        assert [t.term for t in entry.tags] == list(item.meta.tags)
        assert entry.link == f"{SITE}news/{item.slug}/"
    newest = max(_aware(i.meta.date) for i in expected.values())
    assert _utc(feed.feed.updated_parsed) == newest.astimezone(dt.UTC)


@pytest.mark.parametrize("ext", ["xml", "atom"])
def test_image_enclosure_and_media_content(built_example: Project, ext: str) -> None:
    feed = parsed(built_example, "news", ext)
    entry = next(e for e in feed.entries if e.id.endswith("news/new-mri-scanner/"))
    image = ROOT / "content/news/images/new-mri-scanner.png"
    url = f"{SITE}news/images/new-mri-scanner.png"
    enclosures = [{k: e[k] for k in ("href", "length", "type")} for e in entry.enclosures]
    published = built_example.site / "news/images/new-mri-scanner.png"  # re-encoded without metadata
    assert enclosures == [{"href": url, "length": str(published.stat().st_size), "type": "image/png"}]
    assert entry.media_content[0]["url"] == url and entry.media_content[0]["type"] == "image/png"
    assert Image.open(published).tobytes() == Image.open(image).tobytes()  # the same pixels
    no_image = next(e for e in feed.entries if e.id.endswith("news/resident-teaching-award/"))
    assert not no_image.get("enclosures")


@pytest.mark.parametrize("ext", ["xml", "atom"])
def test_content_is_full_html_with_absolute_urls(built_example: Project, ext: str) -> None:
    feed = parsed(built_example, "news", ext)
    entry = next(e for e in feed.entries if e.id.endswith("news/breast-imaging-saturday-hours/"))
    body = entry.content[0].value
    assert "<h2" in body and "How to get ready" in body
    assert f'href="{SITE}exams/mammography/"' in body  # written in Markdown as ../exams/mammography.md
    for feed_name in FEEDS:
        for e in parsed(built_example, feed_name, ext).entries:
            for url in re.findall(r'(?:href|src)="([^"]*)"', e.content[0].value):
                assert url.startswith(("https://", "http://", "mailto:", "tel:")), (e.id, url)


def test_a_revealed_case_posts_twice_an_unrevealed_once(built_example: Project) -> None:
    feed = parsed(built_example, "cases", "atom")
    ids = [e.id for e in feed.entries]
    case = f"{SITE}cases/sudden-headache-ct/"
    assert case in ids and f"{case}#answer" in ids
    answer = next(e for e in feed.entries if e.id == f"{case}#answer")
    assert answer.title.startswith("Answer revealed")
    assert _utc(answer.published_parsed) == dt.datetime(2026, 10, 8, 9, 0, tzinfo=TZ).astimezone(dt.UTC)
    assert "Subarachnoid" in answer.content[0].value or "subarachnoid" in answer.content[0].value
    question = next(e for e in feed.entries if e.id == case)
    assert "Teaching points" not in question.content[0].value  # the question entry holds the question
    hidden = f"{SITE}cases/pediatric-abdominal-pain-ultrasound/"  # reveal_at 2027: answer embargoed
    assert hidden in ids and f"{hidden}#answer" not in ids
    now = _aware(dt.datetime.fromisoformat(NOW))
    revealed = [i for i in public("cases") if i.meta.reveal_at and _aware(i.meta.reveal_at) <= now]
    assert len(ids) == len(public("cases")) + len(revealed)


def test_trials_feed_has_only_open_trials(built_example: Project) -> None:
    feed = parsed(built_example, "trials", "xml")
    expected = {f"{SITE}trials/{i.slug}/" for i in public("trials") if i.meta.status in ("RECRUITING", "NOT_YET_RECRUITING")}
    assert {e.id for e in feed.entries} == expected
    assert f"{SITE}trials/fast-stroke-mri/" not in expected  # completed


def test_all_feed_holds_every_collection_feed(built_example: Project) -> None:
    everything = {e.id for e in parsed(built_example, "all", "xml").entries}
    parts = [{e.id for e in parsed(built_example, n, "xml").entries} for n in FEEDS if n != "all"]
    assert everything == set().union(*parts)
    assert sum(len(p) for p in parts) == len(everything)


def test_post_texts_travel_in_the_feed(built_example: Project) -> None:
    from radsite.publish.posttext import bluesky_length, little_text, mastodon_length

    root = etree.parse(str(built_example.site / "feeds/all.xml")).getroot()
    for item in root.iter("item"):
        posts = {p.get("network"): p.text for p in item.iterfind("{urn:radsite:feed:1}post")}
        link = item.findtext("link")
        assert set(posts) == {"mastodon", "bluesky", "linkedin"}
        assert link in posts["mastodon"] and link in posts["bluesky"] and little_text(link) in posts["linkedin"]
        assert len(posts["linkedin"]) <= 3000
        assert mastodon_length(posts["mastodon"]) <= 500 and bluesky_length(posts["bluesky"]) <= 300
    mri = next(i for i in root.iter("item") if i.findtext("guid").endswith("news/new-mri-scanner/"))
    text = mri.find("{urn:radsite:feed:1}post").text
    assert text.startswith("Our new MRI scanner is open!")  # the `social:` override
    assert "#MRI" in text and "#PatientTips" in text  # tags through the hashtag map


def test_nothing_withheld_reaches_a_feed(built_example: Project) -> None:
    loaded = load(ROOT / "content")
    now = dt.datetime.fromisoformat(NOW).replace(tzinfo=TZ)
    decision = decide(loaded.content, Policy("public", now, TZ, {"phone": "internal"}))
    feeds = [p for p in (built_example.site / "feeds").rglob("*") if p.is_file()]  # the tag feeds too
    text = html.unescape("\n".join(p.read_text(encoding="utf-8") for p in feeds))
    assert decision.withheld
    for withheld in decision.withheld:
        for value in withheld.values:
            for line in str(value).splitlines():
                if len(line.strip()) >= 25:
                    assert line.strip() not in text, (withheld.path, withheld.reason, line)
    for slug in ("draft-open-house", "winter-hours-2027", "on-call"):
        assert slug not in text


def test_head_links_every_feed_and_follow_page_lists_them(built_example: Project) -> None:
    for page in ("index.html", "news/new-mri-scanner/index.html", "follow/index.html"):
        html_text = (built_example.site / page).read_text(encoding="utf-8")
        links = re.findall(r'<link rel="alternate" type="(application/(?:rss|atom)\+xml)"[^>]*href="([^"]+)"', html_text)
        assert len(links) == 2 * len(FEEDS), page
        for _, href in links:
            assert (built_example.site / page).parent.joinpath(href).resolve().is_file(), (page, href)
    follow = (built_example.site / "follow/index.html").read_text(encoding="utf-8")
    for name in FEEDS:
        assert f"feeds/{name}.xml" in follow and f"feeds/{name}.atom" in follow
    assert 'href="follow/"' in (built_example.site / "index.html").read_text(encoding="utf-8")


def test_feeds_are_byte_identical_across_builds(project: Project) -> None:
    """Same content, two builds, a later clock: the same bytes (no build time, no mtime in a feed)."""
    assert project.build("--strict").returncode == 0
    first = {p.name: p.read_bytes() for p in (project.site / "feeds").rglob("*") if p.is_file()}
    for p in project.content.rglob("*.md"):
        p.touch()
    run = project.build("--strict", RADSITE_NOW="2026-11-28T16:30")
    assert run.returncode == 0, run.output
    second = {p.name: p.read_bytes() for p in (project.site / "feeds").rglob("*") if p.is_file()}
    assert first == second and len([p for p in (project.site / "feeds").iterdir() if p.is_file()]) == 2 * len(FEEDS)


def test_feed_switched_off_and_ids_survive_edits(project: Project) -> None:
    """`feeds: {news: false}` drops the news feed; an id survives a new title, date, text and file name."""
    yml = project.root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("people: false", "people: false\n        news: false"),
                   encoding="utf-8")  # fmt: skip
    case = project.content / "cases/sudden-headache-ct.md"
    text = case.read_text(encoding="utf-8")
    text = text.replace("title: Sudden headache during exercise", "title: Thunderclap headache\nslug: sudden-headache-ct")
    text = text.replace("date: 2026-10-01", "date: 2026-10-02").replace("Look at the basal", "Study the basal")
    case.unlink()
    project.write("cases/renamed-headache-case.md", text)
    run = project.build("--strict")
    assert run.returncode == 0, run.output
    assert not (project.site / "feeds/news.xml").exists() and not (project.site / "feeds/news.atom").exists()
    everything = parsed(project, "all", "atom")
    assert not [e for e in everything.entries if "/news/" in e.id]
    entry = next(e for e in everything.entries if e.id == f"{SITE}cases/sudden-headache-ct/")
    assert entry.title == "Thunderclap headache" and "Study the basal" in entry.content[0].value
    assert "feeds/news.xml" not in (project.site / "index.html").read_text(encoding="utf-8")
    assert set(COLLECTIONS) >= {"news", "cases"}


def test_feed_limit_keeps_the_newest_entries_of_each_feed(tmp_path: Path) -> None:
    from radsite.publish.entries import feed_entries
    from radsite.publish.feeds import write_feeds
    from radsite.settings import Settings

    settings = Settings(content_dir=ROOT / "content", site_url=SITE, timezone="America/New_York", now=NOW,
                        feed_limit=3, feeds={"people": False})  # fmt: skip
    decision = decide(load(ROOT / "content").content, settings.policy({}))
    unlimited = feed_entries(decision, settings)
    limited = feed_entries(decision, settings, limit=3)
    assert len(limited) < len(unlimited)
    counts = write_feeds(limited, settings, tmp_path)
    assert counts == {name: min(3, len([e for e in unlimited if name in ("all", e.collection)])) for name in FEEDS}
    assert counts["news"] == 3 and counts["jobs"] == 2  # two jobs are open
    for name in FEEDS:
        feed = feedparser.parse((tmp_path / "feeds" / f"{name}.atom").read_bytes())
        pool = [e for e in unlimited if name == "all" or e.collection == name]
        assert [e.id for e in feed.entries] == [e.id for e in sorted(pool, key=lambda e: e.sort_key)[-3:][::-1]]


def test_feeds_need_an_absolute_site_url(project: Project) -> None:
    """Without site_url there are no absolute links: the build fails and says what to set."""
    assert project.build().returncode == 0
    before = (project.site / "feeds/all.atom").read_bytes()
    yml = project.root / "mkdocs.yml"
    yml.write_text(re.sub(r"(?m)^site_url:.*$", "", yml.read_text(encoding="utf-8")), encoding="utf-8")
    run = project.build()
    assert run.returncode != 0
    assert "mkdocs.yml: error: [feeds] site_url: '' is not an absolute URL" in run.output
    assert (project.site / "feeds/all.atom").read_bytes() == before  # the previous site is untouched


def test_the_answer_entry_appears_once_reveal_at_has_passed() -> None:
    from radsite.publish.entries import feed_entries
    from radsite.settings import Settings

    settings = Settings(content_dir=ROOT / "content", site_url=SITE, timezone="America/New_York")
    loaded = load(ROOT / "content").content
    case = f"{SITE}cases/pediatric-abdominal-pain-ultrasound/"
    reveal_at = loaded.get("cases", "pediatric-abdominal-pain-ultrasound").meta.reveal_at  # naive: site time
    just_before = (reveal_at - dt.timedelta(minutes=1)).isoformat()
    before = feed_entries(decide(loaded, settings.policy({"RADSITE_NOW": just_before})), settings)
    after = feed_entries(decide(loaded, settings.policy({"RADSITE_NOW": reveal_at.isoformat()})), settings)
    assert case in {e.id for e in before} and f"{case}#answer" not in {e.id for e in before}
    answer = next(e for e in after if e.id == f"{case}#answer")
    question = next(e for e in after if e.id == case)
    assert answer.published == reveal_at.replace(tzinfo=TZ) and answer.kind == "answer"
    assert answer.content.strip() and answer.content not in question.content
    assert question.published == next(e for e in before if e.id == case).published  # the question stays put
    assert answer.posts.mastodon.startswith("Answer revealed: ")
