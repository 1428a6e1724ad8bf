"""`radsite new` scaffolds from the schema; `radsite schema` writes what editors complete against."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Project
from radsite.content.registry import COLLECTIONS

BIN = Path(sys.executable).parent


def radsite(project: Project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "radsite"), *args], cwd=project.root, env=project.env(),
                          capture_output=True, text=True, timeout=120)  # fmt: skip


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_a_new_draft_checks_clean(project: Project, collection: str) -> None:
    made = radsite(project, "new", collection, "brand-new-item", "--title", "Brand new")
    assert made.returncode == 0, made.stderr
    path = project.content / collection / "brand-new-item.md"
    assert "draft: true" in path.read_text(encoding="utf-8")
    assert project.check().returncode == 0


def test_publishing_a_scaffold_with_todos_is_refused(project: Project) -> None:
    radsite(project, "new", "news", "half-written")
    path = project.content / "news" / "half-written.md"
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    run = project.check()
    assert run.returncode == 1
    assert "content/news/half-written.md:2: error: [todo] title: still the placeholder" in run.stdout
    assert "[todo] placeholder text left in the body" in run.stdout


def test_new_refuses_to_overwrite(project: Project) -> None:
    run = radsite(project, "new", "faq", "what-does-unremarkable-mean")
    assert run.returncode == 1 and "already exists" in run.stderr


def test_schema_writes_one_json_schema_per_collection(project: Project) -> None:
    run = radsite(project, "schema", "out")
    assert run.returncode == 0, run.stderr
    for name in COLLECTIONS:
        schema = json.loads((project.root / "out" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert "title" in schema["properties"] and schema["additionalProperties"] is False
