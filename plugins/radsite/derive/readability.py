"""Reading grade of patient pages (Flesch-Kincaid, via textstat), measured on their prose only.

The prose comes from the Markdown source, so a finding can name the line of the hardest passage:
code blocks, tables, HTML comments and headings are left out, links keep their text, list items
count as sentences. Glossary definitions are added at render time and so never counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import textstat

_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE = re.compile(r"^\s*\|")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CODE = re.compile(r"`[^`]*`")
_HTML = re.compile(r"<[^>]+>")
_MARKS = re.compile(r"[*_]{1,3}|^\s*>\s?|\{[:#.][^}]*\}")
MIN_WORDS = 8  # shorter passages say too little about difficulty to be blamed


@dataclass(frozen=True)
class Passage:
    line: int  # 1-based line in the source file
    text: str


@dataclass(frozen=True)
class Grade:
    grade: float
    words: int


def prose(body: str, first_line: int = 1) -> list[Passage]:
    """Paragraphs and list items of a Markdown body, as plain sentences, with their source lines."""
    passages: list[Passage] = []
    current: list[str] = []
    start = first_line
    in_fence = in_comment = False

    def flush() -> None:
        text = " ".join(current).strip()
        if text:
            passages.append(Passage(start, text if text[-1] in ".!?:;" else text + "."))
        current.clear()

    for offset, raw in enumerate(body.splitlines()):
        line = first_line + offset
        if _FENCE.match(raw):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if in_comment or raw.lstrip().startswith("<!--"):
            flush()
            in_comment = "-->" not in raw
            continue
        if not raw.strip() or _TABLE.match(raw) or _HEADING.match(raw):
            flush()
            continue
        if _LIST.match(raw):
            flush()
            raw = _LIST.sub("", raw, count=1)
        if not current:
            start = line
        current.append(_plain(raw))
    flush()
    return [p for p in passages if p.text.strip(". ")]


def grade(passages: list[Passage]) -> Grade:
    """The Flesch-Kincaid grade of all passages read together."""
    text = "\n".join(p.text for p in passages)
    words = textstat.lexicon_count(text)
    if not words:
        return Grade(0.0, 0)
    return Grade(round(float(textstat.flesch_kincaid_grade(text)), 1), words)


def hardest(passages: list[Passage]) -> tuple[Passage | None, float]:
    """The passage (of at least MIN_WORDS words) with the highest grade: where to start rewriting."""
    best, best_grade = None, float("-inf")
    for passage in passages:
        if textstat.lexicon_count(passage.text) < MIN_WORDS:
            continue
        g = float(textstat.flesch_kincaid_grade(passage.text))
        if g > best_grade:
            best, best_grade = passage, g
    return best, round(best_grade, 1)


def _plain(line: str) -> str:
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _CODE.sub("", line)
    line = _HTML.sub("", line)
    return _MARKS.sub("", line).strip()
