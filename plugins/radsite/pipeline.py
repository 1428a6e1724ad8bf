"""The build, front end agnostic: load -> decide -> derive, then publish after rendering.

A front end (the MkDocs adapter today) calls `prepare` before it touches the output folder and
`publish` after it has written the pages; rendering in between is the front end's job.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from radsite.checkpoints import checkpoint
from radsite.content.glossary import Glossary
from radsite.content.load import Loaded, load
from radsite.derive.browse import INDEX_NAME, Browse, build_browse
from radsite.derive.directory import Directory, vcard_uri
from radsite.derive.listings import home, listings
from radsite.derive.patient import patient_data, translation_readability
from radsite.derive.topics import Topics, topics
from radsite.findings import Finding, errors, format_all
from radsite.languages import LanguageDecision, Translations, decide_language, load_translations, prefixed
from radsite.publish import browse_files, topic_files
from radsite.publish.audit import Auditor, BuildAudit, repeated_answers, repeated_internal_fields, unlisted
from radsite.publish.feeds import feed_infos, publish_feeds
from radsite.publish.patient_report import patient_report
from radsite.publish.report import BuildReport
from radsite.publish.search import BUNDLE, Indexing
from radsite.publish.staging import site_label
from radsite.published import Render, markdown_render, published_files
from radsite.settings import Settings
from radsite.source_checks import BuildChecks, SourceChecks, load_and_check
from radsite.state import BuildState
from radsite.visibility import Decision, Policy, decide


class ContentErrors(Exception):
    """The content has errors: nothing may be built. The message lists every finding."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        count = len(errors(findings))
        super().__init__(
            f"RadSite found {count} error{'s' * (count != 1)} in the content; "
            f"nothing was built and the previous site is untouched:\n{format_all(findings)}"
        )


def expected_outputs(state: BuildState) -> set[str]:
    """Every file this build means to write, site-relative: the published list the audit holds the site to."""
    expected = set(state.front_end_outputs) | state.files.assets
    for info in feed_infos(state.settings):
        expected |= {info.rss, info.atom}
        expected |= {prefixed(lang, path) for lang in state.languages for path in (info.rss, info.atom)}
    expected |= {f"{collection}/{INDEX_NAME}" for collection in state.browse.indexes}
    if state.directory is not None:  # a vCard beside each published profile
        expected |= {vcard_uri(person) for person in state.directory.profiles.values()}
    expected |= topic_files.expected_paths(state.topics, state.decision, state.settings)  # calendars, tag feeds
    return expected


def validate(settings: Settings, policy: Policy | None = None, render: Render | None = None) -> Loaded:
    """Load and check the content, guard it (PHI, DICOM, GPS), assess patient pages; what `radsite check` runs.

    `policy` carries the build's one clock; review ages are measured against it.
    """
    policy = policy or settings.policy()
    shown_as = _shown_as(settings.content_dir)
    loaded, checked = load_and_check(settings, policy.now.date(), shown_as)
    decision = decide(loaded.content, policy)
    _, languages = decide_languages(settings, loaded, decision, policy, shown_as)
    files = published_files(decision, loaded.content, loaded.sources, render or default_render(),
                            lambda src_uri: (settings.content_dir / src_uri).read_bytes(), shown_as,
                            languages, region=settings.phone_region)  # fmt: skip
    # undeclared audiences; what the build would refuse; an internal value that published text repeats
    loaded.findings += decision.findings + files.findings + repeated_internal_fields(decision) + repeated_answers(decision)
    _add_checks(loaded, checked)
    return loaded


def prepare(settings: Settings, render: Render | None = None) -> BuildState:
    """Load the content and decide what this build publishes; the source checks run meanwhile.

    The source checks run in forked children from the start (`BuildChecks`); `publish` collects their
    verdict once Pagefind is done, before the report. Load errors stop the build here, with the
    source checks' findings too (one list per run).
    """
    policy = settings.policy()  # one clock and one audience for the whole build
    shown_as = _shown_as(settings.content_dir)
    checks = BuildChecks(settings, policy.now.date(), shown_as)  # the guard reads the files while this loads them
    try:
        loaded = load(settings.content_dir, shown_as=shown_as)
        checks.loaded(loaded.content)
        decision = decide(loaded.content, policy)
        translations, languages = decide_languages(settings, loaded, decision, policy, shown_as)
        checkpoint()  # serve: a newer save ends this build here (radsite.checkpoints)
        files = published_files(decision, loaded.content, loaded.sources, render or default_render(),
                                lambda src_uri: (settings.content_dir / src_uri).read_bytes(), shown_as,
                                languages, region=settings.phone_region)  # fmt: skip
        loaded.findings += decision.findings + files.findings + repeated_internal_fields(decision) + repeated_answers(decision)
        if errors(loaded.findings):  # the guard's and the grades' findings too: all of them in one run
            _add_checks(loaded, checks.result())
            raise ContentErrors(loaded.findings)
        lists = listings(decision)
        state = BuildState(
            settings=settings,
            loaded=loaded,
            decision=decision,
            listings=lists,
            home=home(lists, settings.home_counts),
            findings=list(loaded.findings),
            patient=patient_data(decision, loaded.glossary, settings.patient_collections),
            browse=build_browse(lists),
            directory=Directory(decision),
            checks=checks,
            files=files,
            topics=topics(decision),
            lang=settings.languages[0],
            translations=translations,
        )
        state.languages = {lang: language_state(state, ld) for lang, ld in languages.items()}
        return state
    except BaseException:
        checks.cancel()
        raise


