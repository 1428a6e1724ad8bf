"""Feed entries as plain data, built only from the visibility decision.

Everything here comes from `Decision.items` (published items, their allowed fields and body) and
the HTML the front end rendered for those pages, so nothing withheld can reach a feed. Times come
from front matter only (never the file, git or the build clock), so two builds of the same content
give the same entries.
"""

from __future__ import annotations

import datetime as dt
import functools
import mimetypes
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import markdown

from radsite.content.registry import COLLECTIONS
from radsite.publish.posttext import PostTexts, hashtags, post_texts
from radsite.settings import Settings
from radsite.timeutil import aware
from radsite.visibility import Decision, Published

# Front-matter times an entry may take its date from, in order; collections without `date` still
# have a review or update date.
DATE_FIELDS = ("date", "publish_at", "updated", "last_reviewed", "last_update")
URL_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
ANSWER_HTML = re.compile(r"<!--\s*answer\s*-->")


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    type: str
    alt: str


@dataclass(frozen=True)
class FeedEntry:
    id: str  # stable: explicit `id`, else site + collection + slug
    collection: str
    slug: str
    kind: str  # "item", or "answer" for a case's "answer revealed" entry
    title: str
    link: str  # absolute
    published: dt.datetime  # timezone-aware
    updated: dt.datetime
    summary: str  # plain text
    content: str  # HTML, absolute URLs
    categories: tuple[str, ...]
    authors: tuple[str, ...]  # names of published profiles
    image: Enclosure | None
    posts: PostTexts

    @property
    def sort_key(self) -> tuple[dt.datetime, str]:
        return (self.published, self.id)


def feed_entries(decision: Decision, settings: Settings, html: Mapping[str, str] | None = None,
                 limit: int | None = None, published_dir: Path | None = None) -> list[FeedEntry]:  # fmt: skip
    """The entries of every enabled collection, oldest first.

    `html` maps an item's page source (`news/x.md`) to the HTML the front end rendered for its
    body; without it the body is rendered here with plain Python-Markdown. With a `limit`, only the
    entries some feed shows are built: the newest `limit` overall and of each collection. An image's
    length is that of its copy in `published_dir` (re-encoded without metadata), when given.
    """
    html = html or {}
    site = _site_root(settings.site_url)
    tz = decision.policy.tz
    planned: list[tuple[dt.datetime, str, Published, str]] = []  # (published, id, item, kind): cheap to sort
    now = decision.policy.now
    for p in decision.items:
        collection = COLLECTIONS[p.collection]
        if not feed_on(settings, p.collection) or not _in_feed(p) or not collection.current(p, now, tz):
            continue
        first = _first_date(p)
        if first is None:
            continue
        translated = p.item.url != f"{p.collection}/{p.slug}/"  # a translation (radsite.languages): its own id
        entry_id = f"{site}{p.url}" if translated else (p.fields.get("id") or f"{site}{p.collection}/{p.slug}/")
        planned.append((aware(first, tz), entry_id, p, "item"))
        if p.revealed and p.reveal_at is not None:  # an answer that was embargoed is now out: its own entry
            planned.append((p.reveal_at, _answer_id(entry_id), p, "answer"))
        if collection.reposts is not None:  # posted again under its own id (an event cancelled or moved)
            planned += [(post.published, post.id, p, "update") for post in collection.reposts(p, entry_id, tz)]
    planned.sort(key=lambda plan: plan[:2])
    if limit:
        keep = {id(plan) for plan in planned[-limit:]}
        per_collection: dict[str, list] = {}
        for plan in planned:
            per_collection.setdefault(plan[2].collection, []).append(plan)
        keep.update(id(plan) for plans in per_collection.values() for plan in plans[-limit:])
        planned = [plan for plan in planned if id(plan) in keep]
    return [_entry(plan, decision, settings, site, html.get(plan[2].item.page_uri), published_dir) for plan in planned]


def newest(entries: list[FeedEntry], limit: int | None) -> list[FeedEntry]:
    """The newest `limit` entries (all of them without a limit), oldest first."""
    ordered = sorted(entries, key=lambda e: e.sort_key)
    return ordered[-limit:] if limit else ordered


