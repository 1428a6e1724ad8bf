"""Jobs: schema, JobPosting JSON-LD with Google's required properties, closing after valid_through."""

from __future__ import annotations

import datetime as dt

from test_events import NOW, SITE, TZ, YEAR_LATER, example_decision, findings, render_block

from radsite.content.frontmatter import parse
from radsite.content.registry import is_current
from radsite.content.schemas.jobs import Job
from radsite.derive.ld_jobs import job_data
from radsite.derive.timely import job_is_open
from radsite.visibility import Published

REQUIRED = ("title", "description", "datePosted", "hiringOrganization")  # Google job results
RECOMMENDED = ("validThrough", "employmentType")
BASE_JOB = """title: T
summary: S.
date: 2026-11-01
valid_through: 2026-12-31
category: faculty
employment_type: [full-time]
apply_url: https://careers.example/x
how_to_apply: Send a CV.
"""
PLACE = "location:\n  city: Northbrook\n  country: US\n"


def job(slug: str, now: dt.datetime = NOW) -> Published:
    found = example_decision(now).get("jobs", slug)
    assert found is not None, slug
    return found


def test_job_schema_errors_name_the_line_and_the_field() -> None:
    assert findings(Job, BASE_JOB) == ["1: location: give a location, or set remote: true"]
    assert findings(Job, BASE_JOB + "remote: true\n") == [
        "1: remote_countries: a fully remote job names the countries applicants may live in"]  # fmt: skip
    assert findings(Job, BASE_JOB.replace("2026-12-31", "2026-10-01") + PLACE) == [
        "5: valid_through: must be after date (the date posted) (got '2026-10-01')"]  # fmt: skip
    salary = "salary:\n  min: 10\n  max: 5\n  currency: USD\n"
    assert findings(Job, BASE_JOB + PLACE + salary) == ["15: salary.max: smaller than min (10); swap them (got 5)"]
    assert findings(Job, BASE_JOB.replace("https://careers", "http://careers") + PLACE)== [
        "8: apply_url: string should match pattern '^https://' (got 'http://careers.example/x')"]  # fmt: skip
    assert Job.model_validate(parse(f"---\n{BASE_JOB}{PLACE}---\n").data).remote is False


def test_on_site_job_posting_has_the_required_and_recommended_properties() -> None:
    data = job_data(job("neuroradiology-fellowship-2027"), SITE, TZ, "Northbrook Radiology")
    for key in (*REQUIRED, *RECOMMENDED, "jobLocation", "baseSalary"):
        assert data[key], key
    assert data["@type"] == "JobPosting" and data["employmentType"] == ["FULL_TIME"]
    assert data["datePosted"] == "2026-11-01T00:00:00-04:00" and data["validThrough"].startswith("2027-01-31T00:00")
    assert data["hiringOrganization"] == {"@type": "Organization", "name": "Northbrook Radiology", "sameAs": SITE}
    address = data["jobLocation"]["address"]
    assert address == {"@type": "PostalAddress", "addressLocality": "Northbrook", "addressCountry": "US",
                       "streetAddress": "1200 Northbrook Avenue", "addressRegion": "IL", "postalCode": "60062"}  # fmt: skip
    assert data["baseSalary"]["value"] == {"@type": "QuantitativeValue", "unitText": "YEAR", "value": 78000}
    assert "jobLocationType" not in data
    ranged = job_data(job("ct-technologist"), SITE, TZ, "Dept")["baseSalary"]
    assert ranged["currency"] == "USD" and (ranged["value"]["minValue"], ranged["value"]["maxValue"]) == (38, 46)


def test_remote_job_says_telecommute_and_where_applicants_may_live() -> None:
    closed_one = example_decision(dt.datetime(2026, 10, 1, tzinfo=TZ)).get("jobs", "teleradiology-faculty")
    assert closed_one is not None
    data = job_data(closed_one, SITE, TZ, "Dept", body_html="<p>Full text</p>")
    assert data["jobLocationType"] == "TELECOMMUTE" and "jobLocation" not in data
    assert data["applicantLocationRequirements"] == [{"@type": "Country", "name": "US"}]
    assert data["description"] == "<p>Full text</p>" and data["employmentType"] == ["FULL_TIME", "CONTRACTOR"]


def test_expired_job_is_not_current_and_a_year_later_no_job_is() -> None:
    decision = example_decision()
    jobs = decision.in_collection("jobs")
    assert {p.slug: is_current(p, NOW, TZ) for p in jobs} == {
        "ct-technologist": True, "neuroradiology-fellowship-2027": True, "teleradiology-faculty": False}  # fmt: skip
    assert {p.slug for p in decision.items if p.collection == "jobs" and is_current(p, NOW, TZ)} == {
        "ct-technologist", "neuroradiology-fellowship-2027"}  # fmt: skip
    later = example_decision(YEAR_LATER).in_collection("jobs")
    assert len(later) == 3 and not any(job_is_open(p, YEAR_LATER, TZ) for p in later)
    closes = dt.datetime(2027, 1, 31, tzinfo=TZ)
    fellowship = job("neuroradiology-fellowship-2027")
    assert job_is_open(fellowship, closes - dt.timedelta(seconds=1), TZ) and not job_is_open(fellowship, closes, TZ)


def test_closed_job_page_says_so_and_offers_no_apply_button() -> None:
    decision = example_decision()
    closed = decision.get("jobs", "teleradiology-faculty")
    assert closed is not None
    page = render_block("radsite/jobs.html", "facts", closed, decision)
    assert "<strong>This position is closed.</strong>" in page and "Apply" not in page.replace("Apply by", "")
    assert "<dd>Remote (US)</dd>" in page
    open_page = render_block("radsite/jobs.html", "facts", job("ct-technologist"), decision)
    assert "closed" not in open_page and 'href="https://careers.northbrook-health.example/ct-technologist">Apply</a>' in open_page
    assert "USD 38 to 46 an hour" in open_page
