"""`people/`: a radiologist profile, "the face of radiology", with per-field visibility."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field

from radsite.content.collection import CONTEXT, Collection, Facet, HomeSection, LdContext, Shown
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


FACETS = (Facet("subspecialties", "Subspecialty"), Facet("languages", "Language"),
          Facet("research_interests", "Research interest"),
          Facet("accepting_mentees", "Accepting mentees", kind="checkbox"))  # fmt: skip


def _meta_line(f: Mapping[str, Any]) -> str:
    return " · ".join(x for x in (f.get("role") or "", ", ".join(f.get("languages") or [])) if x)


def _index_extra(p: Shown, data: dict[str, Any], text: list[str]) -> None:
    f = p.fields
    data["credentials"] = f.get("credentials") or ""
    text += [*(f.get("research_interests") or []), *(f.get("subspecialties") or []), data["credentials"]]
    photo = f.get("photo")
    if photo:
        data["photo"] = {"src": p.item.asset_uri(photo["src"]), "alt": photo["alt"]}


def _json_ld(p: Shown, ctx: LdContext) -> dict[str, Any]:
    """A published profile as schema.org Physician (an individual), public fields only."""
    f = p.fields
    data: dict[str, Any] = {"@type": ["Person", "Physician"], "name": f["title"], "url": ctx.base + p.url}
    if f.get("credentials"):
        data["honorificSuffix"] = f["credentials"]
    if f.get("role"):
        data["jobTitle"] = f["role"]
    if f.get("subspecialties"):
        data["knowsAbout"] = [s.replace("-", " ") for s in f["subspecialties"]]
    if f.get("languages"):
        data["knowsLanguage"] = f["languages"]
    links = [v for v in (f.get("links") or {}).values() if isinstance(v, str) and v.startswith("http")]
    if links:
        data["sameAs"] = links
    if f.get("photo"):
        data["image"] = ctx.base + p.item.asset_uri(f["photo"]["src"])
    data["@context"] = CONTEXT
    return data


ENTRY = Collection(
    "people", Person, "Our radiologists", "radiologist", template="radsite/people.html",
    facets=FACETS, meta_line=_meta_line, index_extra=_index_extra, json_ld=_json_ld,
    home=HomeSection(5, "Meet our radiologists", "The doctors who read your scans.", "radiologists", count=4),
)  # fmt: skip
