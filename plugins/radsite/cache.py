"""A content-digest cache: what a build derived from a source's bytes, reused while the bytes are the same.

A warm build skips the work whose inputs did not change (front matter parse and validation, the PHI
guard, the reading grade, image re-encoding), the way Astro's content layer does. Each entry is keyed
by the blake2b digest of its source bytes, the options that affect the result and a salt (RadSite's
code, the dependency lock): change any of them and the entry is simply not found. The cache holds
derived facts about inputs, never decisions: visibility and the published list depend on `now` and
are computed fresh by every build.

Entries live in one SQLite file, `.radsite/cache/entries.sqlite` beside mkdocs.yml (gitignored,
safe to delete) and, for `mkdocs serve`, in memory too. One file, because a cold build stores about
four entries per page and creating 9,000 small files cost 6 of its CPU seconds; new entries are
written together, in one transaction (`flush`, at the end of a build). An entry stores its own key:
one that does not unpickle, or whose stored key differs from the one asked for, is ignored and
recomputed, never trusted; a database that cannot be read is set aside and started again. Values are
kept pickled, in memory too, so a caller that changes what it got cannot change the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import sqlite3
import time
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import radsite

T = TypeVar("T")

CACHE_DIR = Path(".radsite") / "cache"  # beside mkdocs.yml
DATABASE = "entries.sqlite"
FLUSH_EVERY = 2000  # new entries held in memory before they are written
FLUSH_BYTES = 32 << 20  # or this many bytes of them (pictures)
_MISS = object()
PRUNE_AFTER_DAYS = 30  # an entry read or written since then is kept
USED_REFRESH_S = 86400  # how stale an entry's last-used time may get before a read marks it again


def digest(*parts: bytes) -> bytes:
    """blake2b over length-prefixed parts, so that no two different lists of parts collide."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.digest()


def fingerprint(lock_file: Path | None, code: Iterable[Path] = ()) -> bytes:
    """The salt of every key: RadSite's version, source code and package data, the dependency lock, and `code`
    (the modules of a project's own collections), so an upgrade or an edit of them misses."""
    parts = [radsite.__version__.encode()]
    package = Path(radsite.__file__).parent
    data = ("*.py", "*.txt", "*.gz", "*.yml", "*.json")  # code, and the data it reads (name lists, locales)
    files = sorted(f for pattern in data for f in package.rglob(pattern) if "__pycache__" not in f.parts)
    files += sorted({Path(p) for p in code})
    for file in files:
        parts += [file.as_posix().encode(), _read(file)]
    parts.append(_read(lock_file) if lock_file is not None else b"no lock")
    parts.append(_installed().encode())  # a project without the lock file: what is installed
    return digest(*parts)


def _installed() -> str:
    """Name and version of RadSite's direct dependencies as installed (Pillow, PyYAML, pydantic...)."""
    try:
        requirements = metadata.requires("radsite") or []
    except metadata.PackageNotFoundError:
        return "radsite not installed"
    names = sorted({re.split(r"[\s;<>=!~\[(]", line, maxsplit=1)[0] for line in requirements if "extra ==" not in line})
    found = []
    for name in names:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} missing")
    return " ".join(found)


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError:
        return b"unreadable"


