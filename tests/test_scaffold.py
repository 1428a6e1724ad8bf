"""`radsite new` scaffolds from the schema and invents nothing; `radsite schema` writes what editors complete against."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import yaml

from conftest import Project
from radsite.content.registry import COLLECTIONS
from radsite.content.todo import _unwrap

BIN = Path(sys.executable).parent


def radsite(project: Project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "radsite"), *args], cwd=project.root, env=project.env(),
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def literal_values(annotation: object) -> tuple[str, ...]:
    """The schema's own enumeration of a field (inside a list too), read here independently of the scaffold."""
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) is list:
        annotation = _unwrap(typing.get_args(annotation)[0])
    return tuple(map(str, typing.get_args(annotation))) if typing.get_origin(annotation) is typing.Literal else ()


def test_scaffolded_drafts_check_clean_and_build(project: Project) -> None:
    collections = list(COLLECTIONS)
    for collection in collections:
        made = radsite(project, "new", collection, "brand-new-item")
        assert made.returncode == 0, made.stderr
        assert "draft: true" in (project.content / collection / "brand-new-item.md").read_text(encoding="utf-8")
    check = project.check()
    assert check.returncode == 0, check.output
    build = project.build()
    assert build.returncode == 0, build.output
    for collection in collections:  # a draft is never published
        assert not (project.site / collection / "brand-new-item").exists()
    internal = project.build(RADSITE_AUDIENCE="internal")  # drafts are shown there, unless a typed field is TODO
    assert internal.returncode == 0, internal.output
    for collection in collections:
        shown = (project.site / collection / "brand-new-item" / "index.html").exists()
        assert shown == (collection == "people"), collection  # a profile's scaffold needs only its name


@pytest.mark.parametrize("collection", ["faq", "exams"])
def test_a_scaffold_invents_no_review_and_no_category(project: Project, collection: str) -> None:
    radsite(project, "new", collection, "brand-new-item", "--title", "Brand new")
    data = front_matter((project.content / collection / "brand-new-item.md").read_text(encoding="utf-8"))
    assert data["title"] == "Brand new"
    assert data["reviewed_by"] == "TODO" and data["last_reviewed"] == "TODO"
    if collection == "faq":
        assert data["category"] == "TODO"
    else:
        assert data["modality"] == "TODO"


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_every_enumerated_field_lists_the_schemas_values(project: Project, collection: str) -> None:
    radsite(project, "new", collection, "brand-new-item")
    lines = (project.content / collection / "brand-new-item.md").read_text(encoding="utf-8").splitlines()
    model = COLLECTIONS[collection].model
    enumerated = {name: values for name, info in model.model_fields.items()
                  if (values := literal_values(info.annotation))}  # fmt: skip
    # audience names come from mkdocs.yml (issue 23): news has no enumerated field of its own
    assert enumerated or collection == "news", "every other collection has a choice of its own"
    for name, values in enumerated.items():
        line = next(row for row in lines if re.match(rf"^(# )?{name}:", row))
        assert line.endswith(", ".join(values)), line


def test_publishing_a_scaffold_with_todos_is_refused(project: Project) -> None:
    radsite(project, "new", "faq", "half-written", "--title", "Half written")
    path = project.content / "faq" / "half-written.md"
    text = path.read_text(encoding="utf-8").replace("draft: true", "draft: false")
    path.write_text(text, encoding="utf-8")
    todo_lines = [n for n, row in enumerate(text.splitlines(), 1) if row.split("#")[0].rstrip().endswith("TODO")
                  or row.startswith("TODO")]  # fmt: skip
    assert len(todo_lines) == 6  # summary, category, short_answer, reviewed_by, last_reviewed, the body
    run = project.check()
    assert run.returncode == 1
    found = [line for line in run.stdout.splitlines() if "[todo]" in line]
    assert [int(line.split(":")[1]) for line in found] == todo_lines, run.stdout
    assert all("error" in line and "fill in or remove the TODO" in line for line in found)
    assert "content/faq/half-written.md:5: error: [todo] category:" in run.stdout
    assert "[schema]" not in run.stdout  # the marker is named as a TODO, not as a wrong type
    build = project.build()
    assert build.returncode != 0 and "category: still 'TODO'" in build.output


def test_new_refuses_to_overwrite(project: Project) -> None:
    run = radsite(project, "new", "faq", "what-does-unremarkable-mean")
    assert run.returncode == 1 and "already exists" in run.stderr


def test_schema_writes_one_json_schema_per_collection(project: Project) -> None:
    run = radsite(project, "schema", "out")
    assert run.returncode == 0, run.stderr
    for name in COLLECTIONS:
        schema = json.loads((project.root / "out" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert "title" in schema["properties"] and schema["additionalProperties"] is False


def test_schema_into_a_file_is_a_message(project: Project) -> None:
    (project.root / "taken").write_text("a file\n", encoding="utf-8")
    run = radsite(project, "schema", "taken")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "radsite schema: cannot write taken" in run.stderr


def test_new_with_a_bad_option_names_it(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("timezone: America/New_York", "timezone: Nowhere"),
                      encoding="utf-8")  # fmt: skip
    run = radsite(project, "new", "faq", "brand-new-item")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert re.search(r"mkdocs.yml:\d+: plugins: radsite: timezone: 'Nowhere' is not a time zone name", run.stderr)
    assert not (project.content / "faq" / "brand-new-item.md").exists()
