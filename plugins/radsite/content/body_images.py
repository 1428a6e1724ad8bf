"""Images written in Markdown bodies must say what they show: `![](x.png)` is an error.

Front-matter images already require `alt` (the schema); this covers the body, where a missing
alt text would otherwise pass silently. Fenced code is skipped (it shows Markdown, it is not an image).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from radsite.content.item import ContentSet
from radsite.findings import Finding

_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)")
_HTML_IMG = re.compile(r"<img\b(?P<attrs>[^>]*)>", re.IGNORECASE)
_ALT = re.compile(r"\balt\s*=\s*(\"[^\"]*\S[^\"]*\"|'[^']*\S[^']*'|[^\s\"'>]+)", re.IGNORECASE)
_FENCE = re.compile(r"^\s*(```|~~~)")


def missing_alt(content: ContentSet) -> Iterator[Finding]:
    for item in content.items:
        yield from _scan(item.path, item.doc.body, item.doc.body_line)
    for page in content.pages:
        yield from _scan(page.path, page.doc.body, page.doc.body_line)


def _scan(path: str, body: str, first_line: int) -> Iterator[Finding]:
    fenced = False
    for offset, line in enumerate(body.splitlines()):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        where = first_line + offset
        for m in _MD_IMAGE.finditer(line):
            if not m.group("alt").strip():
                yield Finding(path, where, "alt",
                    f"image {m.group('src')!r} has no alt text; describe what it shows for people who cannot "
                    f"see it: ![Frontal chest radiograph with ...]({m.group('src')})", col=m.start() + 1)  # fmt: skip
        for m in _HTML_IMG.finditer(line):
            if not _ALT.search(m.group("attrs")):
                yield Finding(path, where, "alt",
                    "<img> has no alt text; add alt=\"what the image shows\"", col=m.start() + 1)  # fmt: skip
