"""Eligibility criteria as ClinicalTrials.gov hands them over: Markdown with needless escapes.

API v2 returns criteria as Markdown in which many punctuation marks are backslash-escaped
(`Age \\>= 18`, `1\\. Adults`, `\\* item`). Escapes that change nothing in Markdown are removed, so the
text reads well in the front matter and renders as the lists it was written as.
"""

from __future__ import annotations

import re

# Escapes that only protect characters with no meaning at that place for our renderer.
_INLINE = re.compile(r"\\([<>=~|&%$@'\"/:;,?^])")
# An escaped list marker or ordered-list dot at the start of a line stands for the list itself.
_LINE_MARKER = re.compile(r"^([ \t]*)\\([*+-])(?=\s)", re.MULTILINE)
_ORDERED = re.compile(r"^([ \t]*(?:[*+-][ \t]+)?\d+)\\\.", re.MULTILINE)


def unescape(text: str) -> str:
    """Criteria text with ClinicalTrials.gov's redundant Markdown escapes removed."""
    text = text.replace("\r\n", "\n")
    text = _LINE_MARKER.sub(r"\1\2", text)
    text = _ORDERED.sub(r"\1.", text)
    text = _INLINE.sub(r"\1", text)
    return text.strip()
