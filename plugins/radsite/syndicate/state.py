"""What `radsite syndicate` has posted: a small JSON file, committed by CI, rewritten atomically.

Each network maps entry ids to a record. "pending" is written before a post is sent and
"posted" after the server accepted it, so a run killed in between knows, next time, to check with
the server (Bluesky) or resend with the same idempotency key (Mastodon) instead of posting blind.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

PENDING, POSTED, MARKED = "pending", "posted", "marked"  # marked: recorded by --mark-all-posted
DONE = frozenset({POSTED, MARKED})
VERSION = 1


class StateError(Exception):
    pass


class State:
    def __init__(self, path: Path, data: dict[str, Any] | None = None) -> None:
        self.path = Path(path)
        self.data: dict[str, Any] = data or {"version": VERSION, "networks": {}}

    @classmethod
    def load(cls, path: Path) -> State:
        path = Path(path)
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise StateError(f"{path}:{e.lineno}:{e.colno}: error: [syndicate] the state file is not valid JSON "
                             f"({e.msg}); restore it from git (git checkout -- {path})") from None  # fmt: skip
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("networks"), dict):
            raise StateError(f"{path}:1: error: [syndicate] not a RadSite syndication state (version {VERSION}); "
                             "restore it from git or move it away")  # fmt: skip
        return cls(path, data)

    def record(self, network: str, entry_id: str) -> dict[str, Any] | None:
        return self.data["networks"].get(network, {}).get(entry_id)

    def status(self, network: str, entry_id: str) -> str | None:
        rec = self.record(network, entry_id)
        return rec.get("status") if rec else None

    def is_done(self, network: str, entry_id: str) -> bool:
        return self.status(network, entry_id) in DONE

    def mark(self, network: str, entry_id: str, status: str, **info: str) -> None:
        """Record and write at once: the file on disk is always a whole, valid state."""
        at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        self.data["networks"].setdefault(network, {})[entry_id] = {"status": status, "at": at, **info}
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
