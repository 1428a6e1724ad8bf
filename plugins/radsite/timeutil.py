"""Time: one clock per build, always timezone-aware.

Front matter may give a date (`2026-12-01`) or a naive date-time (`2026-12-01T09:00`); both are read
in the site's timezone, so `reveal_at: 2026-12-05T09:00` means 9:00 where the department is.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise ValueError(f"unknown timezone {name!r} (use an IANA name, e.g. America/New_York)") from e


def aware(value: dt.date | dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """The instant a front-matter date or date-time stands for, in the site timezone."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    return dt.datetime(value.year, value.month, value.day, tzinfo=tz)


def parse_now(text: str | None, tz: dt.tzinfo) -> dt.datetime:
    """`now` for a build: the given ISO 8601 value (e.g. from RADSITE_NOW), else the real clock."""
    if not text:
        return dt.datetime.now(tz)
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError as e:
        raise ValueError(f"now: {text!r} is not an ISO 8601 date-time (e.g. 2026-12-01T09:00)") from e
    return aware(value, tz)
