"""`faq/`: a patient question and its answer (schema.org Question on an FAQPage)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from radsite.content.collection import Collection, HomeSection, LdContext, Shown, reviewed_page
from radsite.content.schemas.base import ItemBase
from radsite.content.types import Date, Ref, Slug, SlugList

Category = Literal["report-words", "radiation", "choosing-an-exam", "preparation", "results", "safety", "general"]
Reader = Literal["patients", "clinicians", "trainees"]


class Faq(ItemBase):
    category: Category
    readers: list[Reader] = ["patients"]
    short_answer: str = Field(min_length=1, description="The answer in one or two sentences")
    related_exams: Annotated[SlugList, Ref("exams")] = []
    reviewed_by: Annotated[Slug, Ref("people")]
    last_reviewed: Date


def question(fields: dict[str, Any]) -> dict[str, Any]:
    """A question as schema.org wants it, on its own page and on the FAQPage listing."""
    return {"@type": "Question", "name": fields["title"],
            "acceptedAnswer": {"@type": "Answer", "text": fields.get("short_answer") or fields.get("summary", "")}}  # fmt: skip


def _json_ld(p: Shown, ctx: LdContext) -> dict[str, Any]:
    return {**reviewed_page(p, ctx), "mainEntity": question(p.fields)}


def _listing_json_ld(shown: list[Shown]) -> dict[str, Any]:
    """The questions a listing page shows (the first 50), as search engines want an FAQPage."""
    return {"@type": "FAQPage", "mainEntity": [question(p.fields) for p in shown]}


ENTRY = Collection(
    "faq", Faq, "Patient questions", "question", type_name="patient question", patient_facing=True, describes_patients=True,
    template="radsite/faq.html", json_ld=_json_ld, listing_json_ld=_listing_json_ld,
    home=HomeSection(2, "Your questions", "The words in your report, radiation, and more.", "questions and answers"),
)  # fmt: skip
