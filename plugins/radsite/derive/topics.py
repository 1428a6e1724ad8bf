"""The pages this branch adds beside the listings: tag pages, case series, the news years, the event archive.

Built once per build (`topics(decision)`), looked up per page by source path, so rendering one
page never scans the items. Each becomes a generated page (radsite.derive.pages.topic_pages) with
the context its template needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from radsite.derive.archive import news_years, year_src_uri
from radsite.derive.series import Series, case_series
from radsite.derive.tags import TagPage, tag_pages
from radsite.derive.timely import event_archive, upcoming_events
from radsite.visibility import Decision, Published

EVENT_ARCHIVE_URI = "events/archive.md"


@dataclass(frozen=True)
class Archive:
    """A plain list of items (a year of news, the past events), each shown with its collection's card."""

    title: str
    items: tuple[Published, ...]


@dataclass
class Topics:
    tags: list[TagPage] = field(default_factory=list)
    series: dict[str, Series] = field(default_factory=dict)
    archives: dict[str, Archive] = field(default_factory=dict)  # src_uri -> archive page
    upcoming: list[Published] = field(default_factory=list)  # the events listing, soonest first
    context: dict[str, dict[str, Any]] = field(default_factory=dict)  # src_uri -> template variables

    def page_meta(self) -> list[tuple[str, str, str, str]]:
        """(src_uri, title, description, template) of each page: radsite.derive.pages makes them pages."""
        out = [(p.src_uri, f"Topic: {p.tag.replace('-', ' ')}", f"Everything about {p.tag.replace('-', ' ')}.",
                "radsite/tag.html") for p in self.tags]  # fmt: skip
        out += [(s.src_uri, f"Case series: {s.title}", f"{len(s.cases)} teaching cases, in order.", "radsite/series.html")
                for s in self.series.values()]  # fmt: skip
        out += [(uri, a.title, f"{a.title}: {len(a.items)} items.", "radsite/archive.html") for uri, a in self.archives.items()]
        return out


def topics(decision: Decision) -> Topics:
    now, tz, items = decision.policy.now, decision.policy.tz, decision.items
    found = Topics(tag_pages(items, now, tz), case_series(items))
    found.upcoming = upcoming_events(items, now, tz)
    past = event_archive(items, now, tz)
    if past:
        found.archives[EVENT_ARCHIVE_URI] = Archive("Past events", tuple(past))
    for year, posts in news_years(items).items():
        found.archives[year_src_uri(year)] = Archive(f"News from {year}", tuple(posts))
    found.context = {p.src_uri: {"tag_page": p} for p in found.tags}
    found.context |= {s.src_uri: {"series": s} for s in found.series.values()}
    found.context |= {uri: {"archive": a} for uri, a in found.archives.items()}
    return found
