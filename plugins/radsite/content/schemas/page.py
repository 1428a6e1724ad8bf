"""Plain pages (about, contact, ...): free-form, but their visibility fields are typed."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from radsite.content.types import DateTime


class PlainPage(BaseModel):
    """Other keys (MkDocs' `template`, Material's `hide`, ...) pass through untouched."""

    model_config = ConfigDict(extra="allow", frozen=True)

    title: str | None = None
    draft: bool = False
    publish_at: DateTime | None = None
    audience: str = Field("public", pattern=r"^[a-z0-9][a-z0-9-]*$")  # declared in mkdocs.yml (radsite.audiences)
