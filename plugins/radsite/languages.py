"""Languages: a translation is a sibling file (`ct-head.es.md` beside `ct-head.md`), never a copy of the site.

A language is a property of every item and page. The loader reads a translation with its
original's schema (fields it omits take the original's value), and the visibility decision of a
language is derived from the default language's: a translation is published only when its original
is, and when its own fields allow it. Everything later (listings, feeds, search, the audit) runs
over the per-language decision as it runs over the default one; nothing filters output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from radsite.content.answer import unmarked_answers
from radsite.content.errors import schema_findings
from radsite.content.exam_guides import exam_section_findings
from radsite.content.frontmatter import FrontMatterError, parse
from radsite.content.glossary import Glossary, dangling_links, load_glossary
from radsite.content.item import ContentSet, Item, Page
from radsite.content.load import Loaded
from radsite.content.registry import COLLECTIONS
from radsite.content.schemas.page import PlainPage
from radsite.content.sources import MAX_FILE_BYTES, normalise_text
from radsite.content.todo import todo_findings
from radsite.findings import Finding
from radsite.visibility import Decision, Policy, Published, Withheld, decide

DEFAULT_LANGUAGES = ("en",)
# Fields that say when a text was last checked, by the schemas' own names (faq, exams, trials).
REVIEW_FIELDS = ("last_reviewed", "last_update", "updated")
# A translation's own identity: never taken from the original.
NOT_INHERITED = frozenset({"id"})


def prefixed(lang: str, uri: str) -> str:
    """A site path inside a language's folder: ("es", "exams/ct-head/") -> "es/exams/ct-head/"."""
    return f"{lang}/{uri}"


@dataclass
class TranslatedItem(Item):
    """An item in another language: same collection and slug as its original, its page under /<lang>/."""

    lang: str = ""
    original: Item | None = None

    @property
    def slug(self) -> str:
        """The original's slug (a file name `ct-head.es.md` says nothing else), unless front matter sets one."""
        if self.meta.slug or self.original is None:
            return super().slug
        return self.original.slug

    @property
    def page_uri(self) -> str:
        return prefixed(self.lang, f"{self.collection}/{self.slug}.md")

    @property
    def url(self) -> str:
        return prefixed(self.lang, f"{self.collection}/{self.slug}/")


@dataclass
class TranslatedPage(Page):
    """A plain page in another language: `src_uri` is its place in the site (es/about.md), `file_uri` its file."""

    lang: str = ""
    file_uri: str = ""
    original: Page | None = None


@dataclass
class Translations:
    """Every translation the content folder holds, by language, with the loader's findings."""

    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    items: dict[str, list[TranslatedItem]] = field(default_factory=dict)
    pages: dict[str, list[TranslatedPage]] = field(default_factory=dict)
    glossaries: dict[str, Glossary] = field(default_factory=dict)  # glossary.<lang>.yml of each other language
    stale: set[str] = field(default_factory=set)  # page_uri / src_uri of translations older than their original's review
    scores: dict[str, float] = field(default_factory=dict)  # a patient translation's path -> its language's reading score
    findings: list[Finding] = field(default_factory=list)

    @property
    def default(self) -> str:
        return self.languages[0]

    @property
    def others(self) -> tuple[str, ...]:
        return self.languages[1:]


