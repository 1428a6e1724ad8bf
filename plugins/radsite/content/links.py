"""Links and images in page bodies, resolved the way MkDocs resolves them, with their source line.

MkDocs warns about a relative link or image whose target is not among the site's files, but its
warning names no line, and `radsite check` must report what the build would. So each body is
parsed with Python-Markdown and the site's extensions, a treeprocessor collects `<a href>` and
`<img src>` as MkDocs' own does (same priority, so raw HTML is skipped by both), and each target
is resolved against the build's file list with MkDocs' rules (`mkdocs/structure/pages.py`).
"""

from __future__ import annotations

import bisect
import difflib
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from radsite.content import markdown_budget
from radsite.findings import Finding, Level

BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")  # MkDocs always adds these
AMP_SUBSTITUTE = "\x02amp\x03"  # Python-Markdown's placeholder in obfuscated e-mail links


@dataclass(frozen=True)
class Body:
    """A Markdown body as the build renders it, and where it came from."""

    path: str  # shown in findings: "content/faq/x.md"
    src_uri: str  # where the page lives among the build's files: links resolve from here
    text: str
    first_line: int = 1  # line of the body's first line in its file


@dataclass(frozen=True)
class LinkRules:
    """MkDocs' `validation.links` levels: a warning where MkDocs warns, nothing where it only informs."""

    not_found: str = "warn"
    absolute_links: str = "info"  # or "warn", "ignore", "relative_to_docs"
    unrecognized_links: str = "info"
    anchors: str = "info"

    @classmethod
    def from_mkdocs_yml(cls, data: Mapping[str, Any], section: str = "links") -> LinkRules:
        """Both spellings of `validation:` in mkdocs.yml: the shorthand and its `links:` (or `nav:`) section."""
        validation = data.get("validation") or {}
        if not isinstance(validation, Mapping):
            return cls()
        merged = {k: v for k, v in validation.items() if k in cls.__dataclass_fields__}
        links = validation.get(section)
        if isinstance(links, Mapping):
            merged.update({k: v for k, v in links.items() if k in cls.__dataclass_fields__})
        return cls(**{k: str(v).lower() for k, v in merged.items()})


@dataclass(frozen=True)
class Target:
    tag: str  # "a" or "img"
    url: str
    line: int


class _Collector(Treeprocessor):
    """Records every link and image target of a rendered body, in document order, and every id."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.get("id"):
                self.ids.add(element.get("id") or "")
            if element.tag == "a" and element.get("name"):
                self.ids.add(element.get("name") or "")
            key = {"a": "href", "img": "src"}.get(element.tag)
            url = element.get(key) if key else None
            if url is not None:
                self.found.append((element.tag, url))


class _CollectExtension(Extension):
    def __init__(self, collector: _Collector) -> None:
        super().__init__()
        self.collector = collector

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(self.collector, "radsite_links", 0)  # where MkDocs' "relpath" runs


class Renderer:
    """Python-Markdown configured as the site's mkdocs.yml configures it."""

    def __init__(self, extensions: Sequence[Any] = ()) -> None:
        names: list[str] = list(BUILTIN_EXTENSIONS)
        configs: dict[str, Any] = {}
        for entry in extensions:
            if isinstance(entry, str):
                name, config = entry, None
            elif isinstance(entry, Mapping) and len(entry) == 1:
                name, config = next(iter(entry.items()))
            else:
                continue
            if name not in names:
                names.append(name)
            if isinstance(config, Mapping):
                configs[name] = dict(config)
        self.names, self.configs = names, configs
        self._md: markdown.Markdown | None = None

    def html(self, body: Body) -> str:
        """The body's HTML as MkDocs' Markdown step makes it (before MkDocs rewrites its links); one
        Markdown instance serves every body, reset between them."""
        try:
            if self._md is None:
                extensions = markdown_budget.with_depth_limit(self.names)
                self._md = markdown.Markdown(extensions=extensions, extension_configs=self.configs)
            md = self._md
            return markdown_budget.budgeted(lambda text: md.reset().convert(text), body.text)
        except markdown_budget.TooSlow:
            raise
        except Exception:
            fallback = markdown.Markdown(extensions=markdown_budget.with_depth_limit(BUILTIN_EXTENSIONS))
            return markdown_budget.budgeted(fallback.convert, body.text)

    def targets(self, body: Body) -> tuple[list[Target], set[str]]:
        """Link and image targets of `body` with their lines, and the ids (anchors) it defines."""
        collector = _Collector()
        try:
            md = markdown.Markdown(
                extensions=markdown_budget.with_depth_limit([*self.names, _CollectExtension(collector)]),
                extension_configs=self.configs,
            )
        except Exception:  # an extension that does not load here: MkDocs' own set still finds the links
            collector = _Collector()
            builtin = [*BUILTIN_EXTENSIONS, _CollectExtension(collector)]
            md = markdown.Markdown(extensions=markdown_budget.with_depth_limit(builtin))
        try:
            markdown_budget.budgeted(md.convert, body.text)
        except markdown_budget.TooSlow:
            raise
        except Exception:  # an extension that fails on this text: the build reports that, not a link
            return [], set()
        return _with_lines(collector.found, body), collector.ids


