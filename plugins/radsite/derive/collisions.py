"""URL collisions: two sources that would be written to the same page of the site.

MkDocs writes both and the last one wins, without a word: `content/news.md` would silently
replace (or be replaced by) the news listing at `/news/`. The build and `radsite check` both call
this, so a collision is an error naming both sources before anything is written.
"""

from __future__ import annotations

import posixpath
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
        owners.setdefault(page_url(source.src_uri), []).append(source)
    found = []
    for url, sources in owners.items():
        if len(sources) < 2:
            continue
        for source in sources:
            if source.path is None:
                continue
            others = " and ".join(o.shown for o in sources if o is not source)
            found.append(Finding(source.path, 1, "url",
                f"this page's URL {url} is also the URL of {others}; one would replace the other: rename or move "
                f"this file (for example to {_renamed(source.path)})"))  # fmt: skip
    return found


def page_collisions(decision: Decision, pages: Iterable[GeneratedPage]) -> list[Finding]:
    """The published plain pages against each other and against the pages the build generates."""
    item_paths = {p.item.page_uri: p.item.path for p in decision.items}
    plain = [Source(p.src_uri, p.path, p.path) for p in decision.pages]
    return url_collisions(plain, generated_sources(((p.src_uri, p.kind, p.collection) for p in pages), item_paths))


def collision_message(found: list[Finding]) -> str:
    """The build's error: MkDocs prints it and stops; the previous site stays."""
    return "RadSite refused to build: two sources would be the same page; the previous site is untouched:\n" + format_all(found)


def generated_sources(pages: Iterable[tuple[str, str, str | None]], item_paths: Mapping[str, str]) -> list[Source]:
    """Describe generated pages, given as (src_uri, kind, collection); items by their source file."""
    sources = []
    for src_uri, kind, collection in pages:
        if src_uri in item_paths:
            shown = item_paths[src_uri]
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
