"""`mkdocs serve`: a saved item's page shows within about a second; the whole rebuild follows.

MkDocs rebuilds the whole site on every save and holds every request until it is done: at 5,000
items that was about 25 s from save to page, with every page's render in the content-digest
cache. Most saves while previewing reword or retitle the item the editor is looking at. So when
every file saved since the last good build is a published item, RadSite first renders those
pages alone, from the last build's state and through the steps a build takes (the loader and its
checks, its references to other items, the PHI guard, the reading grade, the visibility decision,
the allow-list, the theme, the output audit), writes them into the served folder and reloads the
browser. The whole build then runs as always, without holding requests, and replaces the site
when done (listings, feeds, search and the pages that show the item's title catch up, and the
browser reloads again); a newer save cancels it and starts over.

Anything else is the whole build at once, as before: a file added, deleted or replaced by a link,
a translation, a template, the config, an item whose address, audience, draft or reveal state
changes, a change in what files it refers to (body or front matter), any finding that is an
error, a match of the output audit. The previewed page is the page the whole build writes, byte
for byte (tests/test_serve_preview.py).
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.structure.files import InclusionLevel

from radsite import checkpoints
from radsite.content import checks, markdown_budget
from radsite.content.item import ContentSet, Item
from radsite.content.load import classify, item_checks, load_item
from radsite.content.sources import SKIP_DIRS
from radsite.derive.pages import item_page
from radsite.findings import Finding, errors
from radsite.guard import guard_loaded
from radsite.publish.audit import Auditor
from radsite.publish.lock import BuildLock
from radsite.publish.sanitize import Source, item_source
from radsite.published import Render, asset_names, body_references, file_fields
from radsite.source_checks import cached_grades
from radsite.state import BuildState
from radsite.visibility import Published, Withheld, publish_item

log = logging.getLogger("mkdocs.plugins.radsite")

Stamps = dict[str, tuple[int, int, int]]  # path -> (size, mtime_ns, inode), links not followed
CHECK_EVERY = 0.1  # seconds between two looks at the previewed files during the whole build
SWITCH_INTERVAL = 0.0005  # seconds a thread holds the interpreter while another waits (serve only)


class Superseded(Exception):
    """A newer save arrived during the whole build that follows a preview: it stops, and starts over."""


def stamps(roots: Iterable[Path]) -> Stamps:
    """The size, time and inode of every file under `roots` (folders or files): what a save changes.
    Hidden files and folders are left out, as the loader leaves them out (an editor's swap file)."""
    found: Stamps = {}
    for root in roots:
        tops: Iterable[tuple[str, list[str], list[str]]] = [(str(root), [], [""])] if root.is_file() else os.walk(root)
        for top, folders, names in tops:
            folders[:] = [f for f in folders if not f.startswith(".") and f not in SKIP_DIRS]
            for name in names:
                if name.startswith("."):
                    continue
                path = os.path.join(top, name) if name else top
                try:
                    stat = os.lstat(path)
                except OSError:
                    continue
                found[path] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    return found


@dataclass
class LastBuild:
    """What the last good build left: enough to render one of its pages again."""

    config: Any
    files: Any
    nav: Any
    env: Any
    state: BuildState
    render: Render  # the site's Markdown set-up, for the files a body refers to
    stamps: Stamps  # the watched files as they were when that build began
    watched: list[Path]
    sources: dict[str, Source]  # the editors' bodies, for the allow-list's messages
    lock: BuildLock | None = None  # the site's build lock: a preview takes it too
    front: dict[str, Any] = field(default_factory=dict)  # the plugin's other per-build attributes


@dataclass
class Edit:
    """A saved item whose page can be rendered again on its own."""

    old: Item
    item: Item
    published: Published
    withheld: list[Withheld]
    findings: list[Finding]  # warnings, logged as the build logs them
    exceptions: list[Any]  # the guard's `phi-ok` exceptions in the new text
    grade: float | None


class ServePreview:
    """Installed by `on_serve`: it wraps the server's rebuild (see the module's docstring)."""

    def __init__(self, resume: Callable[[LastBuild], None]) -> None:
        self.resume = resume  # the plugin puts the last build's attributes back, to render a page of it
        self.last: LastBuild | None = None
        self.server: Any = None
        self.cancellable = False
        self._watching: Stamps = {}  # the files previewed last, looked at while the whole build runs
        self._next_look = 0.0

    def install(self, server: Any) -> Any:
        needed = ("builder", "_want_rebuild", "_rebuild_cond", "_epoch_cond", "_wanted_epoch", "_visible_epoch", "root")
        if not all(hasattr(server, name) for name in needed):
            return server  # another front end's server: every save is the whole build, as before
        self.server = server
        # The watcher's thread stats every file per poll and waits for the interpreter after each
        # stat: at the default 5 ms a poll of 5,000 files during a rebuild took seconds.
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
        checkpoints.install(self.check)
        whole: Callable[[], None] = server.builder
        server.builder = lambda: self.rebuild(whole)
        return server

    def remember(self, last: LastBuild | None) -> None:
        self.last = last

    def check(self) -> None:
        """Called from the build's events: stop the whole build if a newer save is waiting.

        MkDocs' watcher polls every file of the site in a thread that gets the interpreter only
        between the build's own steps, so it can take seconds to see a save; the files previewed
        last (the ones an editor is working on) are looked at here, at most every CHECK_EVERY s."""
        if not self.cancellable or self.server is None:
            return
        if not self.server._want_rebuild and self._watching and time.monotonic() >= self._next_look:
            self._next_look = time.monotonic() + CHECK_EVERY
            if any(stamps([Path(path)]).get(path) != stamp for path, stamp in self._watching.items()):
                with self.server._rebuild_cond:  # the server's loop starts the next rebuild at once
                    self.server._want_rebuild = True
                    self.server._rebuild_cond.notify_all()
        if self.server._want_rebuild:
            raise Superseded("a newer save: the whole build starts again")

    # -- the server's rebuild ----------------------------------------------------------------------

    def rebuild(self, whole: Callable[[], None]) -> None:
        """A preview if it can be one, then the whole build. Once a build has succeeded, requests
        never wait for a rebuild: the site being served stays whole (the new one replaces it in
        one rename), and a newer save cancels the rebuild; until then, as MkDocs does."""
        if self.last is None:
            whole()
            return
        self.preview()
        self._reload()  # the browser shows the saved page now (or the site as it was); requests no longer wait
        self.cancellable = True
        quiet = _QuietWhenSuperseded()
        build_log = logging.getLogger("mkdocs.commands.build")
        build_log.addFilter(quiet)
        try:
            whole()
        except Superseded:
            log.info("RadSite: a newer save came in; the whole rebuild starts again")
            return
        finally:
            self.cancellable = False
            build_log.removeFilter(quiet)
        self.server._wanted_epoch = _later(self.server._visible_epoch)  # the loop reloads the browser again

    def _reload(self) -> None:
        server = self.server
        with server._epoch_cond:
            server._visible_epoch = server._wanted_epoch
            server._epoch_cond.notify_all()

    # -- the preview -------------------------------------------------------------------------------

    def preview(self) -> list[str]:
        """Render the saved items' pages into the served folder; [] when it has to be the whole build."""
        last = self.last
        if last is None or self.server is None:
            return []
        start = time.monotonic()
        now = stamps(last.watched)
        edits = plan(last, now)
        if isinstance(edits, str):
            log.info(f"RadSite: the whole site is rebuilt ({edits})")
            return []
        lock = last.lock
        if lock is not None and not lock.try_acquire():
            log.info("RadSite: the whole site is rebuilt (another build of this site is running)")
            return []
        try:
            written = self._write(last, edits)
        finally:
            if lock is not None:
                lock.release()
        if not written:
            return []
        self._watching = {path: stamp for path, stamp in now.items() if last.stamps.get(path) != stamp}
        last.stamps = now  # what changed is in the state now: the next save is compared with this
        log.info(f"RadSite: previewed {', '.join(written)} in {time.monotonic() - start:.2f} s; "
                 "the whole site is rebuilt next")  # fmt: skip
        return written

    def _write(self, last: LastBuild, edits: list[Edit]) -> list[str]:
        """Each edit's page, rendered as the build renders it, audited, then moved into the site."""
        for edit in edits:
            _apply(last, edit)
        self.resume(last)
        site_dir = Path(self.server.root)
        scratch = Path(tempfile.mkdtemp(prefix=".radsite-preview-", dir=site_dir.parent))
        try:
            pages = [self._render(last, edit, scratch, site_dir) for edit in edits]
            auditor = Auditor(scratch, last.state.decision, shown_as=site_dir.name)
            auditor.scan(scratch / page for page in pages)
            if leaks := auditor.findings():  # the whole build reports the leak, as the error it is
                log.info(f"RadSite: the whole site is rebuilt (the output audit matched {len(leaks)} withheld text(s))")
                self.last = None
                return []
            for page in pages:
                os.replace(scratch / page, site_dir / page)
            return pages
        except Exception as e:  # the whole build meets it again and reports it
            log.info(f"RadSite: the whole site is rebuilt (the preview failed: {type(e).__name__})")
            self.last = None
            return []
        finally:
            markdown_budget.disarm()  # a render that failed never reached on_page_content
            shutil.rmtree(scratch, ignore_errors=True)

    def _render(self, last: LastBuild, edit: Edit, scratch: Path, site_dir: Path) -> str:
        file = last.files.get_file_from_path(edit.item.page_uri)
        file.content_string = item_page(edit.published).markdown
        file.abs_dest_path = str(scratch / file.dest_uri)
        for finding in edit.findings:
            log.warning(finding.format())
        try:
            _populate_page(file.page, last.config, last.files)
            doc_files = last.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            _build_page(file.page, last.config, doc_files, last.nav, last.env)
        finally:
            file.abs_dest_path = str(site_dir / file.dest_uri)
        return str(file.dest_uri)


def plan(last: LastBuild, now: Stamps) -> list[Edit] | str:
    """The edits a preview can show, or why the whole build must run."""
    changed = sorted(path for path in now.keys() | last.stamps.keys() if now.get(path) != last.stamps.get(path))
    if not changed:
        return "no saved file RadSite can see"
    state = last.state
    settings = state.settings
    content_dir = Path(settings.content_dir)
    sources = state.loaded.sources
    items = {item.src_uri: item for item in state.loaded.content.items}
    translated = {id(t.original) for each in state.translations.items.values() for t in each}
    edits = []
    for path in changed:
        if path not in now or path not in last.stamps:
            return f"{path} was added or deleted"
        src_uri = os.path.relpath(path, content_dir).replace(os.sep, "/")
        if src_uri.startswith("../"):
            return f"{path} is not content"
        kind, collection = classify(src_uri)
        old = items.get(src_uri)
        if kind != "item" or collection is None or old is None or src_uri in sources.translations:
            return f"{src_uri} is not an item of a collection"
        if os.path.islink(path) or id(old) in translated:
            return f"{src_uri} is a link or has a translation"
        published = state.decision.by_page_uri.get(old.page_uri)
        if published is None:
            return f"{src_uri} is not published"
        edit = _edit(last, old, published, src_uri, collection)
        if isinstance(edit, str):
            return f"{src_uri} {edit}"
        edits.append(edit)
    return edits


def _edit(last: LastBuild, old: Item, was: Published, src_uri: str, collection: str) -> Edit | str:
    state = last.state
    settings = state.settings
    item, findings = load_item(settings.content_dir, src_uri, old.path, collection)
    if item is None or errors(findings):
        return "does not load: the whole build reports why"
    if item.page_uri != old.page_uri or item.key != old.key:  # so no slug it takes can be another's
        return "has a new address"
    assets = state.loaded.content.assets
    findings += item_checks(ContentSet(items=[item], assets=assets))
    if item.meta != old.meta or item.doc.data != old.doc.data:  # what `load` checks across files, for this one
        findings += [*checks.dangling_references(state.loaded.content, only=[item]),
                     *checks.missing_images(ContentSet([item], assets=assets))]  # fmt: skip
    guarded = guard_loaded(ContentSet(items=[item]), settings.phone_region)
    findings += guarded.findings
    grade = None
    if collection in settings.patient_collections:
        graded, grades = cached_grades(ContentSet(items=[item]), settings)
        findings += graded
        grade = grades.get(item.path)
    if errors(findings):
        return "has an error: the whole build reports it"
    published, withheld = publish_item(item, state.decision.policy)
    if published is None or (published.revealed, published.draft) != (was.revealed, was.draft):
        return "is decided differently"
    if _files_of(last.render, published, assets) != _files_of(last.render, was, assets):
        return "refers to other files"
    return Edit(old, item, published, withheld, findings, guarded.exceptions, grade)


def _files_of(render: Render, published: Published, assets: set[str]) -> set[str]:
    """The content files an item refers to, in its body and its front matter, as `published_files` finds them."""
    item = published.item
    fields = {item.asset_uri(src) for src in file_fields(published.fields)}
    return (body_references(published.body, item.page_uri, render, asset_names(assets)) | fields) & assets


def _apply(last: LastBuild, edit: Edit) -> None:
    """Put the edit's item into the last build's state (its languages share the loaded content)."""
    state = last.state
    decision, loaded = state.decision, state.loaded
    path = edit.old.path
    before = decision.by_page_uri[edit.old.page_uri]
    decision.items = [edit.published if p is before else p for p in decision.items]
    decision.by_key[edit.item.key] = decision.by_page_uri[edit.item.page_uri] = edit.published
    decision.withheld = [w for w in decision.withheld if w.path != path] + edit.withheld
    content = loaded.content
    content.items = [edit.item if i is edit.old else i for i in content.items]
    content.index[edit.item.key] = edit.item
    loaded.phi_exceptions = [e for e in loaded.phi_exceptions if e.path != path] + edit.exceptions
    if edit.grade is not None:
        loaded.grades[path] = edit.grade
    state.page_html.pop(edit.item.page_uri, None)
    last.sources[edit.item.page_uri] = item_source(edit.published)


def _later(epoch: int) -> int:
    """An epoch after `epoch` (livereload's are milliseconds of the monotonic clock)."""
    return max(epoch + 1, round(time.monotonic() * 1000))


class _QuietWhenSuperseded(logging.Filter):
    """MkDocs logs "Error reading page ..." for any exception in a page's events; a cancel is none."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno >= logging.ERROR and str(record.msg).startswith(("Error reading page",
                                                                                     "Error building page")))  # fmt: skip