def _with_lines(found: list[tuple[str, str]], body: Body) -> list[Target]:
    """Python-Markdown keeps no source positions: find each target in the text, in order."""
    targets, cursor = [], 0
    breaks = [m.start() for m in re.finditer("\n", body.text)] if found else []  # not a count per link
    for tag, url in found:
        at = _find(body.text, url, cursor)
        if at >= 0:
            cursor = at + len(url)
        line = body.first_line + (bisect.bisect_left(breaks, at) if at >= 0 else 0)
        targets.append(Target(tag, url, line))
    return targets


def _find(text: str, url: str, cursor: int) -> int:
    for needle in (url, url.replace("&", "&amp;"), unquote(url)):
        at = text.find(needle, cursor)
        if at < 0:
            at = text.find(needle)  # a reference definition above its use
        if at >= 0:
            return at
    return -1


def link_findings(bodies: Iterable[Body], files: set[str], rules: LinkRules, renderer: Renderer) -> list[Finding]:
    """Every link and image MkDocs would warn about, each with its file and line."""
    parsed, found = [], []
    for body in bodies:
        try:
            parsed.append((body, *renderer.targets(body)))
        except markdown_budget.TooSlow as slow:  # an error of the file: its links cannot be known
            found.append(slow.finding(body.path, body.first_line))
    anchors = {body.src_uri: ids for body, _, ids in parsed}
    for body, targets, _ in parsed:
        for target in targets:
            problem = _problem(target.url, body.src_uri, files, rules, anchors)
            if problem is not None:
                rule, message = problem
                found.append(Finding(body.path, target.line, "image" if target.tag == "img" else rule,
                                     message, _LEVEL))  # fmt: skip
    return found


_LEVEL: Level = "warning"  # MkDocs logs these as warnings: `check --strict` and `build --strict` fail on them


def _problem(url: str, src_uri: str, files: set[str], rules: LinkRules,
             anchors: Mapping[str, set[str]]) -> tuple[str, str] | None:  # fmt: skip
    """(rule, message) when MkDocs would warn about `url` in the page `src_uri`; None when it would not."""
    scheme, netloc, path, _query, anchor = urlsplit(url)
    if scheme or netloc or AMP_SUBSTITUTE in url:
        return None
    if url.startswith(("/", "\\")):
        if rules.absolute_links == "relative_to_docs":
            return _missing(url, path.lstrip("/"), src_uri, files, rules) if path.lstrip("/") else None
        if rules.absolute_links != "warn":
            return None
        return "link", (f"'{url}' is an absolute link: it breaks when the site moves; link to the Markdown file "
                        f"relative to this one instead{_suggest(path.lstrip('/'), src_uri, files)}")  # fmt: skip
    if not path:
        return None  # an anchor on the same page: MkDocs checks it only at `anchors: warn`, like below
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), unquote(path)).lstrip("/"))
    if target not in files:
        return _missing(url, target, src_uri, files, rules)
    if anchor and rules.anchors == "warn" and target in anchors and anchor not in anchors[target]:
        return "anchor", f"'{url}': '{target}' has no heading or element with id '{anchor}'; fix the anchor"
    return None


