"""Findings: every problem a run notices, collected and reported together.

Editors fix content in batches, so a run never stops at the first problem: each stage appends
findings, and the caller prints them all, one per line, as `path:line: level: [rule] message`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int | None
    rule: str
    message: str
    level: Level = "error"
    col: int | None = None

    def format(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.level}: [{self.rule}] {self.message}"

    def github(self) -> str:
        """A GitHub Actions workflow command, so the finding annotates the pull request."""
        props = [f"file={self.path}"]
        if self.line is not None:
            props.append(f"line={self.line}")
        if self.col is not None:
            props.append(f"col={self.col}")
        text = f"[{self.rule}] {self.message}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.level} {','.join(props)}::{text}"


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == "error"]


def format_all(findings: Iterable[Finding]) -> str:
    return "\n".join(f.format() for f in sorted(findings, key=_sort_key))


def _sort_key(f: Finding) -> tuple:
    return (f.path, f.line or 0, f.col or 0, f.rule, f.message)
