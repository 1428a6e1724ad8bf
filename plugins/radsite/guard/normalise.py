"""Normalise a line before the PHI rules see it, and map columns back to the line as written.

An identifier can hide from a pattern without changing what a reader sees: `MRN&#58; 4471` renders
as `MRN: 4471`, a zero-width space splits `84736251` in two, a Cyrillic `М` looks like a Latin `M`,
a full-width digit like a digit. The rules run on the text a reader would read (entities decoded,
NFKC, invisible characters dropped, look-alike letters folded to Latin), and a finding still gives
the column of the original line, which is what an editor's cursor sees.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import unicodedata
from dataclasses import dataclass

# Invisible characters that split a token without showing: ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft
# hyphen, and the direction marks, which render as nothing too.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u180e")
# Letters of other alphabets that look like Latin ones (Unicode's confusables, the common part).
# Greek mu stays: it is the micro sign of μSv and μm after NFKC, not a disguise.
_LOOK_ALIKES = {
    # Cyrillic capitals and small letters
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "Ѕ": "S", "І": "I", "Ј": "J", "Ԁ": "d", "Ԛ": "Q", "Ԝ": "W", "Ү": "Y",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j",
    "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ү": "y", "ɡ": "g",
    # Greek capitals and the small letters that pass for Latin ones
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t",
    "υ": "u", "χ": "x", "α": "a",
    # dashes and minus signs: one hyphen, so 617‒555‒0143 is a phone number like 617-555-0143
    "“": " ", "”": " ", "„": " ",  # curly double quotes, as '"'
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "﹣": "-", "－": "-",
}  # fmt: skip
# A label's abbreviations before a number read without their periods, however they are spelt: "Med. rec.
# no. 4471" as "Med rec no 4471", "M.R.N.: 0071" as "MRN: 0071", "U.R. No." as "UR No". One to four
# abbreviated words (and one more word) before an optional '#' or ':' and a number. A reference's own
# abbreviations (p., pp., vol., fig., no.) alone are left as they are: citations are recognised by them.
_LABEL = (
    r"(?<![\w.])(?!(?:p|pp|vol|vols|fig|figs|ref|refs|eq|ch|sec|no|nos|cf|ed|eds|art|para)\.[ \t]?(?:[#:]|\d))"
    r"(?:[A-Za-z]{1,5}\.[ \t]?){1,4}(?:[A-Za-z]{1,6}[ \t]*)?(?=[#:]{0,2}[ \t]*(?:[A-Z]{0,4}[ -]?)?\d)"
)
# What a line must hold for _LABEL to match: a letter's period, then (soon) a digit. It starts with a
# literal, so the engine skips to periods.
# Each word ends at its period or space, so the engine never tries the ways of cutting a long word.
LABEL_GATE = re.compile(
    r"\.(?<=[A-Za-z]\.)[ \t]?(?:[A-Za-z]{1,6}(?:\.[ \t]?|[ \t]+)){0,4}(?:[A-Za-z]{1,6})?[ \t]*[#:]{0,2}[ \t]*"
    r"(?:[A-Z]{0,4}[ -]?)?\d"
)
# Markup that shows as nothing between two characters: Markdown's emphasis, code and strike-through
# marks (`**4471**2290` reads 44712290, `*Jane* *Doe*` reads Jane Doe) and inline HTML elements
# (`03/04/<span>1961</span>`); a block or cell tag still reads as a border (below).
_INLINE_TAGS = ("a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
                "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr")  # fmt: skip
# What may need changing: an entity (numeric ones also without ';', as browsers read them) or any
# character outside ASCII. An ASCII line without '&' is returned as it is, which is most lines.
_SPECIAL = re.compile(
    r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)|[^\x00-\x7f]"
    r"|(?P<inline>(?:</?(?:" + "|".join(_INLINE_TAGS) + r")[ \t]*/?>)+)|(?P<br><br[ \t]*/?>)"
    r"|(?P<link>\[(?=[^\]\n]{0,200}\]\()|\]\()"
    r"|(?:</?[A-Za-z][A-Za-z0-9]*[ \t]*/?>)+|\"|(?P<label>" + _LABEL + ")"
    r"|(?P<emphasis>\*+|`+|~~|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9]))"
    r"|(?P<percent>%[2-7][0-9A-Fa-f])"
)
# A URL's percent-escape of a printable ASCII character reads as the character (`MRN%3A%2084736251`).
_PERCENT = re.compile(r"%[2-7][0-9A-Fa-f]")
# Markup between a label and its value: a bare tag is a cell border ("<td>MRN</td><td>4471</td>"
# reads "MRN | 4471"), a double quote is JSON's or YAML's ('"mrn": "4471"' reads ' mrn :  4471').
# Tags with attributes stay, so an address inside href="mailto:..." is still seen.
_MARKUP = {'"': " "}


@functools.cache
def fold(text: str) -> str:
    """Look-alike letters of other alphabets as the Latin letters they pass for."""
    return "".join(_LOOK_ALIKES.get(c, c) for c in text)


def _char(c: str) -> str:
    """What one character reads as: nothing, its NFKC form, with look-alike letters folded."""
    if c in INVISIBLE:
        return ""
    folded = unicodedata.normalize("NFKC", c)
    return "".join(_LOOK_ALIKES.get(part, part) for part in folded)


@dataclass(frozen=True)
class Normalised:
    """A normalised line, with the spans of the original that changed (for mapping columns back)."""

    text: str
    original: str
    out_starts: tuple[int, ...] = ()  # where each changed span starts in `text`
    spans: tuple[tuple[int, int, int, int], ...] = ()  # (out start, out end, original start, original end)

    def start(self, index: int) -> int:
        """The original index of the character at `index` of `text`."""
        at = bisect.bisect_right(self.out_starts, index) - 1
        if at < 0:
            return index
        _, out_end, orig_start, orig_end = self.spans[at]
        if index < out_end:
            return orig_start  # inside a changed span: all of it
        return orig_end + (index - out_end)  # unchanged text after the span

    def end(self, index: int) -> int:
        """The original index just after a match that ends at `index` of `text` (after its last character)."""
        if index <= 0:
            return 0
        at = bisect.bisect_right(self.out_starts, index - 1) - 1
        if at < 0:
            return index
        _, out_end, _, orig_end = self.spans[at]
        if index - 1 < out_end:
            return orig_end  # the last character is in a changed span: to its end
        return orig_end + (index - out_end)


_DIGIT = re.compile(r"\d")
# A label's periods: between initials they go with their space (M.R.N. and M. R. No. read MRN, MR No),
# between words they become a space (Acc.No. reads Acc No), elsewhere they go.
_LABEL_DOT = re.compile(r"(?<=(?<![A-Za-z])[A-Za-z])\.[ \t]?(?=[A-Za-z](?![A-Za-z]))|(?P<space>\.(?=[A-Za-z]))|\.")


def plain(line: str) -> bool:
    """Whether the line reads as it is written: ASCII, no entity, tag, quote or emphasis mark, no dotted label."""
    return (
        line.isascii()
        and "&" not in line
        and "<" not in line
        and '"' not in line
        and "*" not in line
        and "`" not in line
        and "~" not in line
        and "_" not in line
        and "[" not in line
        and ("%" not in line or _PERCENT.search(line) is None)
        and ("." not in line or _DIGIT.search(line) is None or LABEL_GATE.search(line) is None)
    )


def normalise(line: str) -> Normalised:
    """The line as a reader reads it; `Normalised.start` and `end` map its indices to `line`."""
    if plain(line):
        return Normalised(line, line)
    pieces: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    out = 0
    last = 0
    for match in _SPECIAL.finditer(line):
        token = match.group(0)
        if match.group("label") is not None:  # each period on its own, so the words keep their columns
            for dot in _LABEL_DOT.finditer(token):
                pieces.append(line[last : match.start() + dot.start()])
                out += match.start() + dot.start() - last
                new = " " if dot.group("space") else ""
                pieces.append(new)
                spans.append((out, out + len(new), match.start() + dot.start(), match.start() + dot.end()))
                out += len(new)
                last = match.start() + dot.end()
            continue
        if match.group("inline") is not None or match.group("emphasis") is not None:
            new = ""
        elif match.group("percent") is not None:
            new = chr(int(token[1:], 16)) if token[1:].upper() != "7F" else token
        elif match.group("br") is not None:  # a line break inside a paragraph reads as a space
            new = " "
        elif match.group("link") is not None:  # [text](url) reads as its text; the address stays, after it
            new = "" if token == "[" else " ("
        elif token[0] == "<":
            new = " | "
        elif token[0] == "&":
            new = html.unescape(token)
        else:
            new = _MARKUP.get(token, token)
        new = "".join(_char(c) for c in new) if not new.isascii() else new
        if new == token:
            continue
        between = match.start() - last
        pieces.append(line[last : match.start()])
        out += between
        pieces.append(new)
        spans.append((out, out + len(new), match.start(), match.end()))
        out += len(new)
        last = match.end()
    if not spans:
        return Normalised(line, line)
    pieces.append(line[last:])
    return Normalised("".join(pieces), line, tuple(s[0] for s in spans), tuple(spans))
