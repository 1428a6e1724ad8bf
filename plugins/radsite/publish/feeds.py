"""Feeds: RSS 2.0 and Atom 1.0 for each collection and one for the whole site, under `feeds/`.

Written with feedgen from `FeedEntry` data. feedgen's quirks (FIELD-NOTES) are handled here:
entries are appended in our order, the `rel="self"` link is set before the site link, the feed's
updated time is its newest entry (never the build clock), and Atom entry links, which feedgen
writes without `rel`, `type` and `length`, are completed by our entry extension. Post texts for
Mastodon and Bluesky travel in the feed as `<radsite:post network="...">` so `radsite syndicate`
reads them from the built site.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from radsite import cache
from radsite.content.registry import COLLECTIONS
from radsite.derive.tags import TagPage
from radsite.findings import Finding
from radsite.locales import translate
from radsite.publish.entries import FeedEntry, feed_entries, feed_on, newest, undated
from radsite.publish.tag_feeds import tag_feed_entries
from radsite.settings import Settings

if TYPE_CHECKING:
    from radsite.publish.report import BuildReport
    from radsite.state import BuildState

FEED_DIR = "feeds"
ALL = "all"
RADSITE_NS = "urn:radsite:feed:1"
MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"
ATOM_NS = "http://www.w3.org/2005/Atom"
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
EMPTY_FEED_UPDATED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # a feed with no entry yet: a fixed time


@dataclass(frozen=True)
class FeedInfo:
    """One feed, in both formats; paths are relative to the site root."""

    name: str
    title: str

    @property
    def rss(self) -> str:
        return f"{FEED_DIR}/{self.name}.xml"

    @property
    def atom(self) -> str:
        return f"{FEED_DIR}/{self.name}.atom"


def feed_infos(settings: Settings) -> list[FeedInfo]:
    """The feeds this site publishes: everything first, then each enabled collection."""
    infos = [FeedInfo(ALL, "Everything")]
    infos += [FeedInfo(name, spec.title) for name, spec in COLLECTIONS.items() if feed_on(settings, name)]
    return infos


def write_feeds(entries: list[FeedEntry], settings: Settings, site_dir: Path, audience: str = "public",
                root: str = "") -> dict[str, int]:  # fmt: skip
    """Write every feed (under `root`, a language's folder "es/", when given); returns the number of entries in each."""
    out = Path(site_dir) / root / FEED_DIR
    out.mkdir(parents=True, exist_ok=True)
    site = settings.site_url if settings.site_url.endswith("/") else settings.site_url + "/"
    shared: dict[str, object] = {}  # one feedgen entry per FeedEntry, shared by its two feeds
    counts: dict[str, int] = {}
    for info in feed_infos(settings):
        members = entries if info.name == ALL else [e for e in entries if e.collection == info.name]
        members = newest(members, settings.feed_limit)
        if root:
            info = FeedInfo(info.name, translate(info.title, settings.language))
        rss, atom = render(info, members, settings, site, shared, audience, root)
        (out / f"{info.name}.xml").write_bytes(rss)
        (out / f"{info.name}.atom").write_bytes(atom)
        counts[info.name] = len(members)
    return counts


def render(info: FeedInfo, entries: Iterable[FeedEntry], settings: Settings, site: str,
           shared: dict | None = None, audience: str = "public", root: str = "") -> tuple[bytes, bytes]:  # fmt: skip
    """The RSS and Atom documents of one feed, entries newest first; from the content-digest cache
    when every input is the same (a warm build renders only the feeds whose entries changed)."""
    entries = sorted(entries, key=lambda e: e.sort_key, reverse=True)
    inputs = repr((info, entries, settings.department, settings.language, site, audience, root)).encode()
    return cache.current().memo("feed", inputs, (), lambda: _render(info, entries, settings, site, shared, audience, root),
                                count=False)  # fmt: skip


def _render(info: FeedInfo, entries: list[FeedEntry], settings: Settings, site: str,
            shared: dict | None, audience: str, root: str) -> tuple[bytes, bytes]:  # fmt: skip
    shared = {} if shared is None else shared
    department = settings.department or "RadSite"
    fg = FeedGenerator()
    fg.register_extension("radsite", _FeedExtension, _EntryExtension)
    fg.radsite.audience = audience
    fg.id(f"{site}{root}{info.rss}")
    fg.title(f"{department}: {info.title}")
    fg.subtitle(translate("{title} from {department}.", settings.language, title=info.title, department=department))
    fg.author({"name": department})
    fg.language(settings.language)
    fg.generator("RadSite", uri=None, version=None)
    newest = max((e.updated for e in entries), default=EMPTY_FEED_UPDATED)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    for entry in entries:
        fe = shared.get(entry.id)
        if fe is None:
            fe = shared[entry.id] = _feed_entry(entry)
        fg.add_entry(fe, order="append")
        fe.radsite.entry = entry
    fg.link(href=f"{site}{root}{info.rss}", rel="self", type=RSS_TYPE)  # self first: RSS keeps the last link
    fg.link(href=f"{site}{root}", rel="alternate", type="text/html")
    rss = fg.rss_str(pretty=True)
    fg.link([{"href": f"{site}{root}{info.atom}", "rel": "self", "type": ATOM_TYPE},
             {"href": f"{site}{root}", "rel": "alternate", "type": "text/html"}], replace=True)  # fmt: skip
    atom = fg.atom_str(pretty=True)
    return rss, atom


def _feed_entry(entry: FeedEntry) -> Any:  # a feedgen.entry.FeedEntry (feedgen has no types)
    from feedgen.entry import FeedEntry as FeedgenEntry

    fe = FeedgenEntry()
    fe.id(entry.id)
    fe.guid(entry.id, permalink=False)
    fe.title(entry.title)
    fe.link(href=entry.link, rel="alternate", type="text/html")
    fe.published(entry.published)
    fe.updated(entry.updated)
    fe.description(entry.summary)
    fe.content(entry.content, type="html")
    for tag in entry.categories:
        fe.category(term=tag)
    for name in entry.authors:
        fe.author({"name": name})
    if entry.image is not None:
        fe.enclosure(entry.image.url, str(entry.image.length), entry.image.type)
    return fe


class _FeedExtension(BaseExtension):
    """Marks the build's audience on the feed, so `radsite syndicate` never posts an internal build."""

    audience = "public"

    def extend_ns(self) -> dict[str, str]:
        return {"radsite": RADSITE_NS, "media": MEDIA_NS, "dc": DC_NS}

    def extend_rss(self, feed: etree._Element) -> etree._Element:
        etree.SubElement(feed.find("channel"), f"{{{RADSITE_NS}}}audience").text = self.audience
        return feed

    def extend_atom(self, feed: etree._Element) -> etree._Element:
        etree.SubElement(feed, f"{{{RADSITE_NS}}}audience").text = self.audience
        return feed


class _EntryExtension(BaseEntryExtension):
    """Adds what feedgen cannot write: post texts, media:content, dc:creator, correct Atom links."""

    entry: FeedEntry | None = None

    def extend_rss(self, item: etree._Element) -> etree._Element:
        if self.entry is None:
            return item
        for name in self.entry.authors:
            etree.SubElement(item, f"{{{DC_NS}}}creator").text = name
        self._common(item)
        return item

    def extend_atom(self, entry_el: etree._Element) -> etree._Element:
        if self.entry is None:
            return entry_el
        image = self.entry.image
        # feedgen builds Atom elements without a namespace (the root carries a literal xmlns)
        for link in (el for el in entry_el if isinstance(el.tag, str) and etree.QName(el).localname == "link"):
            if image is not None and link.get("href") == image.url:
                link.attrib.update({"rel": "enclosure", "type": image.type, "length": str(image.length)})
            else:
                link.attrib.update({"rel": "alternate", "type": "text/html"})
        self._common(entry_el)
        return entry_el

    def _common(self, el: etree._Element) -> None:
        entry = self.entry
        assert entry is not None
        if entry.image is not None:
            media = etree.SubElement(el, f"{{{MEDIA_NS}}}content", url=entry.image.url, type=entry.image.type,
                                     fileSize=str(entry.image.length), medium="image")  # fmt: skip
            if entry.image.alt:
                etree.SubElement(media, f"{{{MEDIA_NS}}}description").text = entry.image.alt
        for network, text in entry.posts.by_network().items():
            etree.SubElement(el, f"{{{RADSITE_NS}}}post", network=network).text = text


def tag_feed_files(pages: Iterable[TagPage], entries: list[FeedEntry], settings: Settings,
                   audience: str = "public") -> dict[str, bytes]:  # fmt: skip
    """{site-relative path: bytes} of both feeds of every tag page (radsite.publish.tag_feeds)."""
    site = settings.site_url if settings.site_url.endswith("/") else settings.site_url + "/"
    files: dict[str, bytes] = {}
    for name, title, members in tag_feed_entries(pages, entries, settings.feed_limit):
        info = FeedInfo(name, title)
        files[info.rss], files[info.atom] = render(info, members, settings, site, {}, audience)
    return files


def publish_feeds(state: BuildState, site_dir: Path, report: BuildReport, root: str = "") -> list[Finding]:
    """The pipeline's feed step: entries from the decision, written under `feeds/`, counted in the report.

    Another language's state (radsite.languages) writes its own under `<root>feeds/` ("es/feeds/"),
    in its language; tag feeds are the default language's only.
    """
    if not state.settings.site_url.startswith(("https://", "http://")):
        return [Finding("mkdocs.yml", None, "feeds", f"site_url: {state.settings.site_url!r} is not an absolute URL; "
                        "feeds and social posts need one: set site_url (e.g. https://radiology.example.org/)")]  # fmt: skip
    settings = dataclasses.replace(state.settings, language=state.lang) if root else state.settings
    entries = feed_entries(state.decision, settings, state.page_html, limit=settings.feed_limit,
                           published_dir=Path(site_dir))  # fmt: skip
    audience = state.decision.policy.audience
    counts = write_feeds(entries, settings, site_dir, audience, root)
    if root:
        return []
    for path, data in sorted(tag_feed_files(state.topics.tags, entries, state.settings, audience).items()):
        target = Path(site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    report.sections["feeds"] = {"entries": counts, "undated_items_left_out": undated(state.decision, state.settings)}
    return []
