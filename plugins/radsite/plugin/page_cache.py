"""Rendered pages reused while everything they read is the same: a warm build skips Markdown and Jinja.

Two stages, each an entry of the content-digest cache (radsite.cache):

- **Markdown**: a page's HTML after `on_page_content` (Markdown, the allow-list, the glossary), its
  table of contents, title and anchors, and the warnings it logged. Keyed by the page's Markdown,
  its URL, the Markdown config, every file's URL (relative links resolve against them), the
  sources not published (a link to one is left out), the item's published data and the glossary.
  A template edit re-runs only Jinja.
- **Template**: the page's HTML as the theme renders it. Keyed by the Markdown stage's result, the
  templates (each one the build loaded, by its source), the config, the navigation (titles and URLs), the
  page's own context (`item`, `listing`, ...: the item's published data, with what it withholds
  already removed) and, recorded while the page rendered, every value the template read through
  `radsite` (`radsite.person(slug)`, `radsite.now`, `radsite.state.settings...`). A hit re-reads
  those values from this build and compares their fingerprints: a forgotten dependency cannot be
  listed wrong, because nothing is listed by hand.

A value that cannot be fingerprinted (an object without plain data) makes the page uncacheable:
it is rendered every time, never reused on a guess. The published list still decides which pages
exist; this cache only shortens how a listed page is rendered.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import enum
import logging
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, DictLoader, TemplateNotFound
from mkdocs.structure.pages import Page

from radsite.cache import Cache, digest
from radsite.checkpoints import checkpoint
from radsite.content.item import Item
from radsite.content.item import Page as ContentPage
from radsite.derive.context import page_context
from radsite.state import BuildState
from radsite.visibility import Published

CACHED_TEMPLATE = "radsite-cached-page.html"  # renders the cached output as is (not under radsite/: no escaping)
_PLAIN = (str, int, float, bool, type(None), bytes, datetime.date, datetime.time, datetime.timedelta)
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


class Unfingerprintable(Exception):
    """A value with no plain data to compare: the page that read it is not cached."""


class Digests:
    """Each object's digest, computed once per build: a listing, a profile or a series is read by
    hundreds of pages, and fingerprinting it whole for each of them made a cold build six times
    slower. Objects (dataclasses, objects with attributes) are remembered by identity, with a
    reference held so that no identity is reused: the published data is final once the nav is
    (`on_nav`), so an object read twice in one build is the same both times. Lists and dicts are
    not remembered (a template may get a fresh one per call); their objects are."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[object, bytes]] = {}
        self._open: set[int] = set()  # being digested: an object that refers back to one of them
        self._cuts = 0

    def of(self, value: Any) -> bytes:
        found = self._known.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        if id(value) in self._open:  # its content is already in the digest being made
            self._cuts += 1
            return b"<cycle>"
        cuts = self._cuts
        self._open.add(id(value))
        try:
            made = digest(repr(_canonical_fields(value, self)).encode())
        finally:
            self._open.discard(id(value))
        if self._cuts == cuts:  # one cut short by a cycle stands only inside the digest that cut it
            self._known[id(value)] = (value, made)
        return made


_build_digests = Digests()


def new_build() -> None:
    """Forget the last build's objects (a serve rebuild makes new ones)."""
    global _build_digests
    _build_digests = Digests()


def _canonical_fields(value: Any, digests: Digests) -> Any:
    if type(value) in (Item, ContentPage):  # read from its text alone (a translation also takes its original's)
        return (type(value).__qualname__, value.collection if isinstance(value, Item) else None, value.src_uri,
                value.path, digest(value.doc.text.encode()))  # fmt: skip
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return (type(value).__qualname__, canonical(fields, digests=digests))
    return (type(value).__qualname__, canonical(vars(value), digests=digests))


def canonical(value: Any, _seen: frozenset[int] = frozenset(), *, digests: Digests | None = None) -> Any:
    """`value` as nested tuples of plain data, the same in every process (sets sorted, no addresses);
    an object inside stands for its digest (`Digests`)."""
    if isinstance(value, _PLAIN):
        return value
    digests = digests or _build_digests
    if id(value) in _seen:
        return ("<cycle>",)
    seen = _seen | {id(value)}
    if isinstance(value, dict):
        return ("dict", tuple((canonical(k, seen, digests=digests), canonical(v, seen, digests=digests))
                              for k, v in value.items()))  # fmt: skip
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(canonical(v, seen, digests=digests) for v in value))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted((canonical(v, seen, digests=digests) for v in value), key=repr)))
    if isinstance(value, enum.Enum):
        return repr(value)
    if isinstance(value, (Path, re.Pattern)):
        return (type(value).__name__, str(value) if isinstance(value, Path) else value.pattern)
    if (dataclasses.is_dataclass(value) and not isinstance(value, type)) or (hasattr(value, "__dict__") and not callable(value)):
        return ("object", digests.of(value))
    text = repr(value)
    if _ADDRESS.search(text):
        raise Unfingerprintable(type(value).__qualname__)
    return (type(value).__qualname__, text)


