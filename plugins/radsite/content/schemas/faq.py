"""`faq/`: a patient question and its answer (schema.org Question on an FAQPage)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from radsite.content.schemas.base import ItemBase
from radsite.content.types import Date, Slug, SlugList, ref

Category = Literal[
    "report-words", "radiation", "choosing-an-exam", "preparation", "results", "safety", "general"
]
Reader = Literal["patients", "clinicians", "trainees"]


class Faq(ItemBase):
    category: Category
    readers: list[Reader] = ["patients"]
    short_answer: str = Field(min_length=1, description="The answer in one or two sentences")
    related_exams: SlugList = ref("exams", default=[])
    reviewed_by: Slug = ref("people")
    last_reviewed: Date
