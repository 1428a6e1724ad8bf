"""`jobs/`: fellowships, faculty and technologist posts (schema.org JobPosting).

`date` is the date posted; after `valid_through` the job leaves listings, feeds and the sitemap
(radsite.derive.timely) and its page says the position is closed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from radsite.content.schemas.base import ItemBase, Strict
from radsite.content.types import DateTime

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

    @model_validator(mode="after")
    def _ordered(self) -> Salary:
        if self.max is not None and self.max < self.min:
            raise PydanticCustomError("salary", "salary.max: smaller than salary.min; swap them", {})
        return self


class Job(ItemBase):
    date: DateTime = Field(description="Date posted")
    valid_through: DateTime = Field(description="Applications close; the job leaves the site after it")
    category: Category
    employment_type: list[EmploymentType] = Field(min_length=1)
    location: Workplace | None = Field(None, description="Where the work is; omit for fully remote")
    remote: bool = Field(False, description="Can be done from home")
    remote_countries: list[str] = Field([], description="Where a remote applicant may live (ISO codes)")
    salary: Salary | None = None
    hiring_organisation: str | None = Field(None, description="Default: the site's department")
    apply_url: str = Field(pattern=r"^https://", description="Where to apply (https)")
    how_to_apply: str = Field(min_length=1, description="What to send, in one or two sentences")

    @model_validator(mode="after")
    def _where(self) -> Job:
        if self.location is None and not self.remote:
            raise PydanticCustomError("where", "location: give a location, or set remote: true", {})
        if self.remote and self.location is None and not self.remote_countries:
            raise PydanticCustomError(
                "where", "remote_countries: a fully remote job names the countries applicants may live in", {}
            )
        if self.valid_through <= self.date:
            raise PydanticCustomError("when", "valid_through: must be after date (the date posted)", {})
        return self
