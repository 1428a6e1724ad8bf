"""What `radsite syndicate` has posted: a small JSON file, committed by CI, rewritten atomically.

Each network maps entry ids to a record. "pending" is written before a post is sent and
"posted" after the server accepted it, so a run killed in between knows, next time, to check with
the server before posting again. "marked" entries were recorded without posting (the first run,
`--mark-all-posted`); "rejected" ones were refused by the server, with its reason, and are only
sent again on request. A network that has no section yet is on its first run.

The file is replaced whole (a temporary file in the same folder, fsync, `os.replace`, fsync of the
folder): a reader sees the old state or the new one, never half of one. A run killed while writing
can leave its temporary file; the next run deletes such leftovers when it opens the state. One run
at a time holds a lock on the folder (no lock file is created).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

PENDING, POSTED, MARKED, REJECTED = "pending", "posted", "marked", "rejected"
DONE = frozenset({POSTED, MARKED})
STATUSES = (PENDING, POSTED, MARKED, REJECTED)
VERSION = 1
TEMP_SUFFIX = ".tmp"


class StateError(Exception):
    pass


CLOCK_SKEW = dt.timedelta(minutes=10)  # a server's clock and ours may disagree a little


def pending_since(pending: dict[str, Any] | None) -> dt.datetime | None:
    """The earliest time a post for a pending entry can have been made (its record's time, less the skew)."""
    if not pending or not isinstance(pending.get("at"), str):
        return None
    try:
        return dt.datetime.fromisoformat(pending["at"].replace("Z", "+00:00")) - CLOCK_SKEW
    except ValueError:
        return None


def now_text() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class State:
    def __init__(self, path: Path, data: dict[str, Any] | None = None) -> None:
        self.path = Path(path)
        self.data: dict[str, Any] = data or {"version": VERSION, "networks": {}}
        self._lock_fd: int | None = None

    @classmethod
    def load(cls, path: Path) -> State:
        """The state at `path` (empty if there is none), locked for this run, leftovers removed."""
        path = Path(path)
        state = cls(path)
        state._lock()
        state._remove_leftovers()
        if not path.exists():
            return state
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))  # an editor may have added a BOM
        except json.JSONDecodeError as e:
            raise StateError(f"{path}:{e.lineno}:{e.colno}: error: [syndicate] the state file is not valid JSON "
                             f"({e.msg}); restore it from git (git checkout -- {path})") from None  # fmt: skip
        except RecursionError:
            raise StateError(f"{path}:1: error: [syndicate] the state file nests too deeply to be RadSite's; "
                             f"restore it from git (git checkout -- {path})") from None  # fmt: skip
        except (OSError, UnicodeDecodeError) as e:
            raise StateError(f"{path}:1: error: [syndicate] cannot read the state file ({e}); "
                             "check its permissions, or restore it from git") from None  # fmt: skip
        odd = _odd_record(data) if _valid(data) else None
        if odd is not None:
            network, entry_id, status = odd
            raise StateError(f"{path}:1: error: [syndicate] networks.{network}[{entry_id!r}].status: {status!r} is not "
                             f"one of {', '.join(STATUSES)}; fix it (or restore the file from git): an entry "
                             "with an unknown status could be posted twice")  # fmt: skip
        if not _valid(data):
            raise StateError(f"{path}:1: error: [syndicate] not a RadSite syndication state (version {VERSION}: "
                             '{"version": 1, "networks": {"mastodon": {"<entry id>": {"status": ...}}}}); '
                             "restore it from git or move it away")  # fmt: skip
        state.data = data
        return state

    # -- reading
    def has_network(self, network: str) -> bool:
        return network in self.data["networks"]

    def records(self, network: str) -> dict[str, dict[str, Any]]:
        return dict(self.data["networks"].get(network, {}))

    def record(self, network: str, entry_id: str) -> dict[str, Any] | None:
        return self.data["networks"].get(network, {}).get(entry_id)

    def status(self, network: str, entry_id: str) -> str | None:
        rec = self.record(network, entry_id)
        return rec.get("status") if rec else None

    def is_done(self, network: str, entry_id: str) -> bool:
        return self.status(network, entry_id) in DONE

    def with_status(self, network: str, status: str) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.records(network).items() if v.get("status") == status}

    # -- writing: every change is on disk before the call returns
    def mark(self, network: str, entry_id: str, status: str, **info: str) -> None:
        """Record and write at once: the file on disk is always a whole, valid state."""
        self.data["networks"].setdefault(network, {})[entry_id] = {"status": status, "at": now_text(), **info}
        self.save()

    def mark_many(self, network: str, entry_ids: list[str], status: str, **info: str) -> None:
        """Record many entries in one write (a first run records a whole feed)."""
        records = self.data["networks"].setdefault(network, {})
        at = now_text()
        for entry_id in entry_ids:
            records[entry_id] = {"status": status, "at": at, **info}
        self.save()

    def restore(self, network: str, entry_id: str, record: dict[str, Any] | None) -> None:
        """Put back an entry's earlier record (None: no record), e.g. after the account was refused."""
        records = self.data["networks"].setdefault(network, {})
        if record is None:
            records.pop(entry_id, None)
        else:
            records[entry_id] = record
        self.save()

    def save(self) -> None:
        try:
            self._write()
        except OSError as e:
            raise StateError(f"{self.path}: error: [syndicate] cannot write the state file ({e.strerror or e}); "
                             "check the folder's permissions and free space. The previous state is intact; an "
                             "entry whose 'posted' record could not be written stays 'pending' and is checked "
                             "with the server on the next run") from None  # fmt: skip

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=TEMP_SUFFIX, dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(self.path.parent)

    def close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing releases the flock
            self._lock_fd = None

    # -- housekeeping
    def _lock(self) -> None:
        """Two runs on one state would each post what the other has not recorded yet: one at a time."""
        folder = self.path.parent
        if not folder.is_dir():
            return  # nothing to protect yet; save() creates the folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"radsite syndicate: another run is using {self.path}; waiting for it to finish", file=sys.stderr)
            fcntl.flock(fd, fcntl.LOCK_EX)
        self._lock_fd = fd

    def _remove_leftovers(self) -> None:
        """Temporary files of a run killed mid-write (`.<name>.<random>.tmp`): never a valid state."""
        folder = self.path.parent
        if not folder.is_dir():
            return
        pattern = re.compile(re.escape(f".{self.path.name}.") + r"[A-Za-z0-9_]{6,}(" + re.escape(TEMP_SUFFIX) + ")?$")
        for leftover in folder.iterdir():
            if pattern.match(leftover.name) and leftover.is_file():
                leftover.unlink(missing_ok=True)


def _valid(data: Any) -> bool:
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("networks"), dict):
        return False
    for records in data["networks"].values():
        if not isinstance(records, dict):
            return False
        if not all(isinstance(r, dict) and isinstance(r.get("status"), str) for r in records.values()):
            return False
    return True


def _odd_record(data: dict[str, Any]) -> tuple[str, str, str] | None:
    for network, records in data["networks"].items():
        for entry_id, record in records.items():
            if record["status"] not in STATUSES:
                return network, entry_id, record["status"]
    return None


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable: without it a power cut can bring the old file back."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