def undated(decision: Decision, settings: Settings) -> list[str]:
    """Items left out of the feeds because their front matter gives no date (for the build report)."""
    return [p.item.path for p in decision.items
            if feed_on(settings, p.collection) and _in_feed(p) and _first_date(p) is None]  # fmt: skip


def feed_on(settings: Settings, collection: str) -> bool:
    """The collection takes part in the feeds (its entry says so) and `feeds:` in mkdocs.yml leaves it on."""
    return COLLECTIONS[collection].feeds and settings.feed_enabled(collection)


def _in_feed(published: Published) -> bool:
    return COLLECTIONS[published.collection].in_feed(published)


def _entry(plan: tuple[dt.datetime, str, Published, str], decision: Decision, settings: Settings, site: str,
           html: str | None, published_dir: Path | None = None) -> FeedEntry:  # fmt: skip
    published_at, entry_id, p, kind = plan
    tz = decision.policy.tz
    updated = aware(p.fields["updated"], tz) if p.fields.get("updated") else published_at
    updated = max(updated, published_at)
    link = site + p.url
    body_html = _absolute(html if html is not None else markdown.markdown(p.body), link)
    question_html, *answer = ANSWER_HTML.split(body_html, maxsplit=1)
    image = _image(p, settings, site, published_dir)
    author_target = COLLECTIONS[p.collection].references().get("authors", "")
    tags = list(p.fields.get("tags") or [])
    tag_texts = hashtags(tags, settings.hashtags)
    authors = tuple(person.fields["title"] for slug in p.fields.get("authors") or []
                    if (person := decision.get(author_target, slug)) is not None)  # fmt: skip
    title, summary, social = p.fields["title"], p.fields.get("summary") or "", p.fields.get("social")
    content = _with_image(image, question_html)
    reposts = COLLECTIONS[p.collection].reposts
    if kind == "update" and reposts is not None:  # the same page, with the update's own title
        title = next(post.title for post in reposts(p, entry_id.partition("#")[0], tz) if post.id == entry_id)
        social = None
    if kind == "answer":  # the same page, now with the answer
        diagnosis = p.fields.get("diagnosis")
        summary = f"The answer: {diagnosis}." if diagnosis else "The answer is now online."
        title, social, content = f"Answer revealed: {title}", None, (answer[0] if answer else body_html)
    return FeedEntry(
        id=entry_id, collection=p.collection, slug=p.slug, kind=kind, title=title, link=link,
        published=published_at, updated=updated, summary=summary, content=content, categories=tuple(tags),
        authors=authors, image=image, posts=post_texts(title, summary, social, link, tag_texts),
    )  # fmt: skip


def _first_date(p: Published) -> Any:
    return next((p.fields[name] for name in DATE_FIELDS if p.fields.get(name)), None)


def _answer_id(entry_id: str) -> str:
    return f"{entry_id}{'&' if '#' in entry_id else '#'}answer"


def _image(p: Published, settings: Settings, site: str, published_dir: Path | None) -> Enclosure | None:
    """The item's image (`image`, a case's first image, a profile's photo) if the file exists."""
    fields = p.fields
    image = fields.get("image") or (fields.get("images") or [None])[0] or fields.get("photo")
    if not image or not image.get("src"):
        return None
    uri = p.item.asset_uri(image["src"])
    try:
        size = os.stat(os.path.join(published_dir or settings.content_dir, uri)).st_size
    except OSError:
        return None
    return Enclosure(url=site + uri, length=size, type=_mime(uri), alt=image.get("alt") or "")


@functools.lru_cache(maxsize=64)
def _mime_of_suffix(suffix: str) -> str:
    return mimetypes.guess_type("x" + suffix)[0] or "application/octet-stream"


def _mime(uri: str) -> str:
    return _mime_of_suffix(os.path.splitext(uri)[1].lower())


def _with_image(image: Enclosure | None, html: str) -> str:
    if image is None:
        return html
    alt = image.alt.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return f'<p><img src="{image.url}" alt="{alt}"></p>\n{html}'


def _absolute(html: str, base: str) -> str:
    """Relative `href`/`src` made absolute against the page's own URL, so readers resolve them."""
    return URL_ATTR.sub(lambda m: m.group(1) + urljoin(base, m.group(2)) + m.group(3), html)


def _site_root(site_url: str) -> str:
    return site_url if site_url.endswith("/") else site_url + "/"
