"""What a visitor can read in a file RadSite publishes as it is, unit by unit, for the PHI guard.

A file copied byte for byte carries everything its format can hold, not only what the editor saw when
saving it: a UTF-16 export from a spreadsheet, a calendar line folded in two, a contact card's text in
quoted-printable, a PDF's sticky notes, form fields, bookmarks and attached files. So each format is
read with its own parser the way a program that opens it would (Python's `csv`, icalendar's content
lines, pypdf, lxml for a PDF's XMP packet), and what cannot be read that way, or carries a file of its
own (a contact card's photo, a calendar's or a PDF's attachment) or a script, is `Unreadable`: not
checked, so not published.

Each reader gives `Block`s: the lines of one run of text (a text file, one calendar value, one PDF
page), each with the line of the file a message should name, where the file has lines.
"""

from __future__ import annotations

import codecs
import csv
import io
import quopri
from collections.abc import Iterator
from dataclasses import dataclass

TEXT_SUFFIXES = frozenset({".txt", ".csv", ".vtt", ".ics", ".vcf"})
MAX_PDF_PAGES = 300  # a handout has a few; a scanned record has hundreds and is no handout
MAX_OUTLINE_ITEMS = 10_000  # bookmarks read; a handout has tens
# vCard and iCalendar properties whose values are dates, times, numbers or codes, not text (RFC 6350,
# RFC 5545): a DTSTAMP's 20261201T090000Z is no record number. A birthday is the one date a contact
# card holds about a person: it is read, as a date of birth.
NOT_TEXT = frozenset({"DTSTAMP", "DTSTART", "DTEND", "DUE", "COMPLETED", "CREATED", "LAST-MODIFIED", "RECURRENCE-ID",
                      "EXDATE", "RDATE", "RRULE", "EXRULE", "DURATION", "TRIGGER", "FREEBUSY", "TZOFFSETFROM",
                      "TZOFFSETTO", "SEQUENCE", "PRIORITY", "PERCENT-COMPLETE", "REPEAT", "VERSION", "CALSCALE",
                      "METHOD", "STATUS", "TRANSP", "CLASS", "BEGIN", "END", "REV", "TZ", "KIND", "GENDER",
                      "PRODID", "UID", "TZID", "ACTION"})  # fmt: skip
EMBEDDED = frozenset({"B", "BASE64"})  # ENCODING= of a value that is a file: a photo, a logo, an attachment


class Unreadable(Exception):
    """The file cannot be read as a visitor's program would read it, or carries what cannot be checked."""

    def __init__(self, reason: str, fix: str | None = None) -> None:
        super().__init__(reason)
        self.fix = fix


@dataclass(frozen=True)
class Block:
    where: str  # for messages: "this line", "the text of page 2", "its bookmarks"
    lines: tuple[tuple[int | None, str], ...]  # (line of the file or None, text)
    wrapped: bool = True  # the lines may be one paragraph wrapped (read across their breaks)
    columns: bool = False  # each text is its file line as written, so a hit's column is the file's


