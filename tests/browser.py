"""Browser tests' plumbing: the built site served on 127.0.0.1, and Debian's Chromium via Playwright.

Never a browser download: Playwright drives /usr/bin/chromium with the flags that keep it off the
network (see FIELD-NOTES).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def loopback(handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Run `handler` on a free 127.0.0.1 port for the duration; yields the base URL (ending in '/')."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve `site_dir` on a free loopback port; yields the base URL (ending in '/')."""
    with loopback(functools.partial(_QuietHandler, directory=str(site_dir))) as url:
        yield url


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A Playwright browser on Debian's Chromium (Playwright gives each launch a fresh profile)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def have_chromium() -> bool:
    return Path(CHROMIUM).exists()
