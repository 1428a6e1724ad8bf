"""Social post text: what Mastodon, Bluesky and LinkedIn will show for a feed entry.

Built at feed time, so it is plain data that tests read without posting, and `radsite syndicate`
sends it as it is. Each network counts and writes differently: Mastodon 500 characters with any
URL counted as 23, Bluesky 300 grapheme clusters (what a reader sees as one character), LinkedIn
3,000 characters of its "little text format", where `#`, `@`, brackets and a few more are markup
and must be escaped, and a hashtag is written `{hashtag|\\#|Name}`. A hashtag is written the way
each network recognises one (letters, digits and `_`; never digits alone).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import grapheme

MASTODON_LIMIT = 500
MASTODON_URL_LENGTH = 23
BLUESKY_LIMIT = 300
BLUESKY_TAG_LIMIT = 64  # graphemes of a tag facet (app.bsky.richtext.facet#tag maxGraphemes)
LINKEDIN_LIMIT = 3000  # characters of a post's commentary
ELLIPSIS = "…"
URL = re.compile(r"https?://[^\s<>\"]+")
WORD_END = re.compile(r"\S+")
NOT_WORD = re.compile(r"[^\w]")
LITTLE_TEXT_RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")
NETWORKS = ("mastodon", "bluesky", "linkedin")
# the first line of a case answer on a patient-facing account: a reader opts in to the answer
ANSWER_LEAD = "Quiz answer below: scroll on if you want to see it."


@dataclass(frozen=True)
class PostTexts:
    mastodon: str
    bluesky: str
    linkedin: str = ""

    def by_network(self) -> dict[str, str]:
        """Each network's text, for the feed (`<radsite:post network="...">`); empty ones left out."""
        return {n: text for n in NETWORKS if (text := getattr(self, n))}


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


def linkedin_length(text: str) -> int:
    """LinkedIn's count of the commentary as sent (escapes included: the safe side of its limit)."""
    return len(text)


def hashtags(tags: Iterable[str], tag_map: Mapping[str, str]) -> list[str]:
    """Hashtags for an item's tags, through the configured map; unmapped tags give none."""
    seen: list[str] = []
    for tag in tags:
        tag_text = tag_map.get(tag)
        if tag_text and tag_text not in seen:
            seen.append(tag_text)
    return seen


def network_hashtag(network: str, tag: str) -> str | None:
    """`tag` as `network` recognises a hashtag (None if it cannot be one): Mastodon and Bluesky end
    a tag at the first character that is not a letter, digit or `_`, LinkedIn at `_` too, and none
    takes digits alone. `Neuro-rad` would be tagged `#Neuro`: it is written `#Neurorad`."""
    text = NOT_WORD.sub("", tag.lstrip("#"))
    if network == "linkedin":
        text = text.replace("_", "")
    if not text or not any(c.isalpha() for c in text):
        return None
    if network == "bluesky" and grapheme.length(text) > BLUESKY_TAG_LIMIT:
        return None
    return text


def little_text(text: str) -> str:
    """Plain text as LinkedIn's commentary: its markup characters escaped, so they show as written
    (an unescaped `(` or `#` makes LinkedIn cut or mangle the post)."""
    return LITTLE_TEXT_RESERVED.sub(r"\\\1", text)


def base_text(title: str, summary: str, social: str | None) -> str:
    """The editor's `social:` text, else the title and the summary."""
    if social and social.strip():
        return social.strip()
    return f"{title.strip()}\n\n{summary.strip()}" if summary.strip() else title.strip()


def compose(text: str, link: str, tags: list[str], limit: int, measure: Callable[[str], int],
            tag_format: Callable[[str], str] = lambda t: f"#{t}") -> str:  # fmt: skip
    """`text`, the link and the hashtags, within `limit` as `measure` counts.

    The link always stays. The link and hashtags may take at most half of the post (the last hashtags
    go first).
    The text is then cut at a word boundary, with an ellipsis, until everything fits.
    """
    tags = list(tags)
    while tags and measure(_tail(link, tags, tag_format)) > limit // 2:
        tags.pop()
    return fit(text, _tail(link, tags, tag_format), limit, measure)


def fit(text: str, tail: str, limit: int, measure: Callable[[str], int]) -> str:
    """`text` + `tail`, the text cut at the latest word boundary (with an ellipsis) that fits."""
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

    def tags_of(network: str) -> list[str]:
        written = [network_hashtag(network, t) for t in tags]
        return list(dict.fromkeys(t for t in written if t))

    return PostTexts(
        mastodon=compose(text, link, tags_of("mastodon"), MASTODON_LIMIT, mastodon_length),
        bluesky=compose(text, link, tags_of("bluesky"), BLUESKY_LIMIT, bluesky_length),
        linkedin=compose(
            little_text(text),
            little_text(link),
            tags_of("linkedin"),
            LINKEDIN_LIMIT,
            linkedin_length,
            tag_format=linkedin_hashtag,
        ),
    )


def linkedin_hashtag(tag: str) -> str:
    """A hashtag in LinkedIn's little text format (a bare `#` there is markup to escape)."""
    return f"{{hashtag|\\#|{tag}}}"


LIMITS: dict[str, tuple[int, Callable[[str], int]]] = {
    "mastodon": (MASTODON_LIMIT, mastodon_length),
    "bluesky": (BLUESKY_LIMIT, bluesky_length),
    "linkedin": (LINKEDIN_LIMIT, linkedin_length),
}


def without_spoiler(network: str, text: str, link: str) -> str:
    """A case answer's post for a patient-facing account: a neutral first line, so a timeline or
    preview that shows only the start does not give the answer away; still within the limit
    (the text before the link is cut if the lead makes it too long)."""
    limit, measure = LIMITS[network]
    lead = little_text(ANSWER_LEAD) if network == "linkedin" else ANSWER_LEAD
    link = little_text(link) if network == "linkedin" else link
    if text.startswith(lead):
        return text
    at = text.rfind(f"\n\n{link}")
    body, tail = (text[:at], text[at:]) if at >= 0 else (text, "")
    return fit(f"{lead}\n\n{body}", tail, limit, measure)


def _tail(link: str, tags: list[str], tag_format: Callable[[str], str] = lambda t: f"#{t}") -> str:
    tail = f"\n\n{link}"
    if tags:
        tail += "\n\n" + " ".join(tag_format(t) for t in tags)
    return tail
