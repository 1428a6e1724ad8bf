"""`mkdocs serve` during a content error: the browser shows the error instead of hanging.

MkDocs' live-reload server holds every page request while a rebuild is pending, and a rebuild
that raises never ends the wait: the browser spins until the file is fixed and the error is only
in the terminal. `install` (called from the plugin's `on_serve`) wraps the server's rebuild so a
failed build ends normally: the server then answers each page with an error page that names file,
line and fix (the build's own messages), and live reload brings the real page back on the next
good save. Nothing is written into the site folder.
"""

from __future__ import annotations

import html
import logging
import posixpath
import threading
from collections.abc import Callable, Iterable
from typing import Any

log = logging.getLogger("mkdocs.plugins.radsite")

StartResponse = Callable[..., Any]
App = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class _ErrorRecords(logging.Handler):
    """Keeps what the build logs at ERROR: MkDocs logs the plugin's message before it aborts."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class ServeErrors:
    """The failed rebuild's message, if the last rebuild failed; shown for every page until one succeeds."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.message: str | None = None

    def install(self, server: Any) -> Any:
        if not all(hasattr(server, name) for name in ("builder", "get_app", "set_app")):
            return server  # another front end's server: left as it is
        builder: Callable[[], None] = server.builder
        server.builder = lambda: self._rebuild(builder)
        server.set_app(self._app(server.get_app(), server))
        return server

    def _rebuild(self, builder: Callable[[], None]) -> None:
        records = _ErrorRecords()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(records)
        try:
            builder()
        except Exception as e:  # the build failed: its message becomes the page, the server keeps serving
            message = "\n".join(records.messages) or f"{type(e).__name__}: {e}"
            with self._lock:
                self.message = message
            log.error("The rebuild failed; the browser shows the error until a save fixes it.")
            return
        finally:
            logger.removeHandler(records)
        with self._lock:
            self.message = None

    def _app(self, app: App, server: Any) -> App:
        def serve(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
            with self._lock:
                message = self.message
            if message is None or not _is_page(environ.get("PATH_INFO", "")):
                return app(environ, start_response)
            body = error_page(message).encode("utf-8")
            inject = getattr(server, "_inject_js_into_html", None)  # MkDocs' live-reload script: back on save
            if inject is not None:
                body = inject(body, getattr(server, "_visible_epoch", 0))
            start_response("500 Internal Server Error",
                           [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])  # fmt: skip
            return [body]

        return serve


def _is_page(path: str) -> bool:
    """Pages, not assets or the live-reload poll: those keep working under the error page."""
    if path.startswith("/livereload/") or path.startswith("/js/"):
        return False
    return path.endswith("/") or path.endswith(".html") or not posixpath.splitext(path)[1]


def error_page(message: str) -> str:
    """A plain page with the build's messages, one per line: each names file, line and fix."""
    lines = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in message.splitlines() if line.strip())
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Build error: RadSite</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "li{margin:.5rem 0}code{white-space:pre-wrap}</style></head>\n<body>\n"
        "<h1>The site could not be built</h1>\n"
        "<p>Fix what is listed below and save: this page reloads by itself once the build passes.</p>\n"
        f"<ul>\n{lines}\n</ul>\n</body></html>\n"
    )
