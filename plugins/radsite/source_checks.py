"""The checks on the sources that change nothing in the build: PHI guard, reading grade, review age.

A build runs them in forked children (`BuildChecks`) and collects the verdict before anything is
published (`pipeline.publish`): the guard reads the files from the build's first moment, while the
build loads them, and the grades start once the content is loaded; both run on the machine's second
core while this process loads and MkDocs renders. Errors still stop the build with nothing
published; what was rendered meanwhile is in the staging folder, which is then discarded.
`radsite check` guards the files in a child from its start, while it loads and grades them itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from radsite import cache
from radsite.content.item import ContentSet, Item
from radsite.content.load import Loaded, load
from radsite.derive.patient import readability_findings, stale_review_findings
from radsite.findings import Finding
from radsite.forking import ChildFailed, Forked
from radsite.guard import guard, guard_files, guard_loaded, text_digest
from radsite.settings import Settings


@dataclass
class SourceChecks:
    findings: list[Finding] = field(default_factory=list)
    phi_exceptions: list = field(default_factory=list)  # guard.phi.PhiException, for the build report
    grades: dict[str, float] = field(default_factory=dict)  # patient item path -> reading grade
    digests: dict[str, bytes] = field(default_factory=dict)  # path -> text_digest of the text guarded


PARTS = ("guard", "grades")  # the PHI / image / answer-marker guards; reading grade and review age
# "guard_files": the same guards on the files as they are on disk, without the loaded content


def check_sources(content: ContentSet | None, settings: Settings, today: dt.date, shown_as: str,
                  parts: tuple[str, ...] = PARTS) -> SourceChecks:  # fmt: skip
    """PHI, DICOM, GPS and answer-marker guards, then the patient-page checks (grade, review age)."""
    result = SourceChecks()
    if "guard" in parts or "guard_files" in parts:
        if "guard_files" in parts:
            guarded = guard_files(Path(settings.content_dir), shown_as, settings.phone_region)
        else:
            assert content is not None, "the guard of loaded content needs the content"
            guarded = guard(content, Path(settings.content_dir), shown_as, settings.phone_region)
        result.findings += guarded.findings
        result.phi_exceptions = guarded.exceptions
        result.digests = guarded.digests
    if "grades" in parts and content is not None:
        graded, result.grades = cached_grades(content, settings)
        result.findings += graded
        patient = [item for item in content.items if item.collection in settings.patient_collections]
        result.findings += stale_review_findings(patient, today, settings.review_max_age_days)  # fresh: it ages
    return result


def cached_grades(content: ContentSet, settings: Settings) -> tuple[list[Finding], dict[str, float]]:
    """The reading grade of each patient item (and its finding), from the content-digest cache;
    the items not in it are graded together (one pass over the pronunciation dictionary)."""
    store, options = cache.current(), (settings.max_grade, settings.readability_level,
                                       tuple(sorted(settings.min_reading_ease.items())))  # fmt: skip
    items = [item for item in content.items if item.collection in settings.patient_collections]

    def key(item: Item) -> tuple[str, bytes, tuple[object, ...]]:
        return "grade", item.doc.text.encode("utf-8"), (item.path, item.collection, *options)

    known: dict[str, tuple[list[Finding], float]] = {}
    for item in items:
        if (hit := store.lookup(*key(item))) is not None:
            known[item.path] = hit
    missing = [item for item in items if item.path not in known]
    found, grades = readability_findings(missing, settings.max_grade, settings.readability_level)
    for item in missing:
        known[item.path] = ([], grades[item.path])
    for finding in found:
        known[finding.path][0].append(finding)
    for item in missing:
        store.store(*key(item), known[item.path])
    return [f for item in items for f in known[item.path][0]], {item.path: known[item.path][1] for item in items}


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
            return self._work.result()
        except ChildFailed as failed:
            raise RuntimeError(f"the source checks (PHI guard, reading grade) failed: {failed}") from None

    def cancel(self) -> None:
        """A build that fails elsewhere does not wait for the checks."""
        self._work.cancel()

    def idle(self) -> None:
        self._work.idle()


class BuildChecks:
    """The source checks of a build, in two forked children: the guard of the files, started at
    once (this process loads them meanwhile, and a core would otherwise wait), and the reading grade
    and review age, started when the content is loaded (`loaded`).

    `result` compares what the guard read with what was loaded: a file saved in between (an edit
    during `mkdocs serve`) is guarded again as loaded, and its findings replace those of the old text.
    """

    def __init__(self, settings: Settings, today: dt.date, shown_as: str) -> None:
        self._job = (settings, today, shown_as)
        self._guarding = BackgroundChecks(None, settings, today, shown_as, parts=("guard_files",))
        self._grading: BackgroundChecks | None = None
        self._content: ContentSet | None = None

    def loaded(self, content: ContentSet) -> None:
        """The build has loaded the content: grade it, and let the guard (if it has not finished) give
        way to the build, which now wants both cores; its verdict is needed only at the end."""
        self._content = content
        self._guarding.idle()
        self._grading = BackgroundChecks(content, *self._job, parts=("grades",))

    def result(self) -> SourceChecks:
        try:
            guarded = self._guarding.result()
        except BaseException:
            self.cancel()
            raise
        graded = self._grading.result() if self._grading is not None else SourceChecks()
        if self._content is not None:
            guarded = as_loaded(guarded, self._content, self._job[0].phone_region)
        return SourceChecks(guarded.findings + graded.findings, guarded.phi_exceptions, graded.grades, guarded.digests)

    def cancel(self) -> None:
        self._guarding.cancel()
        if self._grading is not None:
            self._grading.cancel()


def as_loaded(guarded: SourceChecks, content: ContentSet, region: str = "US") -> SourceChecks:
    """The guard's verdict on the files as the build loaded them: a loaded text that differs from
    the one guarded is guarded again, and the findings of the text it replaced are dropped."""
    digests = {path: text_digest(text) for path, text in _texts(content)}
    stale = {path for path, digest in digests.items() if guarded.digests.get(path) != digest}
    if not stale:
        return guarded
    again = guard_loaded(ContentSet(items=[i for i in content.items if i.path in stale],
                                    pages=[p for p in content.pages if p.path in stale]), region)  # fmt: skip
    return SourceChecks(
        [f for f in guarded.findings if f.path not in stale] + again.findings,
        [e for e in guarded.phi_exceptions if e.path not in stale] + again.exceptions,
        digests={**guarded.digests, **digests},
    )


def _texts(content: ContentSet) -> list[tuple[str, str]]:
    return [(i.path, i.doc.text) for i in content.items] + [(p.path, p.doc.text) for p in content.pages]
