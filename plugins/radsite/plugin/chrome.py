"""Material's navigation, rendered once per folder instead of once per page.

Material renders the whole site navigation (sidebar and tabs) into every page: at thousands of item
pages that is a large share of the build. For a page that is not in the nav (every item page), that
HTML does not depend on the page at all: no nav entry is active, and each link is relative to the
page's folder. So it is rendered for the first page of a folder and reused for the others.

`theme/partials/nav.html` and `tabs.html` ask this cache before including Material's own partial,
which the loader below makes reachable as `material/partials/...` (our files shadow the originals).
"""

from __future__ import annotations

import posixpath
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, PrefixLoader

THEME_PREFIX = "material"  # `{% include "material/partials/nav.html" %}`: the theme's own partial


def with_theme_originals(env: Any, theme_dirs: list[str], custom_dir: str | None) -> None:
    """Add a loader for the theme's templates without RadSite's overrides, under `material/`."""
    originals = [d for d in theme_dirs if custom_dir is None or posixpath.normpath(d) != posixpath.normpath(custom_dir)]
    loader: BaseLoader = PrefixLoader({THEME_PREFIX: FileSystemLoader(originals)})
    env.loader = ChoiceLoader([env.loader, loader])


class NavCache:
    """Rendered navigation HTML by (partial, folder), valid for one build."""

    def __init__(self, nav: Any) -> None:
        self.nav_urls = [page.url for page in getattr(nav, "pages", [])]
        self.html: dict[tuple[str, str], str] = {}

    def key(self, page: Any) -> str | None:
        """The folder whose pages share this page's navigation HTML, or None when it cannot be shared:
        a page in the nav marks its own entry active, and a nav entry inside the page's own URL
        would be linked relative to the page itself."""
        url = getattr(page, "url", None)
        if url is None or getattr(page, "parent", None) is not None:
            return None
        if any(nav_url == url or (url and nav_url.startswith(url)) for nav_url in self.nav_urls):
            return None
        return posixpath.dirname(url.rstrip("/"))

    def get(self, partial: str, page: Any) -> str | None:
        key = self.key(page)
        return None if key is None else self.html.get((partial, key))

    def put(self, partial: str, page: Any, html: str) -> str:
        key = self.key(page)
        if key is not None:
            self.html[(partial, key)] = html
        return html
