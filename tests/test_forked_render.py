"""Item pages rendered by two processes (radsite.plugin.forked_render): the same site as one process
makes, the child's warnings and errors reach the parent, and a child that dies is a clear error."""

from __future__ import annotations

import logging
import os
import queue
import re
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from conftest import BIN, Project
from radsite.plugin.forked_render import ForkedRender

DEPARTMENT = "      department: Northbrook University Hospital Radiology\n"


def one_process(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert DEPARTMENT in text
    config.write_text(text.replace(DEPARTMENT, DEPARTMENT + "      render_in_parallel: false\n"), encoding="utf-8")


def test_two_processes_build_the_same_site_as_one(project: Project, built_example: Project) -> None:
    """Every file, the sitemap (which lists the child's pages too) and the search index included."""
    one_process(project)
    run = project.build("--strict")
    assert run.returncode == 0, run.output
    ours = sorted(p.relative_to(project.site) for p in project.site.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(built_example.site) for p in built_example.site.rglob("*") if p.is_file())
    assert ours == theirs
    assert len(ours) > 100
    for rel in ours:
        assert (project.site / rel).read_bytes() == (built_example.site / rel).read_bytes(), rel
    sitemap = (project.site / "sitemap.xml").read_text(encoding="utf-8")
    locs = set(re.findall(r"<loc>https?://[^/]+/([^<]*)</loc>", sitemap))
    pages = {p.parent.relative_to(project.site).as_posix() + "/" for p in project.site.rglob("index.html")}
    past = {"events/neuroradiology-update-2026/", "jobs/teleradiology-faculty/"}  # a past event, a closed job
    assert locs == {"" if p == "./" else p for p in pages} - past  # every page of both processes, nothing past


def test_warnings_from_both_processes_are_shown_once_and_fail_strict(project: Project, built_example: Project) -> None:
    """Each process's warnings reach the terminal once and count for --strict, which keeps the previous site."""
    cases = [
        c
        for c in sorted((project.content / "cases").glob("*.md"))
        if (built_example.site / "cases" / c.stem / "index.html").exists()
    ]  # published today: rendered
    assert len(cases) >= 4  # both processes get some
    assert project.build("--strict").returncode == 0
    before = {p: p.read_bytes() for p in project.site.rglob("*") if p.is_file()}
    for case in cases:  # in the question, before any withheld answer
        head, fence, body = case.read_text(encoding="utf-8").partition("\n---\n")
        case.write_text(head + fence + "See [the atlas](../atlas/missing.md).\n\n" + body, encoding="utf-8")
    run = project.build("--strict")
    assert run.returncode == 1
    for case in cases:
        rel = case.relative_to(project.content).as_posix()
        assert run.output.count(f"Doc file '{rel}' contains a link '../atlas/missing.md'") == 1, rel
    assert "Aborted with" in run.output and "in strict mode" in run.output
    assert "excluded from the built site" not in run.output  # links between the two shares are not news
    assert {p: p.read_bytes() for p in project.site.rglob("*") if p.is_file()} == before  # --strict kept it


# --- the fork itself, on MkDocs' own File objects -----------------------------------------------


@pytest.fixture
def pages(tmp_path: Path) -> tuple[Files, MkDocsConfig]:
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    (tmp_path / "docs").mkdir()
    errors, _ = config.validate()
    assert not errors, errors
    files = Files([File(f"cases/c{n}.md", config.docs_dir, config.site_dir, True) for n in range(4)])
    for file in files:
        file.inclusion = InclusionLevel.NOT_IN_NAV
    return files, config


def in_child(fork: ForkedRender, body) -> None:
    """Run `body` in the child and never come back into pytest there."""
    if fork.is_child:
        try:
            body()
        finally:
            os._exit(99)


def test_parent_gets_the_childs_html_and_log_records(pages, caplog) -> None:
    files, config = pages
    share = [f for f in files if f.src_uri in ("cases/c1.md", "cases/c3.md")]

    def child() -> None:
        assert [f.src_uri for f in files.documentation_pages()] == ["cases/c1.md", "cases/c3.md"]
        logging.getLogger("mkdocs.structure.pages").warning("a warning from the child")
        fork.finish_child({"cases/c1.md": "<p>one</p>"})

    with caplog.at_level(logging.INFO, logger="mkdocs"):
        fork = ForkedRender(files, config, share)
        in_child(fork, child)
        assert [f.src_uri for f in files.documentation_pages()] == ["cases/c0.md", "cases/c2.md"]
        assert files.get_file_from_path("cases/c3.md").page.url == "cases/c3/"  # for the sitemap
        result = fork.join()
    assert result.page_html == {"cases/c1.md": "<p>one</p>"}
    assert [r.getMessage() for r in caplog.records] == ["a warning from the child"]


def test_an_error_in_the_child_is_raised_in_the_parent(pages) -> None:
    files, config = pages
    fork = ForkedRender(files, config, list(files)[1::2])
    in_child(fork, lambda: fork.finish_child({}, PluginError("content/cases/c1.md:3: error: [schema] bad")))
    with pytest.raises(PluginError, match=r"c1\.md:3: error: \[schema\] bad"):
        fork.join()


def test_an_unexpected_exception_in_the_child_carries_its_traceback(pages) -> None:
    files, config = pages
    fork = ForkedRender(files, config, list(files)[1::2])

    def child() -> None:
        try:
            {}["missing"]
        except KeyError as e:
            fork.finish_child({}, e)

    in_child(fork, child)
    with pytest.raises(PluginError, match=r"(?s)second process failed:.*Traceback.*KeyError: 'missing'"):
        fork.join()


def test_a_child_that_dies_without_a_result_is_a_clear_error(pages) -> None:
    files, config = pages
    fork = ForkedRender(files, config, list(files)[1::2])
    in_child(fork, lambda: os._exit(3))
    with pytest.raises(PluginError, match=r"ended without a result \(exit status 3\)"):
        fork.join()


def test_a_failing_parent_stops_the_child(pages) -> None:
    files, config = pages
    fork = ForkedRender(files, config, list(files)[1::2])
    in_child(fork, lambda: __import__("time").sleep(60))
    pid = fork.pid
    fork.kill()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_mkdocs_serve_renders_in_one_process_and_rebuilds(project: Project) -> None:
    """Editors preview with `mkdocs serve`: livereload's threads run, so no build forks; every item page is served."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-v", "-a", f"127.0.0.1:{port}"],
                              cwd=project.root, env=project.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stdout], daemon=True).start()  # type: ignore[union-attr]
    log: list[str] = []

    def wait_for(text: str, count: int = 1) -> None:
        deadline = time.monotonic() + 120
        while sum(text in line for line in log) < count:
            try:
                log.append(lines.get(timeout=max(0.1, deadline - time.monotonic())))
            except queue.Empty:
                pytest.fail(f"mkdocs serve never logged {text!r}:\n" + "".join(log))

    def fetch(path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=30) as response:
            return response.read().decode("utf-8")

    try:
        wait_for("Serving on")
        sitemap = fetch("sitemap.xml")
        paths = re.findall(r"<loc>https?://[^/]+/([^<]*)</loc>", sitemap)
        assert len(paths) > 50
        for path in paths:
            assert "<article" in fetch(path) or path in ("", "search/", "follow/") or "/page/" in path, path
        case = sorted((project.content / "cases").glob("*.md"))[0]
        head, fence, body = case.read_text(encoding="utf-8").partition("\n---\n")
        case.write_text(head + fence + "A sentence added while serving.\n\n" + body, encoding="utf-8")
        wait_for("Documentation built", 2)
        assert "A sentence added while serving." in fetch(f"cases/{case.stem}/")
        assert not [line for line in log if "item pages are rendered by a second process" in line]
        assert not [line for line in log if "ERROR" in line or "Traceback" in line]
    finally:
        server.terminate()
        server.wait(timeout=30)
