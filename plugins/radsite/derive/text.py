"""Markdown written into front matter (trial criteria), rendered safely for a template.

Raw HTML is escaped first: text imported from a registry must not inject markup into our pages.
"""

from __future__ import annotations

import html
import re

import markdown

_LIST_ITEM = re.compile(r"^\s*(?:[*+-]|\d+\.)\s+")


def render(text: str) -> str:
    """Markdown -> HTML, with a blank line added where a list follows a paragraph directly."""
    lines: list[str] = []
    for line in html.escape(text or "", quote=False).splitlines():
        if _LIST_ITEM.match(line) and lines and lines[-1].strip() and not _LIST_ITEM.match(lines[-1]):
            lines.append("")
        lines.append(line)
    return markdown.markdown("\n".join(lines), extensions=["sane_lists"], output_format="html")
