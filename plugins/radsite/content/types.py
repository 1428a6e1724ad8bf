"""Field types shared by the collection schemas, with error messages written for editors."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, GetJsonSchemaHandler
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
MAX_SLUG = 100  # a slug names files (tags/<slug>/, assets/social/tags/<slug>.jpg): a file name may have 255 bytes


def _slug(value: Any) -> Any:
    if isinstance(value, str) and not _SLUG.match(value):
        raise PydanticCustomError(
            "slug",
            "{value} is not a slug (use lowercase letters, digits and hyphens, e.g. 'ct-head')",
            {"value": repr(value)},
        )
    if isinstance(value, str) and len(value) > MAX_SLUG:
        raise PydanticCustomError(
            "slug",
            "a slug of {length} characters; keep it under {limit} (it names files and the page's address)",
            {"length": f"{len(value):,}", "limit": MAX_SLUG},
        )
    return value


def _date_time(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError(
        "date_time",
        "{value} is not a date-time (use ISO 8601, e.g. 2026-12-01T09:00)",
        {"value": repr(value)},
    )


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError("date", "{value} is not a date (use ISO 8601, e.g. 2026-12-01)", {"value": repr(value)})


def _string_list(value: Any) -> Any:
    """Accept a single string where a list is expected: `tags: ct` means `tags: [ct]`."""
    return [value] if isinstance(value, str) else value


Slug = Annotated[str, BeforeValidator(_slug)]
DateTime = Annotated[dt.datetime, BeforeValidator(_date_time), Field(json_schema_extra={"format": "date-time"})]
Date = Annotated[dt.date, BeforeValidator(_date), Field(json_schema_extra={"format": "date"})]
SlugList = Annotated[list[Slug], BeforeValidator(_string_list)]
TextList = Annotated[list[str], BeforeValidator(_string_list)]


@dataclass(frozen=True)
class Ref:
    """A reference type marker: `Annotated[Slug, Ref("people")]` names an item of `people` by slug.

    Everything about references follows from it: the check after loading (with "did you mean"),
    back-links between collections that reference each other, linked JSON-LD, the "not prose" keys
    of the visibility decision and the PHI guard, the scaffold's comment and the JSON Schema.
    """

    collection: str

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema["x-radsite-ref"] = self.collection
        return schema


def ref_target(field_info: FieldInfo) -> str | None:
    """The collection a field references (its `Ref` marker), or None."""
    return next((m.collection for m in field_info.metadata if isinstance(m, Ref)), None)
