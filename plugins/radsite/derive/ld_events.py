"""schema.org Event JSON-LD for an event page (EducationEvent when it carries CME credits).

Google's event results require name, startDate and location; eventStatus, eventAttendanceMode,
endDate, organizer and performer are recommended. Built from published fields only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from radsite.derive.timely import event_zone, occurrences

if TYPE_CHECKING:  # a type only: a collection's schema module may import this one
    from radsite.content.collection import Shown as Published

CONTEXT = "https://schema.org"
STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed"}
ATTENDANCE = {"offline": "OfflineEventAttendanceMode", "online": "OnlineEventAttendanceMode",
              "mixed": "MixedEventAttendanceMode"}  # fmt: skip
Person = Callable[[str], dict[str, Any] | None]  # slug -> a published profile as schema.org Person


def event_data(
    published: Published, site_url: str, now: dt.datetime, site_tz: dt.tzinfo, department: str, person: Person
) -> dict[str, Any]:
    """One Event: its next session (the last one once past); a series adds its schema.org Schedule."""
    f = published.fields
    base = site_url.rstrip("/") + "/" if site_url else ""
    url = base + published.url
    place = f["location"]
    mode = "mixed" if (place.get("room") or place.get("address")) and place.get("online") else (
        "online" if place.get("online") else "offline")  # fmt: skip
    common: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "EducationEvent" if f.get("cme") or f.get("kind") == "cme-course" else "Event",
        "name": f["title"],
        "description": f["summary"],
        "url": url,
        "eventStatus": f"https://schema.org/{STATUS[f.get('status', 'scheduled')]}",
        "eventAttendanceMode": f"https://schema.org/{ATTENDANCE[mode]}",
        "location": _location(place),
        "organizer": person(f["organiser"]) or {"@type": "Organization", "name": department, "url": base},
    }
    performers = [p for slug in f.get("speakers") or [] if (p := person(slug))]
    if performers:
        common["performer"] = performers
    if f.get("registration"):
        common["offers"] = {"@type": "Offer", "url": f["registration"], "availability": "https://schema.org/InStock"}
    if f.get("cme"):
        cme = f["cme"]
        common["educationalCredentialAwarded"] = f"{cme['credits']:g} {cme['kind']} ({cme['body']})"
    audience = f.get("attendees") or []
    if audience:
        common["audience"] = {"@type": "Audience", "audienceType": ", ".join(a.replace("-", " ") for a in audience)}
    sessions = occurrences(f, site_tz)
    shown = next((o for o in sessions if o.end > now), sessions[-1])
    common |= {"startDate": _iso(shown.start, shown.all_day), "endDate": _iso(shown.end, shown.all_day, True)}
    rule = f.get("recurrence")
    if rule:
        first, step = sessions[0], rule.get("interval") or 1
        common["eventSchedule"] = {
            "@type": "Schedule",
            "repeatFrequency": f"P{step}W" if rule["frequency"] == "weekly" else f"P{step}M",
            "startDate": first.start.date().isoformat(),
            "endDate": rule["until"].isoformat(),
            "scheduleTimezone": getattr(event_zone(f, site_tz), "key", "UTC"),
            **({} if first.all_day else {"startTime": first.start.strftime("%H:%M"), "endTime": first.end.strftime("%H:%M")}),
            **({"exceptDate": [d.isoformat() for d in sorted(rule["skip"])]} if rule.get("skip") else {}),
        }
    return common


def _location(place: dict[str, Any]) -> Any:
    spots: list[dict[str, Any]] = []
    if place.get("room") or place.get("address"):
        spot: dict[str, Any] = {"@type": "Place", "name": place.get("room") or place["address"]}
        if place.get("address"):
            spot["address"] = place["address"]
        spots.append(spot)
    if place.get("online"):
        spots.append({"@type": "VirtualLocation", "url": place["online"]})
    return spots[0] if len(spots) == 1 else spots


def _iso(moment: dt.datetime, all_day: bool, end: bool = False) -> str:
    """ISO 8601 with offset; an all-day event gives dates (its last day, inclusive, for the end)."""
    if all_day:
        return (moment - dt.timedelta(days=1) if end else moment).date().isoformat()
    return moment.isoformat()
