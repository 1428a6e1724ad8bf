"""A CPU-time budget for one pass over a body's Markdown: its cost cannot be told from its length.

Python-Markdown's inline patterns and the HTML parser it uses are quadratic on some texts a few
kilobytes long: thousands of unmatched "[", backslashes or unclosed "<a " in one paragraph ran for
minutes, while a 1 MB page of prose renders in under two seconds. No count of characters tells the
two apart without refusing long pages a department really writes, so each pass gets CPU time
instead (`MAX_CPU_S`), and a body over it is an error that names the paragraph most likely at
fault. A body found over budget is remembered by its digest, so every later pass over the same
text (links, the page, the feeds) refuses it at once instead of spending the budget again.

The budget is the process's CPU time (`ITIMER_VIRTUAL`): a loaded CI machine does not make a page
fail. It needs the main thread and a system with `setitimer`; elsewhere a pass runs unbudgeted.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import signal
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

from radsite.findings import Finding

MAX_CPU_S = 5.0
T = TypeVar("T")
_PAIRED = re.compile(r"[\[\]<>\\`*_&!()]")  # what Markdown's inline patterns try to pair up
_slow: dict[bytes, TooSlow] = {}
_armed = False
_previous: object = signal.SIG_DFL  # the handler before arm(), put back by disarm()


class TooSlow(Exception):
    """A body that took more than MAX_CPU_S of one pass; `finding(path, body_line)` places it in its file."""

    def __init__(self, text: str) -> None:
        self.offset, count = _densest_paragraph(text)
        self.message = (
            f"Markdown needed more than {MAX_CPU_S:g} s of CPU time for this page and was stopped: the "
            f"paragraph at this line holds {count:,} of the characters Markdown tries to pair up "
            "( [ ] < > \\ ` * _ & ), which costs it time out of all proportion to the text's length; "
            "split that paragraph, remove the runs of those characters, or put such text in a code block"
        )
        super().__init__(self.message)

    def finding(self, path: str, body_line: int) -> Finding:
        return Finding(path, body_line + self.offset, "render", self.message)


def known_slow(text: str) -> TooSlow | None:
    """The error of a body already found over budget in this process, or None."""
    return _slow.get(_key(text))


def budgeted(run: Callable[[str], T], text: str) -> T:
    """`run(text)` within the budget; TooSlow if it ran over, or if this text ran over before."""
    if (slow := known_slow(text)) is not None:
        raise slow
    with cpu_budget(text):
        return run(text)


@contextlib.contextmanager
def cpu_budget(text: str) -> Iterator[None]:
    """Stop the block with TooSlow once it used MAX_CPU_S. Inside another budget, the outer one governs."""
    if not arm(text):
        yield
        return
    try:
        yield
    finally:
        disarm()


def arm(text: str, error: Callable[[TooSlow], BaseException] | None = None) -> bool:
    """Start the budget for a pass over `text` (MkDocs' page render, between two plugin events);
    False where it cannot run here, or runs already. `disarm()` ends it."""
    global _armed, _previous
    if _armed or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False

    def over(signum: int, frame: object) -> None:
        disarm()
        slow = _slow.setdefault(_key(text), TooSlow(text))
        raise (error or (lambda e: e))(slow)

    _previous = signal.signal(signal.SIGVTALRM, over)
    signal.setitimer(signal.ITIMER_VIRTUAL, MAX_CPU_S)
    _armed = True
    return True


def disarm() -> None:
    global _armed
    if _armed:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, _previous)  # type: ignore[arg-type]
        _armed = False


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _densest_paragraph(text: str) -> tuple[int, int]:
    """(line offset, count) of the paragraph with the most characters Markdown pairs up."""
    best = (0, 0)
    start, count = 0, 0
    for n, line in enumerate([*text.split("\n"), ""]):
        if line.strip():
            count += len(_PAIRED.findall(line))
            continue
        if count > best[1]:
            best = (start, count)
        start, count = n + 1, 0
    return best
