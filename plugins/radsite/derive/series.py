"""Case series: cases sharing `series:` form an ordered page, each case linking to its neighbours.

The order is `series_part` (the editor's numbering), then publication date, then slug, so a series
reads as written even when parts are published out of order. Only published cases count: a part
still scheduled leaves no gap and no hint of itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a type only: a collection's schema module may import this one
    from radsite.visibility import Published


@dataclass(frozen=True)
class Series:
    slug: str
    cases: tuple[Published, ...]

    @property
    def title(self) -> str:
        """The slug in words ("chest-x-ray-basics" -> "Chest x ray basics"); editors name series by slug."""
        return self.slug.replace("-", " ").capitalize()

    @property
    def url(self) -> str:
        return series_url(self.slug)

    @property
    def src_uri(self) -> str:
        return f"cases/series/{self.slug}.md"

    def neighbours(self, case: Published) -> tuple[Published | None, Published | None]:
        """(previous, next) of a case in this series."""
        at = next(n for n, c in enumerate(self.cases) if c.slug == case.slug)
        return (self.cases[at - 1] if at > 0 else None, self.cases[at + 1] if at + 1 < len(self.cases) else None)


def series_url(slug: str) -> str:
    return f"cases/series/{slug}/"


def case_series(items: Iterable[Published]) -> dict[str, Series]:
    """Series slug -> its published cases in reading order."""
    grouped: dict[str, list[Published]] = {}
    for p in items:
        if p.collection == "cases" and p.fields.get("series"):
            grouped.setdefault(p.fields["series"], []).append(p)
    return {slug: Series(slug, tuple(sorted(cases, key=_order))) for slug, cases in sorted(grouped.items())}


def _order(p: Published) -> tuple[int, float, str]:
    part = p.fields.get("series_part")
    when = p.published_at.timestamp() if p.published_at else 0.0
    return (part if part is not None else 1_000_000, when, p.slug)
