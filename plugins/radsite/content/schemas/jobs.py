"""`jobs/`: fellowships, faculty and technologist posts (schema.org JobPosting).

`date` is the date posted; after `valid_through` the job leaves listings, feeds and the sitemap
(radsite.derive.timely) and its page says the position is closed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from radsite.content.collection import BY_DATE, Collection, LdContext, Shown, web_page
from radsite.content.schemas.base import ItemBase, Strict
from radsite.content.types import DateTime
from radsite.derive.ld_jobs import job_data
from radsite.derive.timely import job_changes_at, job_is_open

EmploymentType = Literal["full-time", "part-time", "contractor", "temporary", "intern", "volunteer", "per-diem"]
Category = Literal["fellowship", "residency", "faculty", "technologist", "nursing", "research", "administrative"]


class Workplace(Strict):
    street: str | None = None
    city: str = Field(min_length=1)
    region: str | None = Field(None, description="State, county or province")
    postal_code: str | None = None
    country: str = Field(min_length=2, max_length=2, description="ISO 3166 two-letter code, e.g. US")


class Salary(Strict):
    min: float = Field(gt=0)
    max: float | None = Field(None, gt=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217, e.g. USD")
    per: Literal["hour", "day", "week", "month", "year"] = "year"

    @field_validator("max")
    @classmethod
    def _ordered(cls, value: float | None, info: ValidationInfo) -> float | None:
        low = info.data.get("min")
        if value is not None and low is not None and value < low:
            raise PydanticCustomError("salary", "smaller than min ({min}); swap them", {"min": f"{low:g}"})
        return value


class Job(ItemBase):
    date: DateTime = Field(description="Date posted")
    valid_through: DateTime = Field(description="Applications close; the job leaves the site after it")
    category: Category
    employment_type: list[EmploymentType] = Field(["full-time"], min_length=1)
    remote: bool = Field(False, description="Can be done from home")
    location: Workplace | None = Field(None, validate_default=True, description="Where the work is; omit for fully remote")
    remote_countries: list[str] = Field(
        [], validate_default=True, description="Where a fully remote applicant may live (ISO codes)"
    )
    salary: Salary | None = None
    hiring_organisation: str | None = Field(None, description="Default: the site's department")
    apply_url: str | None = Field(None, pattern=r"^https://", description="Where to apply online (https)")
    how_to_apply: str = Field(min_length=1, description="What to send, in one or two sentences")

    # Cross-field rules are field validators (on the later field), so a message names its line; a
    # draft (a fresh scaffold) may still be incomplete, the published item may not.
    @field_validator("valid_through")
    @classmethod
    def _after_posting(cls, value: dt.datetime, info: ValidationInfo) -> dt.datetime:
        posted = info.data.get("date")
        if posted is not None and value <= posted and not info.data.get("draft"):
            raise PydanticCustomError("when", "must be after date (the date posted)", {})
        return value

    @field_validator("location")
    @classmethod
    def _somewhere(cls, value: Workplace | None, info: ValidationInfo) -> Workplace | None:
        if value is None and not info.data.get("remote") and not info.data.get("draft"):
            raise PydanticCustomError("where", "give a location, or set remote: true", {})
        return value

    @field_validator("remote_countries")
    @classmethod
    def _remote_from_where(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("remote") and info.data.get("location") is None and not value and not info.data.get("draft"):
            raise PydanticCustomError("where", "a fully remote job names the countries applicants may live in", {})
        return value


def _current(p: Shown, now: dt.datetime, tz: dt.tzinfo) -> bool:
    return job_is_open(p, now, tz)


def _json_ld(p: Shown, ctx: LdContext) -> dict[str, Any]:
    """A JobPosting while open; a closed job's page is a plain WebPage (Google asks for the posting's removal)."""
    if not _current(p, ctx.now, ctx.tz):
        return web_page(p, ctx)
    return job_data(p, ctx.base, ctx.tz, ctx.department, ctx.body_html)


ENTRY = Collection(
    "jobs", Job, "Jobs", "job", BY_DATE, newest_first=True, template="radsite/jobs.html",
    json_ld=_json_ld, current=_current, changes_at=job_changes_at,
)  # fmt: skip
