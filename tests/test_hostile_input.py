"""Hostile input answers in seconds with a message naming file and line: never a traceback, never exhaustion.

Each case runs through `radsite check` and a real `mkdocs build`, with a time limit far below what
the input would cost without the caps (an alias bomb took 6 GB and 55 s; 3,000 nested list levels
ran past 240 s).
"""

from __future__ import annotations

import time

import pytest

from conftest import Project

NEWS = "---\ntitle: Hostile\nsummary: A post.\ndate: 2026-11-01\n{extra}---\n{body}\n"
BOMB = "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
HOSTILE = {
    "alias-bomb": (NEWS.format(extra="a: &a [x, x, x, x, x, x, x, x, x]\n" + BOMB, body="Text."), 5, "[yaml]"),
    "deep-yaml": (NEWS.format(extra="deep: " + "[" * 400 + "]" * 400 + "\n", body="Text."), 5, "[yaml]"),
    "nul-byte": (NEWS.format(extra="social: \"a\x00b\"\n", body="Text."), 5, "[encoding]"),
    "control-char": (NEWS.format(extra="social: \"a\x07b\"\n", body="Text."), 5, "[yaml]"),
    "deep-list": (NEWS.format(extra="", body="".join("    " * i + "- x\n" for i in range(400))), 9, "[nesting]"),
    "deep-list-3000": (NEWS.format(extra="", body="- " * 3000 + "x"), 9, "[nesting]"),
    "deep-quote": (NEWS.format(extra="", body="> " * 3000 + "x"), 9, "[nesting]"),
    "deep-html": (NEWS.format(extra="", body="<div>" * 3000 + "x" + "</div>" * 3000), 9, "[nesting]"),
    "huge": (NEWS.format(extra="", body="word " * 300_000), 9, "[size]"),
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
