"""Time-bound items: which event sessions there are, and whether an event or a job is still current.

Pure functions of published fields and the build's `now`, so the hourly rebuild moves a past event
to the archive and takes an expired job out of listings, feeds and the sitemap without a commit.
A past event keeps its page (in the archive); an expired job keeps a "position closed" page with no
JSON-LD, so an old link explains itself and search engines drop the posting (Google asks for this).
The collections' entries call these (`current`, `order`, `changes_at` in their schema modules);
the stages ask the registry, never this module, whether an item is current.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # a type only: a collection's schema module may import this one
    from radsite.content.collection import Shown as Published


P = TypeVar("P", bound="Published")  # the caller's own item type comes back

MAX_OCCURRENCES = 200  # a weekly series over almost four years; a typo in `until` must not explode


@dataclass(frozen=True)
class Occurrence:
    """One session. All-day sessions have `all_day` and start/end at local midnight."""

    start: dt.datetime  # timezone-aware
    end: dt.datetime  # timezone-aware, after start
    all_day: bool


def event_zone(fields: Mapping[str, Any], site_tz: dt.tzinfo) -> dt.tzinfo:
    """The event's own IANA zone, else the site's: the wall clock the times are written in."""
    name = fields.get("timezone")
    return ZoneInfo(name) if name else site_tz


def occurrences(fields: Mapping[str, Any], site_tz: dt.tzinfo) -> list[Occurrence]:
    """Every session of an event, in order: one, or the expanded weekly/monthly series."""
    tz = event_zone(fields, site_tz)
    start, end = fields["start"], fields.get("end")
    all_day = not isinstance(start, dt.datetime)
    first = _local(start, tz)
    length = (_local(end, tz) + (dt.timedelta(days=1) if all_day else dt.timedelta())) - first if end else None
    if length is None:
        length = dt.timedelta(days=1) if all_day else dt.timedelta(hours=1)
    rule = fields.get("recurrence")
    days = [first.date()] if not rule else _series(first.date(), rule)
    out = []
    for day in days:
        wall = dt.datetime.combine(day, first.timetz().replace(tzinfo=None))
        begin = wall.replace(tzinfo=first.tzinfo)
        finish = (wall + length).replace(tzinfo=first.tzinfo)  # wall-clock length across DST changes
        out.append(Occurrence(begin, finish, all_day))
    return out


def _local(value: dt.date, tz: dt.tzinfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    return dt.datetime(value.year, value.month, value.day, tzinfo=tz)


def _series(first: dt.date, rule: Mapping[str, Any]) -> list[dt.date]:
    """Weekly: every `interval` weeks; monthly: the same day of the month (months without it skipped)."""
    until, step, skip = rule["until"], rule.get("interval") or 1, set(rule.get("skip") or ())
    days: list[dt.date] = []
    n = 0
    while len(days) < MAX_OCCURRENCES:
        if rule["frequency"] == "weekly":
            day: dt.date | None = first + dt.timedelta(weeks=n * step)
        else:
            month = first.month - 1 + n * step
            year, month = first.year + month // 12, month % 12 + 1
            try:
                day = first.replace(year=year, month=month)
            except ValueError:  # 31 in a 30-day month
                day = None
            if dt.date(year, month, 1) > until:
                break
        if day is not None:
            if day > until:
                break
            if day not in skip:
                days.append(day)
        n += 1
    return days


def is_upcoming(published: Published, now: dt.datetime, site_tz: dt.tzinfo) -> bool:
    """An event is upcoming until its last session ends (cancelled ones too: people need to know)."""
    return any(o.end > now for o in occurrences(published.fields, site_tz))


def next_occurrence(published: Published, now: dt.datetime, site_tz: dt.tzinfo) -> Occurrence | None:
    """The session a listing shows: the one under way or next; None for a past event."""
    return next((o for o in occurrences(published.fields, site_tz) if o.end > now), None)


def job_is_open(published: Published, now: dt.datetime, site_tz: dt.tzinfo) -> bool:
    return _local(published.fields["valid_through"], site_tz) > now


def upcoming_events(items: Iterable[P], now: dt.datetime, site_tz: dt.tzinfo) -> list[P]:
    """The events listing: soonest session first."""
    timed = [(o, p) for p in items if p.collection == "events" and (o := next_occurrence(p, now, site_tz))]
    return [p for _, p in sorted(timed, key=lambda t: (t[0].start, t[1].slug))]


def event_archive(items: Iterable[P], now: dt.datetime, site_tz: dt.tzinfo) -> list[P]:
    """Past events, most recent first: they leave the listing but keep their pages here."""
    past = [p for p in items if p.collection == "events" and not is_upcoming(p, now, site_tz)]
    return sorted(past, key=lambda p: (occurrences(p.fields, site_tz)[-1].start, p.slug), reverse=True)


def event_changes_at(published: Published, now: dt.datetime, site_tz: dt.tzinfo) -> dt.datetime | None:
    """When the event's page or listing next changes by itself: its next session ends."""
    return next((o.end for o in occurrences(published.fields, site_tz) if o.end > now), None)


def job_changes_at(published: Published, now: dt.datetime, site_tz: dt.tzinfo) -> dt.datetime | None:
    """When the job closes (leaves listings, feeds and the sitemap); None once closed."""
    closes = _local(published.fields["valid_through"], site_tz)
    return closes if closes > now else None