class Cache:
    """Entries by key, in memory and (when `folder` is set) on disk; `Cache(None)` remembers nothing."""

    def __init__(self, folder: Path | None, salt: bytes = b"", *, remember: bool = True) -> None:
        self.folder = folder
        self.salt = salt
        self.remember = remember  # in memory across builds (serve); off for a cache that is a no-op
        self._memory: dict[bytes, bytes] = {}
        self._pending: dict[bytes, bytes] = {}  # stored since the last flush
        self._pending_bytes = 0
        self._used: set[bytes] = set()  # read from disk since the last flush: `prune` keeps them
        self._db: sqlite3.Connection | None = None
        self._db_pid = 0
        self.hits = 0
        self.misses = 0

    def key(self, kind: str, data: bytes, options: tuple[object, ...]) -> bytes:
        """The key of `data`'s entry of `kind`; `options` must have a stable repr (str, int, float, tuples)."""
        return digest(self.salt, kind.encode(), repr(options).encode(), hashlib.blake2b(data).digest())

    def memo(self, kind: str, data: bytes, options: tuple[object, ...], compute: Callable[[], T], *,
             count: bool = True, memory: bool = True) -> T:  # fmt: skip
        """The cached result of `compute` for these bytes and options, or `compute()` stored for next time.

        `count=False`: not in `hits`/`misses`, which count the sources' entries (files loaded, guarded).
        `memory=False`: on disk only, not kept in this process's memory (large values: pictures)."""
        if self.folder is None and not self.remember:
            return compute()
        key = self.key(kind, data, options)
        found = self._get(key, memory)
        if found is not _MISS:
            self.hits += count
            return found  # type: ignore[return-value]
        self.misses += count
        value = compute()
        self._put(key, value, memory)
        return value

    def lookup(self, kind: str, data: bytes, options: tuple[object, ...], *, count: bool = True) -> Any:
        """The stored value, or None when there is none (for callers that compute misses together).

        `count=False`: not in `hits`/`misses` (the page cache counts its pages itself)."""
        if self.folder is None and not self.remember:
            return None
        found = self._get(self.key(kind, data, options))
        if count:
            self.hits += found is not _MISS
            self.misses += found is _MISS
        return None if found is _MISS else found

    def store(self, kind: str, data: bytes, options: tuple[object, ...], value: object) -> None:
        if self.folder is not None or self.remember:
            self._put(self.key(kind, data, options), value)

    def _get(self, key: bytes, memory: bool = True) -> object:
        blob = self._memory.get(key) or self._pending.get(key)
        if blob is None:
            blob = self._read(key)
        if blob is None:
            return _MISS
        try:
            stored_key, value = pickle.loads(blob)
        except Exception:  # a damaged or foreign entry is a miss, whatever it raises
            return _MISS
        if stored_key != key:
            return _MISS
        if self.remember and memory:
            self._memory[key] = blob
        return value

    def _put(self, key: bytes, value: object, memory: bool = True) -> None:
        try:
            blob = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return  # not picklable: computed again next time
        if self.remember and (memory or self.folder is None):
            self._memory[key] = blob
        if self.folder is not None:
            self._pending[key] = blob
            self._pending_bytes += len(blob)
            if len(self._pending) >= FLUSH_EVERY or self._pending_bytes >= FLUSH_BYTES:
                self.flush()

    # -- the database ---------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection | None:
        """This process's connection (a forked child opens its own: a connection must not cross a
        fork), or None when the database cannot be opened at all (the cache is then memory only)."""
        if self.folder is None:
            return None
        if self._db is not None and self._db_pid == os.getpid():
            return self._db
        if self._db is not None:
            _INHERITED.append(self._db)  # the parent's: never used or closed here
        self._db, self._db_pid = None, os.getpid()
        path = self.folder / DATABASE
        for attempt in range(2):
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=60, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")  # a reader never waits for the other process's writes
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY, value BLOB NOT NULL, used REAL NOT NULL)")
                self._db = db
                return db
            except sqlite3.DatabaseError:  # not a database (damaged, or something else): start again
                if attempt == 0:
                    _set_aside(path)
            except OSError:
                return None
        return None

    def _read(self, key: bytes) -> bytes | None:
        db = self._connection()
        if db is None:
            return None
        try:
            row = db.execute("SELECT value, used FROM entries WHERE key = ?", (key,)).fetchall()
        except sqlite3.Error:
            return None
        if not row or not isinstance(row[0][0], bytes):
            return None
        if not isinstance(row[0][1], (int, float)) or row[0][1] < time.time() - USED_REFRESH_S:
            self._used.add(key)  # marked again at most once a day: an hourly build rewrites no row it only read
        return row[0][0]

    def flush(self) -> None:
        """Write the entries stored since the last flush, in one transaction, and mark the ones read
        as in use (a read-only or full disk makes the cache cold, never the build wrong)."""
        pending, used = self._pending, self._used
        self._pending, self._used, self._pending_bytes = {}, set(), 0
        db = self._connection()
        if db is None or not (pending or used):
            return
        now = time.time()
        try:
            with contextlib.closing(db.cursor()) as cursor:
                cursor.execute("BEGIN IMMEDIATE")
                cursor.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                                   [(k, v, now) for k, v in pending.items()])  # fmt: skip
                cursor.executemany("UPDATE entries SET used = ? WHERE key = ?", [(now, k) for k in used - pending.keys()])
                cursor.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")

    def prune(self, max_age_days: float = PRUNE_AFTER_DAYS) -> None:
        """Flush, then remove entries no build has used for `max_age_days` (old versions of edited files)."""
        self.flush()
        db = self._connection()
        if db is None:
            return
        with contextlib.suppress(sqlite3.Error):
            db.execute("DELETE FROM entries WHERE used < ?", (time.time() - max_age_days * 86400,))


_INHERITED: list[sqlite3.Connection] = []  # connections a forked child got from its parent: kept, never closed


def _set_aside(path: Path) -> None:
    """A cache file that is not a database is moved out of the way (kept for a look, never read)."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.replace(f"{path}{suffix}", f"{path}{suffix}.damaged")


def for_project(root: Path, code: Iterable[Path] = (), previous: Cache | None = None) -> Cache:
    """The cache of the project whose mkdocs.yml is in `root`; `previous` (serve's last rebuild) is
    kept, with what it holds in memory, while its folder and salt still apply."""
    folder, salt = root / CACHE_DIR, fingerprint(root / "requirements.lock", code)
    if previous is not None and previous.folder == folder and previous.salt == salt:
        previous.hits = previous.misses = 0  # counted per build
        return previous
    return Cache(folder, salt)


_current = Cache(None, remember=False)


def current() -> Cache:
    """The cache of the build in progress (a no-op cache when no front end set one up)."""
    return _current


def activate(cache: Cache | None) -> None:
    """The front end sets the build's cache before loading (`None`: no cache)."""
    global _current
    _current = cache if cache is not None else Cache(None, remember=False)
