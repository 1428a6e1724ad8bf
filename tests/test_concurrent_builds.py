"""One build at a time: real `mkdocs build` processes started together take turns and leave a whole
site; `serve` takes the lock per rebuild only; what interrupted builds left is cleaned up."""

from __future__ import annotations

import re
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import IO

from conftest import BIN, Project
from radsite.publish.lock import WAITING, BuildLock, configured_site_dir, lock_path
from radsite.publish.staging import site_label, staging_dir, stale_staging

ROUNDS = 5


def files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def leftovers(root: Path) -> list[str]:
    """Staging and old-site folders beside the site (the lock file may stay: it is only ever locked)."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith("site.radsite-") and p.is_dir())


def start_build(project: Project) -> subprocess.Popen[str]:
    command = [str(BIN / "mkdocs"), "build"]
    return subprocess.Popen(command, cwd=project.root, env=project.env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)  # fmt: skip


def test_two_builds_started_together_take_turns_and_leave_a_whole_site(project: Project) -> None:
    first = project.build()
    assert first.returncode == 0, first.output
    expected = files(project.site)
    assert len(expected) > 100 and "index.html" in expected
    waited = 0
    for round_ in range(ROUNDS):
        builds = [start_build(project), start_build(project)]
        outputs = [build.communicate(timeout=600)[0] for build in builds]
        for build, output in zip(builds, outputs, strict=True):
            assert build.returncode == 0, (round_, output)
            assert "Traceback" not in output, (round_, output)
        assert files(project.site) == expected, f"round {round_}: the site is not whole"
        assert leftovers(project.root) == [], round_
        waited += sum(WAITING in output for output in outputs)
    assert waited >= ROUNDS - 1, "the builds never overlapped: the test proved nothing"


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    site = tmp_path / "site"
    first, second = BuildLock(site), BuildLock(site)
    first.acquire()
    said: list[str] = []
    got = threading.Event()

    def take() -> None:
        second.acquire(said.append)
        got.set()

    waiter = threading.Thread(target=take)
    waiter.start()
    time.sleep(0.5)
    assert said == [WAITING] and not got.is_set()
    first.release()
    assert got.wait(10)
    waiter.join(10)
    assert second.held and not first.held
    second.release()
    second.release()  # a failed build may release twice
    assert not second.held


def test_staging_folders_are_unique_and_named_after_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    names = {staging_dir(site).name for _ in range(20)}
    assert len(names) == 20
    assert all(re.fullmatch(r"site\.radsite-staging-\d+-[0-9a-f]{8}", name) for name in names)
    assert site_label(staging_dir(site)) == "site" and site_label(tmp_path / "site.radsite-staging") == "site"
    assert lock_path(site) == tmp_path / "site.radsite.lock"


def test_a_build_removes_what_interrupted_builds_left(project: Project) -> None:
    for name in ("site.radsite-staging", "site.radsite-staging-4242-0badcafe"):
        (project.root / name / "half").mkdir(parents=True)
    (project.root / "site.radsite-staging-notes").mkdir()  # a neighbour with a similar name stays
    assert [p.name for p in stale_staging(project.site)] == ["site.radsite-staging", "site.radsite-staging-4242-0badcafe"]
    run = project.build()
    assert run.returncode == 0, run.output
    assert leftovers(project.root) == ["site.radsite-staging-notes"]


def test_serve_takes_the_lock_per_rebuild_not_for_its_life(project: Project) -> None:
    """Serve builds into a temporary folder but waits for the project's site lock; idle, it holds none."""
    assert configured_site_dir(str(project.root / "mkdocs.yml"), Path("/elsewhere")) == project.root / "site"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    held = BuildLock(project.site)
    held.acquire()  # a build "in progress": serve's first build must wait for it
    serve = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"], cwd=project.root,
                             env=project.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        assert serve.stdout is not None
        seen = _read_until(serve.stdout, WAITING)
        assert WAITING in seen, seen
        held.release()
        seen += _read_until(serve.stdout, "Serving on")
        assert "Serving on" in seen, seen
        run = project.build()  # serve is idle now: the build must not wait for it
        assert run.returncode == 0, run.output
        assert WAITING not in run.output
    finally:
        held.release()
        serve.terminate()
        serve.wait(timeout=60)


def _read_until(stream: IO[str], needle: str, timeout: float = 300) -> str:
    seen = ""
    deadline = time.monotonic() + timeout
    while needle not in seen and time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        seen += line
    return seen


def test_a_lock_that_cannot_be_taken_is_a_message_not_a_traceback(project: Project) -> None:
    (project.root / "site.radsite.lock").mkdir()  # something else where the lock file belongs
    run = project.build()
    assert run.returncode != 0
    assert "Traceback" not in run.output
    assert "site.radsite.lock: the build lock cannot be taken" in run.output, run.output
    assert "remove whatever is in its place" in run.output
