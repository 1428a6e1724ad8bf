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
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import lxml.html

ATTRIBUTES = ("src", "href", "poster", "srcset")  # what the allow-list (publish.sanitize) keeps that loads a file


def page_relative(html: str, src_uri: str, dest_uri: str, published: Set[str]) -> str:
    """`html` with each raw relative URL that means a published file beside `src_uri` made to reach it
    from the page written at `dest_uri`; `published` holds the site paths of the published files."""
    if not published or not any(f"{name}=" in html for name in ATTRIBUTES):
        return html
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return html
    page_dir = posixpath.dirname(dest_uri)
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
            fixed = fix(value, src_uri, page_dir, published)
            if fixed != value:
                attributes[name] = fixed
                changed = True
    if not changed:
        return html
    head = htmllib.escape(root.text or "", quote=False)
    return head + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def _srcset(value: str, src_uri: str, page_dir: str, published: Set[str]) -> str:
    parts = []
    for candidate in value.split(","):
        words = candidate.split()
        if words:
            words[0] = _url(words[0], src_uri, page_dir, published)
        parts.append(" ".join(words))
    fixed = ", ".join(parts)
    return value if fixed.replace(" ", "") == value.replace(" ", "") else fixed


def _url(url: str, src_uri: str, page_dir: str, published: Set[str]) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return url
    path = unquote(parts.path)
    if _inside(posixpath.join(page_dir, path)) in published:
        return url  # the browser finds it already (MkDocs wrote it, or the editor wrote it for the page)
    meant = _inside(posixpath.join(posixpath.dirname(src_uri), path))
    if meant is None or meant not in published:
        return url
    relative = quote(posixpath.relpath(meant, page_dir or "."))
    return str(urlunsplit(("", "", relative, parts.query, parts.fragment)))


def _inside(joined: str) -> str | None:
    normal = posixpath.normpath(joined)
    return None if normal.startswith("..") or normal == "." else normal
