"""`people/`: a radiologist profile, "the face of radiology", with per-field visibility."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from radsite.content.schemas.base import Image, ItemBase, Strict
from radsite.content.types import TextList

Subspecialty = Literal[
    "neuroradiology", "musculoskeletal", "breast", "chest", "cardiac", "abdominal", "pediatric",
    "interventional", "nuclear-medicine", "emergency",
]  # fmt: skip


class Links(Strict):
    orcid: str | None = None
    linkedin: str | None = None
    researchgate: str | None = None
    mastodon: str | None = None
    bluesky: str | None = None
    website: str | None = None


class Person(ItemBase):
    summary: str = Field("", max_length=300)
    credentials: str = ""
    role: str = ""
    subspecialties: list[Subspecialty] = []
    research_interests: TextList = []
    languages: TextList = []
    photo: Image | None = None
    links: Links = Links()
    accepting_mentees: bool = False
    email: str | None = None
    phone: str | None = None
    office: str | None = None
    publications: TextList = []

    field_defaults_apply: ClassVar[bool] = True  # `field_visibility` in mkdocs.yml: profile fields
