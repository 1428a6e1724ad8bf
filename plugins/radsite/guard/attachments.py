"""The PHI guard on the files a page links and the site publishes as they are (text files, PDFs).

Images are re-encoded from their pixels, so their metadata never reaches the site; a PDF handout, a
CSV of results or a caption file is copied byte for byte. So each one a published page uses is
read the way a visitor could read it, and every line goes through the rules a body goes through
(`scan_line`, with the categories of the folder's collection): a text file line by line (a line
may carry `phi-ok: why`, as in a body), a PDF by its document properties (the author and title an
exported report keeps, often a patient's name or number) and the text of its pages (pypdf).

A PDF that cannot be read (damaged, encrypted, or more than MAX_PDF_PAGES pages) is an error, like
a finding: what cannot be checked is not published. Reading and guarding get the Markdown render's
CPU budget (radsite.content.markdown_budget): a file built to make a parser spin is refused in seconds.
"""

from __future__ import annotations

import io
import logging
import posixpath
from collections.abc import Iterator

from radsite import cache
from radsite.content import markdown_budget
from radsite.findings import Finding
from radsite.guard.phi import EXCEPTION, categories_for, scan_line

TEXT_SUFFIXES = frozenset({".txt", ".csv", ".vtt", ".ics", ".vcf"})
MAX_PDF_PAGES = 300  # a handout has a few; a scanned record has hundreds and is no handout
MAX_BYTES = 20_000_000  # a handout or a table of results is far smaller; a video is not read
FIX = ("remove it from the file (for a PDF: its text or its document properties, File > Properties), or "
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
    if suffix in TEXT_SUFFIXES:
        for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
            if "phi-ok" in line.lower() and EXCEPTION.search(line):
                continue  # the editor's word, as in a body (the build report lists body exceptions)
            for hit in scan_line(line, categories, region):
                yield Finding(path, number, f"phi-{hit.category}", f"{what(hit.category)} in this line; {FIX}",
                              col=hit.col)  # fmt: skip
        return
    try:
        parts = _pdf_text(data)
    except _Unreadable as e:
        yield Finding(path, None, "pdf", f"{e}, so RadSite cannot check it for patient information and "
                                         "does not publish it; export it again (not encrypted), or publish its "
                                         "text as a page")  # fmt: skip
        return
    for where, text in parts:
        for line in text.splitlines():
            for hit in scan_line(line, categories, region):
                yield Finding(path, None, f"phi-{hit.category}", f"{what(hit.category)} in {where}; {FIX}")


class _Unreadable(Exception):
    pass


def _pdf_text(data: bytes) -> list[tuple[str, str]]:
    """(where, text) of a PDF's document properties and pages (the caller holds the CPU budget)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd files are not the editor's to read
    parts: list[tuple[str, str]] = []
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _Unreadable("it is encrypted")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise _Unreadable(f"it has {len(reader.pages):,} pages (more than {MAX_PDF_PAGES})")
        for key, value in (reader.metadata or {}).items():
            parts.append((f"its document properties ({str(key).lstrip('/')})", str(value)))
        xmp = reader.xmp_metadata
        if xmp is not None:
            for name in ("dc_creator", "dc_title", "dc_description", "dc_subject", "pdf_keywords"):
                value = getattr(xmp, name, None)
                values = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
                parts += [(f"its XMP metadata ({name})", str(v)) for v in values if v]
        for number, page in enumerate(reader.pages, 1):
            parts.append((f"the text of page {number}", page.extract_text() or ""))
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as e:
        raise _Unreadable(f"it cannot be read as a PDF ({type(e).__name__})") from None
    return parts


_WHAT = {"name": "a person's name", "mrn": "a medical record number", "account": "an account or insurance number",
         "ssn": "a national identity number", "phone": "a phone number", "email": "an e-mail address",
         "address": "a street address", "date": "a patient's date", "age": "an age over 89", "device": "a device serial",
         "url": "a link to a patient system", "uid": "a DICOM UID or an IP address"}  # fmt: skip


def what(category: str) -> str:
    return f"what looks like {_WHAT.get(category, 'patient information')}"
