"""Build into a staging folder and swap it in only when everything passed.

A failed build (content errors, a leak found by the audit, a crash) must leave the previous site
exactly as it was, so nothing is written to the real output folder until the very end.
"""

from __future__ import annotations

import glob
import itertools
import os
import re
import shutil
import threading
from pathlib import Path

OLD = ".radsite-old"  # the replaced site, until it is deleted
_promotions = itertools.count()


def staging_dir(site_dir: Path) -> Path:
    site_dir = Path(site_dir)
    return site_dir.with_name(site_dir.name + ".radsite-staging")


def site_label(staging: Path) -> str:
    """How messages name the output folder: the site it will become, not the staging folder."""
    name = Path(staging).name
    return name.removesuffix(".radsite-staging")


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


def discard(staging: Path) -> None:
    if Path(staging).exists():
        shutil.rmtree(staging, ignore_errors=True)
