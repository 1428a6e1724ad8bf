"""`radsite check` and the build on bad input: one clear message per problem, exit 1, no traceback,
and the previous `site/` left exactly as it was."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from conftest import Project

VALID_FAQ = """---
title: What does unremarkable mean?
summary: It means normal.
category: report-words
short_answer: Normal.
reviewed_by: amara-okafor
last_reviewed: 2026-10-01
---
Body.
"""

# (file under content/, its bytes or text, the line and the words the message must carry)
BAD_INPUT = {
    "yaml syntax": ("faq/bad.md", "---\ntitle: [oops\nsummary: s\n---\n", 3, "[yaml] YAML syntax error"),
    "not a mapping": ("faq/bad.md", "---\n- one\n- two\n---\n", 2, "[yaml] front matter is not a mapping"),
    "missing field": (
        "faq/bad.md", VALID_FAQ.replace("category: report-words\n", ""), 1,
        "[schema] category: required field is missing",
    ),
    "wrong type": (
        "exams/bad.md",
        "---\ntitle: T\nsummary: S\nmodality: ct\nbody_part: head\nduration: short\n"
        "effective_dose_msv: lots\nreviewed_by: amara-okafor\nlast_reviewed: 2026-10-01\n---\n",
        7, "[schema] effective_dose_msv: input should be a valid number",
    ),
    "unknown field": (
        "faq/bad.md", VALID_FAQ.replace("short_answer:", "short_anwser:"), 5,
        "[schema] short_anwser: unknown field (did you mean 'short_answer'?)",
    ),
    "invalid date": (
        "faq/bad.md", VALID_FAQ.replace("2026-10-01", "last spring"), 7,
        "[schema] last_reviewed: 'last spring' is not a date (use ISO 8601, e.g. 2026-12-01)",
    ),
    "duplicate slug": (
        "faq/another-name.md", VALID_FAQ.replace("summary:", "slug: what-does-unremarkable-mean\nsummary:"), 3,
        "[slug] duplicate slug 'what-does-unremarkable-mean'",
    ),
    "dangling reference": (
        "faq/bad.md", VALID_FAQ.replace("amara-okafor", "amara-okafr"), 6,
        "[ref] reviewed_by: no radiologist with slug 'amara-okafr' in people/; did you mean 'amara-okafor' "
        "(content/people/amara-okafor.md)?",
    ),
    "not utf-8": ("faq/bad.md", VALID_FAQ.replace("Body.", "Caf\xe9").encode("latin-1"), 9, "[encoding] file is not UTF-8"),
    "empty file": ("faq/bad.md", "", 1, "[yaml] file is empty"),
    "unclosed fence": ("faq/bad.md", "---\ntitle: T\n\nBody\n", 1, "[yaml] front matter opened with '---' is never closed"),
    "not a collection": ("case/knee.md", "---\ntitle: Knee\n---\nBody\n", 1, "[collection] folder 'case/' is not a collection"),
}  # fmt: skip


def expected_line(rel: str, line: int) -> str:
    return f"content/{rel}:{line}: error: "


@pytest.mark.parametrize("name", list(BAD_INPUT))
def test_check_names_file_line_and_fix(project: Project, name: str) -> None:
    rel, text, line, words = BAD_INPUT[name]
    project.write(rel, text)
    run = project.check()
    assert run.returncode == 1, run.output
    assert "Traceback" not in run.output
    lines = run.stdout.splitlines()
    wanted = expected_line(rel, line) + words
    assert any(out.startswith(wanted) for out in lines), f"wanted {wanted!r} in:\n{run.stdout}"
    assert all(re.match(r"^content/\S+:\d+(:\d+)?: (error|warning): \[[\w-]+\] ", out) for out in lines)


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_failed_builds_leave_the_previous_site_byte_for_byte(project: Project) -> None:
    first = project.build()
    assert first.returncode == 0, first.output
    before = tree_digest(project.site)
    assert "index.html" in before
    for name, (rel, text, line, words) in BAD_INPUT.items():
        path = project.write(rel, text)
        run = project.build()
        assert run.returncode == 1, f"{name}: {run.output}"
        assert "Traceback" not in run.output, name
        assert expected_line(rel, line) + words in run.output, f"{name}: {run.output}"
        assert tree_digest(project.site) == before, f"{name} changed site/"
        assert not list(project.root.glob("site.radsite-*")), name
        path.unlink()
        if not any(path.parent.iterdir()):
            path.parent.rmdir()


def test_all_findings_of_a_run_are_reported_together(project: Project) -> None:
    project.write("faq/one.md", BAD_INPUT["unknown field"][1])
    project.write("faq/two.md", BAD_INPUT["invalid date"][1].replace("title: What", "title: Why"))
    run = project.check()
    assert run.returncode == 1
    assert "content/faq/one.md:5:" in run.stdout and "content/faq/two.md:7:" in run.stdout


def test_example_content_checks_clean(project: Project) -> None:
    run = project.check()
    assert run.returncode == 0, run.output
    assert run.stdout == ""


def test_github_annotations(project: Project) -> None:
    project.write("faq/bad.md", BAD_INPUT["invalid date"][1])
    run = project.check(GITHUB_ACTIONS="true")
    assert run.returncode == 1
    assert "::error file=content/faq/bad.md,line=7::[schema] last_reviewed:" in run.stdout


def test_check_with_content_option(tmp_path: Path, project: Project) -> None:
    other = tmp_path / "elsewhere"
    (other / "faq").mkdir(parents=True)
    (other / "faq" / "x.md").write_text(BAD_INPUT["missing field"][1], encoding="utf-8")
    run = project.check("--content", str(other))
    assert run.returncode == 1
    assert "x.md:1: error: [schema] category: required field is missing" in run.stdout


# --- Plugin options (settings declared once): `radsite check` and the build refuse the same bad
# option with the same message, naming mkdocs.yml, the line and the option. ---

# (what to change in the example mkdocs.yml, the changed line's text, the option named, words of the message)
BAD_OPTIONS = {
    "bad timezone": (("timezone: America/New_York", "timezone: Mars/Olympus"), "timezone: Mars/Olympus",
                     "timezone", "'Mars/Olympus' is not a time zone name"),
    "feed_limit not a number": (("audience: public\n", "audience: public\n      feed_limit: many\n"),
                                "feed_limit: many", "feed_limit", "'many' is not a whole number"),
    "bad readability_level": (("audience: public\n", "audience: public\n      readability_level: loud\n"),
                              "readability_level: loud", "readability_level", "'loud' is not one of warn"),
    "field_visibility a list": (("field_visibility:\n        phone: internal\n", "field_visibility: [phone]\n"),
                                "field_visibility: [phone]", "field_visibility", "a list is not a mapping"),
    "unknown option": (("audience: public\n", "audience: public\n      feed_limt: 10\n"),
                       "feed_limt: 10", "feed_limt", "unknown option 'feed_limt'; did you mean 'feed_limit'?"),
}  # fmt: skip


def with_bad_option(project: Project, name: str) -> tuple[int, str, str]:
    (old, new), changed, option, words = BAD_OPTIONS[name]
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    config.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.strip() == changed)
    return line, option, words


@pytest.mark.parametrize("name", list(BAD_OPTIONS))
def test_check_and_build_refuse_a_bad_option_alike(project: Project, name: str) -> None:
    line, option, words = with_bad_option(project, name)
    expected = f"mkdocs.yml:{line}: error: [options] plugins: radsite: "
    check = project.check()
    assert check.returncode == 1
    assert "Traceback" not in check.output
    row = next(row for row in check.output.splitlines() if row.startswith(expected))
    assert option in row and words in row, check.output
    message = f"mkdocs.yml:{line}: " + row.removeprefix(f"mkdocs.yml:{line}: error: [options] ")
    build = project.build()
    assert build.returncode == 1 and "Traceback" not in build.output
    assert message in build.output, build.output  # the very same message
    assert not project.site.exists()


def test_every_bad_option_is_reported_at_once(project: Project) -> None:
    names = [name for name in BAD_OPTIONS if name != "field_visibility a list"]
    for name in names:
        with_bad_option(project, name)
    rows = (project.root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    expected = sorted(n for n, row in enumerate(rows, 1) if row.strip() in {BAD_OPTIONS[name][1] for name in names})
    check = project.check()
    lines = [int(row.split(":")[1]) for row in check.output.splitlines() if row.startswith("mkdocs.yml:")]
    assert len(expected) == len(names) and lines == expected, check.output


def test_check_names_a_bad_environment_override(project: Project) -> None:
    check = project.check(RADSITE_NOW="tomorrow")
    assert check.returncode == 1 and "Traceback" not in check.output
    assert "RADSITE_NOW: error: [env] 'tomorrow' is not" in check.output, check.output
