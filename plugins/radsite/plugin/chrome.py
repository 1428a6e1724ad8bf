"""Material's navigation (and other page-independent theme HTML), rendered once per folder.

Material renders the whole site navigation (sidebar and tabs) into every page: at thousands of item
pages that is a large share of the build. For a page that is not in the nav (every item page), that
HTML does not depend on the page at all: no nav entry is active, and each link is relative to the
page's folder. So it is rendered for the first page of a folder and reused for the others. The same
holds for RadSite's feed links, on every page.

Templates wrap such HTML in `{% call radsite_chrome.once(part, page) %}...{% endcall %}`: the block
is rendered only when the cache has nothing for the page's folder. `theme/partials/nav.html` and
`tabs.html` wrap Material's own partial, which the loader below makes reachable as
`material/partials/...` (our files shadow the originals); `theme/main.html` wraps the feed links.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, PrefixLoader, Undefined

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
        url = None if isinstance(page, Undefined) else getattr(page, "url", None)  # 404.html has no page
        if url is None:
            return None
        if part in NAV_PARTS and (
            getattr(page, "parent", None) is not None
            or any(nav_url == url or (url and nav_url.startswith(url)) for nav_url in self.nav_urls)
        ):
            return None
        folder, _, _ = url.rstrip("/").rpartition("/")
        return f"{folder}/*" if url else ""  # 'cases/x/' -> 'cases/*'; '' (the home page) stays ''

    def once(self, part: str, page: Any, caller: Callable[[], str]) -> str:
        """The HTML of a `{% call radsite_chrome.once(part, page) %}` block: rendered by `caller` for
        the first page of a folder, reused for the others."""
        key = self.key(part, page)
        if key is None:
            return caller()
        html = self.html.get((part, key))
        if html is None:
            html = self.html[(part, key)] = caller()
        return html
