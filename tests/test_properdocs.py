"""Content and theme keep working on ProperDocs, the maintained MkDocs 1.x fork."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import Project


def built_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_properdocs_builds_the_same_pages(project: Project, built_example: Project) -> None:
    properdocs = Path(sys.executable).parent / "properdocs"
    run = subprocess.run(
        [str(properdocs), "build", "-f", "mkdocs.yml"],
        cwd=project.root, env=project.env(), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert built_pages(project.site) == built_pages(built_example.site)
    assert "Case of the week" in (project.site / "index.html").read_text(encoding="utf-8")
