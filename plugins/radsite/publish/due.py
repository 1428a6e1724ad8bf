"""When the site next changes by itself, so the hourly job builds only when something became due.

A build records, in `radsite-due.json` at the root of the site, the earliest moment after its
clock at which the same commit would build a different site: a `publish_at`, `date` or `reveal_at`
still ahead, or the new year (reveal dates drop or gain their year). It holds a bare timestamp and the
commit: nothing about which item is waiting. The scheduled workflow fetches the deployed copy and
runs `python3 plugins/radsite/publish/due.py decide` (standard library only: no install needed),
which says "build" when the commit changed, the time has come, or there is no record.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from radsite.content.item import ContentSet
    from radsite.visibility import Policy

DUE_NAME = "radsite-due.json"


def next_due(content: ContentSet, policy: Policy) -> dt.datetime | None:
    """The earliest future moment at which this content builds a different site (public builds).

    The internal build shows everything at once, so only a public build ever waits for a time.
    """
    from radsite.timeutil import aware  # here: the `decide` script runs without the package
    from radsite.visibility import published_from

    if policy.internal:
        return None
    publish: list[dt.datetime] = []
    reveal: list[dt.datetime] = []
    for meta in [*(i.meta for i in content.items), *(p.meta for p in content.pages)]:
        if getattr(meta, "draft", False) or not policy.may_see(getattr(meta, "audience", None) or "public"):
            continue  # never in this build: its time changes nothing here
        if (start := published_from(meta, policy.tz)) > policy.now:
            publish.append(start)
        if (value := getattr(meta, "reveal_at", None)) is not None and aware(value, policy.tz) > policy.now:
            reveal.append(aware(value, policy.tz))
    future = publish + reveal
    if reveal:  # a waiting answer shows its reveal date, with the year once the year has changed
        local = policy.now.astimezone(policy.tz)
        future.append(dt.datetime(local.year + 1, 1, 1, tzinfo=policy.tz))
    return min(future, default=None)


def record(site_dir: Path | None, due: dt.datetime | None, commit: str | None = None) -> Path | None:
    """Write the record into the built site (before it is promoted); the commit comes from CI."""
    if site_dir is None:
        return None
    commit = commit if commit is not None else os.environ.get("GITHUB_SHA") or None
    data = {"next_due": due.isoformat() if due else None, "commit": commit}
    path = Path(site_dir) / DUE_NAME
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return path


def decide(deployed: dict[str, Any] | None, commit: str | None, now: dt.datetime) -> tuple[bool, str]:
    """(build?, why) for a scheduled run, given the deployed record (None: none could be read)."""
    if not isinstance(deployed, dict):
        return True, "no record of the last deploy: building"
    if commit and deployed.get("commit") != commit:
        return True, f"the commit changed since the last deploy ({deployed.get('commit')} -> {commit}): building"
    due = deployed.get("next_due")
    if due:
        try:
            when = dt.datetime.fromisoformat(due)
        except ValueError:
            return True, f"unreadable next_due {due!r}: building"
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        if when <= now:
            return True, f"something became due at {due}: building"
        return False, f"nothing became due since the last deploy (next: {due}); not building"
    return False, "nothing is scheduled and the commit is the deployed one; not building"


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # unreadable, or not the JSON we wrote: build
        return None
    return data if isinstance(data, dict) else None


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="due.py", description="Should the scheduled job build the site?")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("decide", help="print build=true|false (and append it to $GITHUB_OUTPUT)")
    check.add_argument("--deployed", type=Path, required=True, help=f"the deployed {DUE_NAME} (may be missing)")
    check.add_argument("--commit", default=os.environ.get("GITHUB_SHA"), help="this run's commit (default: $GITHUB_SHA)")
    check.add_argument("--now", help="ISO 8601 (default: the clock); for tests")
    args = parser.parse_args(list(argv) if argv is not None else None)
    now = dt.datetime.fromisoformat(args.now) if args.now else dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    build, why = decide(_read(args.deployed), args.commit, now)
    print(f"radsite: {why}")
    print(f"build={'true' if build else 'false'}")
    if output := os.environ.get("GITHUB_OUTPUT"):
        with open(output, "a", encoding="utf-8") as f:
            f.write(f"build={'true' if build else 'false'}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
