"""Material's navigation (and other page-independent theme HTML), rendered once per folder.

Material renders the whole site navigation (sidebar and tabs) into every page: at thousands of item
pages that is a large share of the build. For a page that is not in the nav (every item page), that
HTML does not depend on the page at all: no nav entry is active, and each link is relative to the
page's folder. So it is rendered for the first page of a folder and reused for the others. The same
holds for Material's app settings (`block config`) and RadSite's feed links, on every page.

`theme/partials/nav.html` and `tabs.html` ask this cache before including Material's own partial,
which the loader below makes reachable as `material/partials/...` (our files shadow the originals);
`theme/main.html` does the same for the `config` block and the feed links.
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


NAV_PARTS = frozenset({"nav", "tabs"})  # these also depend on whether the page is in the nav


class ChromeCache:
    """Rendered theme HTML that depends only on the page's folder, by (part, folder), for one build.

    "nav" and "tabs" are shared only by pages outside the nav; other parts ("feeds": the feed links)
    by every page of a folder.
    """

    def __init__(self, nav: Any) -> None:
        self.nav_urls = [page.url for page in getattr(nav, "pages", [])]
        self.html: dict[tuple[str, str], str] = {}

    def key(self, part: str, page: Any) -> str | None:
        """The folder whose pages share this part's HTML, or None when it cannot be shared: a page
        in the nav marks its own entry active, and a nav entry inside the page's own URL would be
        linked relative to the page itself."""
        url = getattr(page, "url", None)
        if url is None:
            return None
        if part in NAV_PARTS and (
            getattr(page, "parent", None) is not None
            or any(nav_url == url or (url and nav_url.startswith(url)) for nav_url in self.nav_urls)
        ):
            return None
        folder, _, _ = url.rstrip("/").rpartition("/")
        return f"{folder}/*" if url else ""  # 'cases/x/' -> 'cases/*'; '' (the home page) stays ''

    def get(self, part: str, page: Any) -> str | None:
        key = self.key(part, page)
        return None if key is None else self.html.get((part, key))

    def put(self, part: str, page: Any, html: str) -> str:
        key = self.key(part, page)
        if key is not None:
            self.html[(part, key)] = html
        return html
