"""The files this branch adds to a build: the .ics calendars and the per-tag feeds, and their paths.

`expected_paths` feeds the published list (`pipeline.expected_outputs`), so the output audit holds
the site to exactly these files; `write` puts {site-relative path: bytes} under the staging site.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from radsite.derive.topics import Topics
from radsite.publish.calendar import CALENDAR_PATH, calendar_files, ics_path
from radsite.settings import Settings
from radsite.visibility import Decision


def calendars(decision: Decision, settings: Settings) -> dict[str, bytes]:
    policy = decision.policy
    name = f"{settings.department or 'RadSite'}: events"
    return calendar_files(decision.in_collection("events"), settings.site_url, policy.now, policy.tz, name)


def expected_paths(topics: Topics, decision: Decision) -> set[str]:
    paths = {ics_path(p) for p in decision.in_collection("events")} | {CALENDAR_PATH}
    return paths | {path for page in topics.tags for path in page.feeds}


def write(files: Mapping[str, bytes], site_dir: Path) -> None:
    for path, data in sorted(files.items()):
        target = Path(site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
