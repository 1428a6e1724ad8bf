"""RadSite as an MkDocs plugin: each event hands over to a stage of `radsite.pipeline`.

Order matters (see FIELD-NOTES): content is validated in `on_pre_build`, before MkDocs cleans the
output folder, and the build writes into a staging folder that replaces the site only at the end.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from radsite import cache, forking
from radsite.checkpoints import checkpoint
from radsite.content import markdown_budget
from radsite.content.registry import COLLECTIONS
from radsite.derive import collisions
from radsite.derive.context import page_context
from radsite.derive.language_pages import LanguagePages, language_pages, not_found_links
from radsite.derive.listings import next_change, past_pages
from radsite.derive.pages import generated_pages
from radsite.derive.patient import render_patient_page
from radsite.derive.patient_pages import patient_pages
from radsite.findings import Finding, errors, format_all
from radsite.languages import language_of, unprefixed
from radsite.locales import format_date, language_name, localised, markup, translate_sentence
from radsite.pipeline import BuildState, ContentErrors, cancel, prepare, publish
from radsite.plugin import serve_errors, shutdown, summary
from radsite.plugin.chrome import ChromeCache, with_theme_originals
from radsite.plugin.config import RadSiteConfig, features_without_javascript
from radsite.plugin.forked_render import ForkedRender, child_share, unsafe_plugins
from radsite.plugin.language_files import LanguageFiles
from radsite.plugin.page_cache import PageCache
from radsite.plugin.serve_preview import LastBuild, ServePreview, Stamps, Superseded, stamps
from radsite.publish import due, social_images
from radsite.publish.html_fixes import fix_theme_html
from radsite.publish.images import clean_image
from radsite.publish.lock import BuildLock, LockError, configured_site_dir
from radsite.publish.media import MediaRefused, Probe, clean_media, ffmpeg_version
from radsite.publish.raw_urls import Published, page_relative
from radsite.publish.report import REPORT_DIR, REPORT_NAME
from radsite.publish.sanitize import Sanitizer, Source, page_sources
from radsite.publish.staging import discard, discard_stale, promote, staging_dir
from radsite.publish.withheld_links import Withheld as WithheldLinks
from radsite.publish.withheld_links import without_withheld_links
from radsite.published import markdown_render
from radsite.settings import settings_from_options

log = logging.getLogger("mkdocs.plugins.radsite")


MATERIAL_SCRIPTS = "assets/javascripts/"  # the theme's bundle, search workers and lunr: 2.3 MB nobody loads


def _under(path: str | None, folder: Path) -> bool:
    return path is not None and Path(path).resolve().is_relative_to(folder)


def warned_in_strict_mode() -> bool:
    """Whether MkDocs' --strict counter has seen a warning: it aborts after `on_post_build`."""
    return any(getattr(handler, "get_counts", lambda: [])() for handler in logging.getLogger("mkdocs").handlers)


def collection_code() -> list[Path]:
    """The modules of the collections' schemas, a project's own too: the cache's keys depend on them."""
    return [Path(file) for entry in COLLECTIONS.values() if (file := inspect.getsourcefile(entry.model))]


def watched_paths(config: Any) -> list[Path]:
    """What `mkdocs serve` watches and RadSite compares between saves: content, config, theme."""
    paths = [Path(config.docs_dir)] + [Path(p) for p in config.watch]
    if config.config_file_path:
        paths.append(Path(config.config_file_path))
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    return paths


def escapes_template(name: str | None) -> bool:
    return bool(name) and name.startswith("radsite/")  # type: ignore[union-attr]


def add_language_words(env: Any) -> None:
    """What RadSite's templates use to write in the page's language: t(), t_sentence(), language_name()
    and the radsite_day filter (also for templates rendered outside a build, as the tests do)."""
    env.globals["t"] = _t
    env.globals["language_name"] = language_name
    env.globals["t_sentence"] = _t_sentence
    env.filters["radsite_day"] = _day


@pass_context
def _t(context: Any, phrase: str, **values: Any) -> Markup:
    """RadSite's own words in the page's language (radsite.locales); English pages get `phrase` as it is."""
    return markup(phrase, context.get("radsite_lang") or "en", **values)


