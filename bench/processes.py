"""`mkdocs build` with some of RadSite's forked processes run in this process instead, to measure
what each still buys (bench/run.py, "processes" rows).

    python -m bench.processes render,checks,audit   # in the project folder; the names to keep in process

`render`: the second render process (`plugin.forked_render`, as `render_in_parallel: false` does);
`checks`: the source checks' children (`source_checks.BuildChecks`); `audit`: the idle output audit
and its two-core last pass (`publish.idle_audit`, `publish.audit`). The work is the same, only where
it runs changes; the sites are compared by tests/test_one_process.py.
"""

from __future__ import annotations

import atexit
import os
import sys
from collections.abc import Callable
from typing import Any

from radsite import forking

PARTS = ("render", "checks", "audit")


class InProcess(forking.Forked[Any]):
    """`Forked` that runs its work here, at once, as it does where there is no fork."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self._fork = None
        self._outcome = forking._outcome(work)


def keep_in_process(parts: set[str]) -> None:
    """Patch the named mechanisms to run in this process."""
    if unknown := parts - set(PARTS):
        raise SystemExit(f"bench.processes: unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    if "render" in parts:
        import radsite.plugin.plugin as plugin

        plugin.CAN_FORK = False  # _fork returns None: one render process
    if "checks" in parts:
        import radsite.source_checks as source_checks

        source_checks.Forked = InProcess  # type: ignore[misc]
    if "audit" in parts:
        import radsite.publish.audit as audit
        import radsite.publish.idle_audit as idle_audit

        idle_audit.CAN_FORK = False
        audit.CAN_FORK = False


def count_forks() -> None:
    """Say at exit how many times this process forked (the children leave by os._exit, silently)."""
    forks = [0]
    real_fork = os.fork

    def fork() -> int:
        forks[0] += 1
        return real_fork()

    os.fork = fork
    atexit.register(lambda: print(f"bench.processes: {forks[0]} fork(s)", file=sys.stderr))


def main(argv: list[str]) -> None:
    keep_in_process({p for arg in argv[:1] for p in arg.split(",") if p})
    count_forks()
    from mkdocs.__main__ import cli

    cli(["build", *argv[1:]])


if __name__ == "__main__":
    main(sys.argv[1:])
