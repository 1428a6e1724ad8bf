"""Numbers written out in words, as dictation and typed-up forms spell them: dates and phone numbers.

A transcribed report reads "date of birth is the fifth of November nineteen eighty" and "her number
is oh seven seven zero zero nine...": no digit, so no rule of `rules` sees them. A day in words
before "of" (or Spanish "de") and a month is a date, and a patient's date only where the line ties
it to a patient as a written date must be (`rules.PATIENT_CONTEXT`); seven digit words in a row after
a phone's word are a number. Words are matched whole, so a long line costs one pass of each pattern.
"""

from __future__ import annotations

import re

_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_ORDINAL_UNITS = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
# a day of the month in words: "third", "twenty-first", "thirtieth", "the 3rd" is for FULL_DATE
_DAY_EN = (rf"(?:{_ORDINAL_UNITS}|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
           rf"eighteenth|nineteenth|twentieth|thirtieth|(?:twenty|thirty)[ \t-]?{_ORDINAL_UNITS})")  # fmt: skip
_MONTH_EN = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_YEAR_WORDS_EN = (r"(?:nineteen|twenty)[ \t-]+(?:hundred|oh[ \t-]+\w+|ten|eleven|twelve|\w+teen|(?:twenty|thirty|"
                  r"forty|fifty|sixty|seventy|eighty|ninety)(?:[ \t-]+" + _UNITS + r")?)|two[ \t]+thousand(?:[ \t]+and)?"
                  r"(?:[ \t]+\w+)?")  # fmt: skip
_DAY_ES = (r"(?:primero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|"
           r"diecis[eé]is|diecisiete|dieciocho|diecinueve|veinte|veinti(?:uno|d[oó]s|tr[eé]s|cuatro|cinco|s[eé]is|"
           r"siete|ocho|nueve)|treinta(?:[ \t]+y[ \t]+uno)?)")  # fmt: skip
_MES = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|sep?tiembre|octubre|noviembre|diciembre)"
_YEAR_ES = r"(?:\d{4}|mil[ \t]+novecientos(?:[ \t]+[a-z]+){1,4}|dos[ \t]+mil(?:[ \t]+[a-z]+){0,3})"
WORD_DATE = re.compile(
    rf"\b(?:(?:the[ \t]+)?{_DAY_EN}[ \t]+of[ \t]+{_MONTH_EN}\b(?:,?[ \t]+(?P<year>\d{{4}}|'\d\d|{_YEAR_WORDS_EN}))?"
    rf"|{_DAY_ES}[ \t]+de[ \t]+{_MES}\b(?:[ \t]+del?[ \t]+(?P<año>{_YEAR_ES}))?)",
    re.IGNORECASE,
)
_MONTH_AFTER = re.compile(rf"\b(?:of|de)[ \t]+(?:{_MONTH_EN}|{_MES})\b", re.IGNORECASE)

_DIGIT_WORD = (r"(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine|cero|uno|dos|tres|cuatro|cinco|"
               r"seis|siete|ocho|nueve)")  # fmt: skip
_REPEAT = r"(?:double|triple|doble|triple)"
# seven digit words or more (a "double" counts twice), commas and hyphens between as a transcript has them
SPOKEN_NUMBER = re.compile(
    rf"\b(?:(?:{_REPEAT}[ \t]+)?{_DIGIT_WORD}[ \t,-]+){{6,}}(?:{_REPEAT}[ \t]+)?{_DIGIT_WORD}\b", re.IGNORECASE
)
# what says the words are a phone's: its noun or a verb of calling, a few words before
_PHONE_WORD = re.compile(
    r"\b(?:number|phone|mobile|cell|tel|telephone|landline|contact|call|ring|text|whatsapp|n[uú]mero|tel[eé]fono|"
    r"m[oó]vil|celular|fijo|ll[aá]m\w*|contacto)\b",
    re.IGNORECASE,
)


def present(lower: str) -> bool:
    """Cheap substring tests: could the lower-cased line hold a date or a number in words?"""
    return (
        " of " in lower
        or " de " in lower
        or "number" in lower
        or "phone" in lower
        or "tel" in lower
        or "mobile" in lower
        or "móvil" in lower
        or "mero" in lower
        or "call" in lower
        or "ring" in lower
        or "llam" in lower
    )


def word_dates(line: str) -> list[re.Match[str]]:
    """Dates whose day is a word ("the third of March 2025", "el tres de marzo"); the caller asks whether the
    line ties them to a patient."""
    if not _MONTH_AFTER.search(line):
        return []
    return list(WORD_DATE.finditer(line))


def spoken_numbers(line: str) -> list[tuple[int, int]]:
    """(start, end) of a phone number dictated digit by digit, after a phone's word."""
    return [(m.start(), m.end()) for m in SPOKEN_NUMBER.finditer(line)
            if _PHONE_WORD.search(line, max(0, m.start() - 40), m.start())]  # fmt: skip
