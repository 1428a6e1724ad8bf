"""Build into a staging folder and swap it in only when everything passed.

A failed build (content errors, a leak found by the audit, a crash) must leave the previous site
exactly as it was, so nothing is written to the real output folder until the very end.

Each build stages in a folder of its own (`site.radsite-staging-<pid>-<random>`): with one fixed
name, a second build started meanwhile deleted the first one's staging folder at its start, and
the site was torn. Builds of one site take turns (radsite.publish.lock); the one holding the turn
removes what interrupted builds left (`discard_stale`).
"""

from __future__ import annotations

import glob
import itertools
import os
import re
import secrets
import shutil
import threading
from pathlib import Path

OLD = ".radsite-old"  # the replaced site, until it is deleted
STAGING = ".radsite-staging"
_promotions = itertools.count()
_STAGING_SUFFIX = re.compile(re.escape(STAGING) + r"(-\d+-[0-9a-f]+)?$")


def staging_dir(site_dir: Path) -> Path:
    """A staging folder beside `site_dir` that no other build uses."""
    site_dir = Path(site_dir)
    return site_dir.with_name(f"{site_dir.name}{STAGING}-{os.getpid()}-{secrets.token_hex(4)}")


def site_label(staging: Path) -> str:
    """How messages name the output folder: the site it will become, not the staging folder."""
    return _STAGING_SUFFIX.sub("", Path(staging).name)


def stale_staging(site_dir: Path) -> list[Path]:
    """Staging folders of `site_dir` that builds left behind (killed, or crashed before cleaning up)."""
    site_dir = Path(site_dir)
    ours = re.compile(re.escape(site_dir.name) + _STAGING_SUFFIX.pattern)
    pattern = glob.escape(site_dir.name) + STAGING + "*"
    return sorted(p for p in site_dir.parent.glob(pattern) if ours.fullmatch(p.name) and p.is_dir())


def discard_stale(site_dir: Path, keep: Path) -> None:
    """Remove what interrupted builds left; only while holding the build lock, so none is running."""
    for folder in stale_staging(site_dir):
        if folder != Path(keep):
            shutil.rmtree(folder, ignore_errors=True)


def promote(staging: Path, site_dir: Path) -> threading.Thread | None:
    """Replace `site_dir` by `staging`: two renames, so readers never see a half-written site.

    The old site (and any left by an interrupted run) is deleted by a thread, so a rebuild in
    `mkdocs serve` does not wait for it (1 to 3 s for thousands of pages); a command waits for it
    before it exits. The thread is returned for who must wait.
    """
    staging, site_dir = Path(staging), Path(site_dir)
    if site_dir.exists():
        site_dir.rename(site_dir.with_name(f"{site_dir.name}{OLD}-{os.getpid()}-{next(_promotions)}"))
    staging.rename(site_dir)
    ours = re.compile(re.escape(site_dir.name + OLD) + r"(-\d+-\d+)?")  # never a neighbour of a similar name
    old = sorted(p for p in site_dir.parent.glob(glob.escape(site_dir.name) + OLD + "*") if ours.fullmatch(p.name))
    if not old:
        return None
    deleting = threading.Thread(target=_delete, args=(old,), name="radsite: delete the old site")
    deleting.start()
    return deleting


def _delete(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def discard(staging: Path, *, wait: bool = True) -> None:
    """Delete a staging folder; `wait=False` deletes it in a thread (serve's cancelled rebuild: the
    next one starts at once, and its `discard_stale` takes whatever is left)."""
    if not Path(staging).exists():
        return
    if wait:
        shutil.rmtree(staging, ignore_errors=True)
    else:
        threading.Thread(target=_delete, args=([Path(staging)],), name="radsite: delete a cancelled build").start()
