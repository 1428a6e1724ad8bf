"""The pages of each other language, and which page is whose translation (for hreflang and the switcher).

A language's site is its translations: an item page per published translation, a listing for each
collection with at least one (untranslated items are left out of it), the home page when
`index.<lang>.md` exists, its translated plain pages and a search page. A page without a
translation has no alternate: the switcher then goes to the other language's home page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from radsite.content.registry import COLLECTIONS
from radsite.derive.pages import GeneratedPage, item_page
from radsite.languages import TranslatedItem, TranslatedPage, page_url, prefixed
from radsite.locales import translate
from radsite.state import BuildState


@dataclass
class LanguagePages:
    """Every other language's generated pages, and each page's alternates (src_uri -> {lang: url})."""

    pages: list[GeneratedPage] = field(default_factory=list)
    alternates: dict[str, dict[str, str]] = field(default_factory=dict)
    homes: dict[str, str] = field(default_factory=dict)  # language -> its home page's URL
    nav: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # language -> (title, url) of its sections


def language_pages(state: BuildState, home_title: str) -> LanguagePages:
    result = LanguagePages()
    default = state.translations.default
    result.homes[default] = ""
    for lang, lang_state in state.languages.items():
        decision = lang_state.decision
        pairs: list[tuple[str, str]] = []  # (default language's src_uri, this language's src_uri)
        nav: list[tuple[str, str]] = []
        for published in decision.items:
            result.pages.append(item_page(published))
            item = published.item
            if isinstance(item, TranslatedItem) and item.original is not None:
                pairs.append((item.original.page_uri, item.page_uri))
        for name, listing in lang_state.listings.items():
            if not listing.items:
                continue  # untranslated collections have no listing in this language
            title = translate(COLLECTIONS[name].title, lang)
            meta = {"title": title, "description": title, "template": "radsite/listing.html"}
            result.pages.append(GeneratedPage(prefixed(lang, f"{name}/index.md"), _front_matter(meta), "listing", name))
            pairs.append((f"{name}/index.md", prefixed(lang, f"{name}/index.md")))
            nav.append((title, prefixed(lang, f"{name}/")))
        for page in decision.pages:
            assert isinstance(page, TranslatedPage)
            data = {k: v for k, v in page.doc.data.items() if k not in ("draft", "publish_at", "audience")}
            if page.file_uri.split("/")[-1].startswith("index."):
                data.setdefault("title", home_title)
                data["template"] = "radsite/home.html"
                result.homes[lang] = prefixed(lang, "")
            else:
                nav.append((str(data.get("title") or page_url(page.src_uri)), page_url(page.src_uri)))
            result.pages.append(GeneratedPage(page.src_uri, _front_matter(data) + page.doc.body, "page"))
            if page.original is not None:
                pairs.append((page.original.src_uri, page.src_uri))
        search = {"title": translate("Search", lang), "description": translate("Search the department's site.", lang),
                  "template": "radsite/search.html"}  # fmt: skip
        result.pages.append(GeneratedPage(prefixed(lang, "search/index.md"), _front_matter(search), "search"))
        pairs.append(("search/index.md", prefixed(lang, "search/index.md")))
        result.homes.setdefault(lang, prefixed(lang, "search/"))  # no Spanish home page written: its search
        result.nav[lang] = nav
        for original, translated in pairs:
            urls = result.alternates.setdefault(original, {default: page_url(original)})
            urls[lang] = page_url(translated)
            result.alternates[translated] = urls  # one dict per page pair: both sides list the same set
    return result


def _front_matter(meta: dict) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return "---\n" + yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=False, default_flow_style=False) + "---\n\n"
