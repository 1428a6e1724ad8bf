"""Events: schema, sessions, .ics files read by two independent parsers, Event JSON-LD, time."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import jinja2
import lxml.html
import pytest
from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
from mkdocs.utils.templates import url_filter
from pydantic import ValidationError

from radsite.content.errors import schema_findings
from radsite.content.frontmatter import parse
from radsite.content.item import ContentSet, Item
from radsite.content.load import load
from radsite.content.registry import is_current
from radsite.content.scaffold import _fields
from radsite.content.schemas.base import ItemBase
from radsite.content.schemas.events import Event
from radsite.content.schemas.jobs import Job
from radsite.content.todo import todo_fields
from radsite.derive.event_context import EventHelpers
from radsite.derive.event_posts import event_posts
from radsite.derive.ld_events import event_data
from radsite.derive.listings import next_change
from radsite.derive.series import case_series
from radsite.derive.timely import event_archive, occurrences, upcoming_events
from radsite.guard.phi import scan_files
from radsite.plugin.plugin import add_language_words
from radsite.publish.calendar import CALENDAR_PATH, calendar_files, event_uid
from radsite.visibility import Decision, Policy, Published, decide

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "content"  # the example site, events and jobs included
SITE = "https://radiology.northbrook-health.example/"
TZ = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=TZ)  # the tests' RADSITE_NOW
YEAR_LATER = NOW + dt.timedelta(days=366)
MODELS: dict[str, type[ItemBase]] = {"events": Event, "jobs": Job}


def example_items(overrides: dict[str, dict[str, Any]] | None = None) -> list[Item]:
    """The example site's content plus the events and jobs examples, each validated by its schema."""
    items = [i for i in load(ROOT / "content").content.items if i.collection not in MODELS]
    for collection, model in MODELS.items():
        for file in sorted((EXAMPLE / collection).glob("*.md")):
            doc = parse(file.read_text(encoding="utf-8"))
            data = {**doc.data, **(overrides or {}).get(file.stem, {})}
            src_uri = f"{collection}/{file.name}"
            items.append(Item(collection, src_uri, f"content/{src_uri}", model.model_validate(data), doc))
    return items


def example_decision(now: dt.datetime = NOW, overrides: dict[str, dict[str, Any]] | None = None) -> Decision:
    """The public build's decision (radsite.visibility itself) over the examples at `now`."""
    return decide(ContentSet(items=example_items(overrides)), Policy(audience="public", now=now, tz=TZ))


def person(decision: Decision) -> Any:
    def find(slug: str) -> dict[str, Any] | None:
        p = decision.get("people", slug)
        return {"@type": "Person", "name": p.fields["title"], "url": SITE + p.url} if p else None

    return find


def event(decision: Decision, slug: str) -> Published:
    found = decision.get("events", slug)
    assert found is not None, slug
    return found


def unfold(text: str) -> list[tuple[str, dict[str, str], str]]:
    """A plain RFC 5545 reader (3.1): CRLF lines, folds joined, then NAME;PARAM=V:VALUE split."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    raw = text.split("\r\n")[:-1]
    for line in raw:
        assert len(line.encode("utf-8")) <= 75, line
    lines: list[str] = []
    for line in raw:
        if line[:1] in (" ", "\t"):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    out = []
    for line in lines:
        head, value = re.match(r'((?:[^:"]|"[^"]*")*):(.*)', line).groups()  # type: ignore[union-attr]
        name, *params = head.split(";")
        out.append((name.upper(), dict(p.split("=", 1) for p in params), value))
    return out


def components(lines: list[tuple[str, dict[str, str], str]], kind: str) -> list[dict[str, list[tuple[dict, str]]]]:
    found: list[dict[str, list[tuple[dict, str]]]] = []
    depth: list[str] = []
    for name, params, value in lines:
        if name == "BEGIN":
            depth.append(value)
            if value == kind:
                found.append({})
        elif name == "END":
            assert depth.pop() == value, "BEGIN/END must nest"
        elif depth and depth[-1] == kind:
            found[-1].setdefault(name, []).append((params, value))
    assert not depth
    return found


# --- schema --------------------------------------------------------------------------------------


def findings(model: type[ItemBase], front: str) -> list[str]:
    """`line: message` as an editor sees them (radsite.content.errors), from a real front matter."""
    doc = parse(f"---\n{front}---\nBody.\n")
    with pytest.raises(ValidationError) as caught:
        model.model_validate(doc.data)
    return [f"{f.line}: {f.message}" for f in schema_findings(caught.value, model, doc, "content/x.md")]


BASE_EVENT = """title: T
summary: S.
date: 2026-11-01
kind: seminar
start: 2026-12-01T12:00
location:
  room: Room 1
