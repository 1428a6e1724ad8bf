"""A forked copy of this process with a pipe back to its parent: how a build uses its second core.

The child starts with everything the parent had loaded (the content, the decision, MkDocs' state),
so nothing is pickled to disk and nothing is imported again; it sends one result back and leaves
at once, without running the parent's clean-up. RadSite uses it for the source checks beside the
load and the render (`source_checks`), a share of the item pages (`plugin.forked_render`) and the
output audit (`publish.idle_audit`, and its last pass on two cores in `publish.audit`).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from typing import Generic, NoReturn, TypeVar

T = TypeVar("T")

CAN_FORK = hasattr(os, "fork")  # POSIX; elsewhere the work runs in this process


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


class Forked(Generic[T]):
    """`work()` run in a forked copy of this process (here, where there is no fork); `result()`
    waits for its value."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._fork: Fork | None = None
        self._outcome: tuple[str, object] | None = None
        if not CAN_FORK:
            self._outcome = _outcome(work)
            return
        self._fork = Fork()
        if self._fork.is_child:
            self._fork.send(_outcome(work))

    def result(self) -> T:
        """The work's value; `ChildFailed` with its traceback if it raised, or if the child died."""
        if self._outcome is None and self._fork is not None:
            self._outcome = self._fork.receive()  # type: ignore[assignment]
        kind, value = self._outcome  # type: ignore[misc]
        if kind != "ok":
            raise ChildFailed(value)
        return value  # type: ignore[return-value]

    def cancel(self) -> None:
        """The result is not wanted: stop the child now."""
        if self._fork is not None:
            self._fork.kill()

    def idle(self) -> None:
        """From now on the child runs only on a core nothing else wants (it is no longer urgent)."""
        if self._fork is not None and self._fork.pid:
            idle_priority(self._fork.pid)


def idle_priority(pid: int = 0) -> None:
    """Let process `pid` (0: this one) run only on a core nothing else wants: SCHED_IDLE on Linux,
    nice 19 elsewhere. Any process may lower its own or its children's priority."""
    try:
        os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, 19)


def normal_priority() -> None:
    """This process back to normal scheduling, where that is allowed (root, or a raised RLIMIT_NICE)."""
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))


def _outcome(work: Callable[[], object]) -> tuple[str, object]:
    try:
        return "ok", work()
    except BaseException:  # any failure is the caller's to report
        return "failed", traceback.format_exc()
