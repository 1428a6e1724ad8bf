"""The pages a build adds: one per published item, one listing per collection, and the home page.

Each is plain data (a source path, Markdown text and the template that renders it); the front end
turns them into its own page objects. Item pages carry only what the visibility decision kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from radsite.content.registry import COLLECTIONS
from radsite.derive.topics import Topics
from radsite.state import BuildState
from radsite.visibility import Published


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    markdown: str
    kind: str  # "item", "listing", "home" or "search"
    collection: str | None = None
    in_nav: bool = False


def item_page(published: Published) -> GeneratedPage:
    meta = {
        "title": published.fields["title"],
        "description": published.fields.get("summary") or "",
        "template": COLLECTIONS[published.collection].template,
    }
    return GeneratedPage(published.item.page_uri, _front_matter(meta) + published.body, "item", published.collection)


def listing_page(collection: str, intro: str = "") -> GeneratedPage:
    spec = COLLECTIONS[collection]
    meta = {"title": spec.title, "description": f"{spec.title} from the department.",
            "template": "radsite/listing.html"}  # fmt: skip
    return GeneratedPage(f"{collection}/index.md", _front_matter(meta) + intro, "listing", collection, True)


def paged_listing_page(collection: str, number: int, src_uri: str) -> GeneratedPage:
    """Page 2, 3, ... of a long listing: the plain list without JavaScript stays complete."""
    spec = COLLECTIONS[collection]
    meta = {"title": f"{spec.title}, page {number}", "description": f"{spec.title} from the department, page {number}.",
            "template": "radsite/listing.html"}  # fmt: skip
    return GeneratedPage(src_uri, _front_matter(meta), "listing", collection)


def home_page(title: str, intro: str) -> GeneratedPage:
    meta = {"title": title, "template": "radsite/home.html"}
    return GeneratedPage("index.md", _front_matter(meta) + intro, "home", None, True)


def follow_page() -> GeneratedPage:
    """ "Follow us": the feeds in words, for people who do not know what a feed is."""
    meta = {"title": "Follow us",
            "description": "Follow our news, teaching cases and trials in a feed reader or on social media.",
            "template": "radsite/follow.html"}  # fmt: skip
    return GeneratedPage("follow.md", _front_matter(meta), "follow", None, True)


def search_page() -> GeneratedPage:
    """The search page; its template queries the Pagefind index written at publish time."""
    meta = {"title": "Search", "description": "Search the department's site.", "template": "radsite/search.html"}
    return GeneratedPage("search/index.md", _front_matter(meta), "search")


def generated_pages(state: BuildState, home_intro: str, home_title: str) -> list[GeneratedPage]:
    pages = [item_page(p) for p in state.decision.items]
    pages += [listing_page(name) for name in COLLECTIONS]
    pages += [paged_listing_page(p.collection, p.number, uri) for uri, p in state.browse.pages.items() if p.number > 1]
    pages.append(home_page(home_title, home_intro))
    pages.append(follow_page())
    pages.append(search_page())
    return pages + topic_pages(state.topics)


def topic_pages(topics: Topics) -> list[GeneratedPage]:
    """Tag pages, case series, news years and the event archive (radsite.derive.topics)."""
    return [GeneratedPage(uri, _front_matter({"title": title, "description": description, "template": template}), "topic")
            for uri, title, description, template in topics.page_meta()]  # fmt: skip


def _front_matter(meta: dict) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when there: one call per page
    return "---\n" + yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=False) + "---\n\n"