organiser: helen-brooks
"""


def test_event_schema_errors_name_the_line_and_the_field() -> None:
    assert findings(Event, BASE_EVENT + "end: 2026-12-01T11:00\n") == [
        "10: end: comes before start (2026-12-01 12:00:00); an event ends after it begins (got '2026-12-01T11:00')"]  # fmt: skip
    assert findings(Event, BASE_EVENT + "end: 2026-12-02\n") == [
        "10: end: give a date when start is a date, a date-time when it is one (got '2026-12-02')"]  # fmt: skip
    assert findings(Event, BASE_EVENT.replace("  room: Room 1\n", "  room:\n")) == [
        "7: location: give a room, an address or an online link"]  # fmt: skip
    assert findings(Event, BASE_EVENT + "timezone: Mars/Olympus\n") == [
        "10: timezone: 'Mars/Olympus' is not an IANA time zone (e.g. Europe/London) (got 'Mars/Olympus')"]  # fmt: skip
    assert findings(Event, BASE_EVENT.replace("start: 2026-12-01T12:00", "start: next tuesday"))[0].startswith(
        "6: start: 'next tuesday' is neither a date"
    )
    assert findings(Event, BASE_EVENT + "recurrence:\n  frequency: weekly\n  until: 2026-11-01\n") == [
        "10: recurrence: until: the series ends before its first start"]  # fmt: skip
    assert findings(Event, BASE_EVENT + "status: closed\n")[0].startswith("10: status: 'closed' is not allowed")
    ok = Event.model_validate(parse(f"---\n{BASE_EVENT}---\n").data | {"start": "2026-12-01"})
    assert ok.all_day and not ok.is_cme


def test_scaffolded_draft_event_and_job_validate_and_are_shown_to_nobody() -> None:
    for model in (Event, Job):
        lines = ["title: TODO", "draft: true", *_fields(model, {}, "", skip=frozenset({"title", "draft", "slug"}))]
        draft = model.model_validate(parse("---\n" + "\n".join(lines) + "\n---\nTODO\n").data)
        assert draft.draft and todo_fields(draft), model.__name__  # TODOs wait; the draft is withheld


def test_example_events_and_jobs_pass_the_phi_guard_as_staff_content() -> None:
    """With the staff rules (those of people/ and trials/, which the wiring gives events/ and jobs/)."""
    files = [(str(p), p.read_text(encoding="utf-8"), "people") for c in MODELS for p in sorted((EXAMPLE / c).glob("*.md"))]
    assert len(files) >= 9
    assert scan_files(files).findings == []


# --- sessions ------------------------------------------------------------------------------------


def test_weekly_series_matches_an_independent_rrule_expansion_and_keeps_its_local_hour() -> None:
    grand = event(example_decision(), "grand-rounds")
    sessions = occurrences(grand.fields, TZ)
    rule = rrulestr("FREQ=WEEKLY;UNTIL=20270630T235959", dtstart=dt.datetime(2026, 9, 2, 12, 0))
    expected = [d for d in rule if d.date() not in {dt.date(2026, 12, 23), dt.date(2026, 12, 30)}]
    assert [o.start.replace(tzinfo=None) for o in sessions] == expected
    assert all(o.end - o.start == dt.timedelta(hours=1) for o in sessions)
    offsets = {o.start.utcoffset() for o in sessions}
    assert offsets == {dt.timedelta(hours=-4), dt.timedelta(hours=-5)}  # noon before and after the clocks change


def test_monthly_series_on_the_31st_skips_short_months() -> None:
    fields = {"start": dt.datetime(2027, 1, 31, 17, 0), "recurrence": {"frequency": "monthly", "until": dt.date(2027, 7, 31)}}
    assert [o.start.date() for o in occurrences(fields, TZ)] == [
        dt.date(2027, 1, 31), dt.date(2027, 3, 31), dt.date(2027, 5, 31), dt.date(2027, 7, 31)]  # fmt: skip


def test_past_events_leave_the_listing_but_stay_in_the_archive_and_a_year_later_none_is_current() -> None:
    now = example_decision()
    listed = [p.slug for p in upcoming_events(now.items, NOW, TZ)]
    soonest = ["grand-rounds", "journal-club-december", "alumni-case-conference", "body-mri-cme-course"]
    assert listed == [*soonest, "alumni-reception-2027"]
    assert [p.slug for p in event_archive(now.items, NOW, TZ)] == ["neuroradiology-update-2026"]
    later = example_decision(YEAR_LATER)
    events = later.in_collection("events")
    assert len(events) == 6 and not any(is_current(p, YEAR_LATER, TZ) for p in events)
    assert upcoming_events(later.items, YEAR_LATER, TZ) == []
    assert {p.slug for p in event_archive(later.items, YEAR_LATER, TZ)} == {p.slug for p in events}
    files = calendar_files(events, SITE, YEAR_LATER, TZ, "Events")
    assert {f"events/{p.slug}/event.ics" for p in events} <= set(files)  # archived pages keep their .ics
    empty = unfold(files[CALENDAR_PATH].decode())
    assert components(empty, "VEVENT") == [] and len(components(empty, "VTIMEZONE")) == 1  # RFC 5545: 1*component


def test_next_change_is_the_end_of_the_next_session_or_a_job_closing() -> None:
    decision = example_decision()
    assert next_change(decision) == dt.datetime(2026, 12, 2, 13, 0, tzinfo=TZ)  # grand rounds ends
    later = example_decision(YEAR_LATER)
    assert next_change(later) is None  # nothing left to end or close


# --- iCalendar -----------------------------------------------------------------------------------


def test_every_ics_file_reads_in_two_independent_parsers() -> None:
    decision = example_decision()
    events = decision.in_collection("events")
    files = calendar_files(events, SITE, NOW, TZ, "Northbrook radiology events")
    assert set(files) == {f"events/{p.slug}/event.ics" for p in events} | {CALENDAR_PATH}
    for path, data in files.items():
        parsed = icalendar.Calendar.from_ical(data)
        plain = unfold(data.decode("utf-8"))
        vevents = components(plain, "VEVENT")
        assert len(parsed.walk("VEVENT")) == len(vevents) >= (0 if path == CALENDAR_PATH else 1)
        zones = {v["TZID"][0][1] for v in components(plain, "VTIMEZONE")}
        for ve in vevents:
            for key in ("UID", "DTSTAMP", "DTSTART", "SEQUENCE", "STATUS", "SUMMARY"):
                assert key in ve, (path, key)
            params, _ = ve["DTSTART"][0]
            if "TZID" in params:
                assert params["TZID"] in zones, path  # every TZID has its VTIMEZONE
    upcoming = {v["UID"][0][1] for v in components(unfold(files[CALENDAR_PATH].decode()), "VEVENT")}
    assert upcoming == {event_uid(p, SITE) for p in upcoming_events(events, NOW, TZ)}
    assert event_uid(event(decision, "neuroradiology-update-2026"), SITE) not in upcoming


def test_series_rrule_and_exdates_expand_to_the_same_sessions_as_the_pages() -> None:
    grand = event(example_decision(), "grand-rounds")
    data = calendar_files([grand], SITE, NOW, TZ, "x")["events/grand-rounds/event.ics"]
    ve = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    start = ve.decoded("dtstart")
    assert start.tzinfo is not None and str(ve["dtstart"].params["TZID"]) == "America/New_York"
    plain = components(unfold(data.decode()), "VEVENT")[0]
    rule = rrulestr(plain["RRULE"][0][1], dtstart=start)
    skipped = {dt.datetime.strptime(v, "%Y%m%dT%H%M%S").replace(tzinfo=ZoneInfo(params["TZID"]))
               for params, values in plain["EXDATE"] for v in values.split(",")}  # fmt: skip
    assert len(skipped) == 2
    sessions = [d for d in rule if d not in skipped]
    assert sessions == [o.start for o in occurrences(grand.fields, TZ)]


def test_uid_is_stable_sequence_rises_and_cancelled_says_so() -> None:
    first = example_decision()
    moved = {"title": "Body MRI course (new title)", "sequence": 2, "start": "2027-02-19T08:30", "end": "2027-02-20T17:00"}
    edited = example_decision(overrides={"body-mri-cme-course": moved})
    a = icalendar.Calendar.from_ical(calendar_files([event(first, "body-mri-cme-course")], SITE, NOW, TZ, "x")[
        "events/body-mri-cme-course/event.ics"]).walk("VEVENT")[0]  # fmt: skip
    b = icalendar.Calendar.from_ical(calendar_files([event(edited, "body-mri-cme-course")], SITE, NOW, TZ, "x")[
        "events/body-mri-cme-course/event.ics"]).walk("VEVENT")[0]  # fmt: skip
    assert a["uid"] == b["uid"] and (a["sequence"], b["sequence"]) == (0, 2) and a["status"] == "CONFIRMED"
    cancelled = calendar_files([event(first, "journal-club-december")], SITE, NOW, TZ, "x")
    ve = components(unfold(cancelled["events/journal-club-december/event.ics"].decode()), "VEVENT")[0]
    assert ve["STATUS"][0][1] == "CANCELLED" and ve["SEQUENCE"][0][1] == "1"  # cancelling raised it by itself
    again = calendar_files(first.in_collection("events"), SITE, NOW, TZ, "x")
    assert again == calendar_files(example_decision().in_collection("events"), SITE, NOW, TZ, "x")  # reproducible


def test_all_day_event_has_date_values_and_an_exclusive_end() -> None:
    past = event(example_decision(), "neuroradiology-update-2026")
    data = calendar_files([past], SITE, NOW, TZ, "x")["events/neuroradiology-update-2026/event.ics"]
    ve = components(unfold(data.decode()), "VEVENT")[0]
    assert ve["DTSTART"][0] == ({"VALUE": "DATE"}, "20261015") and ve["DTEND"][0] == ({"VALUE": "DATE"}, "20261016")


# --- JSON-LD and feeds ---------------------------------------------------------------------------


def test_event_json_ld_carries_the_required_and_recommended_properties() -> None:
    decision = example_decision()
    cme = event_data(event(decision, "body-mri-cme-course"), SITE, NOW, TZ, "Dept", person(decision))
    assert cme["@type"] == "EducationEvent"
    for key in ("name", "startDate", "endDate", "location", "eventStatus", "eventAttendanceMode", "organizer",
                "performer", "description", "url"):  # fmt: skip
        assert cme[key], key
    assert cme["startDate"] == "2027-02-12T08:30:00-05:00"
    assert cme["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [p["name"] for p in cme["performer"]] == ["Grace Adeyemi", "Tomas Novak"]
    assert {loc["@type"] for loc in cme["location"]} == {"Place", "VirtualLocation"}
    assert cme["educationalCredentialAwarded"] == "12.5 AMA PRA Category 1 Credit (ACCME)"
    off = event_data(event(decision, "journal-club-december"), SITE, NOW, TZ, "Dept", person(decision))
    assert off["@type"] == "Event"
    assert off["eventStatus"] == "https://schema.org/EventCancelled"
    assert off["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    series = event_data(event(decision, "grand-rounds"), SITE, NOW, TZ, "Dept", person(decision))
    assert (series["startDate"], series["endDate"]) == ("2026-12-02T12:00:00-05:00", "2026-12-02T13:00:00-05:00")
    assert series["eventSchedule"] == {
        "@type": "Schedule", "repeatFrequency": "P1W", "startDate": "2026-09-02", "endDate": "2027-06-30",
        "scheduleTimezone": "America/New_York", "startTime": "12:00", "endTime": "13:00",
        "exceptDate": ["2026-12-23", "2026-12-30"]}  # fmt: skip
    past = event_data(event(decision, "neuroradiology-update-2026"), SITE, NOW, TZ, "Dept", person(decision))
    assert (past["startDate"], past["endDate"]) == ("2026-10-15", "2026-10-15")  # all day: dates, end inclusive
    chicago = event_data(event(decision, "alumni-reception-2027"), SITE, NOW, TZ, "Dept", person(decision))
    assert chicago["startDate"] == "2027-03-06T18:00:00-06:00"


def test_a_cancelled_event_posts_again_with_its_own_id() -> None:
    decision = example_decision()
    posts = event_posts(event(decision, "journal-club-december"), SITE + "events/journal-club-december/", TZ)
    assert [(p.kind, p.title) for p in posts] == [("item", "December journal club"),
                                                  ("update", "Cancelled: December journal club")]  # fmt: skip
    assert posts[1].id != posts[0].id and posts[1].published == dt.datetime(2026, 11, 20, tzinfo=TZ)
    assert len(event_posts(event(decision, "body-mri-cme-course"), "x", TZ)) == 1


# --- templates -----------------------------------------------------------------------------------


class Helpers(EventHelpers):
    """The helpers the wiring adds to SiteContext, plus its own `person` lookup."""

    def __init__(self, decision: Decision, now: dt.datetime) -> None:
        super().__init__(now, TZ, case_series(decision.items))
        self.decision = decision

    def person(self, slug: str) -> Published | None:
        return self.decision.get("people", slug)


def render_block(template: str, block: str, item: Published, decision: Decision, now: dt.datetime = NOW) -> str:
    """One block of an item template, rendered by Jinja with the theme's real macros and MkDocs' url filter."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme"), autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["url"] = url_filter
    add_language_words(env)
    values: dict[str, Any] = {"item": item, "entry": item, "radsite": Helpers(decision, now), "page": None, "base_url": ".."}
    values["m"] = env.get_template("radsite/macros.html").make_module(values)
    tmpl = env.get_template(template)
    html = "".join(tmpl.blocks[block](tmpl.new_context(values))) if block else tmpl.render(values)
    lxml.html.fragment_fromstring(html, create_parent="div")  # parses as HTML
    return " ".join(html.split())


def test_event_page_says_cancelled_or_past_and_links_its_ics() -> None:
    decision = example_decision()
    cancelled = render_block("radsite/events.html", "facts", event(decision, "journal-club-december"), decision)
    assert "<strong>Cancelled.</strong>" in cancelled and 'href="../events/journal-club-december/event.ics"' in cancelled
    past = render_block("radsite/events.html", "facts", event(decision, "neuroradiology-update-2026"), decision)
    assert "This event has taken place." in past and "Register" not in past
    course = render_block("radsite/events.html", "facts", event(decision, "body-mri-cme-course"), decision)
    assert "12.5 AMA PRA Category 1 Credit, accredited by ACCME" in course
    assert (
        '<a class="md-button md-button--primary" href="https://events.northbrook-health.example/body-mri-2027">Register</a>'
        in course
    )
    series = render_block("radsite/events.html", "facts", event(decision, "grand-rounds"), decision)
    assert (
        "then every week until" in series
        and f"All {len(occurrences(event(decision, 'grand-rounds').fields, TZ))} sessions" in series
    )
    card = render_block("radsite/cards/events.html", "", event(decision, "grand-rounds"), decision)
    assert 'datetime="2026-12-02T12:00:00-05:00"' in card and "1 CME credit " in card  # the next session
