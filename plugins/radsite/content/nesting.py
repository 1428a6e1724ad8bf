"""A cap on how deeply a body nests lists, quotes and HTML, checked before Markdown runs.

Python-Markdown recurses once per level: a list nested a few hundred levels raises RecursionError,
a few thousand runs for minutes. No page a person reads nests more than a handful of levels, so
anything past MAX_NESTING is refused with the line where it goes too deep.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from radsite.findings import Finding

MAX_NESTING = 32
_CONTAINER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


def nesting_finding(path: str, body: str, body_line: int) -> Finding | None:
    """An error for the first line nested deeper than MAX_NESTING, or None."""
    for offset, line in enumerate(body.split("\n")):
        if _depth(line) > MAX_NESTING:
            return _finding(path, body_line + offset, "lists or quotes")
    if body.count("<") > MAX_NESTING * 2:  # fewer tags cannot nest that deep: most bodies stop here
        html = _HtmlDepth()
        try:
            html.feed(body)
        except _TooDeep:
            return _finding(path, body_line + html.getpos()[0] - 1, "HTML elements")
    return None


def _depth(line: str) -> int:
    indent = len(line) - len(line.lstrip(" \t"))
    depth = indent // 4 if indent >= 8 else 0  # indentation nests lists four spaces a level
    position = 0
    while match := _CONTAINER.match(line, position):
        depth += 1
        position = match.end()
    return depth


def _finding(path: str, line: int, what: str) -> Finding:
    return Finding(path, line, "nesting",
        f"{what} are nested more than {MAX_NESTING} levels deep here; no reader can follow that, and "
        "rendering it could take minutes: flatten the structure")  # fmt: skip


class _TooDeep(Exception):
    pass


class _HtmlDepth(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.depth += 1
            if self.depth > MAX_NESTING * 2:  # HTML nests more than Markdown: a table is four levels
                raise _TooDeep

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)
