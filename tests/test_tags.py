"""Tag pages and per-tag feeds over every collection, case series, the news archive by year."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import feedparser  # type: ignore[import-untyped]
from lxml import etree
from test_events import NOW, SITE, TZ, YEAR_LATER, example_decision, example_items

from radsite.content.frontmatter import parse
from radsite.content.item import ContentSet, Item
from radsite.derive.archive import news_years, year_url
from radsite.derive.listings import past_pages
from radsite.derive.pages import topic_pages
from radsite.derive.series import case_series, series_url
from radsite.derive.tags import tag_pages, tag_url
from radsite.derive.topics import topics
from radsite.publish.entries import feed_entries
from radsite.publish.feeds import tag_feed_files
from radsite.publish.topic_files import collection_files, expected_paths
from radsite.settings import Settings
from radsite.visibility import Policy, decide

ROOT = Path(__file__).resolve().parents[1]
RNG = etree.RelaxNG(etree.parse(str(ROOT / "tests/schemas/atom.rng")))


def test_five_tags_have_two_or_more_items_across_collections() -> None:
    pages = {page.tag: page for page in tag_pages(example_decision().items, NOW, TZ)}
    crowded = {tag for tag, page in pages.items() if len(page.items) >= 2}
    assert {"education", "cme", "careers", "alumni", "neuroradiology"} <= crowded
    neuro = pages["neuroradiology"]
    assert {p.collection for p in neuro.items} >= {"jobs", "cases", "exams"}
    assert neuro.url == tag_url("neuroradiology") == "tags/neuroradiology/"
    assert neuro.feeds == ("feeds/tags/neuroradiology.xml", "feeds/tags/neuroradiology.atom")
    dated = [p.published_at for p in neuro.items if p.published_at]
    assert dated == sorted(dated, reverse=True)
    undated = [p for p in neuro.items if p.published_at is None]
    assert list(neuro.items[-len(undated) :]) == undated if undated else True


def test_tag_pages_leave_out_past_events_expired_jobs_and_withheld_items() -> None:
    decision = example_decision()
    pages = {page.tag: page for page in tag_pages(decision.items, NOW, TZ)}
    careers = {p.slug for p in pages["careers"].items}
    assert careers == {"ct-technologist", "neuroradiology-fellowship-2027"}  # the teleradiology post has closed
    assert "neuroradiology-update-2026" not in {p.slug for p in pages["cme"].items}  # past: archive only
    published = {p.item.src_uri for p in decision.items}
    withheld_tags = {t for i in example_items() if i.src_uri not in published for t in i.meta.tags}
    shown_tags = {t for p in decision.items for t in p.fields.get("tags") or ()}
    assert not (withheld_tags - shown_tags) & set(pages)  # a tag only a withheld item uses gets no page
    later = {page.tag: page for page in tag_pages(example_decision(YEAR_LATER).items, YEAR_LATER, TZ)}
    assert "careers" not in later and "cme" not in later
    assert all(p.collection not in ("events", "jobs") for page in later.values() for p in page.items)


def test_every_tag_feed_parses_and_its_atom_validates_against_rfc_4287() -> None:
    decision = example_decision()
    settings = Settings(content_dir=ROOT / "content", site_url=SITE, timezone="America/New_York")
    pages = tag_pages(decision.items, NOW, TZ)
    files = tag_feed_files(pages, feed_entries(decision, settings), settings)
    assert set(files) == {path for page in pages for path in page.feeds}
    for page in pages:
        rss, atom = (feedparser.parse(files[path]) for path in page.feeds)
        assert not rss.bozo and not atom.bozo, page.tag
        assert rss.version == "rss20" and atom.version == "atom10"
        assert RNG.validate(etree.fromstring(files[page.feeds[1]])), (page.tag, RNG.error_log)
        links = [e.link for e in atom.entries]
        ids = [e.id for e in atom.entries]
        assert set(links) <= {SITE + p.url for p in page.items} and len(ids) == len(set(ids))
        assert {SITE + p.url for p in page.items if p.published_at} <= set(links)  # every dated item posts
    careers = feedparser.parse(files["feeds/tags/careers.atom"])
    assert {e.link for e in careers.entries} == {SITE + "jobs/ct-technologist/",
                                                  SITE + "jobs/neuroradiology-fellowship-2027/"}  # fmt: skip


def with_series(item: Item, series: str, part: int | None, publish_at: dt.datetime | None = None) -> Item:
    update = {"series": series, "series_part": part} | ({"publish_at": publish_at} if publish_at else {})
    return dataclasses.replace(item, meta=item.meta.model_copy(update=update))


def test_case_series_is_ordered_by_part_with_neighbours_and_no_unpublished_part() -> None:
    items = example_items()
    cases = {i.slug: i for i in items if i.collection == "cases"}
    parts = {"right-lower-abdominal-pain-ct": 2, "sudden-headache-ct": 1, "sudden-chest-pain-x-ray": None}
    changed = {cases[slug].src_uri: with_series(cases[slug], "emergency-ct-basics", part) for slug, part in parts.items()}
    later = dt.datetime(2027, 5, 1, tzinfo=TZ)
    changed[cases["twisting-knee-injury-mri"].src_uri] = with_series(cases["twisting-knee-injury-mri"],
                                                                     "emergency-ct-basics", 3, later)  # fmt: skip
    content = ContentSet(items=[changed.get(i.src_uri, i) for i in items])
    decision = decide(content, Policy(audience="public", now=NOW, tz=TZ))
    series = case_series(decision.items)["emergency-ct-basics"]
    assert [p.slug for p in series.cases] == ["sudden-headache-ct", "right-lower-abdominal-pain-ct", "sudden-chest-pain-x-ray"]
    first, second, third = series.cases
    assert series.neighbours(first) == (None, second) and series.neighbours(second) == (first, third)
    assert series.neighbours(third) == (second, None)
    assert series.url == series_url("emergency-ct-basics") == "cases/series/emergency-ct-basics/"
    assert series.title == "Emergency ct basics"
    assert len(case_series(decide(content, Policy(audience="public", now=later, tz=TZ)).items)["emergency-ct-basics"].cases) == 4


def test_news_archive_by_year_newest_first() -> None:
    decision = example_decision()
    years = news_years(decision.items)
    assert list(years) == sorted(years, reverse=True)
    posts = [p for posts in years.values() for p in posts]
    assert {p.slug for p in posts} == {p.slug for p in decision.in_collection("news")}
    for year, members in years.items():
        assert all(p.published_at and p.published_at.year == year for p in members)
        assert [p.published_at for p in members] == sorted((p.published_at for p in members), reverse=True)  # type: ignore[type-var]
    assert year_url(2026) == "news/2026/"


def test_topics_give_each_generated_page_its_context_and_the_audit_its_paths() -> None:
    decision = example_decision()
    found = topics(decision)
    pages = {page.src_uri: page for page in topic_pages(found)}
    assert {"tags/careers.md", "events/archive.md", "news/2026.md"} <= set(pages)
    assert all(parse(page.markdown).data["template"].startswith("radsite/") for page in pages.values())
    assert set(found.context) == set(pages)  # every page gets its template's variables, nothing else does
    assert [p.slug for p in found.context["events/archive.md"]["archive"].items] == ["neuroradiology-update-2026"]
    assert found.context["tags/careers.md"]["tag_page"].tag == "careers"
    settings = Settings(content_dir=ROOT / "content", site_url=SITE, timezone="America/New_York")
    paths = expected_paths(found, decision, settings)
    assert {"events/calendar.ics", "events/grand-rounds/event.ics", "feeds/tags/careers.atom"} <= paths
    tag_files = tag_feed_files(found.tags, feed_entries(decision, settings), settings)
    written = set(collection_files(decision, settings)) | set(tag_files)
    assert written == paths  # the published list names exactly what is written
    # a closed job and a past event keep their pages but leave the sitemap
    assert past_pages(decision) == {"jobs/teleradiology-faculty.md", "events/neuroradiology-update-2026.md"}
    later = example_decision(YEAR_LATER)
    assert past_pages(later) == {p.item.page_uri for p in later.items if p.collection in ("events", "jobs")}
