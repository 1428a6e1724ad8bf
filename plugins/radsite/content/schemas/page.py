"""Plain pages (about, contact, ...): free-form, but their visibility fields are typed."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from radsite.content.types import DateTime


class PlainPage(BaseModel):
    """Other keys (MkDocs' `template`, Material's `hide`, ...) pass through untouched."""

    model_config = ConfigDict(extra="allow", frozen=True)

    title: str | None = None
    draft: bool = False
    publish_at: DateTime | None = None
    audience: Literal["public", "internal"] = "public"
