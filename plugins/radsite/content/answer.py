"""The answer marker of a teaching case: where the question ends and the embargoed answer begins.

Everything after the marker stays out of the public site until `reveal_at`. A marker that is not
recognised would publish the answer, so the rule is strict in what it splits on and loud about
anything close to it: case, spacing and extra dashes are forgiven (`<!--answer-->`,
`<!-- Answer -->`, `<!--- answer --->`); a near miss is a finding. Near misses are read as a reader
reads them: a comment over several lines, one written with entities (`&lt;!-- answer --&gt;`, which
Markdown shows as text), letters split by invisible characters or spaces (`ans<ZWSP>wer`,
`a n s w e r`) or replaced by look-alikes from other alphabets, the marker inside a code block,
and, before the first marker, a comment that names the answer another way (`<!-- solution -->`,
`<!-- spoiler -->`, `<!-- respuesta -->`). Bodies are normalised (line endings, BOM) when read, so one line here is one
line Markdown renders.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from radsite.findings import Finding

if TYPE_CHECKING:
    from radsite.content.item import Item

MARKER = re.compile(r"[ \t]{0,3}<!--+\s*answer\s*-*-->[ \t]*", re.IGNORECASE)
_COMMENT = re.compile(r"<!--(.*?)(?:-->|$)", re.DOTALL)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_WORD = re.compile(r"[a-z]+")
# What an editor may believe hides the answer, other than the marker: a near miss before the first marker.
SPOILER_WORDS = frozenset({"solution", "solutions", "spoiler", "spoilers", "reveal", "hidden", "hide", "embargo",
                           "embargoed", "diagnosis", "discussion",  # and a Spanish editor's (accents folded):
                           "respuesta", "respuestas", "solucion", "soluciones", "oculto", "oculta", "ocultar",
                           "diagnostico", "discusion"})  # fmt: skip


@dataclass(frozen=True)
class NearMiss:
    line: int  # 0-based line of the body
    reason: str


def split_answer(body: str) -> tuple[str, str]:
    """(question, answer): the body before and after the first marker outside code; answer '' if none."""
    found = _first_marker(body)
    if found is None:
        return body, ""
    offset, length = found
    return body[:offset], body[offset + length + 1 :]


def _first_marker(body: str) -> tuple[int, int] | None:
    """Offset and length of the first marker line outside code, or None."""
    offset = 0
    for line, in_code in _lines(body):
        if not in_code and MARKER.fullmatch(line):
            return offset, len(line)
        offset += len(line) + 1
    return None


def unmarked_answers(items: Iterable[Item]) -> list[Finding]:
    """An error for each case that has `reveal_at` but no marker: with none, the whole body is the
    question, published now, whatever it holds (an "Answer" heading, a `<details>`, a rule, prose).
    Where the answer starts cannot be guessed safely, so it is asked for."""
    found: list[Finding] = []
    for item in items:
        if item.meta.draft or not type(item.meta).answer_fields or getattr(item.meta, "reveal_at", None) is None:
            continue
        if _first_marker(item.doc.body) is None:
            found.append(Finding(item.path, item.line("reveal_at"), "answer-marker",
                "reveal_at is set, but the body has no '<!-- answer -->' line, so all of it is the question and "
                "is published now; put '<!-- answer -->' on a line of its own where the answer begins (at the "
                "end of the body if the answer is only in diagnosis and quiz)"))  # fmt: skip
    return found


def near_misses(body: str) -> Iterator[NearMiss]:
    """Comments that look like an answer marker but would not split the body, one finding a line."""
    markers: set[int] = set()
    first_marker: int | None = None
    for number, (line, in_code) in enumerate(_lines(body)):
        if MARKER.fullmatch(line):
            if in_code:
                yield NearMiss(number, "the answer marker is inside a code block, where Markdown shows it as text")
            else:
                markers.add(number)
                first_marker = number if first_marker is None else first_marker
    found: set[int] = set()
    for number, comment, escaped in _comments(body):
        if number in markers or number in found:
            continue
        words = _WORD.findall(comment)
        letters = "".join(words)
        before_marker = first_marker is None or number < first_marker
        if any(_answerish(word) for word in words) or _answerish(letters):
            how = "is written with HTML entities, so Markdown shows it as text" if escaped else "is not one"
            yield NearMiss(number, f"this comment looks like an answer marker but {how}")
        elif before_marker and SPOILER_WORDS.intersection(words):
            yield NearMiss(number, "this comment reads like a marker of hidden text, but only '<!-- answer -->' "
                                   "holds the answer back")  # fmt: skip
        else:
            continue
        found.add(number)


def _comments(body: str) -> Iterator[tuple[int, str, bool]]:
    """(line, text as a reader reads it, written with entities) of each HTML comment of the body,
    a comment over several lines at its first line."""
    raw: set[str] = set()
    for escaped, source in ((False, body), (True, html.unescape(body) if "&" in body else "")):
        line, counted = 0, 0
        for match in _COMMENT.finditer(source):
            if not escaped:
                raw.add(match.group(0))
            elif match.group(0) in raw:
                continue  # not written with entities: already read above
            line += source.count("\n", counted, match.start())
            counted = match.start()
            yield line, _reads_as(match.group(1)), escaped


def _reads_as(text: str) -> str:
    """Lower case, NFKC, invisible characters dropped, look-alike letters folded to Latin."""
    if text.isascii():
        return text.lower()
    from radsite.guard.normalise import INVISIBLE, fold  # the guard's own reading (imported late: guard imports this)

    read = fold("".join(c for c in unicodedata.normalize("NFKC", text) if c not in INVISIBLE)).lower()
    return "".join(c for c in unicodedata.normalize("NFKD", read) if not unicodedata.combining(c))  # solución: solucion


@functools.lru_cache(maxsize=4096)  # prose repeats its words
def _answerish(word: str) -> bool:
    """Close to "answer": a typo, a plural, a word with its letters split. Longer runs are no marker."""
    return 4 <= len(word) <= 12 and (word.startswith("answ") or difflib.SequenceMatcher(None, word, "answer").ratio() >= 0.75)


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
