"""Files published as they are (PDFs, text files) go through the PHI guard: what cannot be checked is not published.

Real PDFs (written here byte by byte, read by pypdf in the build), real `radsite check` and
`mkdocs build` runs on the example site: an error stops the build and the previous site stays.
"""

from __future__ import annotations

import pytest

from conftest import Project

NEWS = """---
title: A handout for the new scanner
summary: What to bring to your appointment.
date: 2026-11-20
---
Read [the handout](files/{name}) before your visit.
"""
MRN = "MRN: 48213377"


def pdf(text: str = "Arrive 15 minutes early.", **info: str) -> bytes:
    """A one-page PDF with `text` on its page and `info` as its document properties."""

    def literal(value: str) -> str:
        return "(" + value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"

    stream = f"BT /F1 12 Tf 72 720 Td {literal(text)} Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ("<< " + " ".join(f"/{key} {literal(value)}" for key, value in info.items()) + " >>").encode("latin-1"),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def linked(project: Project, name: str, data: bytes) -> None:
    project.write(f"news/files/{name}", data)
    project.write("news/scanner-handout.md", NEWS.format(name=name))


def refused(project: Project, name: str, data: bytes, *expected: str) -> str:
    """Build the site, then link the file: check and build refuse it, and the site stays as it was."""
    assert project.build().returncode == 0
    linked(project, name, data)
    before = sorted(p.relative_to(project.site).as_posix() for p in project.site.rglob("*"))
    for run_it in (project.check, project.build):
        run = run_it()
        assert run.returncode == 1, run.output[-3000:]
        assert "Traceback" not in run.output, run.output[-3000:]
        for text in expected:
            assert text in run.output, (text, run.output[-3000:])
    assert sorted(p.relative_to(project.site).as_posix() for p in project.site.rglob("*")) == before
    return run.output


@pytest.mark.parametrize(("data", "where"), [
    (pdf(Author=f"Jane Doe {MRN}"), "in its document properties (Author)"),
    (pdf(Title=f"Report {MRN}"), "in its document properties (Title)"),
    (pdf(f"Patient report, {MRN}"), "in the text of page 1"),
], ids=["author", "title", "page-text"])  # fmt: skip
def test_a_pdf_with_a_patient_identifier_is_refused_by_name(project: Project, data: bytes, where: str) -> None:
    refused(project, "handout.pdf", data, "content/news/files/handout.pdf: error: [phi-mrn]", where)


def test_a_pdf_that_cannot_be_read_is_not_published(project: Project) -> None:
    broken = b"%PDF-1.4\nnot really a PDF " + MRN.encode()
    output = refused(project, "handout.pdf", broken, "content/news/files/handout.pdf: error: [pdf]", "cannot check it")
    assert "48213377" not in output  # the message never repeats what it refused


def test_a_clean_pdf_is_published_as_it_is(project: Project) -> None:
    data = pdf("Arrive 15 minutes early. Bring your insurance card.", Title="Preparing for your MRI")
    linked(project, "handout.pdf", data)
    run = project.build()
    assert run.returncode == 0, run.output[-3000:]
    assert (project.site / "news/files/handout.pdf").read_bytes() == data


@pytest.mark.parametrize("name", ["results.csv", "captions.vtt", "notes.txt"])
def test_a_text_file_is_guarded_line_by_line_and_phi_ok_is_honoured(project: Project, name: str) -> None:
    refused(project, name, f"Scanner hours\nSeen: Jane Doe, {MRN}\n".encode(), f"content/news/files/{name}:2:", "[phi-mrn]")
    linked(project, name, f"Scanner hours\nExample only: {MRN} <!-- phi-ok: a made-up number in a form sample -->\n".encode())
    run = project.build()
    assert run.returncode == 0, run.output[-3000:]
    assert (project.site / f"news/files/{name}").exists()


def test_a_file_no_published_page_uses_is_not_read(project: Project) -> None:
    """Deny by default: an unlinked PDF is never published, so it is not the guard's to read."""
    project.write("news/files/unlinked.pdf", pdf(Author=f"Jane Doe {MRN}"))
    run = project.build()
    assert run.returncode == 0, run.output[-3000:]
    assert not (project.site / "news/files/unlinked.pdf").exists()


