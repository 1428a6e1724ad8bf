"""Guard: privacy checks on the sources (PHI in text, DICOM and GPS in images, answer markers).

A build guards the files from its start, in a second process while it loads them (`guard_files`),
then compares what the guard read with what it loaded (`text_digest`) and guards again, as loaded,
any file edited in between (`guard_loaded`): what is checked is what is rendered. A build with PHI
publishes nothing, and the previous site stays as it was. `radsite check` guards the files the same
way while it loads them. Both read the files through `load.markdown_sources`, with the same rules.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from pathlib import Path

from radsite import cache
from radsite.content.answer import near_misses
from radsite.content.frontmatter import FrontMatterError, split
from radsite.content.glossary import GLOSSARY_FILE
from radsite.content.item import ContentSet
from radsite.content.load import markdown_sources
from radsite.content.registry import COLLECTIONS
from radsite.findings import Finding
from radsite.guard.images import scan_images
from radsite.guard.phi import DEFAULT_REGION, PhiResult, scan_files, scan_text


def guard(content: ContentSet, content_dir: Path, prefix: str, region: str = DEFAULT_REGION) -> PhiResult:
    """All source guards on loaded content; the result's exceptions go to the build report."""
    result = guard_loaded(content, region)
    _guard_glossaries(content_dir, prefix, region, result)
    result.findings += list(scan_images(content_dir, prefix))
    return result


def _guard_glossaries(content_dir: Path, prefix: str, region: str, result: PhiResult) -> None:
    """The glossaries' lines through the rules of a plain page: every patient page shows their definitions."""
    for path, text in _glossaries(content_dir, prefix):
        options = (path, None, region)
        one = cache.current().memo("guard", text.encode("utf-8") + _lists_digest(), options,
                                   lambda: _guard_text(text, *options))  # noqa: B023 - called at once
        if one is not None:
            result.findings += one.findings
            result.exceptions += one.exceptions


def _glossaries(content_dir: Path, prefix: str) -> Iterator[tuple[str, str]]:
    """(shown path, text) of the glossary and its translations (`glossary.<lang>.yml`)."""
    for file in sorted({*content_dir.glob(GLOSSARY_FILE), *content_dir.glob(GLOSSARY_FILE.replace(".yml", ".*.yml"))}):
        if file.is_file():
            try:
                text = file.read_bytes().decode("utf-8", "replace")
            except OSError:
                continue  # the glossary's loader reports a file it cannot read
            yield (f"{prefix}/{file.name}" if prefix else file.name), text


def guard_loaded(content: ContentSet, region: str = DEFAULT_REGION) -> PhiResult:
    """The PHI and answer-marker guards on the text `load` read (images are files: `scan_images`)."""
    sources: list[tuple[str, str, str | None]] = [(i.path, i.doc.text, i.collection) for i in content.items]
    sources += [(p.path, p.doc.text, None) for p in content.pages]
    result = scan_files(sources, region)
    result.findings += list(answer_markers(content))
    return result


def text_digest(text: str) -> bytes:
    """What a guard read, to compare with what the build loaded and renders."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


@functools.cache
def _lists_digest() -> bytes:
    """The guard's name and word lists (data/): the cache's salt covers RadSite's code, not its data files."""
    folder = Path(__file__).with_name("data")
    return hashlib.blake2b(b"".join(p.name.encode() + p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()),
                           digest_size=16).digest()  # fmt: skip


def guard_files(content_dir: Path, prefix: str, region: str = DEFAULT_REGION) -> PhiResult:
    """The same guards on the files under `content_dir`, read as they are: no loaded content needed.

    A file whose front matter is never closed is left out: `load` reports it, and the guard cannot
    tell its fields from its body.
    """
    result = PhiResult([], [])
    for path, text, collection in markdown_sources(content_dir, shown_as=prefix):
        options = (path, collection, region)
        data = text.encode("utf-8") + _lists_digest()  # an edited name or word list is a new verdict
        one = cache.current().memo("guard", data, options, lambda: _guard_text(text, *options))  # noqa: B023
        if one is None:
            continue
        result.findings += one.findings
        result.exceptions += one.exceptions
        result.digests.update(one.digests)
    _guard_glossaries(content_dir, prefix, region, result)
    result.findings += list(scan_images(content_dir, prefix))
    return result


def _guard_text(text: str, path: str, collection: str | None, region: str) -> PhiResult | None:
    """One file's PHI and answer-marker findings (None: its front matter is never closed)."""
    try:
        one = scan_text(path, text, collection, region)
        _, body, _, body_line = split(text)
    except FrontMatterError:
        return None
    one.digests[path] = text_digest(text)
    if collection is not None and COLLECTIONS[collection].model.answer_fields:
        one.findings += _answer_markers(path, body, body_line)
    return one


def answer_markers(content: ContentSet) -> Iterator[Finding]:
    """A mistyped `<!-- answer -->` would publish a case's answer before `reveal_at`."""
    for item in content.items:
        if type(item.meta).answer_fields:
            yield from _answer_markers(item.path, item.doc.body, item.doc.body_line)


def _answer_markers(path: str, body: str, body_line: int) -> Iterator[Finding]:
    """Near misses of the answer marker, errors in every case: reveal_at may be added to it later."""
    for miss in near_misses(body):
        yield Finding(path, body_line + miss.line, "answer-marker",
            f"{miss.reason}; write the answer marker as '<!-- answer -->' on a line of its own, outside code: "
            "as written, the answer below it would be published before reveal_at")  # fmt: skip
