"""Loaded content: an item is a validated schema instance plus where it came from."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from radsite.content.frontmatter import Document
from radsite.content.schemas.base import ItemBase
from radsite.content.schemas.page import PlainPage


@dataclass
class Item:
    collection: str
    src_uri: str  # path under the content folder, POSIX style: "cases/knee-01.md"
    path: str  # as shown to editors: "content/cases/knee-01.md"
    meta: ItemBase
    doc: Document

    @property
    def slug(self) -> str:
        return self.meta.slug or posixpath.splitext(posixpath.basename(self.src_uri))[0]

    @property
    def key(self) -> tuple[str, str]:
        return (self.collection, self.slug)

    @property
    def page_uri(self) -> str:
        """Where the page lives in the built site's sources: `<collection>/<slug>.md`."""
        return f"{self.collection}/{self.slug}.md"

    @property
    def url(self) -> str:
        """Site-relative URL of the item page (directory URLs)."""
        return f"{self.collection}/{self.slug}/"

    def line(self, dotted: str) -> int:
        return self.doc.line_of(dotted)

    def asset_uri(self, src: str) -> str:
        """A front-matter image path, resolved against the item's own folder."""
        if src.startswith("/"):
            return src.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.src_uri), src))


@dataclass
class Page:
    """A plain page outside the collections; only its visibility fields are read."""

    src_uri: str
    path: str
    meta: PlainPage
    doc: Document


@dataclass
class ContentSet:
    items: list[Item] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    assets: set[str] = field(default_factory=set)  # non-Markdown files under content/, as src_uri

    def __post_init__(self) -> None:
        self.index: dict[tuple[str, str], Item] = {}
        for item in self.items:
            self.index.setdefault(item.key, item)

    def in_collection(self, name: str) -> list[Item]:
        return [i for i in self.items if i.collection == name]

    def get(self, collection: str, slug: str) -> Item | None:
        return self.index.get((collection, slug))
