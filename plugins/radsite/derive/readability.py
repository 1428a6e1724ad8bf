"""Reading grade of patient pages (Flesch-Kincaid, via textstat), measured on their prose only.

The prose comes from the Markdown source, so a finding can name the line of the hardest passage:
code blocks, tables, HTML comments and headings are left out, links keep their text, list items
count as sentences. Glossary definitions are added at render time and so never counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
_WORDS = re.compile(r"[\w'-]+")
MIN_WORDS = 8  # shorter passages say too little about difficulty to be blamed


@dataclass(frozen=True)
class Passage:
    line: int  # 1-based line in the source file
    text: str


@dataclass(frozen=True)
class Grade:
    grade: float  # of the whole page
    words: int
    hardest: Passage | None  # the passage (of at least MIN_WORDS words) with the highest grade
    hardest_grade: float


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
    """Flesch-Kincaid grade of the passages read together, and of the hardest one, in one pass.

    textstat counts words, sentences and syllables of each passage once; the page's grade comes
    from the sums (0.39 words/sentence + 11.8 syllables/word - 15.59), as textstat computes it.
    """
    words = sentences = syllables = 0
    hardest, hardest_grade = None, 0.0
    for passage in passages:
        w = textstat.lexicon_count(passage.text)
        if not w:
            continue
        s = max(1, textstat.sentence_count(passage.text))
        y = sum(_syllables(word) for word in _WORDS.findall(passage.text.lower()))
        words, sentences, syllables = words + w, sentences + s, syllables + y
        g = _fk(w, s, y)
        if w >= MIN_WORDS and (hardest is None or g > hardest_grade):
            hardest, hardest_grade = passage, g
    if not words:
        return Grade(0.0, 0, None, 0.0)
    return Grade(round(_fk(words, sentences, syllables), 1), words, hardest, round(hardest_grade, 1))


@lru_cache(maxsize=65536)
def _syllables(word: str) -> int:
    """textstat's syllable count (CMU dictionary, else Pyphen), once per distinct word: pages share
    most of their words, and Pyphen is the slow part."""
    return textstat.syllable_count(word)


def _fk(words: int, sentences: int, syllables: int) -> float:
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59


def _plain(line: str) -> str:
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _CODE.sub("", line)
    line = _HTML.sub("", line)
    return _MARKS.sub("", line).strip()
