"""iCalendar files: one `.ics` per event page and `/events/calendar.ics` with the upcoming events.

UIDs are the event's stable id (the feed id), so a calendar app updates its copy instead of adding
a second. SEQUENCE is the editor's `sequence:` field (raised when the time or place changes), plus
one when the event is cancelled or postponed, so a cancellation reaches subscribers even if the
editor only changed `status:`. A content digest history would need state kept between builds;
a field in the source keeps builds reproducible. DTSTAMP is `updated` (else `date`), never the
clock, so the same content gives the same bytes. Times carry a TZID with its VTIMEZONE.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar

from radsite.derive.timely import event_zone, occurrences, upcoming_events

if TYPE_CHECKING:  # a type only: a collection's schema module may import this one
    from radsite.content.collection import Shown as Published

PRODID = "-//RadSite//Events//EN"
CALENDAR_PATH = "events/calendar.ics"
ICS_STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}


def ics_path(published: Published) -> str:
    """Site-relative path of an event's own file, next to its page: events/<slug>/event.ics."""
    return f"{published.url}event.ics"


def event_uid(published: Published, site_url: str) -> str:
    """Stable across edits and moves: the item's `id`, else collection/slug at the site's host."""
    if published.fields.get("id"):
        return str(published.fields["id"])
    host = urlsplit(site_url).hostname or "radsite.invalid"
    return f"{published.collection}-{published.slug}@{host}"


def sequence(fields: Mapping[str, Any]) -> int:
    return int(fields.get("sequence") or 0) + (0 if fields.get("status", "scheduled") == "scheduled" else 1)


def calendar_files(
    events: Iterable[Published], site_url: str, now: dt.datetime, site_tz: dt.tzinfo, name: str
) -> dict[str, bytes]:
    """{site-relative path: bytes}: every published event's own file, and the upcoming ones together."""
    events = [p for p in events if p.collection == "events"]
    files = {ics_path(p): _calendar([p], site_url, site_tz, p.fields["title"]) for p in events}
    files[CALENDAR_PATH] = _calendar(upcoming_events(events, now, site_tz), site_url, site_tz, name)
    return files


def _calendar(events: list[Published], site_url: str, site_tz: dt.tzinfo, name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for p in events:
        cal.add_component(vevent(p, site_url, site_tz))
    cal.add_missing_timezones()  # in set order: sorted below, so the same content gives the same bytes
    zones = sorted((c for c in cal.subcomponents if c.name == "VTIMEZONE"), key=lambda c: str(c["TZID"]))
    cal.subcomponents[:] = zones + [c for c in cal.subcomponents if c.name != "VTIMEZONE"]
    if not events and isinstance(site_tz, ZoneInfo):  # RFC 5545 wants one component: the site's zone
        cal.add_component(icalendar.Timezone.from_tzid(site_tz.key))
    return cal.to_ical()


def vevent(published: Published, site_url: str, site_tz: dt.tzinfo) -> icalendar.Event:
    """One VEVENT; a series is one VEVENT with an RRULE (and EXDATEs for skipped sessions)."""
    f = published.fields
    tz = event_zone(f, site_tz)
    first = occurrences(f, site_tz)[0]
    event = icalendar.Event()
    event.add("uid", event_uid(published, site_url))
    event.add("dtstamp", _utc(f.get("updated") or f["date"], site_tz))
    event.add("sequence", sequence(f))
    event.add("status", ICS_STATUS[f.get("status", "scheduled")])
    event.add("summary", ("CANCELLED: " if f.get("status") == "cancelled" else "") + f["title"])
    event.add("description", f["summary"])
    if first.all_day:
        event.add("dtstart", first.start.date())
        event.add("dtend", first.end.date())
    else:
        event.add("dtstart", _zoned(first.start, tz))
        event.add("dtend", _zoned(first.end, tz))
    place = f["location"]
    where = ", ".join(x for x in (place.get("room"), place.get("address")) if x) or place.get("online")
    event.add("location", where)
    base = site_url.rstrip("/") + "/" if site_url else ""
    if base:
        event.add("url", base + published.url)
    rule = f.get("recurrence")
    if rule:
        last = dt.datetime.combine(rule["until"], dt.time(23, 59, 59), tzinfo=first.start.tzinfo)
        until: dt.date | dt.datetime = rule["until"] if first.all_day else last.astimezone(dt.UTC)
        event.add("rrule", {"freq": rule["frequency"], "interval": rule.get("interval") or 1, "until": until})
        for day in sorted(rule.get("skip") or ()):
            skipped = dt.datetime.combine(day, first.start.timetz())
            event.add("exdate", day if first.all_day else _zoned(skipped, tz))
    return event


def _zoned(moment: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """With a TZID when the zone has an IANA name; in UTC when it is only an offset."""
    return moment.astimezone(tz) if isinstance(tz, ZoneInfo) else moment.astimezone(dt.UTC)


def _utc(value: dt.date, tz: dt.tzinfo) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return (value if value.tzinfo else value.replace(tzinfo=tz)).astimezone(dt.UTC)
