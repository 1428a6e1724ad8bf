"""The checks on the sources that change nothing in the build: PHI guard, reading grade, review age.

They run in the build's own process once the content is loaded (`BuildChecks`), and the build
collects the verdict before anything is published (`pipeline.publish`). Each file's guard findings
and each patient page's grade are kept in the content-digest cache (radsite.cache), so a warm build
checks again only what changed; a cold build pays for every file once, on one core. Errors stop the
build with nothing published. `radsite check` runs the same checks (`load_and_check`).
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


def load_and_check(settings: Settings, today: dt.date, shown_as: str) -> tuple[Loaded, SourceChecks]:
    """What `radsite check` waits for: the content loaded, its files guarded, its patient pages graded."""
    loaded = load(settings.content_dir, shown_as=shown_as)
    checks = BuildChecks(settings, today, shown_as)
    checks.loaded(loaded.content)
    return loaded, checks.result()


class BuildChecks:
    """The source checks of a build, run when the content is loaded (`loaded`).

    The guard reads the files as they are on disk (translations too), through the same rules as
    `load`; `as_loaded` then compares what it read with what was loaded: a file saved in between (an
    edit during `mkdocs serve`) is guarded again as loaded, and its findings replace those of the
    old text. So what is checked is exactly what is rendered.
    """

    def __init__(self, settings: Settings, today: dt.date, shown_as: str) -> None:
        self._job = (settings, today, shown_as)
        self._result = SourceChecks()

    def loaded(self, content: ContentSet) -> None:
        settings, today, shown_as = self._job
        guarded = as_loaded(check_sources(None, settings, today, shown_as, parts=("guard_files",)), content,
                            settings.phone_region)  # fmt: skip
        graded = check_sources(content, settings, today, shown_as, parts=("grades",))
        self._result = SourceChecks(guarded.findings + graded.findings, guarded.phi_exceptions, graded.grades,
                                    guarded.digests)  # fmt: skip

    def result(self) -> SourceChecks:
        return self._result

    def cancel(self) -> None:
        """Nothing runs beside the build: nothing to stop."""


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