def test_a_text_file_too_slow_to_guard_is_refused_in_seconds(project: Project) -> None:
    """The guard's rules cost most on runs like 1/1/1/...: 5 MB of them would take minutes. Reading
    a published file gets the render's CPU budget, and what could not be checked is not published."""
    import time

    started = time.monotonic()
    refused(project, "numbers.txt", ("1/" * 2_500_000).encode(), "content/news/files/numbers.txt: error:",
            "could not be checked for patient information")  # fmt: skip
    assert time.monotonic() - started < 120  # three builds and a check, each stopped at 5 s of CPU


# What a visitor's program reads in a file published as it is, beyond its lines as UTF-8 (guard/readable.py).
PHI = f"Patient Jane Doe, {MRN}"
ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Northbrook//EN\r\nBEGIN:VEVENT\r\nUID:open-day-2026@northbrook.example\r\n"
       "DTSTAMP:20261101T090000Z\r\nDTSTART:20261205T100000Z\r\nDTEND:20261205T120000Z\r\nSUMMARY:Open day\r\n{extra}"
       "END:VEVENT\r\nEND:VCALENDAR\r\n")  # fmt: skip
VCF = "BEGIN:VCARD\r\nVERSION:{version}\r\nFN:Northbrook Radiology front desk\r\nREV:20261101T090000Z\r\n{extra}END:VCARD\r\n"


def _qp(text: str) -> str:
    return "".join(f"={byte:02X}" for byte in text.encode())


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("notes.txt", (PHI + "\r\n").encode("utf-16"), ":1:1: error: [phi-name]"),  # a spreadsheet's "Unicode text"
    ("results.csv", f"name\r\n{PHI}\r\n".encode("utf-16-le"), ":2:1: error: [phi-name]"),  # no byte-order mark
    ("results.csv", f"name\n{PHI}\n".encode("utf-32"), ":2:1: error: [phi-name]"),
    ("notes.txt", f"Seen: Jos\u00e9 M\u00fcller, {MRN}\n".encode("cp1252"), ":1:"),  # a legacy export, not UTF-8
    ("notes.txt", b"The record number is MRN:\n48213377, as noted.\n", "in this line (across a line break)"),
    ("captions.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nThe patient, MRN:\n48213377, was scanned.\n", ":4:"),
    ("results.csv", b"Patient,Record number,Born\nJane Doe,48213377,1961-03-04\n", "this row, read with its column headers"),
    ("results.csv", b"Exam;MRN\nCT head;48213377\n", "[phi-mrn]"),  # a semicolon-separated export
    ("open-day.ics", ICS.format(extra="DESCRIPTION:Bring your card. MRN: 4821\r\n 3377\r\n").encode(), ":10: error: [phi-mrn]"),
    ("open-day.ics", ICS.format(extra="DESCRIPTION:Notes\\nMRN:\\n48213377\r\n").encode(), "(across a line break)"),
    ("desk.vcf", VCF.format(version="2.1", extra=f"NOTE;ENCODING=QUOTED-PRINTABLE:{_qp(PHI)}\r\n").encode(), ":5: error: [phi-"),
    ("desk.vcf", VCF.format(version="4.0", extra="BDAY:19610304\r\n").encode(), ":5: error: [phi-date]"),
], ids=["utf-16", "utf-16le-no-bom", "utf-32", "cp1252", "wrapped-txt", "wrapped-vtt", "csv-headers", "csv-semicolons",
        "ics-folded", "ics-escaped-newlines", "vcf-quoted-printable", "vcf-birthday"])  # fmt: skip
def test_a_text_file_is_read_as_its_format_reads(project: Project, name: str, data: bytes, expected: str) -> None:
    output = refused(project, name, data, f"content/news/files/{name}", expected)
    assert "48213377" not in output


def _pdf_with(build) -> bytes:  # type: ignore[no-untyped-def]
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _annotated(writer) -> None:  # type: ignore[no-untyped-def]
    from pypdf.annotations import Text

    writer.add_annotation(0, Text(text=PHI, rect=(10, 10, 50, 50)))


def _xmp(writer) -> None:  # type: ignore[no-untyped-def]
    from pypdf.generic import NameObject, StreamObject

    packet = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              '<rdf:Description rdf:about="" xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/" pdfx:Patient="' + PHI + '"/>'
              "</rdf:RDF></x:xmpmeta>")  # fmt: skip
    stream = StreamObject()
    stream.set_data(packet.encode())
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)


