"""A link to a page this build does not publish is left out of the page; its text stays.

An editor who links a draft, an embargoed item or a staff page (`[soon](../news/new-scanner.md)`)
would publish a dead link whose address names what is withheld: a draft's file name is often its
title. MkDocs leaves a link it cannot resolve as it was typed, and raw HTML is never resolved. So
every `<a href>` of a page's HTML that means, from the source or from the page, a source the
visibility decision did not publish (or its address) loses its `href`'s element, keeping its text.
The set is derived from the decision: every Markdown source that is not published, never a list of
names to hide. `radsite check` warns about the same links with their line (content.links).
"""

from __future__ import annotations

import html as htmllib
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote

import lxml.html

from radsite.published import resolve

_HREF = re.compile(r"""href\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)  # a quick test only; lxml decides


def addresses(src_uri: str) -> set[str]:
    """What a link to the source `src_uri` may resolve to: the source and the address it is served at."""
    stem = posixpath.splitext(src_uri)[0]
    folder = posixpath.dirname(stem) if posixpath.basename(stem) in ("index", "README") else stem
    return {src_uri, folder or ".", posixpath.join(folder, "index.html") if folder else "index.html"}


@dataclass(frozen=True)
class Withheld:
    """The sources a build does not publish, as every address a link to one may resolve to: made once a build."""

    targets: frozenset[str] = frozenset()
    names: frozenset[str] = field(default=frozenset())  # their last path parts, for the quick test

    @classmethod
    def of(cls, sources: Iterable[str], published: Iterable[str]) -> Withheld:
        shown = set().union(*(addresses(s) for s in published))
        targets = set().union(*(addresses(s) for s in sources)) - shown
        return cls(frozenset(targets), frozenset(_last_part(t) for t in targets))


def _last_part(path: str) -> str:
    path = path.rstrip("/")
    if path.endswith("/index.html"):
        path = path[: -len("/index.html")]
    return posixpath.basename(posixpath.splitext(path)[0])


def without_withheld_links(html: str, src_uri: str, dest_uri: str, withheld: Withheld) -> tuple[str, list[str]]:
    """`html` with each link to a withheld page unwrapped (its text kept), and the links left out as typed.
    A page with no link that might mean one is returned as it is, unparsed."""
    if not withheld.targets or not any(
        _last_part(unquote(htmllib.unescape(href)).split("#")[0].split("?")[0]) in withheld.names
        for href in _HREF.findall(html)
    ):
        return html, []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return html, []
    left_out: list[str] = []
    for link in list(root.iter("a")):
        href = link.get("href")
        if href and _means_withheld(href, src_uri, dest_uri, withheld.targets):
            left_out.append(href)
            link.drop_tag()
    if not left_out:
        return html, []
    head = htmllib.escape(root.text or "", quote=False)
    return head + "".join(lxml.html.tostring(child, encoding="unicode") for child in root), left_out


def _means_withheld(href: str, src_uri: str, dest_uri: str, targets: frozenset[str]) -> bool:
    return any(resolve(href, base) in targets for base in (src_uri, dest_uri))
