"""The patient section of the build report: reading grade per published patient page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from radsite.findings import Finding
from radsite.publish.report import BuildReport

if TYPE_CHECKING:
    from radsite.state import BuildState


def patient_report(state: BuildState, report: BuildReport) -> list[Finding]:
    grades = state.loaded.grades
    pages: dict[str, dict[str, Any]] = {p.url: {"path": p.item.path, "grade": grades[p.item.path]}
                                        for p in state.decision.items if p.item.path in grades}  # fmt: skip
    limit = state.settings.max_grade
    report.sections["readability"] = {
        "max_grade": limit,
        "level": state.settings.readability_level,
        "pages": dict(sorted(pages.items())),
        "over_limit": sorted(url for url, page in pages.items() if page["grade"] > limit),
    }
    report.sections["glossary"] = {"terms": len(state.loaded.glossary.entries)}
    return []
