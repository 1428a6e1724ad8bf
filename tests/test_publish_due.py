"""Scheduled publishing that cannot stall (issue 17): the deploy build publishes through warnings,
and records when it next has something to publish, so an hourly run with nothing due does nothing."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from conftest import BIN, NOW, ROOT, Project
from radsite.content.registry import COLLECTIONS

LATER = "2028-06-01T12:00"  # a year and a half after the example was written: every review is stale
DUE_SCRIPT = ROOT / "plugins" / "radsite" / "publish" / "due.py"


def make_site_command() -> list[str]:
    """The command of the Makefile's `site` target, as `make site` (and the publish workflow) runs it."""
    recipe = re.search(r"^site:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert recipe, "no site target in the Makefile"
    lines = [line.strip() for line in recipe[1].splitlines()]
    assert len(lines) == 1, lines
    return lines[0].replace("$(BIN)", str(BIN)).split()


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1]) or {}


def scheduled_times(content: Path, now: dt.datetime, tz: ZoneInfo) -> list[dt.datetime]:
    """Every reveal_at, and every item's later of publish_at and date, still ahead of `now`, read straight from the files."""
    times = []
    for path in content.rglob("*.md"):
        meta = front_matter(path)
        if meta.get("draft") or meta.get("audience") == "internal":
            continue
        if meta.get("reveal_at"):
            times.append(dt.datetime.fromisoformat(str(meta["reveal_at"])).replace(tzinfo=tz))
        starts = [
            dt.datetime.fromisoformat(str(meta[key])).replace(tzinfo=tz)
            for key in ("publish_at", "date")
            if meta.get(key) and (key != "date" or path.relative_to(content).parts[0] in COLLECTIONS)
        ]
        if starts:
            times.append(max(starts))
    times = [when for when in times if when > now]
    return sorted(times)


def site_tz() -> ZoneInfo:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return ZoneInfo(re.search(r"^\s+timezone: (\S+)", config, re.M)[1])  # type: ignore[index]


def record(project: Project) -> dict:
    return json.loads((project.site / "radsite-due.json").read_text(encoding="utf-8"))