def fingerprint(*values: Any) -> bytes:
    return digest(*(repr(canonical(v)).encode() for v in values))


class RecordingLoader(BaseLoader):
    """The environment's loader, noting the digest of every template it hands out in this build.

    A page's template entry stores the templates loaded so far (a superset of the ones its render
    used: Jinja loads each template once per build); a hit asks the loader for each of them again.
    That covers the project's theme, Material's templates and the icons they inline, without
    reading the 14,000 files of Material's folder on every build."""

    def __init__(self, inner: BaseLoader) -> None:
        self.inner = inner
        self.loaded: dict[str, bytes] = {}

    def get_source(self, environment: Any, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        try:
            source, filename, uptodate = self.inner.get_source(environment, template)
        except TemplateNotFound:
            self.loaded[template] = b"missing"  # `include ... ignore missing`: adding it later must miss
            raise
        self.loaded[template] = digest(source.encode())
        return source, filename, uptodate

    def digest_of(self, environment: Any, template: str) -> bytes:
        if template not in self.loaded:
            with contextlib.suppress(TemplateNotFound):
                self.get_source(environment, template)
        return self.loaded[template]


def nav_digest(nav: Any) -> bytes:
    """Titles and URLs of everything in the nav, in order and nesting: what the nav, tabs,
    breadcrumbs and previous/next links of any page are drawn from."""

    def walk(items: list[Any]) -> list[Any]:
        return [(type(i).__name__, i.title, getattr(i, "url", None), walk(getattr(i, "children", None) or [])) for i in items]

    return fingerprint(walk(list(nav.items)), [p.url for p in nav.pages])


def config_digest(config: Any) -> bytes:
    """The config as the templates read it (site_url changes under `serve`); the build's own staging
    folder and the plugin objects are left out (the plugin options are in the file's bytes)."""
    skip = {"site_dir", "plugins", "config_file_path", "hooks", "watch"}
    plain = {}
    for key, value in config.items():
        if key in skip:
            continue
        try:
            plain[key] = canonical(value)
        except Unfingerprintable:
            plain[key] = type(value).__qualname__
    file = config.config_file_path
    return digest(repr(plain).encode(), Path(file).read_bytes() if file else b"")


class _Records(logging.Handler):
    """What a page's render logged (INFO and up), to be logged again when the page is reused."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _replay(records: list[tuple[str, int, str]]) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)


Read = tuple[str, Any, Any, bytes] | None  # (path, arguments, keyword arguments, digest); None: cannot be compared


class Recording:
    """`radsite` as a template sees it, noting each value read (by path, with its arguments).

    A published item passed as an argument (`radsite.series_of(item)`) is noted by its collection and
    slug and found again in the next build's decision; an argument or a result that cannot be
    compared notes `None`, and the page is not stored."""

    def __init__(self, real: Any, reads: list[Read], path: str = "") -> None:
        self._real, self._reads, self._path = real, reads, path

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._real, name)
        path = f"{self._path}{name}"
        if callable(value):

            def call(*args: Any, **kwargs: Any) -> Any:
                result = value(*args, **kwargs)
                try:
                    noted = tuple(_reference(a) for a in args), {k: _reference(v) for k, v in kwargs.items()}
                    self._reads.append((path, *noted, fingerprint(result)))
                except Unfingerprintable:
                    self._reads.append(None)
                return result

            return call
        if _is_data(value):
            self._reads.append((path, None, None, fingerprint(value)))
            return value
        return Recording(value, self._reads, path + ".")  # e.g. radsite.state.settings: read further


@dataclasses.dataclass(frozen=True)
class ItemRef:
    """A published item as an argument: found again by collection and slug."""

    collection: str
    slug: str


def _reference(value: Any) -> Any:
    if isinstance(value, Published):
        return ItemRef(value.collection, value.slug)
    if _is_data(value):
        return value
    raise Unfingerprintable(type(value).__qualname__)


def _dereference(value: Any, real: Any) -> Any:
    if isinstance(value, ItemRef):
        found = real.get(value.collection, value.slug)
        if found is None:
            raise LookupError(value)  # withheld or gone now: the page renders again
        return found
    return value


def _is_data(value: Any) -> bool:
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(_is_data(v) for v in value)
    if isinstance(value, dict):
        return all(_is_data(k) and _is_data(v) for k, v in value.items())
    return False


def _read_again(real: Any, path: str, args: Any, kwargs: Any) -> Any:
    value = real
    for name in path.split("."):
        value = getattr(value, name)
    if args is None:
        return value
    return value(*(_dereference(a, real) for a in args), **{k: _dereference(v, real) for k, v in kwargs.items()})


class PageCache:
    """One build's view of the page cache; made at `on_nav`, once the files are final."""

    def __init__(self, store: Cache, state: BuildState, config: Any, files: Any, nav: Any, *, enabled: bool = True,
                 state_of: Callable[[str], BuildState] | None = None,
                 extra_of: Callable[[Page], dict[str, Any]] | None = None,
                 withheld: frozenset[str] = frozenset()) -> None:  # fmt: skip
        """`state_of(src_uri)`: the state of the page's language; `extra_of(page)`: what the front end
        adds to the page's template context (`radsite`, `item`, `listing`, the language switcher...);
        `withheld`: the addresses of the sources not published, whose links a page leaves out."""
        new_build()
        self.store, self.state, self.nav = store, state, nav
        self.state_of = state_of or (lambda uri: state)
        self.extra_of = extra_of or (lambda page: page_context(state, page.file.src_uri))
        self.enabled = enabled and (store.folder is not None or store.remember)
        self._records: dict[str, _Records] = {}
        self._markdown_keys: dict[str, bytes] = {}
        self._markdown_hits: dict[str, dict[str, Any]] = {}
        self._template_keys: dict[str, bytes] = {}
        self._template_hits: dict[str, str] = {}
        self._reads: dict[str, list[Read]] = {}
        self._patients: dict[int, bytes] = {}
        self.rendered_pages = 0  # template stage: rendered by the theme, or reused as stored
        self.reused_pages = 0
        if not self.enabled:
            return
        self.config = config
        urls = sorted((f.src_uri, f.dest_uri, f.url) for f in files)  # relative links resolve against them
        self._config = config_digest(config)
        self._markdown_base = digest(self._config, fingerprint(urls, sorted(withheld), config.markdown_extensions,
                                                               config.mdx_configs))  # fmt: skip
        self._template_base = b""

    def _patient(self, state: BuildState) -> bytes:
        """What the glossary step reads (of the page's language): the terms, where each links to,
        which collections get it."""
        if (made := self._patients.get(id(state))) is not None:
            return made
        data = state.patient
        if data is None:
            made = b"no patient pages"
        else:
            links = []
            for term in data.glossary.terms:
                if term.link:
                    collection, _, slug = term.link.partition("/")
                    published = state.decision.get(collection, slug)
                    links.append((term.link, published.url if published else None))
            made = fingerprint(data.glossary.terms, links, data.collections)
        self._patients[id(state)] = made
        return made

    # -- the Markdown stage ------------------------------------------------------------------------

    def before_render(self, page: Page, markdown: str) -> None:
        """`on_page_markdown`: a hit replaces this page's Markdown render by the stored result."""
        if not self.enabled:
            return
        uri = page.file.src_uri
        state = self.state_of(uri)
        try:
            key = digest(
                self._markdown_base,
                self._patient(state),
                markdown.encode(),
                uri.encode(),
                page.url.encode(),
                fingerprint(state.decision.by_page_uri.get(uri)),
            )
        except Unfingerprintable:
            return
        found = self.store.lookup("page-markdown", key, (), count=False)
        if isinstance(found, dict) and {"content", "toc", "title", "anchors", "links", "html", "records"} <= found.keys():
            self._markdown_hits[uri] = found
            page.render = lambda config, files: self._restore(page, found, files)  # type: ignore[method-assign]
            return
        self._markdown_keys[uri] = key
        self._capture(uri)

    def _restore(self, page: Page, found: dict[str, Any], files: Any) -> None:
        page.content = found["content"]
        page.toc = pickle.loads(found["toc"])
        page._title_from_render = found["title"]
        page.present_anchor_ids = set(found["anchors"])
        if found["links"] is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): anchors for uri, anchors in found["links"].items()}
            page.links_to_anchors.pop(None, None)  # type: ignore[call-overload]

    def content(self, page: Page, html: str, compute: Callable[[str], str]) -> str:
        """`on_page_content`: the stored HTML (and its warnings again), or `compute(html)` stored."""
        uri = page.file.src_uri
        if (found := self._markdown_hits.pop(uri, None)) is not None:
            vars(page).pop("render", None)  # the stand-in has served: the page renders for real next time (serve)
            _replay(found["records"])
            if found["html"] is not None:
                self.state_of(uri).page_html[uri] = found["html"]
            return str(found["content"])
        result = compute(html)
        key = self._markdown_keys.pop(uri, None)
        records = self._release(uri)
        if key is not None:
            links = page.links_to_anchors
            self.store.store("page-markdown", key, (), {
                "content": result,
                "toc": pickle.dumps(page.toc),
                "title": page._title_from_render,
                "anchors": sorted(page.present_anchor_ids or ()),
                "links": None if links is None else {f.src_uri: dict(a) for f, a in links.items()},
                "html": self.state_of(uri).page_html.get(uri),
                "records": records,
            })  # fmt: skip
        return result

    # -- the template stage ------------------------------------------------------------------------

    def choose(self, env: Any, files: Any) -> None:
        """`on_env`, every page's Markdown done: the pages whose stored HTML still holds are marked
        to render `CACHED_TEMPLATE` instead of the theme."""
        if not self.enabled:
            return
        theme = self.config.theme
        self._template_base = digest(self._config, nav_digest(self.nav), fingerprint(dict(theme.items())))
        self.env = env
        self.loader = RecordingLoader(env.loader)
        env.loader = ChoiceLoader([DictLoader({CACHED_TEMPLATE: "{{ radsite_cached_page }}"}), self.loader])
        for file in files.documentation_pages():
            checkpoint()  # serve: a newer save ends this build here (radsite.checkpoints)
            page = file.page
            if page is None:
                continue
            try:
                key = self._template_key(page)
            except Unfingerprintable:
                continue
            found = self.store.lookup("page-template", key, (), count=False)
            if (isinstance(found, tuple) and len(found) == 3 and self._same_templates(found[0])
                    and self._still_holds(found[1], self.extra_of(page).get("radsite"))):  # fmt: skip
                self._template_hits[file.src_uri] = str(found[2])
                self.reused_pages += 1
                page.meta = {**page.meta, "template": CACHED_TEMPLATE}
            else:
                self._template_keys[file.src_uri] = key

    def _template_key(self, page: Page) -> bytes:
        extra = {k: v for k, v in self.extra_of(page).items() if k != "radsite"}
        facts = (page.content, page.toc, page.title, page.meta, page.url, page.canonical_url, page.edit_url,
                 page.is_homepage, page.file.src_uri, page.file.dest_uri)  # fmt: skip
        return digest(self._template_base, fingerprint(facts, extra))

    def _same_templates(self, templates: Any) -> bool:
        """Every template loaded when the page was stored has the same source now."""
        return isinstance(templates, dict) and all(
            self.loader.digest_of(self.env, name) == was for name, was in templates.items()
        )

    def _still_holds(self, reads: Any, real: Any) -> bool:
        """Every value the template read last time (through `radsite`) reads the same now."""
        if real is None or None in reads:
            return False
        try:
            for path, args, kwargs, was in reads:
                if fingerprint(_read_again(real, path, args, kwargs or {})) != was:
                    return False
        except Exception:  # a value that no longer exists, or cannot be compared: render again
            return False
        return True

    def context(self, page: Page, context: Any) -> Any:
        """`on_page_context`, after RadSite's variables are in: the cached HTML, or `radsite` recorded."""
        uri = page.file.src_uri
        if uri in self._template_hits:
            from markupsafe import Markup

            context["radsite_cached_page"] = Markup(self._template_hits.pop(uri))
            return context
        if uri in self._template_keys and "radsite" in context:
            self._reads[uri] = []
            context["radsite"] = Recording(context["radsite"], self._reads[uri])
            self._capture(uri)
        self.rendered_pages += 1
        return context

    def rendered(self, page: Page, output: str) -> str:
        """`on_post_page`, before the theme fixes: a freshly rendered page is stored with what it read."""
        uri = page.file.src_uri
        key, reads = self._template_keys.pop(uri, None), self._reads.pop(uri, None)
        records = self._release(uri)
        if key is not None and reads is not None and None not in reads and not records:  # a page that warns: again
            self.store.store("page-template", key, (), (dict(self.loader.loaded), reads, output))
        return output

    def _capture(self, uri: str) -> None:
        handler = self._records[uri] = _Records()
        logging.getLogger("mkdocs").addHandler(handler)

    def _release(self, uri: str) -> list[tuple[str, int, str]]:
        handler = self._records.pop(uri, None)
        if handler is None:
            return []
        logging.getLogger("mkdocs").removeHandler(handler)
        return handler.records
