"""Hostile input answers in seconds with a message naming file and line: never a traceback, never exhaustion.

Each case runs through `radsite check` and a real `mkdocs build`, with a time limit far below what
the input would cost without the caps (an alias bomb took 6 GB and 55 s; 3,000 nested list levels
ran past 240 s).
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from conftest import BIN, Project, Run

NEWS = "---\ntitle: Hostile\nsummary: A post.\ndate: 2026-11-01\n{extra}---\n{body}\n"
BOMB = "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
HOSTILE = {
    "alias-bomb": (NEWS.format(extra="a: &a [x, x, x, x, x, x, x, x, x]\n" + BOMB, body="Text."), 5, "[yaml]"),
    "deep-yaml": (NEWS.format(extra="deep: " + "[" * 400 + "]" * 400 + "\n", body="Text."), 5, "[yaml]"),
    "nul-byte": (NEWS.format(extra='social: "a\x00b"\n', body="Text."), 5, "[encoding]"),
    # a YAML escape writes what no UTF-8 file holds raw: a feed with one was lxml's traceback
    "escaped-control": (NEWS.format(extra='social: "a\\x0bb"\n', body="Text."), 5, "[encoding]"),
    "escaped-noncharacter": (NEWS.format(extra='tags: ["a\\uFFFEb"]\n', body="Text."), 5, "[encoding]"),
    "escaped-control-key": (NEWS.format(extra='"a\\u0007": b\n', body="Text."), 5, "[encoding]"),
    "deep-list": (NEWS.format(extra="", body="".join("    " * i + "- x\n" for i in range(400))), 9, "[nesting]"),
    "deep-list-3000": (NEWS.format(extra="", body="- " * 3000 + "x"), 9, "[nesting]"),
    "deep-quote": (NEWS.format(extra="", body="> " * 3000 + "x"), 9, "[nesting]"),
    "deep-html": (NEWS.format(extra="", body="<div>" * 3000 + "x" + "</div>" * 3000), 9, "[nesting]"),
    "huge": (NEWS.format(extra="", body="word " * 300_000), 9, "[size]"),
    # Python-Markdown is quadratic on these (minutes for 100 KB): the render's CPU budget stops them
    "unmatched-brackets": (NEWS.format(extra="", body="[" * 50_000 + "x"), 7, "[render]"),
    "unclosed-tags": (NEWS.format(extra="", body="<a " * 20_000), 7, "[render]"),
    "unmatched-images": (NEWS.format(extra="", body="![ a " * 5_000), 7, "[render]"),
    # emphasis inside emphasis, one level per pair: the steps after Markdown's inline one recursed
    "deep-emphasis": (NEWS.format(extra="", body="*" * 50_000 + "x" + "*" * 50_000), 6, "[render]"),
    "deep-underscores": (NEWS.format(extra="", body="A line.\n\n" + "__a " * 5_000 + "x" + " a__" * 5_000), 8, "[render]"),
    "long-number": (NEWS.format(extra="code: " + "9" * 100_000 + "\n", body="Text."), 6, "[yaml]"),
    "long-tag": (NEWS.format(extra="tags: [" + "x" * 300 + "]\n", body="Text."), 5, "[schema]"),  # a file name too long
    "long-slug": (NEWS.format(extra="slug: " + "-".join(["ab"] * 120) + "\n", body="Text."), 5, "[schema]"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_a_clear_error_in_check_and_build(project: Project, name: str) -> None:
    text, _, rule = HOSTILE[name]
    project.write(f"news/{name}.md", text)
    for run_it in (project.check, project.build):
        started = time.monotonic()
        run = run_it()
        elapsed = time.monotonic() - started
        assert run.returncode == 1, run.output
        assert "Traceback" not in run.output and "RecursionError" not in run.output, run.output[-2000:]
        assert f"content/news/{name}.md" in run.output and rule in run.output, run.output[-2000:]
        assert elapsed < 60, f"{name}: {elapsed:.0f} s"


def test_the_alias_bomb_names_the_alias_line(project: Project) -> None:
    project.write("news/bomb.md", HOSTILE["alias-bomb"][0])
    run = project.check()
    assert "content/news/bomb.md:5: error: [yaml] YAML aliases" in run.output, run.output


def test_a_deep_list_names_the_line_where_it_goes_too_deep(project: Project) -> None:
    project.write("news/deep.md", HOSTILE["deep-list"][0])
    run = project.check()
    assert "content/news/deep.md:" in run.output and "[nesting]" in run.output
    line = int(run.output.split("content/news/deep.md:")[1].split(":")[0])
    assert 6 + 8 <= line <= 6 + 40  # where the indentation passes the cap, not the first or last line


def test_a_render_too_slow_names_the_paragraph_at_fault(project: Project) -> None:
    project.write("news/slow.md", NEWS.format(extra="", body="A first paragraph.\n\nAnother one.\n\n" + "[ a " * 20_000))
    for run_it in (project.check, project.build):
        run = run_it()
        assert run.returncode == 1 and "Traceback" not in run.output, run.output[-2000:]
        assert "content/news/slow.md:10: error: [render] Markdown needed more than" in run.output, run.output[-2000:]
        assert "20,000 of the characters" in run.output  # the "[" of the paragraph at fault


CONTROLS = "".join(map(chr, [*range(1, 9), 11, 12, *range(14, 32), 127, 0x85, 0x9F, 0xFFFE, 0xFFFF]))


def test_control_characters_are_left_out_with_a_warning_and_the_feeds_parse(project: Project) -> None:
    """Pasted from another program: XML cannot carry them, so a feed with one was a traceback."""
    import feedparser

    project.write("news/pasted.md", NEWS.format(extra="", body=f"Line one.\n\nPasted{CONTROLS} text here.\n"))
    project.write("news/pasted-meta.md", NEWS.format(extra='social: "Pasted\x07 post"\n', body="Text."))
    project.write("pasted-page.md", f"---\ntitle: Pasted page\n---\nA page{CONTROLS} with them.\n")
    run = project.build()
    assert run.returncode == 0, run.output[-3000:]
    assert "content/news/pasted.md:8: warning: [encoding] holds 33 invisible control characters (the first: U+0001)" in run.output
    assert "content/pasted-page.md:4: warning: [encoding]" in run.output
    assert "pasted-meta.md:5: warning: [encoding] holds 1 invisible control character (the first: U+0007)" in run.output
    for path in project.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".ics", ".txt", ".vcf"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not any(c in text for c in CONTROLS), path
    page = (project.site / "news/pasted/index.html").read_text(encoding="utf-8")
    assert "Pasted text here." in page
    assert "A page with them." in (project.site / "pasted-page/index.html").read_text(encoding="utf-8")
    feed = feedparser.parse((project.site / "feeds/news.xml").read_bytes())
    assert not feed.bozo and any(e.title == "Hostile" for e in feed.entries)


def radsite(project: Project, *args: str) -> Run:
    proc = subprocess.run([str(BIN / "radsite"), *args], cwd=project.root, env=project.env(),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize(("args", "code", "said"), [
    (("new", "news", "a" * 5_000), 2, "the slug is 5,000 characters long; keep it under 100"),
    (("new", "news", "fine", "--content", "no/such/folder"), 1, "no content folder no/such/folder"),
    (("check", "--config", "/dev/zero"), 1, "over 1,000,000 bytes"),  # an endless file: read no further
    (("trials", "import", "../../studies/x"), 2, "is not a ClinicalTrials.gov id"),  # it goes into a URL
    (("trials", "import", "NCT01234567", "--from-file", "/dev/zero"), 1, "is over 20,000,000 bytes"),
    (("syndicate", "--backoff", "nan"), 2, "--backoff take 0 or more"),  # no comparison is true of nan
    (("syndicate", "--timeout", "inf"), 2, "--timeout more than 0 seconds"),
    (("check", "--config", "no-such.yml"), 1, "pass --config FILE"),
])  # fmt: skip
def test_commands_refuse_what_they_cannot_use_with_a_message(project: Project, args: tuple[str, ...], code: int,
                                                             said: str) -> None:  # fmt: skip
    run = radsite(project, *args)
    assert run.returncode == code and said in run.output and "Traceback" not in run.output, run.output
    assert not (project.root / "no").exists()  # a mistyped --content starts no second content tree


def test_an_unexpected_error_is_one_line_and_a_file(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from radsite import cli
    from radsite.commands import schema

    def broken(args: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(schema, "run", broken)
    assert cli.main(["schema"]) == 70
    said = capsys.readouterr().err
    assert "Traceback" not in said and "radsite schema: unexpected error (RuntimeError: a bug)" in said
    report = Path(said.split("the details are in ")[1].split(":")[0])
    assert "RuntimeError: a bug" in report.read_text(encoding="utf-8") and "Traceback" in report.read_text(encoding="utf-8")
    report.unlink()

    def unreadable(args: object) -> int:
        raise PermissionError(13, "Permission denied", "/srv/content/news")

    monkeypatch.setattr(schema, "run", unreadable)
    assert cli.main(["schema"]) == 1
    assert "radsite schema: /srv/content/news: Permission denied; check the path" in capsys.readouterr().err


def test_a_loop_of_symbolic_links_is_named(project: Project) -> None:
    (project.content / "news/loop-a.md").symlink_to("loop-b.md")
    (project.content / "news/loop-b.md").symlink_to("loop-a.md")
    (project.content / "here").symlink_to(".")  # a link inside the folder: its target is read once, where it is
    for run_it in (project.check, project.build):
        run = run_it()
        assert run.returncode == 1 and "Traceback" not in run.output, run.output[-2000:]
        assert "content/news/loop-a.md: error: [symlink] is a symbolic link that leads back to itself" in run.output
        assert "content/here" not in run.output


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that says it is width x height: Pillow reads the size before any pixel."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")


def test_a_decompression_bomb_image_is_refused_by_name(project: Project) -> None:
    project.write("news/images/bomb.png", _png_header_only(30_000, 30_000))  # 900 million pixels
    project.write("news/bomb.md", NEWS.format(extra="", body="![A grey square](images/bomb.png)"))
    for run_it in (project.check, project.build):
        run = run_it()
        assert run.returncode == 1 and "Traceback" not in run.output, run.output[-2000:]
        assert "content/news/images/bomb.png: error: [asset] is larger than any web image" in run.output


def test_an_alias_bomb_in_the_glossary_is_refused_in_seconds(project: Project) -> None:
    """The glossary is YAML too: nine lines of nested aliases expanded past a gigabyte."""
    bomb = "- term: bomb0\n  definition: &a0 [x, x, x, x, x, x, x, x, x]\n"
    bomb += "".join(f"- term: bomb{i}\n  definition: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    glossary = project.content / "glossary.yml"
    glossary.write_text(bomb + glossary.read_text(encoding="utf-8"), encoding="utf-8")
    for run_it in (project.check, project.build):
        started = time.monotonic()
        run = run_it()
        assert run.returncode == 1 and "Traceback" not in run.output, run.output[-2000:]
        assert "content/glossary.yml:2: error: [glossary] YAML aliases (*name) are not allowed" in run.output
        assert time.monotonic() - started < 60


@pytest.mark.parametrize(("run_of", "findings"), [("1.", 1), ("1/", 0), ("a.b-", 0)])
def test_a_long_line_of_what_the_guard_matches_answers_in_seconds(project: Project, run_of: str, findings: int) -> None:
    """Some PHI rules are quadratic on such runs: 20,000 characters of "1." took 8 s, 200,000 would
    have taken minutes. The guard reads long lines in windows (guard.phi.WINDOW), and a hit longer than
    a window ("1.1.1...": a DICOM UID's shape) is still one finding. What is still slow (1 MB of "1/"
    took 26 s) is stopped by the guard's CPU budget: the next test."""
    body = "A teaching point.\n\n" + run_of * (100_000 // len(run_of)) + "\n"  # 1/: 2.6 s; a budget stops 5 s
    project.write("cases/long-line.md", (project.content / "cases/pediatric-abdominal-pain-ultrasound.md")
                  .read_text(encoding="utf-8").replace("\n---\n", f"\n---\n{body}\n", 1))  # fmt: skip
    started = time.monotonic()
    run = project.check()
    assert time.monotonic() - started < 60, run.output[-1000:]
    assert "Traceback" not in run.output
    found = [line for line in run.output.splitlines() if line.startswith("content/cases/long-line.md") and "[phi-" in line]
    assert len(found) == findings, found
    if findings:
        assert "[phi-uid]" in found[0] and "(found '1…', 99999 characters)" in found[0]


def test_a_file_the_guard_cannot_read_within_its_budget_is_refused_by_line(project: Project) -> None:
    body = "A teaching point.\n\nSecond paragraph.\n\n" + "1/" * 480_000 + "\n"  # under the 1 MB limit: 25 s
    project.write("cases/slow-guard.md", (project.content / "cases/pediatric-abdominal-pain-ultrasound.md")
                  .read_text(encoding="utf-8").replace("\n---\n", f"\n---\n{body}\n", 1))  # fmt: skip
    for run_it in (project.check, project.build):
        started = time.monotonic()
        run = run_it()
        assert run.returncode == 1 and "Traceback" not in run.output, run.output[-2000:]
        found = [line for line in run.output.splitlines() if "content/cases/slow-guard.md:" in line and "[phi-budget]" in line]
        assert found and "break up the long runs" in found[0], run.output[-2000:]
        assert time.monotonic() - started < 60


def test_an_animation_that_would_take_gigabytes_to_re_encode_is_refused(project: Project) -> None:
    """9 KB of GIF, 300 frames of 800x800: re-encoding it frame by frame took a gigabyte of memory."""
    import io

    from PIL import Image

    frames = [Image.new("P", (800, 800), 0) for _ in range(300)]
    for n, frame in enumerate(frames):
        frame.putpixel((n, 0), 1)  # each frame differs: none is dropped as a repeat
    data = io.BytesIO()
    frames[0].save(data, format="GIF", save_all=True, append_images=frames[1:], duration=20, loop=0)
    assert len(data.getvalue()) < 20_000
    project.write("news/images/long.gif", data.getvalue())
    project.write("news/animation.md", NEWS.format(extra="", body="![A dot that moves](images/long.gif)"))
    for run_it in (project.check, project.build):
        run = run_it()
        assert run.returncode == 1 and "Traceback" not in run.output, run.output[-2000:]
        assert "content/news/images/long.gif: error: [asset] is 300 frames of 800x800 pixels" in run.output


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("extra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join("  " + line + "\n" for line in BOMB.splitlines()),
     "stand for over 1,000,000 values"),
    ("extra:\n  loop: &loop [1, *loop]\n", "refers to a value that contains it"),
])  # fmt: skip
def test_an_alias_bomb_in_mkdocs_yml_is_refused_in_seconds(project: Project, yaml_text: str, message: str) -> None:
    """MkDocs writes every option out (its debug line runs whether or not debug is on): 500 bytes of
    nested aliases under `extra:` took it a minute and all the memory. Check and build both refuse,
    naming the line; aliases that stand for little (a shared value) stay allowed."""
    config = project.root / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original + yaml_text, encoding="utf-8")
    line = len(original.splitlines()) + 1
    for run_it in (project.check, project.build):
        started = time.monotonic()
        run = run_it()
        assert run.returncode == 1, run.output[-2000:]
        assert "Traceback" not in run.output and "MemoryError" not in run.output, run.output[-2000:]
        assert "mkdocs.yml:" in run.output and message in run.output, run.output[-2000:]
        assert time.monotonic() - started < 30
    found = int(run.output.split("mkdocs.yml:")[1].split(":")[0])
    assert line <= found <= line + len(yaml_text.splitlines())
    config.write_text(original + "extra:\n  shared: &shared [a, b]\n  again: *shared\n", encoding="utf-8")
    assert project.check().returncode == 0


