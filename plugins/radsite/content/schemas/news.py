"""`news/`: a dated post (BlogPosting)."""

from __future__ import annotations

from typing import Annotated, Any

from radsite.content.collection import BY_DATE, Collection, HomeSection, LdContext, Shown, ld_common
from radsite.content.schemas.base import ItemBase
from radsite.content.types import DateTime, Ref, SlugList


class News(ItemBase):
    date: DateTime
    authors: Annotated[SlugList, Ref("people")] = []


def _json_ld(p: Shown, ctx: LdContext) -> dict[str, Any]:
    f = p.fields
    data = {**ld_common(p, ctx), "@type": "BlogPosting", "headline": f["title"], "mainEntityOfPage": ctx.url}
    if p.published_at:
        data["datePublished"] = p.published_at.isoformat()
    authors = [a for slug in f.get("authors") or [] if (a := ctx.linked("authors", slug))]
    if authors:
        data["author"] = authors
    if f.get("image"):
        data["image"] = ctx.base + p.item.asset_uri(f["image"]["src"])
    return data


ENTRY = Collection(
    "news", News, "News", "news post", BY_DATE, type_name="news", newest_first=True, patient_facing=True, describes_patients=True,
    template="radsite/news.html", json_ld=_json_ld,
    home=HomeSection(6, "Latest news", "What is new in the department.", "news posts", count=3),
)  # fmt: skip
