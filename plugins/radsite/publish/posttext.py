"""Social post text: what Mastodon and Bluesky will show for a feed entry.

Built at feed time, so it is plain data that tests read without posting, and `radsite syndicate`
sends it as it is. Each network counts differently: Mastodon 500 characters with any URL counted
as 23, Bluesky 300 grapheme clusters (what a reader sees as one character).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import grapheme

MASTODON_LIMIT = 500
MASTODON_URL_LENGTH = 23
BLUESKY_LIMIT = 300
ELLIPSIS = "…"
URL = re.compile(r"https?://[^\s<>\"]+")
WORD_END = re.compile(r"\S+")


@dataclass(frozen=True)
class PostTexts:
    mastodon: str
    bluesky: str


def mastodon_length(text: str) -> int:
    """Mastodon's count: characters, every URL as 23 whatever its length."""
    return len(URL.sub("x" * MASTODON_URL_LENGTH, text))


def bluesky_length(text: str) -> int:
    """Bluesky's count: grapheme clusters (an emoji with modifiers is one).

    ASCII text needs no segmentation: every character is a cluster except CR LF, which is one.
    """
    if text.isascii():
        return len(text) - text.count("\r\n")
    return grapheme.length(text)


def hashtags(tags: Iterable[str], tag_map: Mapping[str, str]) -> list[str]:
    """Hashtags for an item's tags, through the configured map; unmapped tags give none."""
    seen: list[str] = []
    for tag in tags:
        tag_text = tag_map.get(tag)
        if tag_text and tag_text not in seen:
            seen.append(tag_text)
    return seen


def base_text(title: str, summary: str, social: str | None) -> str:
    """The editor's `social:` text, else the title and the summary."""
    if social and social.strip():
        return social.strip()
    return f"{title.strip()}\n\n{summary.strip()}" if summary.strip() else title.strip()


def compose(text: str, link: str, tags: list[str], limit: int, measure: Callable[[str], int]) -> str:
    """`text`, the link and the hashtags, within `limit` as `measure` counts.

    The link always stays. The link and hashtags may take at most half of the post (the last hashtags
    go first).
    The text is then cut at a word boundary, with an ellipsis, until everything fits.
    """
    tags = list(tags)
    while tags and measure(_tail(link, tags)) > limit // 2:
        tags.pop()
    tail = _tail(link, tags)
    full = text + tail
    if measure(full) <= limit:
        return full
    ends = [m.end() for m in WORD_END.finditer(text)]
    lo, hi, best = 0, len(ends) - 1, ""
    while lo <= hi:  # the longest run of whole words that fits (the count grows with the words)
        mid = (lo + hi) // 2
        candidate = text[: ends[mid]].rstrip(" \t\n,;:-") + ELLIPSIS + tail
        if measure(candidate) <= limit:
            best, lo = candidate, mid + 1
        else:
            hi = mid - 1
    return best or tail.lstrip()


def post_texts(title: str, summary: str, social: str | None, link: str, tags: list[str]) -> PostTexts:
    text = base_text(title, summary, social)
    return PostTexts(
        mastodon=compose(text, link, tags, MASTODON_LIMIT, mastodon_length),
        bluesky=compose(text, link, tags, BLUESKY_LIMIT, bluesky_length),
    )


def _tail(link: str, tags: list[str]) -> str:
    tail = f"\n\n{link}"
    if tags:
        tail += "\n\n" + " ".join(f"#{t}" for t in tags)
    return tail
