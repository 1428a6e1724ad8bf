"""Per-tag feeds `/feeds/tags/<tag>.xml` and `.atom`, so a reader or a social account follows a topic.

Entries are the site's own feed entries (radsite.publish.entries), kept when their item is on the
tag's page (radsite.derive.tags: published and current); radsite.publish.feeds renders them with the
collection feeds' own `render`, so ids, summaries and the Atom shape are the same as in every other feed.
"""

from __future__ import annotations

from collections.abc import Iterable

from radsite.derive.tags import TagPage
from radsite.publish.entries import FeedEntry, newest


def tag_feed_entries(pages: Iterable[TagPage], entries: list[FeedEntry],
                     limit: int | None) -> list[tuple[str, str, list[FeedEntry]]]:  # fmt: skip
    """(feed name `tags/<tag>`, feed title, its entries oldest first) for every tag page."""
    out = []
    for page in pages:
        keys = {(p.collection, p.slug) for p in page.items}
        members = newest([e for e in entries if (e.collection, e.slug) in keys], limit)
        out.append((f"tags/{page.tag}", f"Topic: {page.tag.replace('-', ' ')}", members))
    return out
