"""Issue 22, the patient-grade face, checked in the real build of the example site: the department's
contact data from mkdocs.yml on the home page (tel: links, address, hours) and as organisation JSON-LD,
the locations and accessibility pages, breadcrumbs and the active section, the case quiz before and
after the reveal, the exam guide's print control, self-hosted fonts."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import Project

ROOT = Path(__file__).resolve().parents[1]


class _Doc(HTMLParser):
    """Start tags with their attributes, and the text of JSON-LD blocks: what these tests look at."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.json_ld: list[object] = []
        self._in_ld = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        self._in_ld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld.append(json.loads(data))
            self._in_ld = False

    def having(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]


def department() -> dict:
    """The department as mkdocs.yml declares it (the one place contact data lives)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return config["extra"]["department"]


def test_home_page_gives_phone_address_hours_and_organisation_json_ld(built_example: Project) -> None:
    d = department()
    html = built_example.page("")
    doc = _Doc(html)
    tels = {a["href"] for a in doc.having("a") if a.get("href", "").startswith("tel:")}
    assert f"tel:{d['phone']}" in tels and f"tel:{d['booking_phone']}" in tels
    assert d["address"]["street"] in html and d["hours"][0]["opens"] in html
    orgs = [block for block in doc.json_ld if isinstance(block, dict) and block.get("@type") == d["schema_type"]]
    assert len(orgs) == 1, doc.json_ld
    org = orgs[0]
    assert org["telephone"] == d["phone"]
    assert org["address"]["streetAddress"] == d["address"]["street"]
    assert org["address"]["postalCode"] == d["address"]["postal_code"]
    assert float(org["geo"]["latitude"]) == float(d["geo"]["latitude"])
    spec = org["openingHoursSpecification"][0]
    assert spec["dayOfWeek"][0] == "https://schema.org/" + d["hours"][0]["days"][0]
    assert (spec["opens"], spec["closes"]) == (d["hours"][0]["opens"], d["hours"][0]["closes"])
    assert [p["name"] for p in org["department"]] == [loc["name"] for loc in d["locations"]]


def test_locations_page_lists_every_site_with_phone_parking_and_access(built_example: Project) -> None:
    html = built_example.page("locations/")
    doc = _Doc(html)
    for loc in department()["locations"]:
        assert doc.having("li", id=loc["id"]), loc["id"]
        assert doc.having("a", href=f"tel:{loc['phone']}")
        assert loc["parking"] in html and loc["access"] in html


def test_accessibility_statement_has_a_feedback_contact_linked_from_every_page(built_example: Project) -> None:
    doc = _Doc(built_example.page("accessibility/"))
    assert doc.having("a", href=f"mailto:{department()['accessibility_email']}")
    for url in ("", "exams/ct-head/", "cases/"):
        assert _Doc(built_example.page(url)).having("a", href="../" * url.count("/") + "accessibility/"), url


def test_item_pages_have_breadcrumbs_and_their_section_marked_active(built_example: Project) -> None:
    doc = _Doc(built_example.page("cases/sudden-headache-ct/"))
    assert doc.having("nav", class_="rs-crumbs")
    assert doc.having("a", href="../", class_="md-tabs__link", aria_current="true")
    active = [a for a in doc.having("li") if "md-tabs__item--active" in a.get("class", "")]
    assert len(active) == 1
    exam = _Doc(built_example.page("exams/ct-head/"))  # under "Patients", a section without a page
    assert exam.having("a", href="../../patients/", class_="md-tabs__link", aria_current="true")


def test_case_choices_show_before_the_reveal_but_checking_waits(built_example: Project) -> None:
    html = built_example.page("cases/pediatric-abdominal-pain-ultrasound/")  # reveal_at 2026-12-04
    doc = _Doc(html)
    assert len(doc.having("input", type="radio")) >= 2
    form = doc.having("form", class_="rs-quiz__form")[0]
    assert "data-answer" not in form and "data-explanation" not in form and "data-rs-quiz" not in form
    assert "disabled" in doc.having("button", type="submit")[0]
    assert not doc.having("details", class_="rs-answer-toggle")
    assert "You can check your answer from" in html


def test_revealed_case_keeps_its_answer_collapsed_until_asked(built_example: Project) -> None:
    doc = _Doc(built_example.page("cases/sudden-headache-ct/"))
    details = doc.having("details", class_="rs-answer-toggle")
    assert len(details) == 1 and "open" not in details[0]
    assert doc.having("form", class_="rs-quiz__form")[0]["data-answer"]
    assert doc.having("script", src="../../assets/radsite/cases.js")


def test_exam_guide_offers_a_print_sheet_and_fonts_are_self_hosted(built_example: Project) -> None:
    doc = _Doc(built_example.page("exams/ct-head/"))
    assert doc.having("p", class_="rs-print", hidden="")
    assert doc.having("script", src="../../assets/radsite/print.js")
    assert doc.having("link", rel="stylesheet", href="../../assets/radsite/face.css")
    assert "@media print" in (built_example.site / "assets" / "radsite" / "face.css").read_text(encoding="utf-8")
    site = built_example.site / "assets" / "radsite"
    assert (site / "fonts" / "LiberationSans-Regular.woff2").read_bytes()[:4] == b"wOF2"
    assert "fonts/LiberationSans-Regular.woff2" in (site / "face.css").read_text(encoding="utf-8")
    assert (site / "fonts" / "LICENSE.txt").exists()
    head = built_example.page("")
    assert "fonts.googleapis" not in head and "fonts.gstatic" not in head
