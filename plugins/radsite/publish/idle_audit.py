"""The output audit in a forked copy of the build that runs only on a core nothing else wants.

The audit costs CPU, and from the render on the build keeps both cores busy, except for moments:
one render process finishing before the other, Pagefind waiting on the kernel to create its files.
At the lowest priority (SCHED_IDLE) the audit takes exactly those moments and slows nothing down.

- Forked when the render starts: builds its patterns whenever a core is idle.
- `pages_written()`, once the render is done: it scans the pages while Pagefind indexes them, then
  each index file as soon as Pagefind has written it whole.
- `finish()`, once the build has written everything: the build now only waits for it, so it scans
  what is left (the feeds, the report, a changed file) on two cores and hands over its findings.

Where there is no fork, `finish()` runs the whole audit in this process.
"""

from __future__ import annotations

import contextlib
import os
import select

from radsite.findings import Finding
from radsite.forking import CAN_FORK, ChildFailed, Forked
from radsite.publish.audit import Auditor

_PAGES_WRITTEN = b"w"


class IdleAudit:
    def __init__(self, auditor: Auditor, index_folder: str) -> None:
        self.auditor = auditor
        self._work: Forked | None = None
        self._tell = -1  # the parent's end of the pipe: a byte when the pages are written, closed at the end
        self._findings: list[Finding] | None = None
        if not CAN_FORK:
            return
        told, self._tell = os.pipe()
        self._work = Forked(lambda: self._audit_when_told(told, index_folder))
        os.close(told)

    def _audit_when_told(self, told: int, index_folder: str) -> list[Finding]:  # the child only
        os.close(self._tell)
        _lowest_priority()
        auditor = self.auditor
        auditor.prepare()
        if os.read(told, 1) == _PAGES_WRITTEN:  # nothing (closed): the build skipped straight to the end
            auditor.scan(auditor.unscanned(exclude=index_folder))
            auditor.scan_while_written(index_folder, lambda: not select.select([told], [], [], 0)[0])
        _normal_priority()  # if allowed; if not, idle priority costs nothing while the build waits for this alone
        auditor.scan_on_two_cores(auditor.unscanned())
        return auditor.leaks

    def pages_written(self) -> None:
        """The render is done: scan the pages, and the search index while Pagefind writes it."""
        if self._tell >= 0:
            os.write(self._tell, _PAGES_WRITTEN)  # one byte into an empty pipe: never blocks

    def finish(self) -> list[Finding]:
        """Everything is written: the findings, once every file is scanned."""
        if self._findings is None:
            self._findings = self._finish()
        return self._findings

    def _finish(self) -> list[Finding]:
        if self._work is None:  # no fork here: the whole audit, now
            self.auditor.scan_on_two_cores(self.auditor.unscanned())
            return self.auditor.findings()
        work, self._work = self._work, None
        os.close(self._tell)
        self._tell = -1
        try:
            self.auditor.leaks = work.result()  # type: ignore[assignment]
        except ChildFailed as failed:
            raise RuntimeError(f"the output audit's process failed: {failed}") from None
        return self.auditor.findings()

    def cancel(self) -> None:
        """The build failed: stop the audit now."""
        if self._work is not None:
            self._work.cancel()
            self._work = None
        if self._tell >= 0:
            os.close(self._tell)
            self._tell = -1


def _lowest_priority() -> None:
    """Run only when a core would otherwise be idle (SCHED_IDLE on Linux; elsewhere nice 19)."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        with contextlib.suppress(OSError):
            os.nice(19)


def _normal_priority() -> None:
    """Back to normal scheduling where that is allowed (root, or a raised RLIMIT_NICE)."""
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