def _missing(url: str, target: str, src_uri: str, files: set[str], rules: LinkRules) -> tuple[str, str] | None:
    if not posixpath.splitext(urlsplit(url).path)[1]:  # no file extension: MkDocs calls it unrecognized
        if rules.unrecognized_links != "warn":
            return None
        return "link", (f"'{url}' does not name a file: link to the Markdown file (for example 'page.md' or "
                        f"'folder/index.md'){_suggest(target, src_uri, files)}")  # fmt: skip
    if rules.not_found != "warn":
        return None
    what = "a page" if target.endswith(".md") else "a file"
    return "link", (f"'{url}' points to '{target}', which is not {what} of the site (missing, misspelt, or not "
                    f"published); fix the path{_suggest(target, src_uri, files)}")  # fmt: skip


def _suggest(target: str, src_uri: str, files: set[str]) -> str:
    """MkDocs' guesses (folder index, .html to .md), then the closest file name."""
    stem = target.removesuffix(".html").rstrip("/")
    guesses = [target, f"{stem}/index.md", f"{stem}/README.md", f"{stem}.md"]
    hit = next((g for g in guesses if g in files), None)
    if hit is None:
        close = difflib.get_close_matches(target, sorted(files), n=1, cutoff=0.75)
        hit = close[0] if close else None
    if hit is None:
        return ""
    return f" (did you mean '{posixpath.relpath(hit, posixpath.dirname(src_uri) or '.')}'?)"


def nav_findings(nav: Any, files: set[str], rules: LinkRules, shown: str, config_text: str) -> list[Finding]:
    """The `nav:` entries of mkdocs.yml that MkDocs would warn about, each with its line there."""
    found = []
    lines = config_text.splitlines()
    for title, target in _nav_entries(nav):
        scheme, netloc, *_ = urlsplit(target)
        if scheme or netloc:
            continue
        if target.startswith("/") and rules.absolute_links != "relative_to_docs":
            if rules.absolute_links == "warn":
                found.append((target, f"nav: '{title}' is an absolute path '{target}'; name the Markdown file instead"))
            continue
        if target.lstrip("/") not in files and rules.not_found == "warn":
            found.append((target, f"nav: '{title}' points to '{target}', which is not a page of the site (missing, "
                                  f"misspelt, or not published); fix the path or remove the entry"
                                  f"{_suggest(target, '', files)}"))  # fmt: skip
    line_of = {t: next((n for n, row in enumerate(lines, 1) if _nav_row(t).search(row)), None) for t, _ in found}
    return [Finding(shown, line_of[t], "nav", message, _LEVEL) for t, message in found]


def _nav_row(target: str) -> re.Pattern[str]:
    """A `nav:` row ending in this path: `- About: about.md`, `- about.md`, quoted or not."""
    return re.compile(rf"[-:]\s*['\"]?{re.escape(target)}['\"]?\s*(#.*)?$")


def _nav_entries(nav: Any, title: str | None = None) -> Iterator[tuple[str, str]]:
    """(title, path) of every page entry of a `nav:` value, as MkDocs walks it."""
    if isinstance(nav, str):
        yield title or nav, nav
    elif isinstance(nav, Mapping):
        for key, value in nav.items():
            yield from _nav_entries(value, str(key))
    elif isinstance(nav, list):
        for entry in nav:
            yield from _nav_entries(entry, title)


def site_files(content_files: Iterable[str], theme_dir: str | None = None) -> set[str]:
    """Add what a theme folder contributes to the build's files (its non-template files)."""
    files = set(content_files)
    if theme_dir:
        root = Path(theme_dir)
        if root.is_dir():
            files |= {p.relative_to(root).as_posix() for p in root.rglob("*")
                      if p.is_file() and not _THEME_ONLY.search(p.name)}  # fmt: skip
    return files


_THEME_ONLY = re.compile(r"(\.html|\.py|\.pyc|^mkdocs_theme\.yml)$")
