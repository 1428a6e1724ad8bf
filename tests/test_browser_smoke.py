"""The example site in a real browser: it renders and asks nothing of another origin."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_home_renders_and_stays_on_its_origin(browser, example_url: str) -> None:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(example_url, wait_until="networkidle")
    assert page.locator("h1").first.inner_text().strip()
    assert page.locator("section.rs-home__section").count() == 6
    foreign = [u for u in requests if not u.startswith(example_url) and not u.startswith("data:")]
    assert foreign == []
    page.close()


@pytest.mark.parametrize("path", ["", "cases/", "people/", "exams/ct-head/"])
def test_pages_load_without_a_failed_request_or_console_error(browser, example_url: str, path: str) -> None:
    """Material's JavaScript fetches sitemap.xml next to every <link rel=alternate>, the feed links
    too: feeds/sitemap.xml answers it. No page may log an error or request anything that fails."""
    page = browser.new_page()
    failed: list[str] = []
    errors: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(example_url + path, wait_until="networkidle")
    assert failed == [] and errors == []
    page.close()
