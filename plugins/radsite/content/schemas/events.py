"""`events/`: grand rounds, journal clubs, CME courses, conferences, open days (schema.org Event).

`start`/`end` are either dates (an all-day event) or date-times; a date-time without an offset is
wall-clock time in `timezone` (or the site's timezone), so a weekly series keeps its hour across
daylight-saving changes. `sequence` is the iCalendar revision the editor raises when the time or
place changes (cancelling raises it by itself, see radsite.publish.calendar).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from radsite.content.collection import BY_DATE, Collection, LdContext, Outputs, Repost, Shown
from radsite.content.schemas.base import ItemBase, Strict
from radsite.content.types import Date, DateTime, Ref, Slug, SlugList
from radsite.derive.event_posts import event_posts
from radsite.derive.ld_events import event_data
from radsite.derive.timely import event_changes_at, is_upcoming, upcoming_events
from radsite.publish.calendar import calendar_files

Kind = Literal["grand-rounds", "journal-club", "cme-course", "conference", "seminar", "open-day"]
Status = Literal["scheduled", "cancelled", "postponed"]
Attendee = Literal["radiologists", "trainees", "technologists", "referring-clinicians", "patients", "public"]


def _when(value: Any) -> Any:
    """A date stays a date (all day); an ISO string with a time becomes a date-time."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
        except ValueError:
            pass
    raise PydanticCustomError(
        "when",
        "{value} is neither a date (2026-12-01, all day) nor a date-time (2026-12-01T12:00)",
        {"value": repr(value)},
    )


When = Annotated[dt.datetime | dt.date, BeforeValidator(_when)]


class Place(Strict):
    """Where: a room and/or street address, an online link, or both (hybrid)."""

    room: str | None = Field(None, description='e.g. "Lecture theatre 2, Radiology building"')
    address: str | None = Field(None, description="Street address of the building")
    online: str | None = Field(None, pattern=r"^https://", description="Join link (https)")

    @property
    def attendance(self) -> Literal["offline", "online", "mixed"]:
        in_person = bool(self.room or self.address)
        return "mixed" if in_person and self.online else "online" if self.online else "offline"


class Credits(Strict):
    credits: float = Field(gt=0, le=100, description="Number of credits, e.g. 6.5")
    body: str = Field(min_length=1, description='Accrediting body, e.g. "ACCME"')
    kind: str = Field("AMA PRA Category 1 Credit", description="Credit type as the body names it")


class Recurrence(Strict):
    frequency: Literal["weekly", "monthly"]
    interval: int = Field(1, ge=1, le=12, description="Every N weeks or months")
    until: Date = Field(description="Last possible date of the series")
    skip: list[Date] = Field([], description="Dates without a session (holidays)")


class Event(ItemBase):
    date: DateTime = Field(description="When the event was announced (its feed date)")
    kind: Kind
    start: When
    end: When | None = Field(None, description="Defaults to one hour after start (the same day when all day)")
    timezone: str | None = Field(None, description="IANA zone, e.g. Europe/London; default: the site's")
    location: Place
    organiser: Annotated[Slug, Ref("people")]
    speakers: Annotated[SlugList, Ref("people")] = []
    attendees: list[Attendee] = Field(["radiologists", "trainees"], description="Who it is for")
    cme: Credits | None = None
    registration: str | None = Field(None, pattern=r"^https://", description="Registration link (https)")
    status: Status = "scheduled"
    sequence: int = Field(0, ge=0, description="Raise by one each time the time or place changes")
    recurrence: Recurrence | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                zoneinfo.ZoneInfo(value)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise PydanticCustomError(
                    "timezone", "{value} is not an IANA time zone (e.g. Europe/London)", {"value": repr(value)}
                ) from None
        return value

    # Cross-field rules are field validators (on the later field), so a message names its line.
    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start")
        if end is None or start is None:
            return end
        if isinstance(end, dt.datetime) != isinstance(start, dt.datetime):
            raise PydanticCustomError("when", "give a date when start is a date, a date-time when it is one", {})
        if _key(end) < _key(start):
            raise PydanticCustomError(
                "when", "comes before start ({start}); an event ends after it begins", {"start": str(start)}
            )
        return end

    @field_validator("location")
    @classmethod
    def _somewhere(cls, place: Place, info: ValidationInfo) -> Place:
        """A draft (a fresh scaffold) may leave it empty; a published event says where."""
        if not (place.room or place.address or place.online or info.data.get("draft")):
            raise PydanticCustomError("place", "give a room, an address or an online link", {})
        return place

    @field_validator("recurrence")
    @classmethod
    def _series_after_start(cls, rule: Recurrence | None, info: ValidationInfo) -> Recurrence | None:
        start = info.data.get("start")
        if rule is not None and start is not None and rule.until < _day(start):
            raise PydanticCustomError("when", "until: the series ends before its first start", {})
        return rule

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def is_cme(self) -> bool:
        return self.cme is not None or self.kind == "cme-course"


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _key(value: dt.date) -> Any:
    """Comparable without mixing naive and aware values (both are in one zone by construction)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _json_ld(p: Shown, ctx: LdContext) -> dict[str, Any]:
    """One Event (EducationEvent for CME): its next session, organiser and speakers as their profiles."""
    return event_data(p, ctx.base, ctx.now, ctx.tz, ctx.department, lambda slug: ctx.linked("speakers", slug))


def _order(items: list[Shown], now: dt.datetime, tz: dt.tzinfo) -> list[Shown]:
    """Soonest session first."""
    return upcoming_events(items, now, tz)


def _reposts(p: Shown, entry_id: str, tz: dt.tzinfo) -> list[Repost]:
    """Posted again when cancelled, postponed or moved (radsite.derive.event_posts)."""
    return [Repost(post.id, post.title, post.published) for post in event_posts(p, entry_id, tz)[1:]]


def _calendars(items: list[Shown], out: Outputs) -> dict[str, bytes]:
    """Each event's own .ics and /events/calendar.ics with the upcoming ones (radsite.publish.calendar)."""
    name = f"{out.department or 'RadSite'}: events"
    return calendar_files(items, out.site_url, out.now, out.tz, name)


def _current(p: Shown, now: dt.datetime, tz: dt.tzinfo) -> bool:
    return is_upcoming(p, now, tz)


ENTRY = Collection(
    "events", Event, "Events", "event", BY_DATE, newest_first=True, template="radsite/events.html",
    json_ld=_json_ld, current=_current, order=_order, reposts=_reposts, outputs=_calendars,
    changes_at=event_changes_at,
)  # fmt: skip
