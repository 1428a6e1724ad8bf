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

Time is one limit; depth is the other. Markdown's inline step builds its tree without recursion, so a
run of fifty thousand `*` becomes emphasis nested twenty-five thousand deep, and the steps after it
(the table of contents, serialising) recurse once per level: RecursionError. `DepthLimitExtension`,
in every Markdown instance RadSite and MkDocs make, measures the tree right after the inline step
and refuses a body nested deeper than MAX_TREE_DEPTH (`TooDeep`), the same way as one too slow.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from radsite.findings import Finding

MAX_CPU_S = 5.0
MAX_TREE_DEPTH = 200  # elements inside elements; a real page stays under 40, Python's recursion ends near 1,000
T = TypeVar("T")
_PAIRED = re.compile(r"[\[\]<>\\`*_&!()]")  # what Markdown's inline patterns try to pair up
_slow: dict[bytes, TooSlow] = {}
_armed = False
_previous: object = signal.SIG_DFL  # the handler before arm(), put back by disarm()
_text: str | None = None  # the body arm() watches (DepthLimit refuses it)
_error: Callable[[TooSlow], BaseException] | None = None  # what arm() raises for it


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


class TooDeep(TooSlow):
    """A body whose Markdown nests elements more than MAX_TREE_DEPTH deep: refused like one too slow."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.message = (
            f"Markdown nests this page's elements more than {MAX_TREE_DEPTH} levels deep, which it cannot "
            "render: the paragraph at this line holds long runs of the characters it pairs up "
            "( * _ [ ] < > ` ); a run of `*` or `_` becomes emphasis inside emphasis, one level per pair. "
            "Remove the runs, or put such text in a code block"
        )
        self.args = (self.message,)


def known_slow(text: str) -> TooSlow | None:
    """The error of a body already found over budget in this process, or None."""
    return _slow.get(_key(text))


def budgeted(run: Callable[[str], T], text: str) -> T:
    """`run(text)` within the budget; TooSlow if it ran over, or if this text ran over before."""
    if (slow := known_slow(text)) is not None:
        raise slow
    with cpu_budget(text):
        try:
            return run(text)
        except RecursionError:  # a step of Markdown's that recursed past Python's limit
            raise _slow.setdefault(_key(text), TooDeep(text)) from None


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
    False when one runs already (the outer one governs). `disarm()` ends it. The depth limit holds
    everywhere; the CPU time only where a timer can run (the main thread, a system with `setitimer`)."""
    global _armed, _previous, _text, _error
    if _armed or _text is not None:
        return False
    _text, _error = text, error
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return True

    def over(signum: int, frame: object) -> None:
        disarm()
        slow = _slow.setdefault(_key(text), TooSlow(text))
        raise (error or (lambda e: e))(slow)

    _previous = signal.signal(signal.SIGVTALRM, over)
    signal.setitimer(signal.ITIMER_VIRTUAL, MAX_CPU_S)
    _armed = True
    return True


def disarm() -> None:
    global _armed, _text, _error
    _text, _error = None, None
    if _armed:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, _previous)  # type: ignore[arg-type]
        _armed = False


class DepthLimitExtension(Extension):
    """Refuses a tree nested deeper than MAX_TREE_DEPTH, right after Markdown's inline step (priority
    20) and before every step that recurses (prettify at 10, the table of contents, serialising)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_DepthLimit(md), "radsite_depth_limit", 19)


def with_depth_limit(extensions: Iterable[Any]) -> list[Any]:
    """`extensions` and the depth limit: what every Markdown instance is made with."""
    kept = [e for e in extensions if not isinstance(e, DepthLimitExtension)]
    return [*kept, DepthLimitExtension()]


class _DepthLimit(Treeprocessor):
    def run(self, root: Element) -> None:
        if tree_depth(root) > MAX_TREE_DEPTH:
            text = _text if _text is not None else ""
            slow = _slow.setdefault(_key(text), TooDeep(text))
            raise _error(slow) if _error is not None else slow


def tree_depth(root: Element) -> int:
    """How many elements deep the tree goes, walked without recursion."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


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
