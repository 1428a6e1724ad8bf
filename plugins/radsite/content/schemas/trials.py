"""`trials/`: a clinical trial open to patients (MedicalTrial), fields as in ClinicalTrials.gov v2."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from radsite.content.schemas.base import ItemBase, Strict
from radsite.content.types import Date, Slug, ref

Status = Literal[
    "RECRUITING", "NOT_YET_RECRUITING", "ACTIVE_NOT_RECRUITING", "COMPLETED",
    "ENROLLING_BY_INVITATION", "SUSPENDED", "TERMINATED", "WITHDRAWN", "UNKNOWN",
]  # fmt: skip
Phase = Literal["EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA"]
OPEN_STATUSES: frozenset[str] = frozenset({"RECRUITING", "NOT_YET_RECRUITING"})


class Eligibility(Strict):
    min_age: str | None = Field(None, description='e.g. "18 Years"')
    max_age: str | None = Field(None, description="Omit when there is no upper limit")
    sex: Literal["ALL", "FEMALE", "MALE"] = "ALL"
    healthy_volunteers: bool = False
    criteria: str = ""


class Contact(Strict):
    name: str = Field(min_length=1)
    phone: str | None = None
    email: str | None = None


class Location(Strict):
    """A site of the study that belongs to this department (the importer keeps only those)."""

    facility: str = ""
    city: str = ""
    state: str | None = None
    country: str = ""
    status: str | None = None


class Trial(ItemBase):
    nct_id: str | None = Field(None, pattern=r"^NCT\d{8}$", description="ClinicalTrials.gov id")
    status: Status
    conditions: list[str] = Field(min_length=1)
    phase: list[Phase] = []
    eligibility: Eligibility
    contact: Contact | None = None
    pi: Slug | None = ref("people", default=None)
    last_update: Date | None = None
    official_title: str | None = None
    locations: list[Location] = Field([], description="This department's sites (imported)")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