@pass_context
def _t_sentence(context: Any, sentence: str) -> str:
    """A sentence RadSite composed with a number, in the page's language (radsite.locales)."""
    return translate_sentence(sentence, context.get("radsite_lang") or "en")


@pass_context
def _day(context: Any, value: Any) -> str:
    """A review date in the page's language: "1 December 2026" (as before), "1 de diciembre de 2026"."""
    lang = context.get("radsite_lang") or "en"
    return value.strftime("%-d %B %Y") if lang == "en" else format_date(value, lang)


class RadSitePlugin(BasePlugin[RadSiteConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.state: BuildState | None = None
        self.site_dir: Path | None = None
        self.staging: Path | None = None
        self.chrome_cache: ChromeCache | None = None
        self.command: str | None = None  # set by `mkdocs build`, `serve` and `gh-deploy`; None when called as a library
        self.fork: ForkedRender | None = None
        self.cards: social_images.Plan | None = None  # the social images of this build (on_files)
        self.published_paths = Published(frozenset())  # the published files, for raw HTML's URLs (on_files)
        self.withheld_links = WithheldLinks()  # the sources not published, whose links are left out (on_files)
        self.sources: dict[str, Source] = {}
        self.lock: BuildLock | None = None
        self.cache: cache.Cache | None = None
        self.page_cache: PageCache | None = None
        self._extras: dict[str, dict[str, Any]] = {}  # per build: each page's RadSite context (_page_extra)
        self.serving = False  # `mkdocs serve` builds into a temporary folder; it locks the configured one
        self.language_pages = LanguagePages()
        self.preview = ServePreview(self._resume)  # serve: a saved item's page first, then the whole build
        self._stamps: Stamps = {}  # serve: the watched files when this build began
        self._watched: list[Path] = []
        self._built: dict[str, Any] = {}  # this build's files, nav, env and Markdown set-up, for the preview

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = None if dirty else command
        self.serving = command == "serve"
        if self.serving:  # SIGTERM shuts serve down like Ctrl-C (radsite.plugin.shutdown)
            shutdown.terminate_like_interrupt()

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:  # errors as a page, not a hang
        return serve_errors.ServeErrors().install(self.preview.install(server))

    def on_config(self, config: Any) -> Any:
        self.mkdocs_config = config
        config.markdown_extensions = markdown_budget.with_depth_limit(config.markdown_extensions)  # MkDocs' renders too
        self.settings = settings_from_options(self.config, Path(config.docs_dir), site_url=config.site_url or "")
        self.site_dir = Path(config.site_dir)
        self.report_path = Path(config.config_file_path or ".").resolve().parent / REPORT_DIR / REPORT_NAME
        self.cache = cache.for_project(self.report_path.parent.parent, collection_code(), self.cache)
        cache.activate(self.cache)  # serve: the same instance, with its memory, on every rebuild
        self.lock = BuildLock(configured_site_dir(config.config_file_path, self.site_dir) if self.serving else self.site_dir)
        try:
            self.lock.acquire(log.info)  # one build at a time per site folder
        except LockError as e:
            raise PluginError(str(e)) from None
        self.staging = staging_dir(self.site_dir)
        config.site_dir = str(self.staging)
        theme = config.theme
        for warning in features_without_javascript(theme.get("features") or [], theme.get("palette"),
                                                   config.config_file_path):  # fmt: skip
            log.warning(warning)
        return config

    def on_pre_build(self, config: Any) -> None:
        discard_stale(self.site_dir, keep=self.staging)  # type: ignore[arg-type]
        if self.serving:  # before the content is read: a save during this build shows as a change
            self._watched = watched_paths(config)
            self._stamps = stamps(self._watched)
        render = markdown_render(config.markdown_extensions, config.mdx_configs)
        self._built = {"render": render}
        try:
            checkpoint()
            self.state = prepare(self.settings, render)
        except (ContentErrors, ValueError) as e:
            config.site_dir = str(self.site_dir)
            raise PluginError(str(e)) from None
        for finding in self.state.findings:
            log.warning(finding.format())
        self.sanitizer = Sanitizer(self.config.embed_hosts, config.site_url or "")
        self.sources = page_sources(self.state.decision)
        for language in self.state.languages.values():  # translations: their editors' bodies too
            self.sources.update(page_sources(language.decision))

    def on_files(self, files: Files, config: Any) -> Files:
        """The site's files, derived from the decision: nothing of content/ is kept because it is there.

        Kept: the theme's files (not Material's JavaScript), the published plain pages, the files the
        published text refers to (images re-encoded without metadata), and the generated pages.
        """
        checkpoint()
        state = self._state()
        docs_dir = Path(config.docs_dir).resolve()
        by_uri = {file.src_uri: file for file in files}
        kept = Files([file for file in files if not _under(file.abs_src_path, docs_dir)
                      and not file.src_uri.startswith(MATERIAL_SCRIPTS)])  # fmt: skip
        loaded_pages = {page.src_uri: page for page in state.decision.pages}
        for src_uri in sorted(state.files.pages - {"index.md"}):  # the home page is generated
            file = by_uri[src_uri]
            if (loaded := loaded_pages.get(src_uri)) is not None:
                file.content_string = loaded.doc.text  # as RadSite read it: one form, no control characters
            kept.append(file)
        content_dir = state.settings.content_dir
        for target, source in sorted(state.files.images.items()):
            data = (content_dir / source).read_bytes()
            cleaned = cache.current().memo("image", data, (), lambda: clean_image(data))  # noqa: B023 - called at once
            kept.append(File.generated(config, target, content=cleaned, inclusion=InclusionLevel.NOT_IN_NAV))
        for target, (source, found) in sorted(state.files.media.items()):
            kept.append(File.generated(config, target, content=_clean_media(content_dir, source, found),
                                       inclusion=InclusionLevel.NOT_IN_NAV))  # fmt: skip
        for target, source in sorted(state.files.as_is.items()):
            kept.append(File.generated(config, target, abs_src_path=str(content_dir / source)))
        home_intro = next((p.doc.body for p in state.decision.pages if p.src_uri == "index.md"), "")
        title = state.settings.department or config.site_name
        pages = generated_pages(state, home_intro.strip(), title) + patient_pages(state)
        self.language_pages = language_pages(state, title)
        pages += self.language_pages.pages
        if clashes := collisions.page_collisions(state.decision, pages):  # no page silently replaces another
            raise PluginError(collisions.collision_message(clashes))
        for page in pages:
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            kept.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
        checkpoint()
        self.published_paths = Published.of(state.files.assets)  # for raw HTML's URLs, once a build
        self.withheld_links = withheld_sources(state)
        self.cards = social_images.for_build(state, pages, config.extra, config.site_name, config.theme.custom_dir)
        static = set(config.theme.static_templates) | {"sitemap.xml.gz"}
        state.front_end_outputs = {file.dest_uri for file in kept} | static | (self.cards.targets if self.cards else set())
        if len(state.settings.languages) > 1:  # a translation's link to an untranslated page: the original
            return LanguageFiles(kept, state.settings.languages)
        return kept

    def _state_of(self, src_uri: str) -> BuildState:
        """The build state of the page's language (radsite.languages): its own items, listings, glossary."""
        state = self._state()
        lang = language_of(src_uri, state.settings.languages)
        return state.languages.get(lang, state)

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        checkpoint()  # serve: a newer save stops the whole build that follows a preview
        self._pages().before_render(page, markdown)  # a page whose inputs did not change is not rendered again
        if (slow := markdown_budget.known_slow(markdown)) is not None:
            raise self._too_slow(page, markdown)(slow)
        markdown_budget.arm(markdown, self._too_slow(page, markdown))  # MkDocs renders it next; on_page_content ends it
        return markdown

    def _too_slow(self, page: Any, markdown: str) -> Callable[[markdown_budget.TooSlow], BaseException]:
        """The error of a page whose render ran over its CPU budget, placed in the editor's file."""
        source = self.sources.get(page.file.src_uri)
        where = (source.body, source.path, source.first_line) if source else (markdown, page.file.src_uri, 1)

        def error(slow: markdown_budget.TooSlow) -> BaseException:
            placed = type(slow)(where[0]).finding(where[1], where[2])  # TooSlow or TooDeep
            return PluginError(format_all([placed]))

        return error

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        markdown_budget.disarm()
        return self._pages().content(page, html, lambda html: self._page_content(html, page))

    def _page_content(self, html: str, page: Any) -> str:
        state = self._state_of(page.file.src_uri)
        if source := self.sources.get(page.file.src_uri):  # an editor's body: through the allow-list
            sanitized = self.sanitizer.sanitize(html, source)
            html = sanitized.html
            for finding in sanitized.findings:
                log.warning(finding.format())
        html = page_relative(html, page.file.src_uri, page.file.dest_uri, self.published_paths)
        html, left_out = without_withheld_links(html, page.file.src_uri, page.file.dest_uri, self.withheld_links)
        for href in left_out:
            log.warning(_left_out(source, page.file.src_uri, href).format())
        if page.file.src_uri in state.decision.by_page_uri:  # item pages: their HTML goes into the feeds
            state.page_html[page.file.src_uri] = html
        if state.patient is None:
            return html
        published = state.decision.by_page_uri.get(page.file.src_uri)
        return render_patient_page(state.patient, published, page.url, html)

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        return fix_theme_html(self._pages().rendered(page, output))

    def on_post_template(self, output_content: str, template_name: str, config: Any) -> str:
        return fix_theme_html(output_content)

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        """RadSite's own templates escape what they print: item text may come from outside (a
        ClinicalTrials.gov record); Material's templates keep MkDocs' default (no escaping)."""
        env.autoescape = escapes_template
        env.auto_reload = False  # MkDocs makes a new environment per build: no need to stat templates per include
        with_theme_originals(env, list(config.theme.dirs), config.theme.custom_dir)
        checkpoint()
        self._built["env"] = env
        env.globals["radsite_chrome"] = self.chrome_cache  # on_nav made it; every template, 404.html too
        add_language_words(env)
        self._pages().choose(env, files)
        if self.fork is not None and self.fork.is_child:
            self.fork.child_env()
        if self.cards is not None:  # og:image of every page: half in each process when the build forked
            cards = self.cards.share(self.fork.is_child) if self.fork is not None else self.cards.cards
            social_images.write(cards, self.cards.brand, self._folders()[0])
        return env

    def on_nav(self, nav: Any, config: Any, files: Any) -> Any:
        checkpoint()
        self._built.update(files=files, nav=nav)
        self.chrome_cache = ChromeCache(nav)
        others = unsafe_plugins(config.plugins.events, self)  # their page events must see every page
        self.page_cache = PageCache(
            cache.current(),
            self._state(),
            config,
            files,
            nav,
            enabled=not others,
            state_of=self._state_of,
            extra_of=lambda page: self._page_extra(page, config),
            withheld=self.withheld_links.targets,
        )
        self._extras = {}
        self.fork = self._fork(files, config)
        return nav

    def _fork(self, files: Files, config: Any) -> ForkedRender | None:
        """A share of the item pages to a forked copy of this build, when that is safe (see forked_render)."""
        if not self.config.render_in_parallel or self.command not in ("build", "gh-deploy") or not forking.can_fork():
            return None
        if others := unsafe_plugins(config.plugins.events, self):
            log.info(f"RadSite renders on one core: other plugins handle page events ({', '.join(others)})")
            return None
        published = self._state().decision.by_page_uri
        items = [file for file in files.documentation_pages() if file.src_uri in published]
        if len(items) < 2:
            return None
        share = child_share(items)
        log.debug(f"RadSite: {len(share)} of {len(items)} item pages are rendered by a second process")
        return ForkedRender(files, config, share)

    def on_template_context(self, context: Any, /, *, template_name: str, config: Any) -> Any:
        if template_name == "sitemap.xml" and self.fork is not None:  # the child's pages too
            context["pages"] = self.fork.sitemap_pages()
        if template_name == "404.html":  # one file serves every language: a block and links for each
            context["radsite_not_found"] = not_found_links(self._state().settings.languages, self.language_pages.homes)
        if template_name == "sitemap.xml":  # a past event or a closed job keeps its page but leaves the sitemap
            past = past_pages(self._state().decision)
            context["pages"] = [p for p in context["pages"] if getattr(p, "file", p).src_uri not in past]
        return context

    def on_page_context(self, context: Any, /, *, page: Any, config: Any, nav: Any) -> Any:
        checkpoint()
        context.update(self._page_extra(page, config))
        return self._pages().context(page, context)

    def _page_extra(self, page: Any, config: Any) -> dict[str, Any]:
        """What RadSite adds to a page's template context (once per page and build: the page cache
        keys the page by it before the page renders with it)."""
        src_uri = page.file.src_uri
        if (made := self._extras.get(src_uri)) is not None:
            return made
        state = self._state_of(src_uri)
        own = src_uri in state.decision.by_page_uri  # a translated item: found by its own page
        context = page_context(state, src_uri if own else unprefixed(src_uri, state.settings.languages))
        if len(state.settings.languages) > 1:
            found = self._state().translations
            context["radsite_lang"] = state.lang
            context["radsite_prefix"] = "" if state is self._state() else f"{state.lang}/"
            context["radsite_languages"] = state.settings.languages
            context["radsite_alternates"] = self.language_pages.alternates.get(src_uri, {})
            context["radsite_homes"] = self.language_pages.homes
            context["radsite_language_nav"] = self.language_pages.nav.get(state.lang)
            context["radsite_glossary"] = self.language_pages.glossaries.get(state.lang, "glossary/")
            context["radsite_stale"] = state.settings.translation_notes and src_uri in found.stale
            if state is not self._state():  # the department's own words (tagline, booking, ...) in the language
                context["radsite_department"] = localised(config.extra.get("department"), state.lang)
        self._extras[src_uri] = context
        return context

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, config: Any) -> None:
        checkpoint()  # before anything is published: a cancelled build changes nothing
        if self.fork is not None and self.fork.is_child:
            cache.current().flush()  # the pages this child rendered, for the next build
            self.fork.finish_child(self._state().page_html)  # does not return
        if self.fork is not None:  # the parent: the child's pages are written, its item HTML joins the feeds
            fork, self.fork = self.fork, None
            self._state().page_html.update(fork.join().page_html)
        staging, site_dir = self._folders()
        try:
            findings = publish(self._state(), staging, self.report_path)
        except ContentErrors as e:  # the source checks, run beside the render, found errors
            config.site_dir = str(site_dir)
            discard(staging)
            raise PluginError(str(e)) from None
        for finding in findings:
            log.warning(finding.format()) if finding.level == "warning" else None
        config.site_dir = str(site_dir)
        if errors(findings):
            discard(staging)
            raise PluginError("RadSite refused to publish; the previous site is untouched:\n"
                              + format_all(errors(findings)))  # fmt: skip
        if config.strict and warned_in_strict_mode():  # MkDocs aborts next: the previous site stays
            discard(staging)
            return
        state = self._state()
        moments = (due.next_due(state.loaded.content, state.decision.policy), next_change(state.decision))
        due.record(staging, min((m for m in moments if m is not None), default=None))
        promote(staging, site_dir)
        self._release()
        if self.serving:
            self.preview.remember(self._last_build(config, site_dir))
        log.info(summary.summary_line(site_dir))  # "all checks passed" only without warnings
        log.debug(f"RadSite cache: {cache.current().hits} entries reused, {cache.current().misses} computed")
        log.debug(f"RadSite pages: {self._pages().reused_pages} reused, {self._pages().rendered_pages} rendered")
        cache.current().prune()
        if (report := self._state().report) is not None:
            log.info(report.summary())

    @event_priority(100)  # first: a failing child leaves at once, a failing parent stops the child
    def on_build_error(self, error: Exception) -> None:
        markdown_budget.disarm()
        summary.reset()  # a failed build's warnings do not count against the next one
        superseded = isinstance(error, Superseded)  # serve: a newer save; the next build starts at once
        if not superseded:  # (a cancelled build's entries stay in memory, for the next build to write)
            cache.current().flush()  # what was computed holds for the same inputs, whatever failed
        if self.fork is not None:
            if self.fork.is_child:
                self.fork.finish_child(self.state.page_html if self.state else {}, error)  # does not return
            self.fork.kill()
            self.fork = None
        if self.state is not None:
            cancel(self.state)
        if self.staging is not None:
            discard(self.staging, wait=not superseded)
            self.mkdocs_config.site_dir = str(self.site_dir)
        self._release()

    def on_shutdown(self) -> None:
        """An interrupted build (Ctrl-C, SIGTERM) leaves no folder behind and no lock held."""
        self.on_build_error(InterruptedError("mkdocs is shutting down"))
        shutdown.remove_leftovers(self.site_dir, self.staging)
        self._release()

    def _last_build(self, config: Any, site_dir: Path) -> LastBuild | None:
        """This build, for serve's preview of the next save; None where a preview could differ from
        the whole build (another plugin handles page events)."""
        if unsafe_plugins(config.plugins.events, self) or not {"files", "nav", "env"} <= self._built.keys():
            return None
        lock = BuildLock(configured_site_dir(config.config_file_path, site_dir))
        for file in self._built["files"]:  # written: a preview renders pages only (social images: 185 MB at 5,000)
            if file.abs_src_path is None and not file.is_documentation_page():
                file.content_bytes = b""
        return LastBuild(config, self._built["files"], self._built["nav"], self._built["env"], self._state(),
                         self._built["render"], self._stamps, self._watched, self.sources, lock,
                         {"sanitizer": self.sanitizer, "language_pages": self.language_pages})  # fmt: skip

    def _resume(self, last: LastBuild) -> None:
        """Serve's preview renders a page of the last build: its attributes, back as they were."""
        self.state, self.sources, self.mkdocs_config, self.fork = last.state, last.sources, last.config, None
        self.sanitizer, self.language_pages = last.front["sanitizer"], last.front["language_pages"]
        self._extras = {}
        self.page_cache = PageCache(cache.current(), last.state, last.config, last.files, last.nav, enabled=False,
                                    state_of=self._state_of,
                                    extra_of=lambda page: self._page_extra(page, last.config))  # fmt: skip

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _folders(self) -> tuple[Path, Path]:
        """The staging folder this build writes and the site folder it replaces (set by on_config)."""
        if self.staging is None or self.site_dir is None:  # pragma: no cover - MkDocs always runs on_config first
            raise PluginError("radsite: on_config did not run")
        return self.staging, self.site_dir

    def _pages(self) -> PageCache:
        if self.page_cache is None:  # pragma: no cover - MkDocs always runs on_nav first
            raise PluginError("radsite: on_nav did not run")
        return self.page_cache

    def _state(self) -> BuildState:
        if self.state is None:  # pragma: no cover - MkDocs always runs on_pre_build first
            raise PluginError("radsite: on_pre_build did not run")
        return self.state


def withheld_sources(state: BuildState) -> WithheldLinks:
    """Every Markdown source of content/ that this build does not publish, in any language."""
    content, translations = state.loaded.content, state.translations
    sources = [uri for item in content.items for uri in (item.src_uri, item.page_uri)]
    sources += [page.src_uri for page in content.pages]
    sources += [uri for items in translations.items.values() for item in items for uri in (item.src_uri, item.page_uri)]
    sources += [uri for pages in translations.pages.values() for page in pages for uri in (page.src_uri, page.file_uri)]
    published: list[str] = []
    for each in (state, *state.languages.values()):
        published += [uri for p in each.decision.items for uri in (p.item.src_uri, p.item.page_uri)]
        published += [uri for page in each.decision.pages for uri in (page.src_uri, getattr(page, "file_uri", ""))]
    return WithheldLinks.of(sources, [uri for uri in published if uri])


def _left_out(source: Source | None, src_uri: str, href: str) -> Finding:
    """The warning for a link to a page this build does not publish, at the line that holds it."""
    path, line = (source.path, None) if source else (f"content/{src_uri}", None)
    if source and (at := source.body.find(href)) >= 0:
        line = source.first_line + source.body.count("\n", 0, at)
    return Finding(
        path,
        line,
        "link",
        f"'{href}' links to a page this build does not publish (a draft, "
        "scheduled, or for another audience); the link is left out and its text kept",
        "warning",
    )


def _clean_media(content_dir: Path, source: str, found: Probe) -> bytes:
    """A published media file's clean remux (publish.media), once per source digest and FFmpeg."""
    data = (content_dir / source).read_bytes()
    options = (source.rsplit(".", 1)[-1].lower(), ffmpeg_version(), found.streams)
    try:
        return cache.current().memo("media", data, options, lambda: clean_media(data, source, found),
                                    count=False, memory=False)  # fmt: skip
    except MediaRefused as refused:
        raise PluginError(f"{source}: error: [asset] {refused}") from None