def decode_text(data: bytes) -> str:
    """The text a browser or an editor shows for these bytes: by their byte-order mark (UTF-8, UTF-16,
    UTF-32), else UTF-16 recognised by its zero bytes (a spreadsheet's "Unicode text" export), else
    UTF-8, else Windows-1252 (a legacy export). Bytes with zeros that are no UTF-16 are not text."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return _decoded(data, codec)
    if b"\x00" in data:
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if odd > len(data) // 4 and even < odd // 8:
            return _decoded(data, "utf-16-le")
        if even > len(data) // 4 and odd < even // 8:
            return _decoded(data, "utf-16-be")
        raise Unreadable("it holds zero bytes, so it is not a text file (or not in an encoding RadSite reads)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _decoded(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise Unreadable(f"it starts as {codec.upper()} text but is not ({codec} cannot decode it)") from None


def text_blocks(suffix: str, data: bytes) -> Iterator[Block]:
    """The blocks of a text file of kind `suffix` (.txt, .vtt, .csv, .ics, .vcf)."""
    text = decode_text(data)
    lines = text.splitlines()
    if suffix in (".ics", ".vcf"):
        yield from _content_line_blocks(lines)
        return
    yield Block("this line", tuple(enumerate(lines, 1)), wrapped=suffix != ".csv", columns=True)
    if suffix == ".csv":
        yield from _labelled_rows(text)


def _labelled_rows(text: str) -> Iterator[Block]:
    """Each row of a CSV again with each cell after its column's header ("MRN: 84736251; Name: Jane
    Doe"): a table labels its numbers once, at the top, which a line read alone does not see."""
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader, None)
        if not header:
            return
        labels = [cell.strip() for cell in header]
        rows = []
        for row in reader:
            cells = [f"{label}: {cell.strip()}" for label, cell in zip(labels, row, strict=False) if label and cell.strip()]
            if cells:
                rows.append((reader.line_num, "; ".join(cells)))
    except csv.Error as e:
        raise Unreadable(f"it cannot be read as CSV ({e})") from None
    yield Block("this row, read with its column headers", tuple(rows), wrapped=False)


def _content_line_blocks(lines: list[str]) -> Iterator[Block]:
    """vCard (RFC 6350) and iCalendar (RFC 5545) files: folded lines joined, each value decoded
    (quoted-printable, backslash escapes) and read on its own; a value that is a file is Unreadable."""
    from icalendar.parser import Contentline, unescape_char

    for number, line in _unfolded(lines):
        if not line.strip():
            continue
        try:
            name, params, value = Contentline(line).parts()
        except ValueError:
            yield Block("this line", ((number, line),), wrapped=False)  # not a content line: read as it is
            continue
        name = name.upper()
        encoding = str(params.get("ENCODING", "")).upper()
        if encoding in EMBEDDED or str(params.get("VALUE", "")).upper() == "BINARY":
            raise Unreadable(
                f"line {number} ({name}) holds a file of its own (a photo or an attachment)",
                "save it without the embedded file; publish a photo as an image file of its own",
            )
        if name in NOT_TEXT:
            continue
        if encoding == "QUOTED-PRINTABLE":
            charset = str(params.get("CHARSET", "utf-8"))
            try:
                value = quopri.decodestring(value.encode("latin-1", "replace")).decode(charset, "replace")
            except LookupError:
                raise Unreadable(f"line {number} ({name}) is in an unknown character set ({charset})") from None
        value = str(unescape_char(value))
        if name in ("BDAY", "ANNIVERSARY", "DEATHDATE"):
            value = f"date of birth {value}"  # a person's date, read as the guard reads one
        yield Block("this line", tuple((number, part) for part in value.split("\n")))


