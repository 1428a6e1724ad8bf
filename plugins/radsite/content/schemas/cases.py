"""`cases/`: a teaching case in quiz form; the answer is withheld until `reveal_at`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from radsite.content.collection import (
    BY_DATE,
    CLINICIAN,
    Collection,
    Facet,
    HomeSection,
    LdContext,
    Shown,
    ld_common,
    plain_words,
)  # fmt: skip
from radsite.content.schemas.base import Image, ItemBase, Strict
from radsite.content.schemas.common import MODALITY_LABELS, Modality
from radsite.content.types import DateTime, Ref, Slug, SlugList

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
    authors: Annotated[SlugList, Ref("people")] = Field(min_length=1)
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


def modality_words(code: str) -> str:
    return MODALITY_LABELS.get(code, code)


FACETS = (Facet("modality", "Modality", words=modality_words), Facet("body_systems", "Body system"),
          Facet("difficulty", "Difficulty"), Facet("tags", "Tag"))  # fmt: skip


def _meta_line(f: Mapping[str, Any]) -> str:
    systems = ", ".join(plain_words(s) for s in f.get("body_systems") or [])
    return f"{modality_words(f['modality'])} · {systems} · {plain_words(f['difficulty'])}"


def _index_extra(p: Shown, data: dict[str, Any], text: list[str]) -> None:
    text.append(p.fields.get("history") or "")


def _json_ld(p: Shown, ctx: LdContext) -> dict[str, Any]:
    data = {**ld_common(p, ctx), "@type": "MedicalWebPage", "audience": CLINICIAN}
    if p.published_at:
        data["datePublished"] = p.published_at.isoformat()
    return data


ENTRY = Collection(
    "cases", Case, "Teaching cases", "teaching case", BY_DATE, newest_first=True, describes_patients=True,
    template="radsite/cases.html", facets=FACETS, meta_line=_meta_line, index_extra=_index_extra, json_ld=_json_ld,
    scaffold_body="\n{todo}: what to look at.\n\n<!-- answer -->\n\n## Findings\n\n{todo}\n\n## Discussion\n\n{todo}\n",
    home=HomeSection(3, "Case of the week", "Teaching cases for clinicians and trainees.", "teaching cases", count=1),
)  # fmt: skip
