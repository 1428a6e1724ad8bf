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
    """No page may log an error or request anything that fails."""
    page = browser.new_page()
    failed: list[str] = []
    errors: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(example_url + path, wait_until="networkidle")
    assert failed == [] and errors == []
    page.close()


def test_material_javascript_is_not_sent_and_navigation_works_without_it(browser, example_url: str) -> None:
    """theme/main.html leaves out Material's bundle (progressive enhancement, 114 KB of main-thread
    work on a phone): its CSS alone opens the drawer and the nested sections on a small screen."""
    page = browser.new_page(viewport={"width": 390, "height": 700})
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.goto(example_url + "exams/ct-head/", wait_until="networkidle")
    assert [s.rsplit("/", 1)[-1] for s in scripts] == ["print.js"]  # an exam guide: its print control only (issue 22)
    assert page.evaluate("document.documentElement.className") == "no-js"  # Material's CSS for no script
    page.click("label.md-header__button[for=__drawer]")
    page.click("label.md-nav__link[for=__nav_2]")
    link = page.get_by_role("link", name="Your questions")
    link.first.wait_for(state="visible")
    link.first.click()
    page.wait_for_url(example_url + "faq/")
    page.close()
