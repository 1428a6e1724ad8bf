"""Events, jobs, tag pages and case series in real builds of the example site: now, and a year later.

The example is built with MkDocs (tests/conftest.py) at the tests' clock and again a year later;
JSON-LD is read from the pages' <script> elements, every .ics file with icalendar, every feed with
feedparser, Atom against RFC 4287's RELAX NG schema, the sitemap with lxml.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import subprocess
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]
import icalendar
import pytest
from lxml import etree, html

from conftest import BIN, Project, make_project

ROOT = Path(__file__).resolve().parents[1]
RNG = etree.RelaxNG(etree.parse(str(ROOT / "tests/schemas/atom.rng")))
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
YEAR_LATER = "2027-11-29T12:00"
DRAFT_EVENT = """---
title: Sentineldraftevent planning meeting
summary: Sentineldraftsummary, not for anyone yet.
kind: seminar
date: 2026-11-01
start: 2026-12-20T12:00
location:
  room: Sentineldraftroom
organiser: priya-raman
draft: true
tags: [education]
---
Sentineldraftbody.
"""


def json_ld(page: str) -> list[dict[str, Any]]:
    """Every schema.org object of a page, a list in one <script> flattened."""
    found: list[dict[str, Any]] = []
    for script in html.fromstring(page).xpath("//script[@type='application/ld+json']"):
        data = json.loads(script.text)
        found += data if isinstance(data, list) else [data]
    return found


def sitemap_paths(site: Path) -> set[str]:
    locs = etree.parse(str(site / "sitemap.xml")).xpath("//s:loc/text()", namespaces=SITEMAP_NS)
    return {loc.split("/", 3)[3] for loc in locs}


def feed_links(path: Path) -> set[str]:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, (path, feed.bozo_exception)
    return {entry.link for entry in feed.entries}


def slugs_in(collection: str, links: set[str]) -> set[str]:
    return {link.rstrip("/").rsplit("/", 1)[-1] for link in links if f"/{collection}/" in link}


@pytest.fixture(scope="module")
def year_later(tmp_path_factory: pytest.TempPathFactory) -> Project:
    built = make_project(tmp_path_factory.mktemp("later") / "project")
    run = built.build(RADSITE_NOW=YEAR_LATER)  # not strict: a year later the reviews are due (warnings)
    assert run.returncode == 0, run.output
    return built


def test_event_pages_carry_event_json_ld_and_their_own_ics(built_example: Project) -> None:
    events = sorted(p.stem for p in (built_example.content / "events").glob("*.md"))
    assert len(events) >= 4
    types = {}
    for slug in events:
        page = built_example.page(f"events/{slug}")
        (data,) = [d for d in json_ld(page) if d["@type"] in ("Event", "EducationEvent")]
        assert {"name", "startDate", "endDate", "eventStatus", "eventAttendanceMode", "location", "organizer"} <= set(data)
        types[slug] = (data["@type"], data["eventStatus"])
        assert 'href="event.ics"' in page or f"/events/{slug}/event.ics" in page, slug  # the page links its calendar
        cal = icalendar.Calendar.from_ical((built_example.site / "events" / slug / "event.ics").read_bytes())
        (vevent,) = cal.walk("VEVENT")
        start = vevent.decoded("DTSTART")
        assert str(vevent["UID"]) and bool(cal.walk("VTIMEZONE")) == isinstance(start, dt.datetime), slug  # TZID + zone
    assert types["body-mri-cme-course"][0] == "EducationEvent"
    assert types["journal-club-december"][1] == "https://schema.org/EventCancelled"


def test_every_ics_file_parses_and_the_calendar_holds_the_upcoming_events(built_example: Project) -> None:
    files = sorted(built_example.site.rglob("*.ics"))
    assert len(files) >= 5
    for path in files:
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        assert cal["VERSION"] == "2.0" and cal["PRODID"], path
    upcoming = icalendar.Calendar.from_ical((built_example.site / "events" / "calendar.ics").read_bytes())
    summaries = {str(v["SUMMARY"]) for v in upcoming.walk("VEVENT")}
    assert "Neuroradiology update 2026" not in {s.split(":")[-1].strip() for s in summaries}  # past: not subscribed
    statuses = {str(v["SUMMARY"]): str(v.get("STATUS")) for v in upcoming.walk("VEVENT")}
    assert "CANCELLED" in statuses.values()


def test_open_jobs_are_job_postings_and_a_closed_one_says_so(built_example: Project) -> None:
    required = {"title", "description", "datePosted", "validThrough", "hiringOrganization", "employmentType"}
    for slug in ("ct-technologist", "neuroradiology-fellowship-2027"):
        (data,) = [d for d in json_ld(built_example.page(f"jobs/{slug}")) if d["@type"] == "JobPosting"]
        assert required <= set(data) and ("jobLocation" in data or "applicantLocationRequirements" in data)
    closed = built_example.page("jobs/teleradiology-faculty")
    assert not [d for d in json_ld(closed) if d["@type"] == "JobPosting"]
    assert "This position is closed" in closed
    paths = sitemap_paths(built_example.site)
    assert "jobs/teleradiology-faculty/" not in paths and "jobs/ct-technologist/" in paths
    listing = built_example.page("jobs")
    assert 'href="ct-technologist/"' in listing and "teleradiology-faculty" not in listing


def test_tag_pages_and_their_feeds_parse_and_validate(built_example: Project) -> None:
    tags = sorted(p.name for p in (built_example.site / "tags").iterdir())
    assert {"alumni", "careers", "cme", "education", "neuroradiology"} <= set(tags)
    careers = built_example.page("tags/careers")
    assert "jobs/ct-technologist/" in careers and "teleradiology-faculty" not in careers
    for tag in tags:
        links = feed_links(built_example.site / "feeds" / "tags" / f"{tag}.xml")
        atom = etree.parse(str(built_example.site / "feeds" / "tags" / f"{tag}.atom"))
        assert RNG.validate(atom), (tag, RNG.error_log)
        assert links == {e.link for e in feedparser.parse(etree.tostring(atom)).entries}, tag
    assert slugs_in("jobs", feed_links(built_example.site / "feeds/tags/careers.xml")) == {
        "ct-technologist", "neuroradiology-fellowship-2027"}  # fmt: skip
    # tags on item pages link to their pages
    case = built_example.page("cases/sudden-headache-ct")
    assert 'href="../../tags/neuroradiology/"' in case
    assert 'href="../../tags/alumni/"' in built_example.page("events/alumni-case-conference")


def test_events_and_jobs_feeds(built_example: Project) -> None:
    feeds = built_example.site / "feeds"
    events = slugs_in("events", feed_links(feeds / "events.xml"))
    assert "grand-rounds" in events and "neuroradiology-update-2026" not in events  # past: out of the feeds
    cancelled = feedparser.parse((feeds / "events.xml").read_bytes())
    assert any(e.title.startswith("Cancelled: ") and "#update-" in e.id for e in cancelled.entries)  # posted again
    assert slugs_in("jobs", feed_links(feeds / "jobs.xml")) == {"ct-technologist", "neuroradiology-fellowship-2027"}
    for name in ("events", "jobs"):
        assert RNG.validate(etree.parse(str(feeds / f"{name}.atom"))), RNG.error_log


def test_case_series_page_and_its_nav(built_example: Project) -> None:
    first = built_example.page("cases/sudden-headache-ct")
    second = built_example.page("cases/right-lower-abdominal-pain-ct")
    assert 'rel="next"' in first and 'rel="prev"' in second and "rs-series-nav" in first
    series = sorted((built_example.site / "cases" / "series").rglob("index.html"))
    assert series, "no series page"
    text = series[0].read_text(encoding="utf-8")
    assert text.index("sudden-headache-ct") < text.index("right-lower-abdominal-pain-ct")


def test_a_year_later_nothing_past_is_listed_fed_or_in_the_sitemap(year_later: Project) -> None:
    site = year_later.site
    events = {p.stem for p in (year_later.content / "events").glob("*.md")}
    jobs = {p.stem for p in (year_later.content / "jobs").glob("*.md")}
    listings = {"events": year_later.page("events"), "jobs": year_later.page("jobs")}
    others = (site / "index.html").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (site / "tags").rglob("index.html"))  # fmt: skip
    for collection, slugs in (("events", events), ("jobs", jobs)):
        for slug in slugs:
            assert f'href="{slug}/"' not in listings[collection] and f"{collection}/{slug}/" not in others, slug
    fed: set[str] = set()
    for path in (site / "feeds").rglob("*.xml"):
        fed |= feed_links(path)
    assert not slugs_in("events", fed) and not slugs_in("jobs", fed)
    paths = sitemap_paths(site)
    assert not {p for p in paths if p.startswith(("events/", "jobs/"))} - {"events/", "jobs/", "events/archive/"}
    archive = year_later.page("events/archive")
    for slug in events:  # every past event keeps its page, listed in the archive
        assert (site / "events" / slug / "index.html").is_file() and f"{slug}/" in archive, slug
    calendar = icalendar.Calendar.from_ical((site / "events" / "calendar.ics").read_bytes())
    assert calendar.walk("VEVENT") == []


def test_scaffold_and_json_schema_include_events_and_jobs(project: Project) -> None:
    env = project.env()
    run = subprocess.run([str(BIN / "radsite"), "schema", "out"], cwd=project.root, env=env, capture_output=True,
                         text=True, timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stderr
    events = json.loads((project.root / "out" / "events.schema.json").read_text(encoding="utf-8"))
    jobs = json.loads((project.root / "out" / "jobs.schema.json").read_text(encoding="utf-8"))
    assert {"start", "location", "organiser", "recurrence"} <= set(events["properties"])
    assert {"valid_through", "employment_type", "how_to_apply"} <= set(jobs["properties"])
    run = subprocess.run([str(BIN / "radsite"), "new", "events", "x"], cwd=project.root, env=env,
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stderr
    draft = (project.content / "events" / "x.md").read_text(encoding="utf-8")
    assert "draft: true" in draft and "start:" in draft and "slugs of radiologists in content/people/" in draft
    assert project.check().returncode == 0  # a fresh draft is valid content, and withheld


def test_a_draft_event_leaks_into_no_output_file(project: Project) -> None:
    project.write("events/planning-meeting.md", DRAFT_EVENT)
    run = project.build()
    assert run.returncode == 0, run.output
    for path in project.site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz" or "pagefind" in path.parts:
                with contextlib.suppress(OSError):
                    data = gzip.decompress(data)
            assert b"Sentineldraft" not in data and b"planning-meeting" not in data, path


def test_the_due_record_holds_the_next_session_end(built_example: Project) -> None:
    """The hourly rebuild runs when grand rounds end (then its next session shows), before any publish_at."""
    recorded = json.loads((built_example.site / "radsite-due.json").read_text(encoding="utf-8"))
    assert recorded["next_due"] == "2026-12-02T13:00:00-05:00"
