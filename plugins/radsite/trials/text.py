"""Text from ClinicalTrials.gov, written into our Markdown as text: never as HTML or Markdown markup.

A record is someone else's text. `<script>` or `<img>` in a brief summary must show as those
characters, a `[link](javascript:...)` must not become a link, and nothing in it may read as the
import block's own `<!-- ctgov:... -->` markers. HTML's special characters become entities;
Markdown's inline markup gets the backslash escape that Python-Markdown reads as the plain character,
and so does what would start a heading or a list at the start of a paragraph (each paragraph is
written on one line, so a paragraph's start is the only line start).
"""

from __future__ import annotations

import html
import re

_INLINE = re.compile(r"([\\`*_{}\[\]])")  # emphasis, code, links and images, attr_list
_BLOCK_START = re.compile(r"^(?:(\d+)\.|([#+-]))")  # a heading, a bullet or a numbered list item
_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")


def as_text(text: str) -> str:
    """Markdown that renders as exactly `text`: paragraphs kept, other line breaks become spaces."""
    paragraphs = _PARAGRAPHS.split(text.replace("\r\n", "\n").replace("\r", "\n").strip())
    return "\n\n".join(_paragraph(p) for p in paragraphs if p.strip())


def _paragraph(text: str) -> str:
    escaped = _INLINE.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\." if m[1] else f"\\{m[2]}", escaped, count=1)
