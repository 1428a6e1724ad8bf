"""Entries to post, read back from a built RSS feed (what the site published, and nothing else).

`radsite syndicate` never rebuilds the site: it posts what the deployed feeds say, with the post
texts the build wrote into each item (`<radsite:post network="...">`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from radsite.publish.feeds import FEED_DIR, MEDIA_NS, RADSITE_NS


@dataclass(frozen=True)
class Image:
    url: str
    length: int
    type: str
    path: Path | None  # the file in the built site, when it is there
    alt: str = ""  # media:description: what the picture shows, for readers who cannot see it


@dataclass(frozen=True)
class PostEntry:
    id: str
    title: str
    link: str
    summary: str
    published: dt.datetime
    image: Image | None
    texts: dict[str, str]  # network -> post text
    language: str
    collection: str = ""  # the first folder of its page's address: what routing goes by
    tags: tuple[str, ...] = ()  # the item's tags (the feed's categories)

    @property
    def is_answer(self) -> bool:
        """A case's "answer revealed" entry (`<id>#answer`, see radsite.publish.entries)."""
        return self.id.endswith(("#answer", "&answer"))


class FeedError(Exception):
    """The feed to post from is missing or not what the build writes."""


def read_entries(site_dir: Path, feed: str = "all") -> list[PostEntry]:
    """The feed's entries, oldest first (ties broken by id, so the order is stable)."""
    path = Path(site_dir) / FEED_DIR / f"{feed}.xml"
    if not path.is_file():
        raise FeedError(f"{path}: no such feed; build the site first (make site) or pick another --feed")
    try:
        channel = etree.parse(str(path)).getroot().find("channel")
    except etree.XMLSyntaxError as e:
        raise FeedError(f"{path}:{e.lineno}: not well-formed XML: {e.msg}; rebuild the site (make site)") from None
    except OSError as e:
        raise FeedError(f"{path}: cannot read the feed ({e})") from None
    if channel is None:
        raise FeedError(f"{path}: not an RSS 2.0 feed (no <channel>)")
    audience = channel.findtext(f"{{{RADSITE_NS}}}audience")
    if audience != "public":
        raise FeedError(f"{path}: built for the {audience or 'unknown'!s} audience; only a public build may be posted "
                        "(build without RADSITE_AUDIENCE=internal)")  # fmt: skip
    site = channel.findtext("link") or ""
    language = channel.findtext("language") or "en"
    entries = []
    for item in channel.iterfind("item"):
        guid = item.findtext("guid")
        pub = item.findtext("pubDate")
        if not guid or not pub:
            raise FeedError(f"{path}:{item.sourceline}: item without guid or pubDate; rebuild with RadSite")
        try:
            published = parsedate_to_datetime(pub)
        except (TypeError, ValueError):
            raise FeedError(f"{path}:{item.sourceline}: pubDate {pub!r} is not an RFC 822 date; rebuild with RadSite") from None
        if published.tzinfo is None:
            raise FeedError(f"{path}:{item.sourceline}: pubDate {pub!r} has no time zone; rebuild with RadSite")
        texts = {el.get("network", ""): el.text or "" for el in item.iterfind(f"{{{RADSITE_NS}}}post")}
        entries.append(
            PostEntry(
                id=guid,
                title=item.findtext("title") or "",
                link=item.findtext("link") or "",
                summary=item.findtext("description") or "",
                published=published,
                image=_image(item.find("enclosure"), site, Path(site_dir), item.find(f"{{{MEDIA_NS}}}content")),
                texts=texts,
                language=language,
                collection=_collection(item.findtext("link") or "", site),
                tags=tuple(t for el in item.iterfind("category") if (t := (el.text or "").strip())),
            )
        )
    entries.sort(key=lambda e: (e.published, e.id))
    return entries


def _image(enclosure: etree._Element | None, site: str, site_dir: Path, media: etree._Element | None) -> Image | None:
    if enclosure is None or not enclosure.get("url"):
        return None
    url = enclosure.get("url", "")
    local = None
    if site and url.startswith(site):
        candidate = site_dir / urlsplit(url).path.removeprefix(urlsplit(site).path).lstrip("/")
        inside = candidate.resolve().is_relative_to(site_dir.resolve())
        local = candidate if inside and candidate.is_file() else None
    length = enclosure.get("length") or "0"
    alt = (media.findtext(f"{{{MEDIA_NS}}}description") or "") if media is not None and media.get("url") == url else ""
    return Image(url=url, length=int(length) if length.isdigit() else 0, type=enclosure.get("type") or "", path=local,
                 alt=alt.strip())  # fmt: skip


def _collection(link: str, site: str) -> str:
    """`https://site/<collection>/<slug>/` -> `<collection>` (the site may live under a path)."""
    path = urlsplit(link).path
    base = urlsplit(site).path.rstrip("/")
    if base and path.startswith(base + "/"):
        path = path[len(base) :]
    return path.strip("/").split("/")[0] if "/" in path.strip("/") else ""
