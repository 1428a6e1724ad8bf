"""Load: find every Markdown file under `content/`, read its front matter, validate it.

Reads front matter and keeps the body, but renders nothing: `radsite check` and the build share
this, so an editor sees the same messages from both.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from radsite import cache
from radsite.checkpoints import checkpoint
from radsite.content import body_images, checks
from radsite.content.answer import unmarked_answers
from radsite.content.errors import schema_findings
from radsite.content.exam_guides import exam_section_findings
from radsite.content.frontmatter import Document, FrontMatterError, parse
from radsite.content.glossary import GLOSSARY_FILE, Glossary, dangling_links, load_glossary
from radsite.content.item import ContentSet, Item, Page
from radsite.content.nesting import nesting_finding
from radsite.content.registry import COLLECTIONS, PROBLEMS
from radsite.content.schemas.page import PlainPage
from radsite.content.sources import MAX_FILE_BYTES, Sources, is_markdown, normalise_text, walk, without_controls
from radsite.content.todo import todo_findings
from radsite.findings import Finding

T = TypeVar("T")


@dataclass
class Loaded:
    content: ContentSet
    findings: list[Finding]
    phi_exceptions: list = field(default_factory=list)  # guard.phi.PhiException, for the build report
    glossary: Glossary = field(default_factory=Glossary)
    grades: dict[str, float] = field(default_factory=dict)  # patient item path -> reading grade
    sources: Sources = field(default_factory=Sources)  # every file under content/, for the published list


def load(content_dir: Path, *, shown_as: str | None = None) -> Loaded:
    """Load and validate everything under `content_dir`; `shown_as` prefixes paths in messages."""
    content_dir = Path(content_dir)
    prefix = (shown_as if shown_as is not None else content_dir.as_posix()).rstrip("/")
    findings: list[Finding] = []
    items: list[Item] = []
    pages: list[Page] = []
    assets: set[str] = set()
    sources = walk(content_dir, prefix)
    findings += sources.findings
    findings += [Finding("radsite.collections", None, "collection", problem) for problem in PROBLEMS]
    for src_uri in sources.files:
        checkpoint()  # serve: a newer save ends this build here (radsite.checkpoints)
        if src_uri in sources.translations:  # `name.<lang>.md`: read by radsite.languages, beside its original
            continue
        path = f"{prefix}/{src_uri}" if prefix else src_uri
        kind, top = classify(src_uri)
        if kind == "asset":
            assets.add(src_uri)
        elif kind == "listing":
            findings.append(Finding(path, 1, "collection",
                f"{top}/ is a collection and its listing page is generated; "
                f"move this text to a plain page or make it an item with its own name"))  # fmt: skip
        elif kind == "misplaced":
            findings.append(Finding(path, 1, "collection",
                f"folder '{src_uri.split('/', 1)[0]}/' is not a collection, so this file would be an untyped page; "
                f"did you mean '{top}/'? (collections: {', '.join(COLLECTIONS)})"))  # fmt: skip
        elif kind == "item" and top and (item := _load_item(content_dir / src_uri, src_uri, path, top, findings)):
            items.append(item)
        elif kind == "page" and (page := _load_page(content_dir / src_uri, src_uri, path, findings)):
            pages.append(page)
    assets |= {alias for alias, target in sources.aliases.items() if target in assets}
    content = ContentSet(items=items, pages=pages, assets=assets)
    findings.extend(checks.cross_file(content))
    glossary, glossary_findings = load_glossary(content_dir, prefix)
    findings += glossary_findings + dangling_links(glossary, set(content.index))
    findings += todo_findings(content.items)  # a scaffold's TODO left in a published item
    findings += exam_section_findings(content)
    findings += unmarked_answers(content.items)  # a case with reveal_at needs to say where its answer starts
    return Loaded(content, findings, glossary=glossary, sources=sources)


def classify(src_uri: str) -> tuple[str, str | None]:
    """What a file under content/ is, by its path: ("item", collection), ("page", None),
    ("listing", collection) for a hand-written index of a collection, ("misplaced", the collection
    its folder name is close to), ("asset", None) or ("glossary", None)."""
    if src_uri == GLOSSARY_FILE:
        return "glossary", None
    if not is_markdown(src_uri):
        return "asset", None
    top = src_uri.split("/", 1)[0] if "/" in src_uri else None
    if top in COLLECTIONS:
        stem = src_uri.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
        return ("listing" if src_uri.count("/") == 1 and stem in ("index", "readme") else "item"), top
    if top and (near := difflib.get_close_matches(top, COLLECTIONS, n=1, cutoff=0.75)):
        return "misplaced", near[0]
    return "page", None


def markdown_sources(content_dir: Path, *, shown_as: str | None = None) -> Iterator[tuple[str, str, str | None]]:
    """(path in messages, text, collection or None) of every item and page `load` would read, read
    without parsing: what `radsite check` guards while it loads. Files that are not UTF-8 are
    left out (`load` reports them)."""
    content_dir = Path(content_dir)
    prefix = (shown_as if shown_as is not None else content_dir.as_posix()).rstrip("/")
    for src_uri in walk(content_dir, prefix).files:
        checkpoint()
        kind, collection = classify(src_uri)
        if kind in ("item", "page"):
            file = content_dir / src_uri
            try:
                if file.stat().st_size > MAX_FILE_BYTES:
                    continue
                text = normalise_text(file.read_bytes().decode("utf-8"))
            except (UnicodeDecodeError, OSError):
                continue
            yield (f"{prefix}/{src_uri}" if prefix else src_uri), text, collection


def _raw(file: Path, path: str, findings: list[Finding]) -> bytes | None:
    try:
        size = file.stat().st_size
        raw = file.read_bytes() if size <= MAX_FILE_BYTES else b""
    except OSError as e:
        findings.append(Finding(path, None, "read", f"cannot be read ({e.strerror}); check its permissions"))
        return None
    if size > MAX_FILE_BYTES:
        findings.append(Finding(path, None, "size",
            f"is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for a page; split it into several "
            "pages, or move large data out of it"))  # fmt: skip
        return None
    return raw


def _cached(file: Path, path: str, options: tuple[str, ...], findings: list[Finding],
            parse_raw: Callable[[bytes, list[Finding]], T]) -> T | None:  # fmt: skip
    """`parse_raw` of the file's bytes, from the content-digest cache when the bytes were seen before."""
    raw = _raw(file, path, findings)
    if raw is None:
        return None

    def compute() -> tuple[T, list[Finding]]:
        found: list[Finding] = []
        return parse_raw(raw, found), found

    value, found = cache.current().memo("load", raw, (path, *options), compute)
    findings += found
    return value


