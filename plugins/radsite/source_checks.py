"""The checks on the sources that change nothing in the build: PHI guard, reading grade, review age.

A build starts them all in a forked child as soon as the content is loaded and collects the verdict before
anything is published (`pipeline.publish`): they read only the loaded content, so they run on the
machine's second core while MkDocs renders the pages. Errors still stop the build with nothing
published; what was rendered meanwhile is in the staging folder, which is then discarded.
`radsite check` guards the files in a child from its start, while it loads and grades them itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from radsite.content.item import ContentSet
from radsite.content.load import Loaded, load
from radsite.derive.patient import assess
from radsite.findings import Finding
from radsite.forking import ChildFailed, Forked
from radsite.guard import guard, guard_files
from radsite.settings import Settings


@dataclass
class SourceChecks:
    findings: list[Finding] = field(default_factory=list)
    phi_exceptions: list = field(default_factory=list)  # guard.phi.PhiException, for the build report
    grades: dict[str, float] = field(default_factory=dict)  # patient item path -> reading grade


PARTS = ("guard", "grades")  # the PHI / image / answer-marker guards; reading grade and review age
# "guard_files": the same guards on the files as they are on disk, without the loaded content


def check_sources(content: ContentSet | None, settings: Settings, today: dt.date, shown_as: str,
                  parts: tuple[str, ...] = PARTS) -> SourceChecks:  # fmt: skip
    """PHI, DICOM, GPS and answer-marker guards, then the patient-page checks (grade, review age)."""
    result = SourceChecks()
    if "guard" in parts or "guard_files" in parts:
        if "guard_files" in parts:
            guarded = guard_files(Path(settings.content_dir), shown_as)
        else:
            assert content is not None, "the guard of loaded content needs the content"
            guarded = guard(content, Path(settings.content_dir), shown_as)
        result.findings += guarded.findings
        result.phi_exceptions = guarded.exceptions
    if "grades" in parts and content is not None:
        quality = assess(content, settings, today)
        result.findings += quality.findings
        result.grades = quality.grades
    return result


def load_and_check_on_two_cores(settings: Settings, today: dt.date, shown_as: str) -> tuple[Loaded, SourceChecks]:
    """What `radsite check` waits for: the files guarded in a child from the start, while this
    process loads them and grades the patient pages."""
    guarding = BackgroundChecks(None, settings, today, shown_as, parts=("guard_files",))
    try:
        loaded = load(settings.content_dir, shown_as=shown_as)
        graded = grades_on_two_cores(loaded.content, settings, today, shown_as)
    except BaseException:
        guarding.cancel()
        raise
    guarded = guarding.result()
    return loaded, SourceChecks(guarded.findings + graded.findings, guarded.phi_exceptions, graded.grades)


def grades_on_two_cores(content: ContentSet, settings: Settings, today: dt.date, shown_as: str) -> SourceChecks:
    """Reading grade and review age of the patient pages, every other page graded by a forked copy
    of this process (which has the loaded content already: nothing is sent to it)."""
    patient = [item for item in content.items if item.collection in settings.patient_collections]
    theirs = BackgroundChecks(ContentSet(items=patient[1::2]), settings, today, shown_as, parts=("grades",))
    try:
        mine = check_sources(ContentSet(items=patient[::2]), settings, today, shown_as, parts=("grades",))
    except BaseException:
        theirs.cancel()
        raise
    other = theirs.result()
    return SourceChecks(mine.findings + other.findings, [], {**mine.grades, **other.grades})


class BackgroundChecks:
    """`check_sources` in a forked copy of this process (`radsite.forking`), started at once;
    `result` waits for it.

    The child has the content the build loaded, never a second reading of the sources, so what is
    checked is exactly what is rendered. A child that fails fails the build: no verdict, nothing
    published. Where there is no `fork`, the checks run here, before the constructor returns.
    """

    def __init__(self, content: ContentSet | None, settings: Settings, today: dt.date, shown_as: str,
                 parts: tuple[str, ...] = PARTS) -> None:  # fmt: skip
        job = (content, settings, today, shown_as, parts)
        self._work = Forked(lambda: self.run(*job))

    def run(self, content: ContentSet | None, settings: Settings, today: dt.date, shown_as: str,
            parts: tuple[str, ...]) -> SourceChecks:  # fmt: skip
        """What the child computes (a benchmark replaces it to measure the build without the guard)."""
        return check_sources(content, settings, today, shown_as, parts)

    def result(self) -> SourceChecks:
        try:
            return self._work.result()  # type: ignore[return-value]
        except ChildFailed as failed:
            raise RuntimeError(f"the source checks (PHI guard, reading grade) failed: {failed}") from None

    def cancel(self) -> None:
        """A build that fails elsewhere does not wait for the checks."""
        self._work.cancel()