def decide(deployed: Path, commit: str, now: str, output: Path) -> tuple[str, str]:
    """Run the workflow's step as the workflow does: the script by its path, with plain Python."""
    proc = subprocess.run(
        [sys.executable, str(DUE_SCRIPT), "decide", "--deployed", str(deployed), "--commit", commit, "--now", now],
        capture_output=True, text=True, timeout=60, env={"GITHUB_OUTPUT": str(output), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return output.read_text(encoding="utf-8").splitlines()[-1], proc.stdout


def test_make_site_publishes_the_example_a_year_and_a_half_later(project: Project) -> None:
    command = make_site_command()
    assert "--strict" not in command  # warnings never stop the deploy build
    proc = subprocess.run(command, cwd=project.root, env=project.env(RADSITE_NOW=LATER),
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "warning: [review]" in output  # editors still see every stale review
    assert "all checks passed" not in output
    # What became due in the meantime is published: the scheduled news post and every case answer.
    news = front_matter(project.content / "news" / "winter-hours-2027.md")
    assert news["title"] in project.page("news/winter-hours-2027")
    assert "one part of the bowel slides into the next" in project.page("cases/pediatric-abdominal-pain-ultrasound")
    assert record(project)["next_due"] is None  # nothing is scheduled any more


def test_errors_still_stop_make_site(project: Project) -> None:
    project.write("faq/bad.md", "---\ntitle: [oops\n---\n")
    proc = subprocess.run(make_site_command(), cwd=project.root, env=project.env(RADSITE_NOW=LATER),
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert re.search(r"content/faq/bad\.md:\d+: error: \[yaml\]", proc.stdout + proc.stderr)
    assert not project.site.exists()


def test_the_build_records_the_next_due_time_and_publishes_at_it(project: Project) -> None:
    tz = site_tz()
    now = dt.datetime.fromisoformat(NOW).replace(tzinfo=tz)
    for timed in ("events", "jobs"):  # sessions ending and jobs closing: tests/test_events_site.py
        shutil.rmtree(project.content / timed)
    first = project.build(GITHUB_SHA="1111111")
    assert first.returncode == 0, first.output
    ahead = scheduled_times(project.content, now, tz)
    assert ahead, "the example has no scheduled item left to test with"
    recorded = record(project)
    assert recorded == {"next_due": ahead[0].isoformat(), "commit": "1111111"}  # a bare time: no item named
    assert "one part of the bowel slides into the next" not in project.page("cases/pediatric-abdominal-pain-ultrasound")

    due = ahead[0].replace(tzinfo=None).isoformat(timespec="minutes")
    second = project.build(RADSITE_NOW=due)
    assert second.returncode == 0, second.output
    assert "one part of the bowel slides into the next" in project.page("cases/pediatric-abdominal-pain-ultrasound")
    following = dt.datetime.fromisoformat(record(project)["next_due"])
    assert following > ahead[0]
    assert following in [*scheduled_times(project.content, ahead[0], tz), dt.datetime(ahead[0].year + 1, 1, 1, tzinfo=tz)]


@pytest.fixture
def deployed(tmp_path: Path, project: Project) -> Path:
    """The record of a real build of commit 'abc123', as the deployed site serves it."""
    run = project.build(GITHUB_SHA="abc123")
    assert run.returncode == 0, run.output
    copy = tmp_path / "deployed-due.json"
    copy.write_bytes((project.site / "radsite-due.json").read_bytes())
    return copy


def test_the_hourly_run_builds_only_when_something_became_due(deployed: Path, tmp_path: Path) -> None:
    due = dt.datetime.fromisoformat(json.loads(deployed.read_text(encoding="utf-8"))["next_due"])
    output = tmp_path / "github-output"
    an_hour_before = (due - dt.timedelta(hours=1)).isoformat()
    assert decide(deployed, "abc123", an_hour_before, output)[0] == "build=false"
    assert decide(deployed, "abc123", due.isoformat(), output)[0] == "build=true"
    assert decide(deployed, "def456", an_hour_before, output)[0] == "build=true"  # a new commit always builds
    assert decide(tmp_path / "never-deployed.json", "abc123", an_hour_before, output)[0] == "build=true"
    garbled = tmp_path / "garbled.json"
    garbled.write_text("<html>Not Found</html>", encoding="utf-8")
    line, said = decide(garbled, "abc123", an_hour_before, output)
    assert line == "build=true" and "no record" in said


def test_nothing_scheduled_and_the_same_commit_is_skipped(tmp_path: Path) -> None:
    deployed = tmp_path / "radsite-due.json"
    deployed.write_text(json.dumps({"next_due": None, "commit": "abc123"}), encoding="utf-8")
    line, said = decide(deployed, "abc123", "2030-01-01T00:00+00:00", tmp_path / "out")
    assert line == "build=false" and "not building" in said


def test_a_time_only_another_audience_sees_does_not_wake_the_public_build(tmp_path: Path) -> None:
    """A scheduled item for clinicians changes nothing in the public site: it sets no due time there."""
    from radsite.audiences import parse_audiences
    from radsite.content.load import load
    from radsite.publish.due import next_due
    from radsite.visibility import Policy

    content = tmp_path / "content"
    (content / "news").mkdir(parents=True)
    (content / "news/later.md").write_text("---\ntitle: Later\nsummary: A post.\ndate: 2026-11-01\n"
                                           "publish_at: 2027-01-05T09:00\naudience: clinicians\n---\nText.\n",
                                           encoding="utf-8")  # fmt: skip
    audiences = parse_audiences({"public": [], "clinicians": ["public"], "staff": ["clinicians"]})
    tz = site_tz()
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=tz)
    loaded = load(content, shown_as="content").content
    assert next_due(loaded, Policy("public", now, tz, {}, audiences)) is None
    assert next_due(loaded, Policy("clinicians", now, tz, {}, audiences)) == dt.datetime(2027, 1, 5, 9, 0, tzinfo=tz)
