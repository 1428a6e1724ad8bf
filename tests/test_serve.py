"""A real `mkdocs serve` on 127.0.0.1 (issue 17): a content error is a page in the browser, not a
hang, and the page comes back on save; the summary line tells the truth on every rebuild; SIGTERM
ends it like Ctrl-C, with no temporary folder left behind."""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from test_check import BAD_INPUT, VALID_FAQ

from conftest import BIN, Project

pytestmark = pytest.mark.timeout(300)

FIXED = VALID_FAQ.replace("What does unremarkable mean?", "Is this page fixed now?")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Serve:
    proc: subprocess.Popen[str]
    url: str
    lines: list[str] = field(default_factory=list)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: str, start: int = 0, timeout: float = 120) -> int:
        """Wait until a line from `start` on matches; the index after it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for i, line in enumerate(self.lines[start:], start):
                if re.search(pattern, line):
                    return i + 1
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"no line matching {pattern!r} in:\n{self.output}")

    def get(self, path: str) -> tuple[int, str]:
        """One request; a hanging server fails the test (timeout) instead of waiting forever."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=20) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8")


@contextmanager
def serving(project: Project, tmp: Path) -> Iterator[Serve]:
    """`mkdocs serve --livereload` (as `make serve`) on a free port, its temp folders under `tmp`."""
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.root, env=project.env(TMPDIR=str(tmp)), text=True, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    serve = Serve(proc, f"http://127.0.0.1:{port}")
    reader = threading.Thread(target=lambda: serve.lines.extend(iter(proc.stdout.readline, "")), daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        serve.wait_for(r"Serving on http://127\.0\.0\.1")
        yield serve
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)


@pytest.fixture
def temp(tmp_path: Path) -> Path:
    """The TMPDIR of the server: MkDocs' site folder and RadSite's staging folders go there."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


def poll(check: Callable[[], bool], timeout: float = 90, interval: float = 0.3) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    raise AssertionError("timed out")


def test_a_content_error_is_a_page_naming_file_line_and_fix_until_the_save_that_fixes_it(project: Project, temp: Path) -> None:
    with serving(project, temp) as serve:
        assert serve.get("/faq/")[0] == 200
        rel, text, line, words = BAD_INPUT["invalid date"]
        project.write("faq/bad.md", str(text))

        answers: list[tuple[int, str]] = []

        def failed() -> bool:  # every request answers, none hangs (the old site, then the error page)
            answers.append(serve.get("/faq/"))
            return answers[-1][0] == 500

        poll(failed)
        page = html.unescape(answers[-1][1])
        assert f"content/{rel}:{line}: error: {words}" in page  # file, line, field and the fix
        assert "Traceback" not in page
        epoch = re.search(r"livereload\((\d+), *(\d+)\)", page)
        assert epoch, "the error page must reload itself when the build passes again"
        assert serve.get("/cases/")[0] == 500  # every page, not only the one that was open

        project.write("faq/bad.md", FIXED)
        # The open error page's live-reload poll answers with a newer build: the browser reloads...
        status, newer = serve.get(f"/livereload/{epoch[1]}/{epoch[2]}")
        assert status == 200 and int(newer) > int(epoch[1])

        # ...and gets the real page.
        def fixed() -> bool:
            status, body = serve.get("/faq/bad/")
            return status == 200 and "Is this page fixed now?" in body

        poll(fixed)
        assert serve.get("/faq/")[0] == 200


def test_the_summary_line_of_each_rebuild_tells_the_truth(project: Project, temp: Path) -> None:
    with serving(project, temp) as serve:
        start = serve.wait_for(r"RadSite: all checks passed")  # the example at the tests' clock: no warning
        project.write("faq/links.md", FIXED.replace("Body.", "See [the guide](../exams/no-such-guide.md)."))
        rebuild = serve.wait_for(r"Detected file changes", start)
        start = serve.wait_for(r"RadSite: published with 1 warning\b", rebuild)
        assert "all checks passed" not in "".join(serve.lines[rebuild:start])
        project.write("faq/links.md", FIXED)
        serve.wait_for(r"RadSite: all checks passed", start)


def test_sigterm_shuts_serve_down_leaving_no_temporary_folder(project: Project, temp: Path) -> None:
    with serving(project, temp) as serve:
        assert serve.get("/")[0] == 200
        assert any(temp.iterdir())  # its site lives there while it serves
        serve.proc.send_signal(signal.SIGTERM)
        assert serve.proc.wait(60) == 0, serve.output
        assert "Traceback" not in serve.output
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize("to", ["server", "process group"])
def test_sigterm_in_the_middle_of_a_rebuild_leaves_nothing_behind(project: Project, temp: Path, to: str) -> None:
    """To the server alone (`kill PID`) or to its group with any forked child (systemd, Docker, a terminal)."""
    with serving(project, temp) as serve:
        start = len(serve.lines)
        project.write("faq/new.md", FIXED)
        serve.wait_for(r"Building documentation", start)
        poll(lambda: any(temp.glob("*.radsite-staging*/*")), timeout=60, interval=0.01)  # inside the build: pages being written
        if to == "server":
            serve.proc.send_signal(signal.SIGTERM)
        else:
            os.killpg(serve.proc.pid, signal.SIGTERM)
        assert serve.proc.wait(60) == 0, serve.output
        assert "Traceback" not in serve.output
    time.sleep(1)  # a forked child would still be writing now
    assert list(temp.iterdir()) == [], serve.output


def test_an_error_at_start_stops_serve_with_the_list_and_no_folder_left(project: Project, temp: Path) -> None:
    rel, text, line, words = BAD_INPUT["invalid date"]
    project.write(str(rel), str(text))
    proc = subprocess.run(
        [str(BIN / "mkdocs"), "serve", "--livereload", "--dev-addr", f"127.0.0.1:{free_port()}"],
        cwd=project.root, env=project.env(TMPDIR=str(temp)), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1
    assert f"content/{rel}:{line}: error: {words}" in proc.stderr and "Traceback" not in proc.stderr
    assert list(temp.iterdir()) == []
