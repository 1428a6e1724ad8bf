"""Fields every item has, whatever its collection."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from radsite.content.todo import validate_allowing_todos
from radsite.content.types import DateTime, Slug, SlugList

# An audience declared in mkdocs.yml (`audiences:`); which names exist is checked against the site's
# declaration when the build decides (radsite.visibility.audience_findings), not here.
AudienceName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class Strict(BaseModel):
    """Unknown fields are errors: a typo must not silently drop a value."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, allow_inf_nan=False)  # JSON has no inf


class Image(Strict):
    src: str = Field(min_length=1, description="Path relative to the Markdown file")
    alt: str = Field(min_length=1, description="What the image shows, for people who cannot see it")
    caption: str | None = None


class ItemBase(Strict):
    _todo_fields: frozenset[str] = frozenset()  # a draft's fields still TODO (radsite.content.todo), left unset

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Any:
        """A scaffold's TODO may wait in a draft; radsite.content.todo refuses it once published."""
        return validate_allowing_todos(cls, obj, lambda data: super(ItemBase, cls).model_validate(data, **kwargs))

    title: str = Field(min_length=1)
    slug: Slug | None = Field(None, description="URL name; defaults to the file name")
    summary: str = Field(min_length=1, max_length=300, description="One or two plain sentences")
    tags: SlugList = []
    date: DateTime | None = Field(None, description="Publication date")
    updated: DateTime | None = None
    draft: bool = False
    publish_at: DateTime | None = Field(None, description="Hidden from the public build until then")
    audience: AudienceName = Field("public", description="Who may see it: an audience declared in mkdocs.yml")
    id: str | None = Field(None, description="Stable feed id; set only to keep an old id")
    social: str | None = Field(None, description="Text for social posts; default title + summary")
    image: Image | None = None
    visibility: dict[str, AudienceName] = Field(
        {}, description="Field -> the audience that may see it (public, clinicians, staff, ...); unlisted fields are public"
    )

    # Fields the public build withholds until a time or for an audience; see radsite.visibility.
    answer_fields: ClassVar[tuple[str, ...]] = ()
    # Whether the site's `field_visibility` defaults (e.g. phone: internal) apply to this schema's fields.
    field_defaults_apply: ClassVar[bool] = False
    # Fields meant for one audience unless an item says otherwise (`visibility:` wins).
    default_visibility: ClassVar[dict[str, str]] = {}

    @model_validator(mode="after")
    def _visibility_names_fields(self) -> ItemBase:
        for name in self.visibility:
            if name not in type(self).model_fields or name in {"title", "slug", "visibility"}:
                raise PydanticCustomError(
                    "visibility_field",
                    "visibility: {name} is not a field of this item that can be hidden",
                    {"name": repr(name)},
                )
        return self
