"""The one-process path: no fork at all (`render_in_parallel: false`; the source checks and the
output audit always run in the build's own process) builds the same site as the default build with
its one forked render process, file for file and byte for byte."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, Project

DEPARTMENT = "      department: Northbrook University Hospital Radiology\n"


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a site; gzip files (Pagefind's) as their decompressed bytes."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files[path.relative_to(site).as_posix()] = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    return files


def test_one_process_builds_the_same_site_as_the_forked_build(project: Project, built_example: Project) -> None:
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert DEPARTMENT in text
    config.write_text(text.replace(DEPARTMENT, DEPARTMENT + "      render_in_parallel: false\n"), encoding="utf-8")
    env = {**project.env(), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "bench.processes", "", "--strict", "-v"],
                          cwd=project.root, env=env, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "bench.processes: 0 fork(s)" in proc.stderr  # one process from start to end (Pagefind aside)
    assert "rendered by a second process" not in proc.stderr
    ours, theirs = site_files(project.site), site_files(built_example.site)
    assert sorted(ours) == sorted(theirs)
    assert len(ours) > 100
    different = [rel for rel in ours if ours[rel] != theirs[rel]]
    assert not different, different[:5]


def test_the_default_build_forks(project: Project) -> None:
    """The counter above counts: the same driver, with nothing kept in process, forks."""
    env = {**project.env(), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "bench.processes", "", "--strict"],
                          cwd=project.root, env=env, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    forks = int(proc.stderr.rsplit("bench.processes: ", 1)[1].split(" ", 1)[0])
    assert forks == 1, proc.stderr[-2000:]  # the render's second process, and nothing else


def test_no_fork_while_another_thread_runs(monkeypatch) -> None:
    """A lock another thread holds at the fork would stay held in the child forever (serve's
    livereload threads): then the build renders in one process."""
    import threading

    from radsite import forking

    with monkeypatch.context() as alone:  # as in `mkdocs build` (pytest's workers run threads of their own)
        alone.setattr(forking.threading, "active_count", lambda: 1)
        assert forking.can_fork() is forking.CAN_FORK
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not forking.can_fork()
    finally:
        stop.set()
        thread.join()
