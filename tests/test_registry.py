"""A project adds a collection with a schema module and a registry entry only, and every stage follows.

The new collection ("notices") lives outside RadSite's package, in a module of the project's own,
declared as a Python entry point in the group `radsite.collections` (a distribution's
`entry_points.txt` on the import path, as `pip install` of a package with
`[project.entry-points."radsite.collections"]` would leave it). No template, no card, no other file:
the real build, `radsite schema`, `radsite new`, `radsite check`, Pagefind and the output audit.
"""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, Project, make_project

SCHEMA_MODULE = '''
"""Notices: short dated announcements (closures, parking), a project's own collection."""

from typing import Annotated

from radsite.content.collection import BY_DATE, Collection, HomeSection
from radsite.content.schemas.base import ItemBase
from radsite.content.types import DateTime, Ref, SlugList


class Notice(ItemBase):
    date: DateTime
    authors: Annotated[SlugList, Ref("people")] = []


ENTRY = Collection("notices", Notice, "Notices", "notice", BY_DATE, newest_first=True,
                   home=HomeSection(0, "Notices", "Closures and changes at the hospital.", "notices", count=2))
'''

PUBLISHED = """---
title: New parking for patients
date: 2026-11-20T09:00
summary: The visitor car park moves to level two.
authors: [amara-okafor]
---

From Monday the patient car park is on level two. Sentinelpublishednotice.
"""

DRAFT = """---
title: Closure of the east entrance
date: 2026-11-21T09:00
draft: true
summary: Not decided yet.
---

The east entrance closes for Sentineldraftnotice works.
"""


@pytest.fixture
def notices(tmp_path: Path) -> tuple[Project, dict[str, str]]:
    """The example project plus a notices collection, registered by an entry point on PYTHONPATH."""
    project = make_project(tmp_path / "project")
    packages = tmp_path / "packages"
    (packages / "radsite_notices-1.0.dist-info").mkdir(parents=True)
    (packages / "notices_schema.py").write_text(SCHEMA_MODULE, encoding="utf-8")
    (packages / "radsite_notices-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: radsite-notices\nVersion: 1.0\n", encoding="utf-8"
    )
    (packages / "radsite_notices-1.0.dist-info" / "entry_points.txt").write_text(
        "[radsite.collections]\nnotices = notices_schema:ENTRY\n", encoding="utf-8"
    )
    project.write("notices/new-parking.md", PUBLISHED)
    project.write("notices/east-entrance.md", DRAFT)
    return project, {"PYTHONPATH": str(packages)}


def radsite(project: Project, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "radsite"), *args], cwd=project.root, env=project.env(**env),
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def test_a_new_collection_is_listed_paged_fed_and_searched(notices: tuple[Project, dict[str, str]]) -> None:
    project, env = notices
    run = project.build(**env)
    assert run.returncode == 0, run.output
    assert "1 notices" in run.output  # the build's count line names it

    home = (project.site / "index.html").read_text(encoding="utf-8")
    section = home[home.index('aria-labelledby="rs-home-notices"') :]
    assert home.index("rs-home-notices") < home.index("rs-home-exams")  # order 0: before exam guides (1)
    assert "Closures and changes at the hospital." in section and "All 1 notices" in section
    assert "New parking for patients" in section.split("</section>")[0]

    listing = project.page("notices")
    assert 'href="../notices/new-parking/"' in listing or 'href="new-parking/"' in listing
    assert "New parking for patients" in listing and "The visitor car park moves to level two." in listing
    assert "Closure of the east entrance" not in listing

    item = project.page("notices/new-parking")
    assert "data-pagefind-body" in item and "Sentinelpublishednotice" in item
    assert '"@type": "WebPage"' in item  # the default JSON-LD builder
    assert not (project.site / "notices" / "east-entrance").exists()

    rss = (project.site / "feeds" / "notices.xml").read_text(encoding="utf-8")
    assert "New parking for patients" in rss and "https://" in rss
    assert "Closure of the east entrance" not in rss
    assert "New parking for patients" in (project.site / "feeds" / "notices.atom").read_text(encoding="utf-8")
    assert "New parking for patients" in (project.site / "feeds" / "all.xml").read_text(encoding="utf-8")

    fragments = [gzip.decompress(p.read_bytes()) for p in (project.site / "pagefind" / "fragment").iterdir()]
    found = [f for f in fragments if b"Sentinelpublishednotice" in f]
    assert len(found) == 1 and b"notices/new-parking/" in found[0]
    assert not any(b"Sentineldraftnotice" in f for f in fragments)


def test_a_new_collection_has_its_json_schema_scaffold_and_check(notices: tuple[Project, dict[str, str]]) -> None:
    project, env = notices
    run = radsite(project, env, "schema", "out")
    assert run.returncode == 0, run.stderr
    schema = json.loads((project.root / "out" / "notices.schema.json").read_text(encoding="utf-8"))
    assert {"title", "date", "authors"} <= set(schema["properties"])

    run = radsite(project, env, "new", "notices", "flu-clinic")
    assert run.returncode == 0, run.stderr
    draft = (project.content / "notices" / "flu-clinic.md").read_text(encoding="utf-8")
    assert "draft: true" in draft and "\ndate: TODO" in draft and "slugs of radiologists in content/people/" in draft

    run = project.check(**env)
    assert run.returncode == 0, run.output


def test_a_dangling_reference_of_a_new_collection_is_an_error(notices: tuple[Project, dict[str, str]]) -> None:
    project, env = notices
    project.write("notices/new-parking.md", PUBLISHED.replace("[amara-okafor]", "[amara-okafo]"))
    run = project.check(**env)
    assert run.returncode != 0
    assert (
        "content/notices/new-parking.md:5: error: [ref] authors: no radiologist with slug 'amara-okafo' in people/; "
        "did you mean 'amara-okafor' (content/people/amara-okafor.md)?"
    ) in run.output


def test_the_audit_catches_a_withheld_item_of_a_new_collection(notices: tuple[Project, dict[str, str]]) -> None:
    project, env = notices
    hook = project.root / "leak_hook.py"
    hook.write_text(
        "import os\n"
        "def on_post_build(config):\n"
        "    with open(os.path.join(config.site_dir, 'notices', 'new-parking', 'index.html'), 'a') as f:\n"
        "        f.write('<p>The east entrance closes for Sentineldraftnotice works.</p>')\n",
        encoding="utf-8",
    )
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - leak_hook.py\n", encoding="utf-8")
    run = project.build(**env)
    assert run.returncode != 0
    line = next(ln for ln in run.output.splitlines() if "[leak]" in ln)
    assert line.startswith("site/notices/new-parking/index.html: error: [leak]"), line
    assert "content/notices/east-entrance.md" in line


def test_a_collection_that_cannot_be_imported_is_an_error_not_a_traceback(
    notices: tuple[Project, dict[str, str]],
) -> None:
    project, env = notices
    entry_points = Path(env["PYTHONPATH"]) / "radsite_notices-1.0.dist-info" / "entry_points.txt"
    entry_points.write_text("[radsite.collections]\nnotices = notices_schem:ENTRY\n", encoding="utf-8")
    for run in (project.check(**env), project.build(**env)):
        assert run.returncode != 0 and "Traceback" not in run.output
        assert (
            "entry point 'notices' of radsite-notices (group radsite.collections): 'notices_schem:ENTRY' cannot be imported"
            in run.output
        )
