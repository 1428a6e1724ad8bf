"""A Markdown table's rows read with their column headers, for the PHI guard.

A table labels its numbers once, in its header: under a column headed `MRN`, a row's `84736251`
is a record number, which the row read alone does not say. So each body cell is also read after
its header, alone ("MRN: 84736251"), and a position in that text maps back to the file's column.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

_DELIMITER = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$|[ \t]*\|[ \t]*:?-+:?[ \t]*\|?[ \t]*$")
_PIPE = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class LabelledCell:
    line: int  # the row's line in the file
    source: str  # the row as written
    text: str  # "header: cell"
    value_at: int  # where the cell's text starts in `text`
    col: int  # the file's 1-based column of the cell's text

    def column(self, position: int) -> int:
        """The file's column of a position in `text` (the cell's start when it falls on the header)."""
        return self.col + max(0, position - self.value_at)


def labelled_cells(lines: list[tuple[int, str]]) -> Iterator[LabelledCell]:
    """Every body cell of every pipe table in (line number, line) pairs, read after its column's header."""
    headers: list[str] | None = None
    previous: tuple[int, str] | None = None
    for number, line in lines:
        if headers is not None:
            if "|" not in line or not line.strip() or previous is None or number != previous[0] + 1:
                headers = None
            else:
                yield from _labelled(number, line, headers)
                previous = (number, line)
                continue
        if previous is not None and number == previous[0] + 1 and "|" in previous[1] and _DELIMITER.match(line):
            headers = [text.strip() for text, _ in _cells(previous[1])]
        previous = (number, line)


def _cells(line: str) -> list[tuple[str, int]]:
    """(text, 1-based column of its first character) of each cell, without the outer pipes."""
    cells, start = [], 0
    stripped = line.rstrip()
    bounds = [m.start() for m in _PIPE.finditer(stripped)]
    edges = [-1, *bounds, len(stripped)]
    for left, right in itertools.pairwise(edges):
        text = stripped[left + 1 : right]
        start = left + 1 + (len(text) - len(text.lstrip()))
        cells.append((text, start + 1))
    if cells and not cells[0][0].strip() and bounds and not stripped[: bounds[0]].strip():
        cells = cells[1:]  # the leading pipe
    if cells and not cells[-1][0].strip() and bounds and bounds[-1] == len(stripped) - 1:
        cells = cells[:-1]  # the trailing pipe
    return cells


def _labelled(number: int, line: str, headers: list[str]) -> Iterator[LabelledCell]:
    for header, (text, column) in zip(headers, _cells(line), strict=False):
        value = text.strip()
        if header and value:
            yield LabelledCell(number, line, f"{header}: {value}", len(header) + 2, column)
