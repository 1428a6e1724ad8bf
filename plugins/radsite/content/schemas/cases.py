"""`cases/`: a teaching case in quiz form; the answer is withheld until `reveal_at`."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from radsite.content.schemas.base import Image, ItemBase, Strict
from radsite.content.schemas.common import Modality
from radsite.content.types import DateTime, Slug, SlugList, ref

BodySystem = Literal[
    "neuro", "head-neck", "chest", "cardiac", "abdomen", "genitourinary", "musculoskeletal",
    "breast", "vascular", "pediatric",
]  # fmt: skip


class Quiz(Strict):
    question: str = Field(min_length=1)
    choices: list[str] = Field(min_length=2, max_length=8)
    answer: str | None = Field(None, description="The correct choice (withheld until reveal_at)")
    explanation: str | None = Field(None, description="Why (withheld until reveal_at)")

    @model_validator(mode="after")
    def _answer_is_a_choice(self) -> Quiz:
        if self.answer is not None and self.answer not in self.choices:
            raise PydanticCustomError(
                "quiz_answer",
                "quiz.answer: {answer} is not one of the choices; copy one of them exactly",
                {"answer": repr(self.answer)},
            )
        return self


class Case(ItemBase):
    date: DateTime
    modality: Modality
    body_systems: list[BodySystem] = Field(min_length=1)
    age: int = Field(ge=0, le=89, description="Years; adults rounded to 5 (ages over 89 identify)")
    sex: Literal["female", "male", "unknown"] = "unknown"
    history: str = Field(min_length=1, description="Short clinical history, no identifiers")
    images: list[Image] = Field(min_length=1)
    difficulty: Literal["beginner", "intermediate", "advanced"]
    certainty: Literal["possible", "probable", "almost-certain", "certain"] | None = None
    reveal_at: DateTime | None = Field(None, description="When the answer is published; default at once")
    authors: SlugList = ref("people", min_length=1)
    diagnosis: str | None = Field(None, description="The answer (withheld until reveal_at)")
    quiz: Quiz | None = None
    series: Slug | None = Field(None, description="Series slug: cases sharing it form one ordered page")
    series_part: int | None = Field(None, ge=1, description="Place in the series (1, 2, ...)")

    answer_fields: ClassVar[tuple[str, ...]] = ("diagnosis", "quiz.answer", "quiz.explanation")

    @property
    def age_group(self) -> str:
        """Teaching-file practice: adults to the nearest 5 years, children by stage."""
        return age_group(self.age)


def age_group(age: int) -> str:
    if age < 1:
        return "Infant"
    if age < 13:
        return "Child"
    if age < 18:
        return "Adolescent"
    return f"Adult, about {min(85, 5 * round(age / 5))} years"
