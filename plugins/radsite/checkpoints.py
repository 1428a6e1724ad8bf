"""Cooperative cancellation: a long step calls `checkpoint()` between its units of work.

`mkdocs serve` stops a rebuild that a newer save has made pointless (radsite.plugin.serve_preview
installs the check that raises); a build, a check or a test installs nothing, and a checkpoint is
then a no-op. Whatever raises from a checkpoint ends the build as any error does: the staging
folder is discarded and the site being served stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable

_check: Callable[[], None] | None = None


def install(check: Callable[[], None] | None) -> None:
    """The check every checkpoint calls from now on (None: none)."""
    global _check
    _check = check


def active() -> bool:
    """Whether a check is installed (a step that waits polls only then)."""
    return _check is not None


def checkpoint() -> None:
    if _check is not None:
        _check()
