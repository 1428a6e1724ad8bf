"""The checks on the sources that change nothing in the build: PHI guard, reading grade, review age.

A build starts them all in a child as soon as the content is loaded and collects the verdict before
anything is published (`pipeline.publish`): they read only the loaded content, so they run on the
machine's second core while MkDocs renders the pages. Errors still stop the build with nothing
published; what was rendered meanwhile is in the staging folder, which is then discarded.
`radsite check` guards the files in a child from its start, while it loads and grades them itself.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from radsite.content.item import ContentSet
from radsite.content.load import Loaded, load
from radsite.derive.patient import assess
from radsite.findings import Finding
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
        graded = check_sources(loaded.content, settings, today, shown_as, parts=("grades",))
    except BaseException:
        guarding.cancel()
        raise
    guarded = guarding.result()
    return loaded, SourceChecks(guarded.findings + graded.findings, guarded.phi_exceptions, graded.grades)


class BackgroundChecks:
    """`check_sources` in a child process (`python -m radsite.source_checks`).

    The child gets the content the build loaded (pickled to a temporary file), never a second
    reading of the sources, so what is checked is exactly what is rendered. A child that fails
    fails the build: no verdict, nothing published.
    """

    module = __name__  # what the child runs: `python -m <module> <job>`

    def __init__(self, content: ContentSet | None, settings: Settings, today: dt.date, shown_as: str,
                 parts: tuple[str, ...] = PARTS) -> None:  # fmt: skip
        with tempfile.NamedTemporaryFile("wb", prefix="radsite-checks-", suffix=".pickle", delete=False) as f:
            pickle.dump((content, settings, today, shown_as, parts), f, protocol=pickle.HIGHEST_PROTOCOL)
        self._job = Path(f.name)
        self._proc = subprocess.Popen([sys.executable, "-m", self.module, str(self._job)],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip

    def result(self) -> SourceChecks:
        try:
            out, err = self._proc.communicate()
        finally:
            self._job.unlink(missing_ok=True)
        if self._proc.returncode != 0:
            raise RuntimeError(f"the source checks (PHI guard, reading grade) failed: {err.decode(errors='replace')}")
        return pickle.loads(out)

    def cancel(self) -> None:
        """A build that fails elsewhere does not wait for the checks."""
        self._proc.kill()
        self._proc.communicate()
        self._job.unlink(missing_ok=True)


def _main(job: str) -> None:
    with open(job, "rb") as f:
        content, settings, today, shown_as, parts = pickle.load(f)
    os.unlink(job)  # the sources' text stays in the temporary folder no longer than needed
    result = check_sources(content, settings, today, shown_as, parts)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.flush()
    os._exit(0)  # the verdict is out; skip tearing down the loaded content (the build waits for this exit)


if __name__ == "__main__":  # run as a module: import it by name, so results pickle as radsite.source_checks
    from radsite.source_checks import _main as main

    main(sys.argv[1])
