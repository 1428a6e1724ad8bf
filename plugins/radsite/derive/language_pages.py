"""The pages of each other language, and which page is whose translation (for hreflang and the switcher).

A language's site is its translations: an item page per published translation, a listing for each
collection with at least one (untranslated items are left out of it), the home page when
`index.<lang>.md` exists, its translated plain pages and a search page. A page without a
translation has no alternate: the switcher then goes to the other language's home page.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass, field
from itertools import groupby

import yaml
from markupsafe import Markup

from radsite.content.collection import type_label
from radsite.content.registry import COLLECTIONS
from radsite.derive.pages import GeneratedPage, item_page
from radsite.derive.patient_pages import GLOSSARY_URI
from radsite.languages import TranslatedItem, TranslatedPage, page_url, prefixed
from radsite.locales import markup, translate
from radsite.state import BuildState


@dataclass
class LanguagePages:
    """Every other language's generated pages, and each page's alternates (src_uri -> {lang: url})."""

    pages: list[GeneratedPage] = field(default_factory=list)
    alternates: dict[str, dict[str, str]] = field(default_factory=dict)
    homes: dict[str, str] = field(default_factory=dict)  # language -> its home page's URL
    nav: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # language -> (title, url) of its sections
    glossaries: dict[str, str] = field(default_factory=dict)  # language -> its glossary page's URL, when it has one


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
        if glossary := glossary_page(lang_state):
            result.pages.append(glossary)
            pairs.append((GLOSSARY_URI, glossary.src_uri))
            result.glossaries[lang] = page_url(glossary.src_uri)
            nav.append((translate("Words in your report", lang), page_url(glossary.src_uri)))
        search = {"title": translate("Search", lang), "description": translate("Search the department's site.", lang),
                  "template": "radsite/search.html", "search_types": search_types(lang)}  # fmt: skip
        result.pages.append(GeneratedPage(prefixed(lang, "search/index.md"), _front_matter(search), "search"))
        pairs.append(("search/index.md", prefixed(lang, "search/index.md")))
        result.homes.setdefault(lang, prefixed(lang, "search/"))  # no Spanish home page written: its search
        result.nav[lang] = nav
        for original, translated in pairs:
            urls = result.alternates.setdefault(original, {default: page_url(original)})
            urls[lang] = page_url(translated)
            result.alternates[translated] = urls  # one dict per page pair: both sides list the same set
    return result


def glossary_page(state: BuildState) -> GeneratedPage | None:
    """A language's A-Z glossary (`glossary.<lang>.yml`), built as the default one is; None without terms.

    A term's link goes to the page in this language, else to the original (its slug is the original's).
    """
    lang, terms = state.lang, sorted(state.patient.glossary.terms if state.patient else [], key=lambda t: _collate(t.term))
    if not terms:
        return None
    description = translate("Plain meanings of words you may find in a radiology report, from A to Z.", lang)
    meta = {"title": translate("Words in your report", lang), "description": description}
    parts = [html.escape(translate(GLOSSARY_INTRO, lang))]
    groups = [(letter, list(group)) for letter, group in groupby(terms, key=lambda t: _letter(t.term))]
    links = " ".join(f'<li><a href="#letter-{_id(letter)}">{html.escape(letter)}</a></li>' for letter, _ in groups)
    parts.append(f'<nav class="rs-az" aria-label="{html.escape(translate("Letters", lang))}"><ul>{links}</ul></nav>')
    for letter, group in groups:
        rows = []
        for term in group:
            also = ""
            if term.aliases:
                aliases = html.escape(", ".join(term.aliases))
                also = f' <span class="rs-aka">({html.escape(translate("also:", lang))} {aliases})</span>'
            more = ""
            collection, _, slug = (term.link or "").partition("/")
            if term.link and (target := state.decision.get(collection, slug)) is not None:
                title = html.escape(target.fields["title"])
                if not target.url.startswith(f"{lang}/"):  # untranslated: the original, marked as its language
                    title = f'<span lang="{state.translations.default}">{title}</span>'
                read = markup("Read: {title}", lang, title=Markup(title))
                more = f' <a href="../../{html.escape(target.url)}">{read}</a>'  # from /<lang>/glossary/
            rows.append(f'<dt id="{term.anchor}">{html.escape(term.term)}{also}</dt>'
                        f"<dd>{html.escape(term.definition)}{more}</dd>")  # fmt: skip
        parts.append(f'<h2 id="letter-{_id(letter)}">{html.escape(letter)}</h2>\n\n<dl class="rs-glossary">{"".join(rows)}</dl>')
    return GeneratedPage(prefixed(lang, GLOSSARY_URI), _front_matter(meta) + "\n\n".join(parts) + "\n", "glossary", None, True)


GLOSSARY_INTRO = (
    "Radiology reports are written for doctors, so they use words most people never need. "
    "Here they are in plain words. Your own doctor is the best person to explain what they mean for you."
)


def _collate(term: str) -> str:
    """Dictionary order: accents do not count (á with a), ñ is a letter after n."""
    plain = unicodedata.normalize("NFD", term.casefold().replace("ñ", "n~"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def _letter(term: str) -> str:
    """A term's index letter without its accent (Á under A), Ñ its own."""
    return _collate(term)[:2].replace("n~", "ñ")[:1].upper() if term else ""


def _id(letter: str) -> str:
    return letter.casefold() if letter.isalnum() else "other"


def search_types(lang: str) -> dict[str, str]:
    """Each search result type (the index's `type` meta, the same English key in every language) in `lang`.

    The search script shows these words and weighs results by the key, so Spanish results read in
    Spanish and rank as English ones do.
    """
    keys = [type_label(spec) for spec in COLLECTIONS.values()] + ["Information", type_label(None)]
    return {key: translate(key, lang) for key in keys}


def _front_matter(meta: dict) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return "---\n" + yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=False, default_flow_style=False) + "---\n\n"


def not_found_links(languages: tuple[str, ...], homes: dict[str, str]) -> list[dict[str, str]]:
    """The 404 page's block of each language (one file serves all): its home page and its search page."""
    default = languages[0]
    search = {lang: "search/" if lang == default else prefixed(lang, "search/") for lang in languages}
    return [{"lang": lang, "home": homes.get(lang, search[lang]) if lang != default else "", "search": search[lang]}
            for lang in languages]  # fmt: skip
