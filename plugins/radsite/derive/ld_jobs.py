"""schema.org JobPosting JSON-LD for an open job page (none once it is closed: see derive.timely).

Google's job results require title, description, datePosted, hiringOrganization and jobLocation
(or applicantLocationRequirements with jobLocationType TELECOMMUTE); validThrough,
employmentType and baseSalary are recommended.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a type only: a collection's schema module may import this one
    from radsite.content.collection import Shown as Published


CONTEXT = "https://schema.org"
EMPLOYMENT = {"full-time": "FULL_TIME", "part-time": "PART_TIME", "contractor": "CONTRACTOR",
              "temporary": "TEMPORARY", "intern": "INTERN", "volunteer": "VOLUNTEER", "per-diem": "PER_DIEM"}  # fmt: skip
UNIT = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}


def job_data(published: Published, site_url: str, site_tz: dt.tzinfo, department: str, body_html: str = "") -> dict[str, Any]:
    """`body_html` is the rendered page body (Google wants the full description, HTML allowed)."""
    f = published.fields
    base = site_url.rstrip("/") + "/" if site_url else ""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "JobPosting",
        "title": f["title"],
        "description": body_html or f"<p>{f['summary']}</p><p>{f['how_to_apply']}</p>",
        "datePosted": _aware(f["date"], site_tz).isoformat(),
        "validThrough": _aware(f["valid_through"], site_tz).isoformat(),
        "employmentType": [EMPLOYMENT[e] for e in f["employment_type"]],
        "hiringOrganization": {"@type": "Organization", "name": f.get("hiring_organisation") or department, "sameAs": base},
        "directApply": False,
        "url": base + published.url,
    }
    where = f.get("location")
    if where:
        address = {"@type": "PostalAddress", "addressLocality": where["city"], "addressCountry": where["country"]}
        for key, name in (("street", "streetAddress"), ("region", "addressRegion"), ("postal_code", "postalCode")):
            if where.get(key):
                address[name] = where[key]
        data["jobLocation"] = {"@type": "Place", "address": address}
    if f.get("remote"):
        data["jobLocationType"] = "TELECOMMUTE"
        countries = f.get("remote_countries") or ([where["country"]] if where else [])
        data["applicantLocationRequirements"] = [{"@type": "Country", "name": c} for c in countries]
    pay = f.get("salary")
    if pay:
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": UNIT[pay["per"]]}
        if pay.get("max"):
            value |= {"minValue": pay["min"], "maxValue": pay["max"]}
        else:
            value["value"] = pay["min"]
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": pay["currency"], "value": value}
    return data


def _aware(value: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=tz)
