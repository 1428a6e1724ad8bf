"""RadSite's own words in other languages: one catalogue per language, keyed by the English phrase (gettext style).

`locales/<lang>.yml` maps each English phrase a template passes to `t()` to its translation. The
default language is English and needs no file. A phrase missing from a catalogue stays English (a
test finds none on the example's Spanish pages). Dates are written by babel in the page's language.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

HERE = Path(__file__).parent


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """The phrases of `lang` (empty for English, or a language without a file)."""
    file = HERE / f"{lang}.yml"
    if not file.exists():
        return {}
    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def translate(phrase: str, lang: str, **values: Any) -> str:
    """`phrase` in `lang`, with `{name}` placeholders filled from `values`."""
    text = catalogue(lang).get(phrase, phrase)
    return text.format(**values) if values else text


def markup(phrase: str, lang: str, **values: Any) -> Markup:
    """`translate` for templates: our own words are printed as written, the values escaped."""
    text = Markup(catalogue(lang).get(phrase, phrase))
    return text.format(**values) if values else text


_DOSE = re.compile(r"^about the same as (\d+) (hour|day|week|month|year)s? of natural background radiation$")


def translate_sentence(sentence: str, lang: str) -> str:
    """A sentence RadSite composes with a number (the radiation box's comparison) in `lang`.

    The catalogue holds the frame ("about the same as {count} of natural background radiation") and
    each unit in its singular and plural ("1 month", "{n} months").
    """
    match = _DOSE.match(sentence)
    if match is None or not catalogue(lang):
        return translate(sentence, lang)
    n, unit = int(match[1]), match[2]
    count = translate(f"1 {unit}" if n == 1 else f"{{n}} {unit}s", lang, n=n)
    return translate("about the same as {count} of natural background radiation", lang, count=count)


def localised(values: Mapping[str, Any] | None, lang: str) -> dict[str, Any]:
    """A mapping of mkdocs.yml (extra.department) in `lang`: its `translations: {es: {...}}` over its own keys."""
    values = dict(values or {})
    translated = (values.pop("translations", None) or {}).get(lang) or {}
    return {**values, **translated}


def language_name(code: str) -> str:
    """A language's name in itself, for the switcher: "English", "Español"."""
    from babel import Locale

    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def format_date(value: dt.date | dt.datetime, lang: str, style: str = "long") -> str:
    """A date as readers of `lang` write it: "December 1, 2026", "1 de diciembre de 2026"."""
    from babel.dates import format_date as babel_date

    day = value.date() if isinstance(value, dt.datetime) else value
    return babel_date(day, format=style, locale=lang)
