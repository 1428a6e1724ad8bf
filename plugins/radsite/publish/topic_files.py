"""The files a build writes beside pages and collection feeds: collections' own files and the per-tag feeds.

A collection's own files come from its `outputs` hook (events: each event's .ics and the upcoming
calendar). `expected_paths` feeds the published list (`pipeline.expected_outputs`), so the output
audit holds the site to exactly these files; `write` puts {site-relative path: bytes} under the site.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from radsite.content.collection import Outputs
from radsite.content.registry import COLLECTIONS
from radsite.derive.topics import Topics
from radsite.settings import Settings
from radsite.visibility import Decision


def collection_files(decision: Decision, settings: Settings) -> dict[str, bytes]:
    """Every collection's extra files, from its published items (current or not: a past event keeps its .ics)."""
    policy = decision.policy
    out = Outputs(settings.site_url, policy.now, policy.tz, settings.department)
    files: dict[str, bytes] = {}
    for name, collection in COLLECTIONS.items():
        if collection.outputs is not None:
            files |= collection.outputs(list(decision.in_collection(name)), out)
    return files


def expected_paths(topics: Topics, decision: Decision, settings: Settings) -> set[str]:
    paths = set(collection_files(decision, settings))
    return paths | {path for page in topics.tags for path in page.feeds}


def write(files: Mapping[str, bytes], site_dir: Path) -> None:
    for path, data in sorted(files.items()):
        target = Path(site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
