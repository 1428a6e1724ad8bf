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