def _unfolded(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(line number, logical line): a line starting with a space or a tab continues the one before."""
    number, current = 0, ""
    for index, line in enumerate(lines, 1):
        if line[:1] in (" ", "\t") and number:
            current += line[1:]
            continue
        if number:
            yield number, current
        number, current = index, line
    if number:
        yield number, current


def pdf_blocks(data: bytes) -> list[Block]:
    """Everything a PDF reader shows or a visitor can take out of the file: document properties, the
    whole XMP packet, each page's text, annotations (comments, sticky notes) and form fields, and the
    bookmarks. Attached files and JavaScript are Unreadable (the caller holds the CPU budget)."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd files are not the editor's to read
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Unreadable("it is encrypted")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise Unreadable(f"it has {len(reader.pages):,} pages (more than {MAX_PDF_PAGES})")
        if reader.attachments:
            raise Unreadable("it carries attached files", "remove them (in Acrobat: the Attachments panel) and export it again")
        if _has_javascript(reader):
            raise Unreadable("it carries JavaScript, which a PDF viewer may run", "export it again without scripts "
                             "(print it to PDF, or save it as PDF/A)")  # fmt: skip
        blocks = [Block(f"its document properties ({str(key).lstrip('/')})", ((None, str(value)),), wrapped=False)
                  for key, value in (reader.metadata or {}).items()]  # fmt: skip
        blocks += [Block("its XMP metadata", ((None, text),), wrapped=False) for text in _xmp_texts(reader)]
        for number, page in enumerate(reader.pages, 1):
            blocks.append(Block(f"the text of page {number}", _lines(page.extract_text() or "")))
            for text in _annotation_texts(page):
                blocks.append(Block(f"a comment or form field on page {number}", _lines(text)))
        for text in _field_texts(reader):
            blocks.append(Block("a form field", _lines(text)))
        blocks += [Block("its bookmarks", ((None, title),), wrapped=False) for title in _outline_titles(reader.outline)]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as e:
        raise Unreadable(f"it cannot be read as a PDF ({type(e).__name__})") from None
    return blocks


def _lines(text: str) -> tuple[tuple[int | None, str], ...]:
    return tuple((None, line) for line in text.splitlines())


def _has_javascript(reader: object) -> bool:
    """A JavaScript action anywhere in the file: the document's name tree, its open action, or any
    object's action (links, form fields, pages' additional actions)."""
    from pypdf.generic import DictionaryObject

    trailer = getattr(reader, "trailer", None)
    seen: set[int] = set()
    stack = [trailer]
    while stack:
        obj = stack.pop()
        resolve = getattr(obj, "get_object", None)
        if resolve is not None:
            obj = resolve()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, DictionaryObject):
            if "/JS" in obj or obj.get("/S") == "/JavaScript" or "/JavaScript" in obj:
                return True
            stack += [value for key, value in obj.items() if key not in ("/Parent", "/P")]
        elif isinstance(obj, list):
            stack += obj
    return False


def _xmp_texts(reader: object) -> list[str]:
    """Every text value and attribute of the XMP packet (lxml, no entities, no network): a writer can
    put a name in any property, not only the Dublin Core ones a viewer lists."""
    from lxml import etree

    root = reader.trailer["/Root"].get_object()  # type: ignore[attr-defined]
    stream = root.get("/Metadata")
    if stream is None:
        return []
    raw = stream.get_object().get_data()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        tree = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError:
        raise Unreadable("its XMP metadata is not readable XML") from None
    if tree is None:
        return []
    texts = [text.strip() for text in tree.itertext() if text.strip()]
    for element in tree.iter():
        texts += [value.strip() for key, value in element.attrib.items() if value.strip() and not key.endswith("}about")]
    return texts


def _annotation_texts(page: object) -> list[str]:
    """Text of a page's annotations: a comment's contents, author, subject and rich text. A form
    field's value and tooltip are the form's (`_field_texts`), read once there."""
    annotations = page.get("/Annots")  # type: ignore[attr-defined]
    if annotations is None:
        return []
    texts = []
    for annotation in annotations.get_object():
        annotation = annotation.get_object()
        for key in ("/Contents", "/T", "/Subj", "/RC"):
            value = annotation.get(key)
            value = value.get_object() if hasattr(value, "get_object") else value
            if isinstance(value, (str, bytes)):
                texts.append(value if isinstance(value, str) else value.decode("latin-1"))
    return texts


def _field_texts(reader: object) -> list[str]:
    fields = reader.get_fields() or {}  # type: ignore[attr-defined]
    texts = []
    for name, field in fields.items():
        texts.append(str(name))
        for key in ("/V", "/TU", "/DV"):
            if field.get(key) is not None:
                texts.append(str(field[key]))
    return texts


def _outline_titles(outline: object) -> Iterator[str]:
    """Bookmark titles, depth first, at most MAX_OUTLINE_ITEMS of them (nested lists, no recursion)."""
    stack: list[object] = [outline]
    count = 0
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack += reversed(item)
            continue
        title = getattr(item, "title", None)
        if title:
            count += 1
            if count > MAX_OUTLINE_ITEMS:
                raise Unreadable(f"it has more than {MAX_OUTLINE_ITEMS:,} bookmarks")
            yield str(title)
