"""The build, front end agnostic: load -> decide -> derive, then publish after rendering.

A front end (the MkDocs adapter today) calls `prepare` before it touches the output folder and
`publish` after it has written the pages; rendering in between is the front end's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from radsite.content.load import Loaded, load
from radsite.derive.listings import Home, Listing, home, listings
from radsite.derive.patient import PatientData, assess, patient_data
from radsite.findings import Finding, errors, format_all
from radsite.publish.patient_report import patient_report
from radsite.publish.report import BuildReport
from radsite.settings import Settings
from radsite.visibility import Decision, decide


class ContentErrors(Exception):
    """The content has errors: nothing may be built. The message lists every finding."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        count = len(errors(findings))
        super().__init__(
            f"RadSite found {count} error{'s' * (count != 1)} in the content; "
            f"nothing was built and the previous site is untouched:\n{format_all(findings)}"
        )


@dataclass
class BuildState:
    settings: Settings
    loaded: Loaded
    decision: Decision
    listings: dict[str, Listing]
    home: Home
    findings: list[Finding] = field(default_factory=list)  # warnings, for the build report
    report: BuildReport | None = None  # set by publish()
    patient: PatientData | None = None  # glossary matcher, FAQ <-> exam links (set by prepare)


def validate(settings: Settings) -> Loaded:
    """Load and check the content; what `radsite check` runs."""
    loaded = load(settings.content_dir, shown_as=_shown_as(settings.content_dir))
    quality = assess(loaded.content, settings, settings.policy().now.date())
    loaded.findings += quality.findings
    loaded.grades = quality.grades
    return loaded


def prepare(settings: Settings) -> BuildState:
    loaded = validate(settings)
    if errors(loaded.findings):
        raise ContentErrors(loaded.findings)
    decision = decide(loaded.content, settings.policy())
    lists = listings(decision)
    return BuildState(
        settings=settings,
        loaded=loaded,
        decision=decision,
        listings=lists,
        home=home(lists, settings.home_counts),
        findings=list(loaded.findings),
        patient=patient_data(decision, loaded.glossary, settings.patient_collections),
    )


def publish(state: BuildState, site_dir: Path) -> list[Finding]:
    """After the pages are written: feeds, reports, then the output audit. Errors fail the build.

    Each step returns findings and may add a section to the report; the audit runs last, over
    everything the other steps wrote.
    """
    report = BuildReport(counts=state.home.counts)
    findings: list[Finding] = []
    findings += patient_report(state, report)
    report.findings = [f for f in state.findings + findings if f.level == "warning"]
    report.write(site_dir)
    state.report = report
    return findings


def _shown_as(content_dir: Path) -> str:
    """Paths in messages are relative to the working directory when they can be."""
    try:
        return Path(content_dir).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(content_dir).as_posix()