def load_translations(content_dir: Path, loaded: Loaded, languages: tuple[str, ...], prefix: str) -> Translations:
    """Read every `<name>.<lang>.md` the walk found, validated by its original's schema.

    A translation in an undeclared language, or of a file that does not exist, is an error naming
    the file and what to do; one older than its original's last review is a warning.
    """
    result = Translations(languages=languages)
    for lang in languages[1:]:
        glossary, found = load_glossary(content_dir, prefix, f"glossary.{lang}.yml")
        result.glossaries[lang] = glossary
        result.findings += found + dangling_links(glossary, set(loaded.content.index))
    originals_items = {item.src_uri: item for item in loaded.content.items}
    originals_pages = {page.src_uri: page for page in loaded.content.pages}
    for src_uri, (original_uri, lang) in sorted(loaded.sources.translations.items()):
        path = f"{prefix}/{src_uri}" if prefix else src_uri
        if lang not in languages or lang == languages[0]:
            declared = ", ".join(languages)
            result.findings.append(Finding(path, 1, "language",
                f"is a translation into '{lang}', which is not one of the site's other languages ({declared}); "
                f"add it to the radsite plugin's option in mkdocs.yml (languages: [{declared}, {lang}]) "
                "or rename the file"))  # fmt: skip
            continue
        original: Item | Page | None = originals_items.get(original_uri) or originals_pages.get(original_uri)
        if original is None:
            if (content_dir / original_uri).exists():
                continue  # the original has errors of its own, reported by the loader
            result.findings.append(Finding(path, 1, "language",
                f"is a translation of {original_uri}, which does not exist; write the original "
                f"({prefix + '/' if prefix else ''}{original_uri}) first, or rename this file"))  # fmt: skip
            continue
        translated = _load_one(content_dir / src_uri, src_uri, path, lang, original, result.findings)
        if translated is None:
            continue
        if isinstance(translated, TranslatedItem):
            result.items.setdefault(lang, []).append(translated)
            key = translated.page_uri
        else:
            result.pages.setdefault(lang, []).append(translated)
            key = translated.src_uri
        if warning := _stale(translated, original, path):
            result.stale.add(key)
            result.findings.append(warning)
    items: list[Item] = [item for found in result.items.values() for item in found]
    result.findings += todo_findings(items) + exam_section_findings(ContentSet(items=items))  # as `load` checks originals
    result.findings += unmarked_answers(items)
    return result


