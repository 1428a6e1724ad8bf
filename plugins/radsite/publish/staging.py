"""Build into a staging folder and swap it in only when everything passed.

A failed build (content errors, a leak found by the audit, a crash) must leave the previous site
exactly as it was, so nothing is written to the real output folder until the very end.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def staging_dir(site_dir: Path) -> Path:
    site_dir = Path(site_dir)
    return site_dir.with_name(site_dir.name + ".radsite-staging")


def site_label(staging: Path) -> str:
    """How messages name the output folder: the site it will become, not the staging folder."""
    name = Path(staging).name
    return name.removesuffix(".radsite-staging")


def promote(staging: Path, site_dir: Path) -> None:
    """Replace `site_dir` by `staging`: two renames, so readers never see a half-written site."""
    staging, site_dir = Path(staging), Path(site_dir)
    old = site_dir.with_name(site_dir.name + ".radsite-old")
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    if Path(staging).exists():
        shutil.rmtree(staging, ignore_errors=True)
