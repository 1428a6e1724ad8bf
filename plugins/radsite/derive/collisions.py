"""URL collisions: two sources that would be written to the same page of the site.

MkDocs writes both and the last one wins, without a word: `content/news.md` would silently
replace (or be replaced by) the news listing at `/news/`. The build and `radsite check` both call
this, so a collision is an error naming both sources before anything is written.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from radsite.findings import Finding, format_all

if TYPE_CHECKING:  # the generated pages import the build state, which imports much
    from radsite.derive.pages import GeneratedPage
    from radsite.visibility import Decision

HOME = "index.md"  # content/index.md is the home page's intro, not a page of its own


@dataclass(frozen=True)
class Source:
    src_uri: str  # among the build's files
    shown: str  # in messages: "content/news.md" or "the news listing (generated)"
    path: str | None = None  # the editor's file, when there is one
    line: int = 1  # where to change it: an item's `slug:`, or the top of the file
    item: bool = False  # an item's page: its address comes from its slug


def page_url(src_uri: str) -> str:
    """The site URL of a Markdown source, with directory URLs (MkDocs' `File.url`)."""
    stem = posixpath.splitext(src_uri)[0]
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return f"/{folder}/" if folder else "/"
    return f"/{stem}/"


def url_collisions(plain: Iterable[Source], generated: Iterable[Source]) -> list[Finding]:
    """An error on each plain page whose URL another plain page or a generated page also has."""
    owners: dict[str, list[Source]] = {}
    for source in [*generated, *plain]:
        if source.src_uri == HOME and source.path is not None:
            continue
        owners.setdefault(_folded(page_url(source.src_uri)), []).append(source)
    found = []
    for sources in owners.values():
        if len(sources) < 2:
            continue
        for source in sources:
            if source.path is None:
                continue
            others = " and ".join(o.shown for o in sources if o is not source)
            fix = ("give it another `slug:` (or rename the file)" if source.item
                   else f"rename or move this file (for example to {_renamed(source.path)})")  # fmt: skip
            url = page_url(source.src_uri)
            folded = any(page_url(o.src_uri) != url for o in sources if o is not source)
            why = " (web servers and file systems may not tell capitals or accents written two ways apart)" if folded else ""
            found.append(Finding(source.path, source.line, "url",
                f"this page's URL {url} is also the URL of {others}{why}; one would replace the other: {fix}"))  # fmt: skip
    return found


def _folded(url: str) -> str:
    """A URL as a case-insensitive server or file system (macOS, Windows, many CDNs) may read it:
    Unicode composed (NFC, as macOS writes é one way or another) and without case."""
    return unicodedata.normalize("NFC", url).casefold()


def page_collisions(decision: Decision, pages: Iterable[GeneratedPage]) -> list[Finding]:
    """The published plain pages against each other and against the pages the build generates."""
    item_paths = {p.item.page_uri: (p.item.path, p.item.line("slug") if p.item.meta.slug else 1) for p in decision.items}
    plain = [Source(p.src_uri, p.path, p.path) for p in decision.pages]
    return url_collisions(plain, generated_sources(((p.src_uri, p.kind, p.collection) for p in pages), item_paths))


def collision_message(found: list[Finding]) -> str:
    """The build's error: MkDocs prints it and stops; the previous site stays."""
    return "RadSite refused to build: two sources would be the same page; the previous site is untouched:\n" + format_all(found)


def generated_sources(pages: Iterable[tuple[str, str, str | None]],
                      item_paths: Mapping[str, tuple[str, int]]) -> list[Source]:  # fmt: skip
    """Describe generated pages, given as (src_uri, kind, collection); items by their source file and slug's line."""
    sources = []
    for src_uri, kind, collection in pages:
        if kind == "item" and src_uri in item_paths:
            path, line = item_paths[src_uri]
            sources.append(Source(src_uri, path, path, line, item=True))
            continue
        elif kind == "listing" and collection:
            shown = f"the {collection} listing (generated)"
        else:
            shown = f"the generated {kind} page"
        sources.append(Source(src_uri, shown))
    return sources


def _renamed(path: str) -> str:
    stem, ext = posixpath.splitext(path)
    if posixpath.basename(stem) in ("index", "README"):
        stem = posixpath.dirname(stem)
    return f"{stem}-page{ext}"