def _javascript(writer) -> None:  # type: ignore[no-untyped-def]
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


@pytest.mark.parametrize(("build", "expected"), [
    (_annotated, "[phi-mrn] what looks like a medical record number in a comment or form field on page 1"),
    (lambda writer: writer.add_outline_item(title=PHI, page_number=0), "a medical record number in its bookmarks"),
    (_xmp, "[phi-mrn] what looks like a medical record number in its XMP metadata"),
    (lambda writer: writer.add_attachment("notes.txt", PHI.encode()), "error: [pdf] it carries attached files"),
    (_javascript, "error: [pdf] it carries JavaScript"),
], ids=["comment", "bookmark", "xmp-any-property", "attached-file", "javascript"])  # fmt: skip
def test_a_pdf_is_read_beyond_its_pages(project: Project, build, expected: str) -> None:  # type: ignore[no-untyped-def]
    output = refused(project, "handout.pdf", _pdf_with(build), "content/news/files/handout.pdf:", expected)
    assert "48213377" not in output


@pytest.mark.parametrize(("name", "data"), [
    ("notes.txt", b"binary\x00\x01\x02\x03 data with zeros\x00\x00\x07\x08 here"),
    ("open-day.ics", ICS.format(extra="ATTACH;FMTTYPE=text/plain;ENCODING=BASE64;VALUE=BINARY:SmFuZSBEb2U=\r\n").encode()),
    ("desk.vcf", VCF.format(version="3.0", extra="PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ==\r\n").encode()),
], ids=["zero-bytes", "ics-inline-attachment", "vcf-photo"])  # fmt: skip
def test_a_text_file_carrying_what_cannot_be_checked_is_not_published(project: Project, name: str, data: bytes) -> None:
    refused(project, name, data, f"content/news/files/{name}: error: [attachment]", "does not publish it")


def _clean_pdf(writer) -> None:  # type: ignore[no-untyped-def]
    """What a word processor writes: bookmarks, a link, XMP with its document IDs and dates."""
    from pypdf.annotations import Link
    from pypdf.generic import NameObject, StreamObject

    writer.add_outline_item(title="Preparing for your MRI", page_number=0)
    writer.add_annotation(0, Link(rect=(10, 10, 50, 50), url="https://radiology.northbrook-health.example/exams/"))
    packet = ('<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 5.6-c015 84.159810, 2016/09/10-02:41:30">'
              '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
              'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" '
              'xmp:CreateDate="2026-11-02T09:14:07+00:00" xmp:CreatorTool="Microsoft Word for Microsoft 365" '
              'xmpMM:DocumentID="uuid:5D20892493BFDB11914A8590D31508C8" '
              'xmpMM:InstanceID="xmp.iid:0180117407206811822AAE5F0A5C3C5B"/></rdf:RDF></x:xmpmeta>')  # fmt: skip
    stream = StreamObject()
    stream.set_data(packet.encode())
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)


@pytest.mark.parametrize(("name", "data"), [
    ("open-day.ics", ICS.format(extra="DESCRIPTION:Tours of the new MRI suite\\, every half hour. Free parking\r\n"
                                      " in the west garage.\r\nLOCATION:Radiology reception\\, level 2\r\n").encode()),
    ("desk.vcf", VCF.format(version="3.0", extra="ORG:Northbrook University Hospital;Radiology\r\n"
                                                 "URL:https://radiology.northbrook-health.example/\r\n").encode()),
    ("doses.csv", b"Exam,Typical effective dose (mSv),Equivalent background radiation\nChest X-ray,0.1,10 days\n"
                  b"CT head,2,8 months\nCT abdomen and pelvis,10,3 years\n"),
    ("notes.txt", "Caf\u00e9 opens at 07:30 \u2013 closes 18:00.\n".encode("cp1252")),
    ("notes.txt", "Caf\u00e9 opens at 07:30.\r\n".encode("utf-16")),
    ("handout.pdf", _pdf_with(_clean_pdf)),
], ids=["ics", "vcf", "csv", "cp1252", "utf-16", "pdf-bookmarks-link-xmp"])  # fmt: skip
def test_clean_files_of_each_format_are_published_as_they_are(project: Project, name: str, data: bytes) -> None:
    linked(project, name, data)
    run = project.build()
    assert run.returncode == 0, run.output[-3000:]
    assert (project.site / f"news/files/{name}").read_bytes() == data
