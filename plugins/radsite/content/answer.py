"""The answer marker of a teaching case: where the question ends and the embargoed answer begins.

Everything after the marker stays out of the public site until `reveal_at`. A marker that is not
recognised would publish the answer, so the rule is strict in what it splits on and loud about
anything close to it: case, spacing and extra dashes are forgiven (`<!--answer-->`,
`<!-- Answer -->`, `<!--- answer --->`); a near miss (`<!-- answers -->`, `<!-- anwser -->`, the
marker inside a code block, where Markdown shows it as text) is a finding. Bodies are normalised
(line endings, BOM) when read, so one line here is one line Markdown renders.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

MARKER = re.compile(r"[ \t]{0,3}<!--+\s*answer\s*-*-->[ \t]*", re.IGNORECASE)
_COMMENT = re.compile(r"<!--(.*?)(?:-->|$)", re.DOTALL)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class NearMiss:
    line: int  # 0-based line of the body
    reason: str


def split_answer(body: str) -> tuple[str, str]:
    """(question, answer): the body before and after the first marker outside code; answer '' if none."""
    offset = 0
    for line, in_code in _lines(body):
        if not in_code and MARKER.fullmatch(line):
            return body[:offset], body[offset + len(line) + 1 :]
        offset += len(line) + 1
    return body, ""


def near_misses(body: str) -> Iterator[NearMiss]:
    """Lines that look like an answer marker but would not split the body."""
    for number, (line, in_code) in enumerate(_lines(body)):
        if MARKER.fullmatch(line):
            if in_code:
                yield NearMiss(number, "the answer marker is inside a code block, where Markdown shows it as text")
            continue
        for comment in _COMMENT.findall(line):
            words = _WORD.findall(comment.lower())
            if any(_answerish(word) for word in words):
                yield NearMiss(number, "this comment looks like an answer marker but is not one")
                break


def _answerish(word: str) -> bool:
    return word.startswith("answ") or difflib.SequenceMatcher(None, word, "answer").ratio() >= 0.75


def _lines(body: str) -> Iterator[tuple[str, bool]]:
    """Each line with whether it is inside a fenced code block (``` or ~~~)."""
    fence: str | None = None
    for line in body.split("\n"):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            yield line, True
        elif fence is not None:
            closing = match.group(1) if match else ""
            if closing[:1] == fence[0] and len(closing) >= len(fence) and not line.strip()[len(closing) :].strip():
                fence = None
            yield line, True
        else:
            yield line, False