def _load_one(file: Path, src_uri: str, path: str, lang: str, original: Item | Page,
              findings: list[Finding]) -> TranslatedItem | TranslatedPage | None:  # fmt: skip
    try:
        size = file.stat().st_size
        raw = file.read_bytes() if size <= MAX_FILE_BYTES else b""
        text = normalise_text(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        findings.append(Finding(path, 1, "read", "cannot be read as UTF-8 text; save it as UTF-8 in your editor"))
        return None
    if size > MAX_FILE_BYTES:
        findings.append(Finding(path, None, "size", f"is over the {MAX_FILE_BYTES:,}-byte limit for a page; split it"))
        return None
    try:
        doc = parse(text, require=isinstance(original, Item))
    except FrontMatterError as e:
        findings.append(Finding(path, e.line, e.rule, e.message))
        return None
    inherited = {k: v for k, v in original.doc.data.items() if k not in NOT_INHERITED}
    data = {**inherited, **doc.data}  # what the translation omits, it takes from the original
    doc = dataclasses.replace(doc, data=data)
    if isinstance(original, Item):
        model = COLLECTIONS[original.collection].model
        try:
            meta = model.model_validate(data)
        except ValidationError as e:
            findings.extend(schema_findings(e, model, doc, path))
            return None
        item = TranslatedItem(collection=original.collection, src_uri=src_uri, path=path, meta=meta, doc=doc,
                              lang=lang, original=original)  # fmt: skip
        if item.slug != original.slug:
            findings.append(Finding(path, doc.line_of("slug"), "slug",
                f"slug: {item.slug!r} differs from its original's ({original.slug!r}); a translation keeps the "
                "original's slug, so both pages pair up: write the same slug"))  # fmt: skip
            return None
        return item
    try:
        page_meta = PlainPage.model_validate(data)
    except ValidationError as e:
        findings.extend(schema_findings(e, PlainPage, doc, path))
        return None
    return TranslatedPage(src_uri=prefixed(lang, original.src_uri), path=path, meta=page_meta, doc=doc, lang=lang,
                          file_uri=src_uri, original=original)  # fmt: skip


def _review_date(meta: Any) -> dt.date | None:
    for name in REVIEW_FIELDS:
        value = getattr(meta, name, None)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
    return None


def _stale(translated: TranslatedItem | TranslatedPage, original: Item | Page, path: str) -> Finding | None:
    """A warning when the original was reviewed after its translation was."""
    theirs, ours = _review_date(original.meta), _review_date(translated.meta)
    if theirs is None or ours is None or ours >= theirs:
        return None
    name = next((n for n in REVIEW_FIELDS if getattr(translated.meta, n, None) is not None), REVIEW_FIELDS[0])
    return Finding(path, translated.doc.line_of(name), name,
        f"this translation was reviewed on {ours.isoformat()}, before its original ({original.path}) was "
        f"reviewed on {theirs.isoformat()}; bring the translation up to date and set {name}", level="warning")  # fmt: skip


@dataclass
class LanguageDecision(Decision):
    """A language's decision: its translations; a look-up by slug falls back to the default language
    (a Spanish FAQ's reviewer, an untranslated related exam), but listings, feeds and search see only
    the translations."""

    lang: str = ""
    fallback: Decision | None = None

    def get(self, collection: str, slug: str) -> Published | None:
        found = self.by_key.get((collection, slug))
        if found is None and self.fallback is not None:
            return self.fallback.get(collection, slug)
        return found


def decide_language(lang: str, translations: Translations, decision: Decision, policy: Policy) -> LanguageDecision:
    """The decision for one language, derived from the default language's `decision`.

    Each translation goes through `visibility.decide` (its own draft, schedule, audience and field
    marks); one whose original is withheld is withheld too, with all its text, so the audit proves
    it reached no file.
    """
    items = translations.items.get(lang, [])
    pages = translations.pages.get(lang, [])
    own = decide(ContentSet(items=list(items), pages=list(pages)), policy)
    published_pages = {page.src_uri for page in decision.pages}
    kept_items: list[Published] = []
    withheld: list[Withheld] = list(own.withheld)
    for p in own.items:
        if decision.get(p.collection, p.slug) is None:
            withheld.append(Withheld(p.item.path, 1, "its original is withheld", _texts(p)))
        else:
            kept_items.append(p)
    kept_pages: list[Page] = []
    for page in own.pages:
        assert isinstance(page, TranslatedPage)
        if page.original is None or page.original.src_uri not in published_pages:
            title = (page.meta.title,) if page.meta.title else ()
            withheld.append(Withheld(page.path, 1, "its original is withheld", (*title, page.doc.body, page_url(page.src_uri))))
        else:
            kept_pages.append(page)
    return LanguageDecision(policy, kept_items, kept_pages, withheld, own.findings, lang=lang, fallback=decision)


def _texts(p: Published) -> tuple[str, ...]:
    def walk(value: Any, key: str = "") -> Iterable[str]:
        if key in {"slug", "tags", "src", "template", "id", "visibility"}:
            return
        if isinstance(value, dict):
            for k, v in value.items():
                yield from walk(v, str(k))
        elif isinstance(value, list | tuple):
            for v in value:
                yield from walk(v, key)
        elif isinstance(value, str) and value.strip():
            yield value

    return (*walk(p.item.meta.model_dump(mode="python")), p.item.doc.body, p.item.url)


def page_url(src_uri: str) -> str:
    """A page's directory URL from its src_uri: "es/about.md" -> "es/about/", "es/index.md" -> "es/"."""
    stem = src_uri.rsplit(".", 1)[0]
    return stem[: -len("index")] if stem.endswith("index") else f"{stem}/"


def language_of(src_uri: str, languages: tuple[str, ...]) -> str:
    """The language of a page of the built site, by its folder (the default language has none)."""
    top = src_uri.split("/", 1)[0]
    return top if top in languages[1:] and "/" in src_uri else languages[0]


def unprefixed(src_uri: str, languages: tuple[str, ...]) -> str:
    """The default language's src_uri of a page: "es/exams/ct-head.md" -> "exams/ct-head.md"."""
    lang = language_of(src_uri, languages)
    return src_uri[len(lang) + 1 :] if lang != languages[0] else src_uri
