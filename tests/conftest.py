"""Shared fixtures: real MkDocs builds of real content in a scratch copy of the project."""

from __future__ import annotations

import calendar
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# A fixed clock for every build in the tests: the example content is written around this date.
NOW = "2026-11-28T12:00"
# MkDocs dates the sitemap by the build day unless SOURCE_DATE_EPOCH says otherwise: pin it to NOW,
# so a recorded site stays the same tomorrow.
SOURCE_DATE_EPOCH = str(calendar.timegm(datetime.fromisoformat(NOW).timetuple()))


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass
class Project:
    """A scratch copy of mkdocs.yml, theme/ and a content folder, built with the real `mkdocs`."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def report(self) -> Path:
        """The build report: beside mkdocs.yml, never in the site."""
        return self.root / ".radsite" / "build-report.json"

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RADSITE_"))}
        return {**env, "RADSITE_NOW": NOW, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1", **extra}

    def build(self, *args: str, **env: str) -> Run:
        proc = subprocess.run(
            [str(BIN / "mkdocs"), "build", *args],
            cwd=self.root, env=self.env(**env), capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        return Run(proc.returncode, proc.stdout, proc.stderr)

    def check(self, *args: str, **env: str) -> Run:
        proc = subprocess.run(
            [str(BIN / "radsite"), "check", *args],
            cwd=self.root, env=self.env(**env), capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        return Run(proc.returncode, proc.stdout, proc.stderr)

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def make_project(root: Path, *, example_content: bool = True) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", root / "theme")
    if example_content:
        shutil.copytree(ROOT / "content", root / "content")
    else:
        (root / "content").mkdir()
    return Project(root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A copy of the example site that a test may change."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The example site, built once for the whole session (public audience)."""
    built = make_project(tmp_path_factory.mktemp("example") / "project")
    run = built.build("--strict")
    assert run.returncode == 0, run.output
    return built


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright; the whole session shares one browser."""
    from browser import chromium, have_chromium

    if not have_chromium():
        pytest.fail("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")
    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def example_url(built_example: Project):
    """The built example site, served on 127.0.0.1."""
    from browser import serve

    with serve(built_example.site) as url:
        yield url
