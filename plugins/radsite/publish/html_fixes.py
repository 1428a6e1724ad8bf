"""Repairs to mkdocs-material's own markup that our templates cannot reach.

Each fixes a Nu HTML Checker error that Material writes outside any template block we override:
- `autocomplete="off"` on the `#__drawer` / `#__search` checkboxes (base.html, outside blocks):
  the attribute is not allowed on checkboxes;
- `tabindex=""` on section labels of the navigation (nav-item.html): not a valid integer;
- the table of contents' `<label for="__toc">` on pages outside the navigation (collection items),
  where no `#__toc` checkbox exists for it to label: it becomes a plain heading `<div>`.
Applied to every page and to the static templates (404.html). Material has no option for any of
these; tests/test_material_copies.py runs each fix over the installed Material's own output, so a
change of that markup fails a test instead of letting an error back in unnoticed.
"""

from __future__ import annotations

import re

_TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?)\s+autocomplete="off"')
_EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?)\s+tabindex=""')
_TOC_LABEL = re.compile(r'<label class="md-nav__title" for="__toc">(.*?)</label>', re.DOTALL)


def fix_theme_html(html: str) -> str:
    html = _TOGGLE.sub(r"\1", html)
    html = _EMPTY_TABINDEX.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = _TOC_LABEL.sub(r'<div class="md-nav__title">\1</div>', html)
    return html
