"""Tag pages and per-tag feeds: `/tags/<tag>/` lists the current items of every collection.

Only published, current items count (no drafts, no withheld items, no expired jobs, no past
events), so a tag that only a withheld item uses gets no page: its name could itself tell.
Tags are slugs (radsite.content.types.Slug), hence safe as a path segment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from radsite.content.registry import is_current

if TYPE_CHECKING:  # a type only: a collection's schema module may import this one
    from radsite.visibility import Published


@dataclass(frozen=True)
class TagPage:
    tag: str
    items: tuple[Published, ...]  # newest first; undated items after, by title

    @property
    def url(self) -> str:
        return tag_url(self.tag)

    @property
    def src_uri(self) -> str:
        """The generated page's source path (File.generated)."""
        return f"tags/{self.tag}.md"

    @property
    def feeds(self) -> tuple[str, str]:
        return tag_feeds(self.tag)


def tag_url(tag: str) -> str:
    return f"tags/{tag}/"


def tag_feeds(tag: str) -> tuple[str, str]:
    """Site-relative RSS 2.0 and Atom paths of a tag's feeds."""
    return (f"feeds/tags/{tag}.xml", f"feeds/tags/{tag}.atom")


def tag_pages(items: Iterable[Published], now: dt.datetime, tz: dt.tzinfo) -> list[TagPage]:
    """One page per tag that some current item carries, in tag order."""
    by_tag: dict[str, list[Published]] = {}
    for p in items:
        if not is_current(p, now, tz):
            continue
        for tag in dict.fromkeys(p.fields.get("tags") or ()):
            by_tag.setdefault(tag, []).append(p)
    return [TagPage(tag, tuple(sorted(found, key=_order))) for tag, found in sorted(by_tag.items())]


def _order(p: Published) -> tuple[int, float, str, str]:
    """Newest first; undated items (profiles, exam guides) after them, by title."""
    if p.published_at is None:
        return (1, 0.0, p.fields["title"].casefold(), p.url)
    return (0, -p.published_at.timestamp(), "", p.url)