def decide_languages(settings: Settings, loaded: Loaded, decision: Decision, policy: Policy,
                     shown_as: str) -> tuple[Translations, dict[str, LanguageDecision]]:  # fmt: skip
    """Each other language's translations and decision, derived from the default one's.

    What a language withholds joins the default decision's withheld list: the one audit holds every
    output file to all of it.
    """
    translations = load_translations(settings.content_dir, loaded, settings.languages, shown_as)
    loaded.findings += translations.findings
    found, translations.scores = translation_readability(
        [item for lang in translations.others for item in translations.items.get(lang, [])],
        settings.min_reading_ease, settings.readability_level, settings.patient_collections,
    )  # fmt: skip
    loaded.findings += found
    languages = {lang: decide_language(lang, translations, decision, policy) for lang in translations.others}
    for language in languages.values():
        decision.withheld += language.withheld
        decision.languages.append(language)
        loaded.findings += language.findings
    return translations, languages


def language_state(state: BuildState, decision: LanguageDecision) -> BuildState:
    """A language's own build state: its items, listings, home and glossary; the rest is shared.

    Listing pages of a language are one page each (no pages of 50, no filter index): its translations
    are the few patient pages a department translates.
    """
    settings = state.settings
    lists = listings(decision)
    glossary = state.translations.glossaries.get(decision.lang) or Glossary()
    patient = patient_data(decision, glossary, settings.patient_collections)
    patient.matcher.lang = decision.lang  # its buttons' words in the language (radsite.locales)
    return dataclasses.replace(
        state,
        decision=decision,
        listings=lists,
        home=home(lists, settings.home_counts),
        findings=[],
        patient=patient,
        browse=Browse(),
        topics=Topics(),
        lang=decision.lang,
        languages={},
    )


def collect_checks(state: BuildState) -> list[Finding]:
    """The source checks' verdict: errors stop the build (ContentErrors), warnings are returned."""
    if state.checks is None:
        return []
    checks, state.checks = state.checks, None
    result = checks.result()
    _add_checks(state.loaded, result)
    if errors(result.findings):
        raise ContentErrors(result.findings)
    return result.findings


def _add_checks(loaded: Loaded, checked: SourceChecks) -> None:
    loaded.findings += checked.findings
    loaded.phi_exceptions = checked.phi_exceptions
    loaded.grades = checked.grades


def start_audit(state: BuildState, site_dir: Path) -> BuildAudit:
    """The output audit of the build writing `site_dir` (it scans at `publish`)."""
    state.audit = BuildAudit(Auditor(site_dir, state.decision, shown_as=site_label(site_dir)), BUNDLE)
    return state.audit


def cancel(state: BuildState) -> None:
    """The build failed: stop the source checks and the audit."""
    if state.checks is not None:
        state.checks.cancel()
        state.checks = None
    if state.audit is not None:
        state.audit.cancel()
        state.audit = None


def publish(state: BuildState, site_dir: Path, report_path: Path | None = None) -> list[Finding]:
    """After the pages are written: search index, feeds, reports, then the output audit. Errors fail the build.

    Pagefind starts first, in its own process (it reads only the HTML, which is all written by now);
    the output audit scans the pages meanwhile, then the other steps run. Each step returns findings
    and may add a section to the report; the audit ends last, over everything the other steps wrote,
    the search index included. The report is for editors: it is
    written to `report_path`, outside the site, and never published.
    """
    audit = state.audit or start_audit(state, site_dir)
    indexing = Indexing(site_dir, audit.digest)  # the pages' digests serve the audit too
    try:
        audit.pages_written()
        report = BuildReport(counts=state.home.counts)
        report.sections["images_cleaned"] = sorted(state.files.images)
        report.sections["media_cleaned"] = sorted(state.files.media)
        findings = publish_feeds(state, site_dir, report)
        for lang, language in state.languages.items():  # /es/feeds/: the same feeds, of that language's items
            findings += publish_feeds(language, site_dir, BuildReport(), root=f"{lang}/")
        checkpoint()
        topic_files.write(topic_files.collection_files(state.decision, state.settings), site_dir)  # calendars
        findings += browse_files.write(state, site_dir)  # listing indexes for the filters, profile vCards
        checkpoint()
        findings += indexing.finish(report)
        checkpoint()
        findings = collect_checks(state) + findings  # raises ContentErrors: the staging folder is discarded
        report.sections["phi_exceptions"] = [e.as_json() for e in state.loaded.phi_exceptions]
        findings += patient_report(state, report)
        report.findings = [f for f in state.findings + findings if f.level == "warning"]
        if report_path is not None:
            report.write(report_path)
        state.report = report
        checkpoint()
        findings += audit.finish()
        state.audit = None  # finished: interrupted before this, `cancel` stops it
        findings += unlisted(site_dir, expected_outputs(state), (f"{BUNDLE}/",), shown_as=site_label(site_dir))
        return findings
    except BaseException:
        cancel(state)
        raise
    finally:
        indexing.stop()  # interrupted: Pagefind must not go on writing into a folder being discarded


def default_render() -> Render:
    """Markdown as MkDocs renders it by default, for callers without a site's own set-up (tests, check)."""
    return markdown_render()


def _shown_as(content_dir: Path) -> str:
    """Paths in messages are relative to the working directory when they can be."""
    try:
        return Path(content_dir).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(content_dir).as_posix()
