"""Per-tag feeds `/feeds/tags/<tag>.xml` and `.atom`, so a reader or a social account follows a topic.

Entries are the site's own feed entries (radsite.publish.entries), kept when their item is on the
tag's page (radsite.derive.tags: published and current), and rendered by the collection feeds'
own `render`, so ids, summaries and the Atom shape are the same as in every other feed.
"""

from __future__ import annotations

from collections.abc import Iterable

from radsite.derive.tags import TagPage
from radsite.publish.entries import FeedEntry, newest
from radsite.settings import Settings


def tag_feed_files(pages: Iterable[TagPage], entries: list[FeedEntry], settings: Settings,
                   audience: str = "public") -> dict[str, bytes]:  # fmt: skip
    """{site-relative path: bytes} of both feeds of every tag page."""
    from radsite.publish.feeds import FeedInfo, render  # here: publish_feeds (in that module) calls this one

    site = settings.site_url if settings.site_url.endswith("/") else settings.site_url + "/"
    files: dict[str, bytes] = {}
    for page in pages:
        keys = {(p.collection, p.slug) for p in page.items}
        members = newest([e for e in entries if (e.collection, e.slug) in keys], settings.feed_limit)
        info = FeedInfo(f"tags/{page.tag}", f"Topic: {page.tag.replace('-', ' ')}")
        rss, atom = render(info, members, settings, site, {}, audience)
        files[info.rss], files[info.atom] = rss, atom
    return files
