"""Relative URLs in an editor's raw HTML reach the file beside the page, as Markdown's links do.

MkDocs rewrites the links and images Markdown writes (`![x](scan.png)`) for the page's own URL
(`news/mri-video.md` is served at `news/mri-video/`), but leaves raw HTML as it was typed, so
`<video src="talk.mp4">` beside `news/mri-video.md` would ask for `news/mri-video/talk.mp4` and get
nothing. The published list (radsite.published) reads every URL relative to the source file, the
way the README tells editors to write it; this makes the page say the same: a relative URL the
browser would resolve to no published file, and that relative to the source is a published file,
is written relative to the page. Every other URL stays exactly as it was, and so does a page with
none to change (byte for byte).
"""

from __future__ import annotations

import html as htmllib
import posixpath
from collections.abc import Set
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit, urlunsplit

import lxml.html

from radsite.published import asset_names, may_refer, resolve

ATTRIBUTES = ("src", "href", "poster", "srcset")  # what the allow-list (publish.sanitize) keeps that loads a file


@dataclass(frozen=True)
class Published:
    """A build's published files (site paths), and their names for the quick test: made once a build."""

    paths: Set[str]
    names: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, paths: Set[str]) -> Published:
        return cls(paths, asset_names(set(paths)))


def page_relative(html: str, src_uri: str, dest_uri: str, published: Published) -> str:
    """`html` with each raw relative URL that means a published file beside `src_uri` made to reach it
    from the page written at `dest_uri`. A page that names no published file is returned as it is,
    unparsed (`published.may_refer`, the test `published_files` makes of a body)."""
    if not may_refer(html, published.names):
        return html
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return html
    changed = False
    for element in root.iter():
        attributes = getattr(element, "attrib", None)
        if not attributes:
            continue
        for name in ATTRIBUTES:
            value = attributes.get(name)
            if not value:
                continue
            fix = _srcset if name == "srcset" else _url
            fixed = fix(value, src_uri, dest_uri, published.paths)
            if fixed != value:
                attributes[name] = fixed
                changed = True
    if not changed:
        return html
    head = htmllib.escape(root.text or "", quote=False)
    return head + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def _srcset(value: str, src_uri: str, dest_uri: str, published: Set[str]) -> str:
    parts = []
    for candidate in value.split(","):
        words = candidate.split()
        if words:
            words[0] = _url(words[0], src_uri, dest_uri, published)
        parts.append(" ".join(words))
    fixed = ", ".join(parts)
    return value if fixed.replace(" ", "") == value.replace(" ", "") else fixed


def _url(url: str, src_uri: str, dest_uri: str, published: Set[str]) -> str:
    """The URL for the page at `dest_uri`, when only read from the source `src_uri` does it reach a published file."""
    parts = urlsplit(url.strip())
    if parts.path.startswith("/") or resolve(url, dest_uri) in published:
        return url  # the browser finds it already (MkDocs wrote it, or the editor wrote it for the page)
    meant = resolve(url, src_uri)
    if meant is None or meant not in published:
        return url
    relative = quote(posixpath.relpath(meant, posixpath.dirname(dest_uri) or "."))
    return str(urlunsplit(("", "", relative, parts.query, parts.fragment)))
