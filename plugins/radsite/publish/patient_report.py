"""The patient section of the build report: reading grade per published patient page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from radsite.derive.readability import SCALES, language_of
from radsite.findings import Finding
from radsite.publish.report import BuildReport

if TYPE_CHECKING:
    from radsite.state import BuildState


def patient_report(state: BuildState, report: BuildReport) -> list[Finding]:
    grades = state.loaded.grades
    graded = [p for p in state.decision.items if p.item.path in grades]
    pages: dict[str, dict[str, Any]] = {p.url: {"path": p.item.path, "grade": grades[p.item.path]}
                                        for p in graded if language_of(p.item.path) == "en"}  # fmt: skip
    limit = state.settings.max_grade
    report.sections["readability"] = {
        "max_grade": limit,
        "level": state.settings.readability_level,
        "pages": dict(sorted(pages.items())),
        "over_limit": sorted(url for url, page in pages.items() if page["grade"] > limit),
        "languages": _translations(state),
    }
    report.sections["glossary"] = {"terms": len(state.loaded.glossary.entries)}
    return []


def _translations(state: BuildState) -> dict[str, dict[str, Any]]:
    """Each published translation's score on its language's scale, named, e.g. {"scale": "INFLESZ", "score": 62.3}."""
    found: dict[str, dict[str, Any]] = {}
    scores = state.translations.scores
    published = [p for language in state.languages.values() for p in language.decision.items if p.item.path in scores]
    for p in sorted(published, key=lambda p: p.url):
        lang = language_of(p.item.path)
        scale = SCALES[lang]
        floor = state.settings.min_reading_ease.get(lang, scale.default_limit)
        section = found.setdefault(lang, {"scale": scale.name, "min_score": floor, "pages": {}, "below_limit": []})
        value = scores[p.item.path]
        section["pages"][p.url] = {"path": p.item.path, "scale": scale.name, "score": value}
        if value < floor:
            section["below_limit"].append(p.url)
    return found
