"""Item pages rendered on two cores: a forked copy of the build renders a share of them.

MkDocs renders one page after another in one process, and rendering (Python-Markdown, then the
theme's templates) is most of a build. So the plugin forks at `on_nav`, once the files, the
navigation and RadSite's content are settled. From there both processes run MkDocs' own build
loop, each over its share of the item pages: the other share is marked `InclusionLevel.EXCLUDED`,
which `mkdocs build` neither reads nor writes. Each process also draws every other social image
(publish.social_images, in `on_env`): a fifth of a cold build, which ran on one core before the
fork. The child writes its pages and its images into the same staging folder and nothing else
(its new cache entries go to the cache file itself, at its end), then hands the parent, through
a pipe, what the rest of the build needs: the item HTML for the feeds and its log records (so its
warnings are shown, and count in --strict mode), or its error. The parent does everything else
and publishes once the child is done.

Only where that is safe: `mkdocs build`, `serve` or `gh-deploy` (not --dirty) on a system that can
fork, with no other plugin that keeps state from page events (that state would stay in the child).
`EXCLUDED` pages are skipped by `mkdocs serve` too (unlike `DRAFT` ones).
"""

from __future__ import annotations

import logging
import re
import signal
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

from mkdocs.exceptions import BuildError, PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from radsite.forking import ChildFailed, Fork

# Events whose handlers in another plugin would see only the parent's pages, or run in the child.
PAGE_EVENTS = ("page_read_source", "page_markdown", "page_content", "page_context", "post_page", "post_build")

# MkDocs' note for a link to an excluded page: true of the other process's share, so not news.
_LINK_TO_EXCLUDED = re.compile(r"contains a link to '(?P<target>[^']+)' which is excluded from the built site")


# The child's part of the item pages: a bit more than half, as the parent also copies the static files
# and renders the listings and the theme's templates (measured on the 2,000-item benchmark corpus).
CHILD_FRACTION = 0.55


def child_share(items: Sequence[File], fraction: float = CHILD_FRACTION) -> list[File]:
    """Every item whose turn it is, spread evenly, so that both processes get every kind of page."""
    return [item for n, item in enumerate(items) if int((n + 1) * fraction) > int(n * fraction)]


def unsafe_plugins(events: dict[str, list[Callable]], ours: object) -> list[str]:
    """Names of the other plugins (or hooks) with page events: with any, the build stays on one process."""
    names = []
    for event in PAGE_EVENTS:
        for handler in events.get(event, []):
            owner = getattr(handler, "__self__", None)
            if owner is not ours:
                name = type(owner).__name__ if owner is not None else getattr(handler, "__module__", "?")
                if name not in names:
                    names.append(name)
    return names


@dataclass
class ChildResult:
    """What the child hands back: its item HTML, its log records, or its error."""

    page_html: dict[str, str] = field(default_factory=dict)
    records: list[logging.LogRecord] = field(default_factory=list)
    error: str | None = None
    error_is_build_error: bool = False


class _Records(logging.Handler):
    """The child's log records, kept for the parent to show (the child prints nothing itself)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)


class _DropLinksToOtherShare(logging.Filter):
    """Drops MkDocs' note about a link to a page that the other process renders."""

    def __init__(self, files: Files) -> None:
        super().__init__()
        self.files = files  # a translation's link may resolve to its original (plugin.language_files)
        self.pages_of_both = {file.src_uri for file in files.documentation_pages()}

    def filter(self, record: logging.LogRecord) -> bool:
        match = _LINK_TO_EXCLUDED.search(record.getMessage())
        if not match:
            return True
        target = self.files.get_file_from_path(match.group("target"))
        return not (target is not None and target.src_uri in self.pages_of_both)


class ForkedRender:
    """One build's fork, made at `on_nav`; then `child_env` and `finish_child` in the child, and
    `sitemap_pages` and `join` (or `kill`) in the parent."""

    def __init__(self, files: Files, config: Any, share_of_child: Sequence[File]) -> None:
        self.config = config
        self.all_pages = list(files.documentation_pages())  # in MkDocs' order, for the sitemap
        self.child_share = {file.src_uri for file in share_of_child}
        self.link_filter = _DropLinksToOtherShare(files)
        self._records: _Records | None = None
        logging.getLogger("mkdocs.structure.pages").addFilter(self.link_filter)
        self._fork = Fork()
        self.is_child = self._fork.is_child
        if self.is_child:
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the child just stops
                self._capture_logs()
                for file in files:  # the child reads and writes nothing but its share
                    if file.src_uri not in self.child_share:
                        file.inclusion = InclusionLevel.EXCLUDED
            except BaseException as error:  # never go on as a second parent
                self.finish_child({}, error)
        else:
            for file in files:
                if file.src_uri in self.child_share:
                    file.inclusion = InclusionLevel.EXCLUDED
                    if file.page is None:
                        Page(None, file, self.config)  # its URL, for the sitemap

    @property
    def pid(self) -> int:
        return self._fork.pid

    def _capture_logs(self) -> None:
        self._records = _Records()
        mkdocs_logger = logging.getLogger("mkdocs")  # `mkdocs` does not propagate to the root logger
        mkdocs_logger.handlers = [h for h in mkdocs_logger.handlers if isinstance(h, logging.NullHandler)]
        if not mkdocs_logger.propagate:
            mkdocs_logger.addHandler(self._records)
        logging.getLogger().handlers = [self._records]

    def child_env(self) -> None:
        """In the child: the theme's own templates (sitemap, 404) and extra templates are the parent's."""
        self.config.theme.static_templates.clear()
        self.config.extra_templates = []

    def sitemap_pages(self) -> list[File]:
        """In the parent: every page of the build, both shares, for `sitemap.xml`."""
        return self.all_pages

    def finish_child(self, page_html: dict[str, str], error: BaseException | None = None) -> NoReturn:
        """In the child: hand over the result and leave at once (no clean-up of the parent's things)."""
        result = ChildResult(page_html=page_html, records=self._records.records if self._records else [])
        if error is not None:
            result.error_is_build_error = isinstance(error, BuildError)  # its message is for the reader
            result.error = str(error) if result.error_is_build_error else "".join(traceback.format_exception(error))
        self._fork.send(result, 0 if error is None else 1)

    def join(self) -> ChildResult:
        """In the parent: wait for the child; its log records are shown here. Its error is raised."""
        try:
            result: ChildResult = self._fork.receive()  # type: ignore[assignment]
        except ChildFailed as died:
            raise PluginError(f"radsite: the second render process failed: {died}") from None
        finally:
            self.close()
        for record in result.records:
            logging.getLogger(record.name).handle(record)
        if result.error is not None:
            if result.error_is_build_error:
                raise PluginError(result.error)
            raise PluginError(f"radsite: rendering the item pages in the second process failed:\n{result.error}")
        return result

    def kill(self) -> None:
        """In the parent, when its build fails: the child stops before anything is discarded."""
        self._fork.kill()
        self.close()

    def close(self) -> None:
        logging.getLogger("mkdocs.structure.pages").removeFilter(self.link_filter)
