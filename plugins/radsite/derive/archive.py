"""The news archive by year: `/news/<year>/` pages, newest year and newest post first.

Years come from the publication time in the site's timezone (a New Year's Eve post at 23:30 local
belongs to the old year), and only years with a published post get a page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a type only: a collection's schema module may import this one
    from radsite.visibility import Published


def news_years(items: Iterable[Published]) -> dict[int, list[Published]]:
    """Year -> its published news posts, newest first; years in descending order."""
    years: dict[int, list[Published]] = {}
    for p in items:
        if p.collection == "news" and p.published_at is not None:
            years.setdefault(p.published_at.year, []).append(p)
    return {
        year: sorted(posts, key=lambda p: (p.published_at, p.slug), reverse=True)
        for year, posts in sorted(years.items(), reverse=True)
    }


def year_url(year: int) -> str:
    return f"news/{year}/"


def year_src_uri(year: int) -> str:
    return f"news/{year}.md"
