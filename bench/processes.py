"""`mkdocs build` with the forked render kept in this process, to measure what it still buys
(bench/run.py, "processes" rows), and to count the forks of a build.

    python -m bench.processes render   # in the project folder; the names to keep in process

`render`: the second render process (`plugin.forked_render`), as `render_in_parallel: false` does.
It is the build's one forked process: the source checks and the output audit run in the build's own
process. The work is the same, only where it runs changes; the sites are compared by
tests/test_one_process.py.
"""

from __future__ import annotations

import atexit
import os
import sys

from radsite import forking

PARTS = ("render",)


def keep_in_process(parts: set[str]) -> None:
    """Patch the named mechanisms to run in this process."""
    if unknown := parts - set(PARTS):
        raise SystemExit(f"bench.processes: unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    if "render" in parts:
        forking.CAN_FORK = False  # forking.can_fork() says no: one render process


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
