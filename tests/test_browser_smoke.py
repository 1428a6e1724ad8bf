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
