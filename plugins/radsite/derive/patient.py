"""Patient pages: checks on their words (sections, reading grade, review age) and what a page gets
at render time (glossary definitions, the radiation box, links between FAQs and exam guides).

Checks run when the content is validated, so `radsite check` and the build report the same
findings; the render-time parts are computed once per build (`patient_data`) and then applied to
each page's HTML in one pass (`render_patient_page`).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from babel.numbers import format_decimal

from radsite.content.glossary import Glossary
from radsite.content.item import ContentSet, Item
from radsite.content.schemas.common import MODALITY_LABELS, NON_IONISING
from radsite.derive.crosslinks import Key, related_pages
from radsite.derive.glossary_links import GlossaryMatcher
from radsite.derive.radiation import dose_comparison
from radsite.derive.readability import Passage, Syllables, grade, prose, translated_findings
from radsite.findings import Finding
from radsite.locales import translate, translate_sentence
from radsite.visibility import Decision, Published

if TYPE_CHECKING:
    from radsite.settings import Settings

NO_RADIATION = "<strong>No ionising radiation.</strong> {label} does not use X-rays or other ionising radiation."
DOSE = "<strong>Radiation dose: about {dose} mSv.</strong> That is {comparison} (about 3 mSv a year)."


# --- checks (load time) ---------------------------------------------------------------------------


def readability_findings(items: list[Item], max_grade: float, level: str) -> tuple[list[Finding], dict[str, float]]:
    """Reading grade of each patient item's prose; above `max_grade` is a finding at the hardest passage.
    Translations are scored on their own language's scale (`translation_readability`)."""
    found: list[Finding] = []
    grades: dict[str, float] = {}
    pages = [_passages(item) for item in items]
    syllables = Syllables(passage.text for passages in pages for passage in passages)
    for item, passages in zip(items, pages, strict=True):
        result = grade(passages, syllables)
        grades[item.path] = result.grade
        if result.words and result.grade > max_grade:
            worst = result.hardest
            line = worst.line if worst else item.doc.body_line
            where = f"; the hardest passage starts on this line (grade {result.hardest_grade})" if worst else ""
            found.append(Finding(item.path, line, "readability",
                f"reading grade {result.grade} is above {max_grade:g}{where}: use shorter sentences and "
                "everyday words (set max_grade in mkdocs.yml to change the limit)", level=level))  # type: ignore[arg-type]  # fmt: skip
    return found, grades


def translation_readability(items: list[Item], min_ease: Mapping[str, float], level: str,
                            patient_collections: tuple[str, ...]) -> tuple[list[Finding], dict[str, float]]:  # fmt: skip
    """The patient translations' reading scores on their own languages' scales (INFLESZ for Spanish),
    with a finding for each below its language's floor."""
    patient = [item for item in items if item.collection in patient_collections]
    return translated_findings([(i.path, i.doc.body_line, _passages(i)) for i in patient], min_ease, level)


def _passages(item: Item) -> list[Passage]:
    passages = [Passage(item.line(name), str(value)) for name in ("summary", "short_answer")
                if (value := getattr(item.meta, name, None))]  # fmt: skip
    return passages + prose(item.doc.body, item.doc.body_line)


def stale_review_findings(items: list[Item], today: dt.date, max_age_days: int) -> list[Finding]:
    found = []
    for item in items:
        reviewed = getattr(item.meta, "last_reviewed", None)
        if reviewed is None:
            continue
        age = (today - reviewed).days
        if age > max_age_days:
            found.append(Finding(item.path, item.line("last_reviewed"), "review",
                f"last_reviewed: {reviewed.isoformat()} is {age} days ago (more than {max_age_days}); "
                "ask the reviewer to check the page again and update the date", level="warning"))  # fmt: skip
    return found


@dataclass
class Quality:
    findings: list[Finding] = field(default_factory=list)
    grades: dict[str, float] = field(default_factory=dict)  # item path -> reading grade


def assess(content: ContentSet, settings: Settings, today: dt.date) -> Quality:
    """The checks that depend on settings: reading grade and review age of patient pages."""
    items = [i for i in content.items if i.collection in settings.patient_collections]
    found, grades = readability_findings(items, settings.max_grade, settings.readability_level)
    found += stale_review_findings(items, today, settings.review_max_age_days)
    return Quality(found, grades)


# --- render time ----------------------------------------------------------------------------------


@dataclass
class PatientData:
    """Computed once per build; pages read it without scanning the content."""

    matcher: GlossaryMatcher
    related: dict[Key, list[Published]]
    collections: frozenset[str]
    glossary: Glossary


def patient_data(decision: Decision, glossary: Glossary, collections: tuple[str, ...]) -> PatientData:
    def href(link: str) -> str | None:
        collection, _, slug = link.partition("/")
        published = decision.get(collection, slug)
        return published.url if published else None

    return PatientData(GlossaryMatcher.build(glossary, href), related_pages(decision), frozenset(collections), glossary)


def radiation_box(fields: dict, lang: str = "en") -> str:
    """The radiation facts of an exam guide, as HTML: the dose and its plain comparison, or none,
    in the page's language (radsite.locales)."""
    modality = fields.get("modality", "")
    dose = fields.get("effective_dose_msv")
    if modality in NON_IONISING or dose is None:
        label = html.escape(translate(MODALITY_LABELS.get(modality, modality), lang))
        text = translate(NO_RADIATION, lang, label=label)
    else:
        amount = f"{dose:g}" if lang == "en" else format_decimal(dose, locale=lang)
        comparison = html.escape(translate_sentence(dose_comparison(dose), lang))
        text = translate(DOSE, lang, dose=amount, comparison=comparison)
    return f'<div class="rs-radiation"><p>{text}</p></div>'


def _radiation_heading(lang: str) -> re.Pattern[str]:
    """The exam guide's radiation section heading, in the page's language ("Radiation", "Radiación")."""
    return re.compile(rf"<h2[^>]*>\s*{re.escape(translate('Radiation', lang))}\s*</h2>", re.IGNORECASE)


def render_patient_page(data: PatientData, published: Published | None, page_url: str, page_html: str) -> str:
    """A patient page's HTML with its radiation box (exam guides) and glossary definitions."""
    if published is None:
        return page_html
    if published.collection == "exams":
        box = radiation_box(published.fields, data.matcher.lang)
        page_html = _radiation_heading(data.matcher.lang).sub(lambda m: m.group(0) + box, page_html, count=1)
    if published.collection not in data.collections:
        return page_html
    return data.matcher.annotate(page_html, page_url)