def test_mkdocs_yml_nested_thousands_deep_is_named_by_check(project: Project) -> None:
    """MkDocs reads mkdocs.yml before any plugin runs, so its build cannot be helped; `radsite check`,
    the pull-request job, names the file instead of a RecursionError."""
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  deep: " + "[" * 5000 + "]" * 5000 + "\n")
    run = project.check()
    assert run.returncode == 1 and "Traceback" not in run.output, run.output[-2000:]
    assert "mkdocs.yml:1: error: [options] mkdocs.yml is nested too deep" in run.output, run.output


def test_an_infinite_number_is_a_schema_error_not_invalid_json_ld(project: Project) -> None:
    """YAML's `.inf` and `.nan` are floats: a salary of `.inf` went into the job's JSON-LD as
    `Infinity`, which is not JSON (search engines drop the whole block)."""
    job = project.content / "jobs/ct-technologist.md"
    job.write_text(job.read_text(encoding="utf-8").replace("  max: 46", "  max: .inf"), encoding="utf-8")
    for run_it in (project.check, project.build):
        run = run_it()
        assert run.returncode == 1 and "Traceback" not in run.output, run.output[-2000:]
        assert "content/jobs/ct-technologist.md:" in run.output and "salary.max: input should be a finite number" in run.output


@pytest.mark.parametrize("body", [
    "&lt;!-- a --&gt; " * 50_000,  # each looked up in the whole body: 48 s
    "<!-- x -->\n" * 50_000,
    "<!-- " + "lorem ipsum dolor sit amet " * 40_000 + "-->",
], ids=["escaped", "many", "long"])  # fmt: skip
def test_the_answer_markers_near_misses_are_found_in_linear_time(body: str) -> None:
    from radsite.content.answer import near_misses

    started = time.process_time()
    assert list(near_misses("Question?\n\n" + body + "\n")) == []
    assert time.process_time() - started < 2


def test_a_line_break_in_a_profile_field_cannot_start_a_vcard_field(project: Project) -> None:
    """YAML's "\\r" escape puts a bare carriage return in a value; written as is, it ended the vCard
    line and the rest read as a field of its own (here an e-mail address the profile never gave)."""
    profile = project.content / "people/amara-okafor.md"
    text = profile.read_text(encoding="utf-8")
    role = next(line for line in text.splitlines() if line.startswith("role:"))
    profile.write_text(text.replace(role, 'role: "Radiologist\\rEMAIL:forged@evil.example\\r\\nNOTE:x"'), encoding="utf-8")
    run = project.build()
    assert run.returncode == 0, run.output[-2000:]
    vcf = (project.site / "people/amara-okafor/amara-okafor.vcf").read_bytes().decode("utf-8")
    fields = [line.split(":", 1)[0] for line in vcf.split("\r\n") if line]
    assert "NOTE" not in fields and fields.count("EMAIL;TYPE=INTERNET,WORK") <= 1, vcf
    assert "\r" not in vcf.replace("\r\n", "") and "\n" not in vcf.replace("\r\n", ""), repr(vcf)
