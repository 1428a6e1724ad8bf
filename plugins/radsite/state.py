"""The build state: what `pipeline.prepare` derived, handed to the stages that read several parts of it.

A leaf of the stages: it imports their data types and nothing imports it back, so derive and
publish modules can take it without importing the pipeline (no import cycle, typed or not).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from radsite.content.load import Loaded
from radsite.derive.browse import Browse
from radsite.derive.directory import Directory
from radsite.derive.listings import Home, Listing
from radsite.derive.patient import PatientData
from radsite.derive.topics import Topics
from radsite.findings import Finding
from radsite.languages import Translations
from radsite.publish.audit import BuildAudit
from radsite.publish.report import BuildReport
from radsite.published import PublishedFiles
from radsite.settings import Settings
from radsite.source_checks import BuildChecks
from radsite.visibility import Decision


@dataclass
class BuildState:
    settings: Settings
    loaded: Loaded
    decision: Decision
    listings: dict[str, Listing]
    home: Home
    findings: list[Finding] = field(default_factory=list)  # warnings, for the build report
    report: BuildReport | None = None  # set by publish()
    page_html: dict[str, str] = field(default_factory=dict)  # item page src_uri -> rendered body, for feeds
    patient: PatientData | None = None  # glossary matcher, FAQ <-> exam links (set by prepare)
    browse: Browse = field(default_factory=Browse)  # listing pages of 50, filter facets and indexes
    directory: Directory | None = None  # "find a collaborator" index over published profiles
    checks: BuildChecks | None = None  # the source checks, running beside the render until publish
    audit: BuildAudit | None = None  # the output audit (start_audit), which scans at publish
    files: PublishedFiles = field(default_factory=PublishedFiles)  # what of content/ the site holds
    front_end_outputs: set[str] = field(default_factory=set)  # what the front end writes (pages, theme files)
    topics: Topics = field(default_factory=Topics)  # tag pages, case series, archives (radsite.derive.topics)
    lang: str = "en"  # the language of this state's pages (radsite.languages)
    translations: Translations = field(default_factory=Translations)  # every translation, by language
    languages: dict[str, BuildState] = field(default_factory=dict)  # another language -> its own state
