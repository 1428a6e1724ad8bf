"""The collections: one entry per folder under `content/`, each with its schema.

Adding a collection means a schema module, an entry here, a template `theme/radsite/<name>.html`
and example items; validation, listings, scaffolds and the JSON Schema all follow from the entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from radsite.content.schemas.base import ItemBase
from radsite.content.schemas.cases import Case
from radsite.content.schemas.exams import Exam
from radsite.content.schemas.faq import Faq
from radsite.content.schemas.news import News
from radsite.content.schemas.people import Person
from radsite.content.schemas.trials import Trial
from radsite.content.types import ref_target


@dataclass(frozen=True)
class Collection:
    name: str  # the folder under content/, and the URL prefix
    model: type[ItemBase]
    title: str  # heading of the listing page
    item_label: str  # one item, in words ("exam guide")
    sort_key: Callable[[ItemBase], object]  # listing order; newest first where there is a date
    newest_first: bool = False
    patient_facing: bool = False  # plain language, glossary and readability checks apply
    describes_patients: bool = False  # the PHI guard scans its Markdown

    def references(self) -> dict[str, str]:
        """Fields that name items of another collection: field -> target collection."""
        return {
            name: target
            for name, info in self.model.model_fields.items()
            if (target := ref_target(info)) is not None
        }

    def json_schema(self) -> dict:
        return self.model.model_json_schema()


def _by_title(item: BaseModel) -> object:
    return item.title.casefold()  # type: ignore[attr-defined]


def _by_date(item: BaseModel) -> object:
    return (item.date, item.title)  # type: ignore[attr-defined]


COLLECTIONS: dict[str, Collection] = {
    c.name: c
    for c in (
        Collection("faq", Faq, "Patient questions", "question", _by_title, patient_facing=True,
                   describes_patients=True),
        Collection("exams", Exam, "Exam guides", "exam guide", _by_title, patient_facing=True,
                   describes_patients=True),
        Collection("cases", Case, "Teaching cases", "teaching case", _by_date, newest_first=True,
                   describes_patients=True),
        Collection("trials", Trial, "Clinical trials", "clinical trial", _by_title),
        Collection("people", Person, "Our radiologists", "radiologist", _by_title),
        Collection("news", News, "News", "news post", _by_date, newest_first=True, patient_facing=True,
                   describes_patients=True),
    )
}  # fmt: skip
