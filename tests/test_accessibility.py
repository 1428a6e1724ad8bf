"""Every page type of the example site: zero axe-core violations, zero Nu HTML Checker errors, and no
request to another origin. Real tools: axe-core injected into pages served on 127.0.0.1 in Debian's
Chromium, and vnu.jar (npm `vnu-jar`) run with Java over the built site.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import Project
from radsite.content.registry import COLLECTIONS

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
NPM_HINT = "run `npm ci --ignore-scripts` at the repository root (make test does)"


def page_types(site: Path) -> dict[str, str]:
    """One URL per page type that exists in the built site: home, listings, an item of each
    collection, the glossary, the clinicians' page, a plain page and the 404 page."""
    urls = {"home": "", "404": "404.html"}
    for name in ("glossary", "clinicians", "about"):
        if (site / name / "index.html").exists():
            urls[name] = f"{name}/"
    for name in COLLECTIONS:
        if (site / name / "index.html").exists():
            urls[f"{name} listing"] = f"{name}/"
        items = sorted(p.parent.name for p in (site / name).glob("*/index.html"))
        if items:
            urls[f"{name} item"] = f"{name}/{items[0]}/"
    return urls


@pytest.fixture(scope="module")
def urls(built_example: Project) -> dict[str, str]:
    found = page_types(built_example.site)
    assert {"home", "glossary", "clinicians", "exams item", "faq listing", "404"} <= set(found)
    return found


@pytest.mark.browser
def test_no_axe_violations_and_no_foreign_requests(browser, example_url: str, urls: dict[str, str]) -> None:
    assert AXE.exists(), f"axe-core is not installed: {NPM_HINT}"
    failures: dict[str, list] = {}
    foreign: dict[str, list[str]] = {}
    for kind, path in urls.items():
        page = browser.new_page(bypass_csp=True)  # axe is injected inline; the CSP itself: test_sanitize, test_search
        requests: list[str] = []
        page.on("request", lambda r, requests=requests: requests.append(r.url))
        page.goto(example_url + path, wait_until="networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        violations = [
            {"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
        ]
        if violations:
            failures[f"{kind} ({path})"] = violations
        others = [u for u in requests if not u.startswith(example_url) and not u.startswith(("data:", "blob:"))]
        if others:
            foreign[f"{kind} ({path})"] = others
        page.close()
    assert len(urls) >= 10
    assert failures == {}, json.dumps(failures, indent=1)
    assert foreign == {}


@pytest.mark.browser
def test_glossary_definition_opens_from_the_keyboard(browser, example_url: str) -> None:
    page = browser.new_page()
    page.goto(example_url + "faq/what-is-a-lesion/", wait_until="networkidle")
    term = page.locator("button.rs-term").first
    target = term.get_attribute("popovertarget")
    definition = page.locator(f"#{target}")
    assert not definition.is_visible()
    term.focus()
    page.keyboard.press("Enter")
    assert definition.is_visible()
    assert page.evaluate(f"document.getElementById('{target}').matches(':popover-open')")
    assert "tissue" in definition.inner_text() or len(definition.inner_text()) > 20
    page.keyboard.press("Escape")
    assert not definition.is_visible()
    page.close()


def test_no_nu_html_checker_errors(built_example: Project) -> None:
    assert VNU.exists(), f"vnu-jar is not installed: {NPM_HINT}"
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker (.ci/run installs default-jre-headless)"
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(built_example.site)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    messages = json.loads(proc.stderr or '{"messages": []}')["messages"]
    shown = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert shown == [], "\n".join(shown[:40])
    checked = list(built_example.site.rglob("*.html"))
    assert len(checked) > 50