def _read(raw: bytes, path: str, findings: list[Finding], *, require: bool) -> Document | None:
    try:
        text = normalise_text(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        findings.append(Finding(path, line, "encoding",
            f"file is not UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start}); "
            "save it as UTF-8 in your editor"))  # fmt: skip
        return None
    text, controls = without_controls(text)
    if controls:
        line, char = controls[0]
        findings.append(Finding(path, line, "encoding",
            f"holds {len(controls):,} invisible control character{'s' * (len(controls) > 1)} (the first: "
            f"U+{ord(char):04X}), probably pasted from another program; RadSite leaves them out of what it "
            "publishes: delete them in your editor", "warning"))  # fmt: skip
    try:
        doc = parse(text, require=require)
    except FrontMatterError as e:
        findings.append(Finding(path, e.line, e.rule, e.message))
        return None
    if too_deep := nesting_finding(path, doc.body, doc.body_line):
        findings.append(too_deep)
        return None
    return doc


def load_item(content_dir: Path, src_uri: str, path: str, collection: str) -> tuple[Item | None, list[Finding]]:
    """One item file as `load` reads it (through the same cache), and what reading it found."""
    findings: list[Finding] = []
    return _load_item(Path(content_dir) / src_uri, src_uri, path, collection, findings), findings


def item_checks(content: ContentSet) -> list[Finding]:
    """The checks `load` runs on each item by itself (alt text, TODOs left, exam sections): what
    serve's preview of a saved item runs again (radsite.plugin.serve_preview). A new check that
    reads one item's text alone belongs here too; one that compares items belongs in `load`."""
    return [*body_images.missing_alt(content), *todo_findings(content.items), *exam_section_findings(content),
            *unmarked_answers(content.items)]  # fmt: skip


def _load_item(file: Path, src_uri: str, path: str, collection: str, findings: list[Finding]) -> Item | None:
    return _cached(file, path, ("item", src_uri, collection), findings,
                   lambda raw, found: _item(raw, src_uri, path, collection, found))  # fmt: skip


def _item(raw: bytes, src_uri: str, path: str, collection: str, findings: list[Finding]) -> Item | None:
    doc = _read(raw, path, findings, require=True)
    if doc is None:
        return None
    model = COLLECTIONS[collection].model
    try:
        meta = model.model_validate(doc.data)
    except ValidationError as e:
        findings.extend(schema_findings(e, model, doc, path))
        return None
    return Item(collection=collection, src_uri=src_uri, path=path, meta=meta, doc=doc)


def _load_page(file: Path, src_uri: str, path: str, findings: list[Finding]) -> Page | None:
    return _cached(file, path, ("page", src_uri), findings, lambda raw, found: _page(raw, src_uri, path, found))


def _page(raw: bytes, src_uri: str, path: str, findings: list[Finding]) -> Page | None:
    doc = _read(raw, path, findings, require=False)
    if doc is None:
        return None
    try:
        meta = PlainPage.model_validate(doc.data)
    except ValidationError as e:
        findings.extend(schema_findings(e, PlainPage, doc, path))
        return None
    return Page(src_uri=src_uri, path=path, meta=meta, doc=doc)
