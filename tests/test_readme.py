"""The README says what the build does (issue 17): its teaching-case example, built for real, shows
the reveal line the README quotes; every `radsite` command it shows runs from a fresh clone's venv."""

from __future__ import annotations

import re
import shutil

from conftest import NOW, ROOT, Project

README = (ROOT / "README.md").read_text(encoding="utf-8")
SUBCOMMANDS = r"(?:check|new|schema|syndicate|trials)"
OTHERS_SECTION = "### Posting to Mastodon and Bluesky"  # kept by the syndication work (issue 17, item 5)


def section(title: str, end: str = "\n## ") -> str:
    start = README.index(title)
    return README[start : README.index(end, start + len(title))]


def test_the_teaching_case_example_builds_and_shows_the_reveal_line_the_readme_quotes(project: Project) -> None:
    add_case = section("### Add a teaching case", "\n### ")  # its example holds a "## Findings"
    name = re.search(r"Create `content/(cases/[\w-]+\.md)`", add_case)[1]  # type: ignore[index]
    example = re.search(r"```markdown\n(.*?)```", add_case, re.S)[1]  # type: ignore[index]
    project.write(name, example)
    image = re.search(r"src: (images/\S+\.png)", example)[1]  # type: ignore[index]
    shutil.copy(next((ROOT / "content" / "cases" / "images").glob("*.png")), project.content / "cases" / image)
    assert re.search(r'reveal_at: "([^"]+)"', example)[1] > NOW  # type: ignore[index]  # built before the reveal

    run = project.build()
    assert run.returncode == 0, run.output
    quoted = re.search(r'"(Answer on [^"]+)"', add_case)[1]  # type: ignore[index]
    page = project.page(name.removesuffix(".md"))
    words = " ".join(re.sub(r"<[^>]+>", "", page).split())  # the page's text, as a reader sees it
    shown = re.search(r"Answer on [^(.]+?(?= \(|\.)", words)
    assert shown, "the page does not say when the answer comes"
    assert shown[0] == quoted


def test_every_radsite_command_runs_from_a_fresh_clone() -> None:
    """After `make site` (or any make target) the command is `.venv/bin/radsite`: no activated venv needed."""
    ours = README.replace(section(OTHERS_SECTION), "") if OTHERS_SECTION in README else README
    shell_lines = [
        line for block in re.findall(r"```sh\n(.*?)```", ours, re.S) for line in block.splitlines()
    ]  # fmt: skip
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", ours, flags=re.S))
    bare = [text for text in shell_lines + spans if re.match(rf"\s*radsite {SUBCOMMANDS}\b", text)]
    assert bare == [], f"write these as .venv/bin/radsite ...: {bare}"
    shown = [t for t in shell_lines + spans if re.search(rf"\.venv/bin/radsite {SUBCOMMANDS}\b", t)]
    assert any("check --strict" in t for t in shown)  # the rule for pull requests is documented
