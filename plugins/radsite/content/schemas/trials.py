"""`trials/`: a clinical trial open to patients (MedicalTrial), fields as in ClinicalTrials.gov v2."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field

from radsite.content.collection import Collection, Facet, HomeSection, LdContext, Shown, ld_common
from radsite.content.schemas.base import ItemBase, Strict
from radsite.content.types import Date, Ref, Slug

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
    pi: Annotated[Slug | None, Ref("people")] = None
    last_update: Date | None = None
    official_title: str | None = None
    locations: list[Location] = Field([], description="This department's sites (imported)")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


STATUS_LD = {
    "RECRUITING": "Recruiting", "NOT_YET_RECRUITING": "NotYetRecruiting",
    "ACTIVE_NOT_RECRUITING": "ActiveNotRecruiting", "COMPLETED": "Completed",
    "ENROLLING_BY_INVITATION": "EnrollingByInvitation", "SUSPENDED": "Suspended",
    "TERMINATED": "Terminated", "WITHDRAWN": "Withdrawn",
}  # fmt: skip
PHASE_LD = {"EARLY_PHASE1": "Phase 0", "PHASE1": "Phase 1", "PHASE2": "Phase 2", "PHASE3": "Phase 3",
            "PHASE4": "Phase 4"}  # fmt: skip


def status_words(code: str) -> str:
    """'NOT_YET_RECRUITING' -> 'Not yet recruiting'."""
    text = code.replace("_", " ")
    return text[:1] + text[1:].lower()


def _is_open(p: Shown) -> bool:
    return p.fields.get("status") in OPEN_STATUSES


def _meta_line(f: Mapping[str, Any]) -> str:
    return f"{status_words(f['status'])} · {'; '.join(f.get('conditions') or [])}"


def _json_ld(p: Shown, ctx: LdContext) -> dict[str, Any]:
    f = p.fields
    conditions = [{"@type": "MedicalCondition", "name": c} for c in f.get("conditions") or []]
    data = {**ld_common(p, ctx), "@type": "MedicalTrial", "healthCondition": conditions}
    if f.get("status") in STATUS_LD:
        data["status"] = STATUS_LD[f["status"]]
    if f.get("nct_id"):
        data["identifier"] = f["nct_id"]
    phases = [PHASE_LD[p] for p in f.get("phase") or [] if p in PHASE_LD]
    if phases:
        data["phase"] = phases[0] if len(phases) == 1 else phases
    return data


ENTRY = Collection(
    "trials", Trial, "Clinical trials", "clinical trial", template="radsite/trials.html",
    facets=(Facet("status", "Status", words=status_words), Facet("conditions", "Condition")),
    meta_line=_meta_line, json_ld=_json_ld, in_feed=_is_open,
    home=HomeSection(4, "Recruiting trials", "Studies you may be able to join.", "clinical trials", count=3, pick=_is_open),
)  # fmt: skip
