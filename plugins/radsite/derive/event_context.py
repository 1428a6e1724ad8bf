"""Template helpers for events, jobs and case series, as `radsite.<name>(item)` in templates.

Kept apart from radsite.derive.context, which delegates these to one instance per build
(`SiteContext.event_helpers`), so the page context stays a list of plain lookups.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from radsite.derive.series import Series
from radsite.derive.timely import Occurrence, is_upcoming, job_is_open, next_occurrence, occurrences
from radsite.publish.calendar import ics_path
from radsite.visibility import Published


@dataclass
class EventHelpers:
    now: dt.datetime
    tz: dt.tzinfo
    series: dict[str, Series] = field(default_factory=dict)  # radsite.derive.series.case_series

    def sessions(self, published: Published) -> list[Occurrence]:
        return occurrences(published.fields, self.tz)

    def upcoming(self, published: Published) -> bool:
        return is_upcoming(published, self.now, self.tz)

    def next_session(self, published: Published) -> Occurrence | None:
        return next_occurrence(published, self.now, self.tz)

    def open(self, published: Published) -> bool:
        return job_is_open(published, self.now, self.tz)

    @staticmethod
    def ics(published: Published) -> str:
        return ics_path(published)

    def series_of(self, published: Published) -> Series | None:
        """The series a case belongs to, for its previous/next links; a dictionary read."""
        slug = published.fields.get("series")
        return self.series.get(slug) if slug else None
