"""The PHI guard on the files a page links and the site publishes as they are (text files, PDFs).

Images are re-encoded from their pixels, so their metadata never reaches the site; a PDF handout, a
CSV of results or a caption file is copied byte for byte. So each one a published page uses is
read the way a visitor could read it (`radsite.guard.readable`: its encoding, a calendar's folded
lines, a table's headers, a PDF's properties, XMP, pages, comments, form fields and bookmarks), and
every line goes through the rules a body goes through (`scan_line`, with the categories of the
folder's collection, and read across a wrapped paragraph's line breaks). A text file's line may
carry `phi-ok: why`, as in a body.

A file that cannot be read that way (damaged, encrypted, not text, more than readable.MAX_PDF_PAGES
pages, or carrying a file or a script of its own) is an error, like a finding: what cannot be
checked is not published. Reading and guarding get the Markdown render's CPU budget
(radsite.content.markdown_budget): a file built to make a parser spin is refused in seconds.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from radsite import cache
from radsite.content import markdown_budget
from radsite.findings import Finding
from radsite.guard import readable
from radsite.guard.phi import EXCEPTION, Hit, categories_for, junction_hits, scan_line
from radsite.guard.readable import TEXT_SUFFIXES

MAX_BYTES = 20_000_000  # a handout or a table of results is far smaller; a video is not read
FIX = ("remove it from the file (for a PDF: its text, comments, form fields, bookmarks or document properties), or "
       "publish the information as a page, where RadSite's checks apply")  # fmt: skip


def attachment_findings(path: str, src_uri: str, data: bytes, region: str) -> list[Finding]:
    """The PHI findings of one published as-is file (`path` as messages show it), cached by its bytes."""
    suffix = posixpath.splitext(src_uri)[1].lower()
    if suffix not in TEXT_SUFFIXES and suffix != ".pdf":
        return []
    collection = src_uri.split("/", 1)[0] if "/" in src_uri else None
    categories = categories_for(collection)
    options = (path, src_uri, region, tuple(sorted(categories)))
    return cache.current().memo("guard-attachment", data, options,
                                lambda: _within_budget(path, suffix, data, categories, region))  # fmt: skip


def _within_budget(path: str, suffix: str, data: bytes, categories: frozenset[str], region: str) -> list[Finding]:
    """Reading and guarding one file gets the Markdown render's CPU budget: no file holds the build for minutes."""
    if len(data) > MAX_BYTES:
        return [Finding(path, None, "size", f"is {len(data):,} bytes; RadSite reads every file it publishes as it "
                                            f"is for patient information, up to {MAX_BYTES:,} bytes: split it, or "
                                            "publish a summary")]  # fmt: skip
    try:
        with markdown_budget.cpu_budget(f"attachment {cache.digest(data).hex()}"):
            return list(_findings(path, suffix, data, categories, region))
    except markdown_budget.TooSlow:
        return [Finding(path, None, "pdf" if suffix == ".pdf" else "size",
                        f"could not be checked for patient information within {markdown_budget.MAX_CPU_S:g} s of "
                        "CPU time, so it is not published; export it again, smaller, or publish its text as a page")]  # fmt: skip


def _findings(path: str, suffix: str, data: bytes, categories: frozenset[str], region: str) -> Iterator[Finding]:
    try:
        blocks = readable.text_blocks(suffix, data) if suffix in TEXT_SUFFIXES else iter(readable.pdf_blocks(data))
        found_on: dict[int | str, set[str]] = {}  # categories already reported per line: a labelled row adds only new ones
        for block in blocks:
            yield from _block_findings(path, suffix, block, categories, region, found_on)
    except readable.Unreadable as e:
        kind = "pdf" if suffix == ".pdf" else "attachment"
        yield Finding(path, None, kind, f"{e}, so RadSite cannot check it for patient information and does not "
                                        f"publish it; {e.fix or _UNREADABLE_FIX[kind]}")  # fmt: skip


_UNREADABLE_FIX = {"pdf": "export it again (not encrypted, no attachments or scripts), or publish its text as a page",
                   "attachment": "save it again as UTF-8 text without embedded files, or publish its text as a page"}  # fmt: skip


def _block_findings(path: str, suffix: str, block: readable.Block, categories: frozenset[str], region: str,
                    found_on: dict[int | str, set[str]]) -> Iterator[Finding]:  # fmt: skip
    """One block's findings: each line, then (for a wrapped block) each line break read across."""
    lines: list[tuple[int, str]] = []
    hits: dict[int, list[Hit]] = {}
    for index, (number, line) in enumerate(block.lines):
        if suffix != ".pdf" and "phi-ok" in line.lower() and EXCEPTION.search(line):
            continue  # the editor's word, as in a body (the build report lists body exceptions)
        lines.append((index, line))
        hits[index] = scan_line(line, categories, region)
        seen = found_on.setdefault(block.where if number is None else number, set())
        for hit in hits[index]:
            if hit.category not in seen:
                seen.add(hit.category)
                yield _finding(path, number, hit, block.where, hit.col if block.columns else None)
    if block.wrapped:
        for index, col, hit in junction_hits(lines, hits, categories, region):
            number = block.lines[index][0]
            seen = found_on.setdefault(block.where if number is None else number, set())
            if hit.category not in seen:
                seen.add(hit.category)
                yield _finding(path, number, hit, f"{block.where} (across a line break)", col if block.columns else None)


def _finding(path: str, number: int | None, hit: Hit, where: str, col: int | None) -> Finding:
    return Finding(path, number, f"phi-{hit.category}", f"{what(hit.category)} in {where}; {FIX}", col=col)


_WHAT = {"name": "a person's name", "mrn": "a medical record number", "account": "an account or insurance number",
         "ssn": "a national identity number", "phone": "a phone number", "email": "an e-mail address",
         "address": "a street address", "date": "a patient's date", "age": "an age over 89", "device": "a device serial",
         "url": "a link to a patient system", "uid": "a DICOM UID or an IP address"}  # fmt: skip


def what(category: str) -> str:
    return f"what looks like {_WHAT.get(category, 'patient information')}"
