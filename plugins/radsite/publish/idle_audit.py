"""The output audit in a forked copy of the build that runs only on a core nothing else wants.

The audit costs CPU, and from the render on the build keeps both cores busy, except for moments:
one render process finishing before the other, Pagefind waiting on the kernel to create its files.
At the lowest priority (SCHED_IDLE) the audit takes exactly those moments and slows nothing down.

- Forked when the render starts: builds its patterns whenever a core is idle.
- `pages_written()`, once the render is done: it scans the pages while Pagefind indexes them, then
  each index file as soon as Pagefind has written it whole.
- `finish()`, once the build has written everything: the build now only waits for it, so it scans
  what is left (the feeds, the report, a changed file) on two cores and hands over its findings.
- If the build stops without either (it failed, it was interrupted), the copy ends without scanning.

Where there is no fork, `finish()` runs the whole audit in this process.
"""

from __future__ import annotations

import os
import select

from radsite.findings import Finding
from radsite.forking import CAN_FORK, ChildFailed, Forked, idle_priority, normal_priority
from radsite.publish.audit import Auditor

PAGES_WRITTEN, ALL_WRITTEN = b"p", b"a"  # what the build tells the copy, one byte each


class IdleAudit:
    def __init__(self, auditor: Auditor, index_folder: str) -> None:
        self.auditor = auditor
        self._work: Forked | None = None
        self._tell = -1  # this process's end of the pipe to the copy
        self._told = b""  # what it has been told
        self._findings: list[Finding] | None = None
        if not CAN_FORK:
            return
        told, self._tell = os.pipe()
        self._work = Forked(lambda: self._audit_as_told(told, index_folder))
        os.close(told)

    def pages_written(self) -> None:
        """The render is done: scan the pages, and the search index while Pagefind writes it."""
        self._say(PAGES_WRITTEN)

    def finish(self) -> list[Finding]:
        """Everything is written: the findings, once every file is scanned."""
        if self._findings is None:
            self._findings = self._finish()
        return self._findings

    def cancel(self) -> None:
        """The build failed: stop the audit now."""
        if self._work is not None:
            self._work.cancel()
            self._work = None
        self._close()

    def _audit_as_told(self, told: int, index_folder: str) -> tuple[list[Finding], set[bytes], int, bytes]:  # the copy only
        os.close(self._tell)
        idle_priority()
        auditor = self.auditor
        auditor.prepare()
        if os.read(told, 1) != PAGES_WRITTEN:  # the pipe closed: the build stopped
            return [], set(), 0, b""
        auditor.scan(auditor.unscanned(exclude=index_folder))
        auditor.scan_while_written(index_folder, lambda: not select.select([told], [], [], 0)[0])
        if os.read(told, 1) != ALL_WRITTEN:
            return [], set(), 0, b""
        normal_priority()  # if allowed; if not, idle priority costs nothing while the build waits for this alone
        auditor.scan_on_two_cores(auditor.unscanned())
        return auditor.leaks, auditor.clean, auditor.skipped, auditor.key()

    def _finish(self) -> list[Finding]:
        if self._work is None:  # no fork here: the whole audit, now
            self.auditor.scan_on_two_cores(self.auditor.unscanned())
            self.auditor.remember_clean()
            return self.auditor.findings()
        self._say(PAGES_WRITTEN)
        self._say(ALL_WRITTEN)
        self._close()
        work, self._work = self._work, None
        try:
            self.auditor.leaks, self.auditor.clean, self.auditor.skipped, key = work.result()
        except ChildFailed as failed:
            raise RuntimeError(f"the output audit's process failed: {failed}") from None
        if key:  # the copy stopped early: nothing to remember
            self.auditor.remember_clean(key)
        return self.auditor.findings()

    def _say(self, what: bytes) -> None:
        if self._tell >= 0 and what not in self._told:
            os.write(self._tell, what)  # a byte or two into a pipe the copy reads: never blocks
            self._told += what

    def _close(self) -> None:
        if self._tell >= 0:
            os.close(self._tell)
            self._tell = -1
