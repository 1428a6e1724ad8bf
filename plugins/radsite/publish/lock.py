"""One build at a time per site folder: an exclusive lock file beside it.

Two builds of one site at once (a save during a build in `serve`, two CI steps) each swapped their
own result in and deleted the other's folders, and both reported success over a torn or missing
site. So a build takes `site.radsite.lock` (an flock, through the filelock package) before it
touches anything beside the site folder, and gives it back once the site is swapped in or the
build failed. A second build waits for it and says so. The operating system drops the lock of a
process that dies, so a killed build never blocks the next one.

`mkdocs serve` builds into a temporary folder, but takes the lock of the site folder its
mkdocs.yml names, for each rebuild only: a `mkdocs build` of the same project waits for a rebuild
in progress, never for the whole life of the server.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from filelock import FileLock, Timeout

from radsite.settings import read_mkdocs_yml

WAITING = "another RadSite build is running in this folder; waiting"


class LockError(Exception):
    """The lock file cannot be made or opened; the message says which and what to do."""


def lock_path(site_dir: Path) -> Path:
    site_dir = Path(site_dir)
    return site_dir.with_name(site_dir.name + ".radsite.lock")


def configured_site_dir(config_file: str | None, default: Path) -> Path:
    """The site folder an mkdocs.yml names (`site_dir`, default `site`, relative to the file), read
    without MkDocs: `serve` replaces it by a temporary folder before the plugin sees the config."""
    if not config_file:
        return Path(default)
    path = Path(config_file)
    try:
        data = read_mkdocs_yml(path)
    except (OSError, yaml.YAMLError):
        return Path(default)
    site_dir = data.get("site_dir")
    return path.parent / (site_dir if isinstance(site_dir, str) and site_dir else "site")


class BuildLock:
    """The turn of one build of the site in `site_dir`; acquire before the build, release after it."""

    def __init__(self, site_dir: Path) -> None:
        self.path = lock_path(site_dir)
        # thread_local=False: the turn belongs to the build, whichever thread of `serve` ends it.
        self._lock = FileLock(str(self.path), thread_local=False)

    def acquire(self, say: Callable[[str], object] = print) -> None:
        """Take the turn; when another build has it, say so once and wait for it.

        Raises LockError, with what to do, when the lock file cannot be made or opened.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._lock.acquire(timeout=0)
            except Timeout:
                say(WAITING)
                self._lock.acquire()
        except OSError as e:
            raise LockError(
                f"{self.path}: the build lock cannot be taken ({e.strerror or e}); RadSite keeps this file "
                "beside the site folder so that two builds never write it at once: remove whatever is in "
                "its place, or make the folder writable"
            ) from None

    def try_acquire(self) -> bool:
        """Take the turn if it is free, without waiting (serve's preview: a build that waits for
        another one is the whole build)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock.acquire(timeout=0)
        except (Timeout, OSError):
            return False
        return True

    def release(self) -> None:
        """Give the turn back; harmless when not held (a failed build may release twice)."""
        if self._lock.is_locked:
            self._lock.release(force=True)

    @property
    def held(self) -> bool:
        return self._lock.is_locked
