"""A forked copy of this process with a pipe back to its parent: how a build uses its second core.

The child starts with everything the parent had loaded (the content, the decision, MkDocs' state),
so nothing is pickled to disk and nothing is imported again; it sends one result back and leaves
at once, without running the parent's clean-up. RadSite's one use of it is a share of the item
pages of a `mkdocs build` (`plugin.forked_render`); the source checks and the output audit run in
the build's own process, made cheap on warm builds by the content-digest cache (bench/README.md).

Forking is safe only where the platform supports it in a process that may have loaded native
libraries (Linux: macOS's system frameworks are not fork-safe, so Python's own multiprocessing
stopped forking there) and only while no other thread runs (a lock a thread held at the fork stays
held in the child forever): `can_fork()` checks both at the moment of forking.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from typing import NoReturn, TypeVar

T = TypeVar("T")

CAN_FORK = hasattr(os, "fork") and sys.platform.startswith("linux")  # elsewhere the work runs in this process


def can_fork() -> bool:
    """Whether forking now is safe: a platform where it is, and no thread but this one."""
    return CAN_FORK and threading.active_count() == 1


class ChildFailed(Exception):
    """The child's work raised (the message is its traceback), or the child left without a result."""


class Fork:
    """`Fork()` returns in both processes; `is_child` tells which one this is.

    The child calls `send` once (it does not return); the parent calls `receive` once, or `kill`.
    """

    def __init__(self) -> None:
        sys.stdout.flush()
        sys.stderr.flush()  # the child must not print again what the parent had buffered
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        self.is_child = self.pid == 0
        os.close(read_end if self.is_child else write_end)
        self._fd = write_end if self.is_child else read_end

    def send(self, value: object, status: int = 0) -> NoReturn:
        """In the child: hand `value` to the parent and leave at once."""
        try:
            with os.fdopen(self._fd, "wb") as pipe:
                pickle.dump(value, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            os._exit(status)

    def receive(self) -> object:
        """In the parent: wait for the child's value; `ChildFailed` if there is none."""
        try:
            with os.fdopen(self._fd, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(self.pid, 0)
        finally:
            self._fd, self.pid = -1, 0
        try:
            return pickle.loads(data)
        except Exception:  # nothing, or half a result
            status = os.waitstatus_to_exitcode(status)
            raise ChildFailed(f"the process ended without a result (exit status {status})") from None

    def kill(self) -> None:
        """In the parent: stop the child now (its result is not wanted)."""
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except ProcessLookupError:
                pass
            self.pid = 0
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
