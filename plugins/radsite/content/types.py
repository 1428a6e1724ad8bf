"""Field types shared by the collection schemas, with error messages written for editors."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)


def _slug(value: Any) -> Any:
    if isinstance(value, str) and not _SLUG.match(value):
        raise PydanticCustomError(
            "slug",
            "{value} is not a slug (use lowercase letters, digits and hyphens, e.g. 'ct-head')",
            {"value": repr(value)},
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
    raise PydanticCustomError(
        "date", "{value} is not a date (use ISO 8601, e.g. 2026-12-01)", {"value": repr(value)}
    )


def _string_list(value: Any) -> Any:
    """Accept a single string where a list is expected: `tags: ct` means `tags: [ct]`."""
    return [value] if isinstance(value, str) else value


Slug = Annotated[str, BeforeValidator(_slug)]
DateTime = Annotated[dt.datetime, BeforeValidator(_date_time), Field(json_schema_extra={"format": "date-time"})]
Date = Annotated[dt.date, BeforeValidator(_date), Field(json_schema_extra={"format": "date"})]
SlugList = Annotated[list[Slug], BeforeValidator(_string_list)]
TextList = Annotated[list[str], BeforeValidator(_string_list)]


def ref(collection: str, **kwargs: Any) -> Any:
    """A field naming items of another collection by slug; checked after everything is loaded."""
    return Field(json_schema_extra={"x-radsite-ref": collection}, **kwargs)


def ref_target(field_info: Any) -> str | None:
    extra = field_info.json_schema_extra
    return extra.get("x-radsite-ref") if isinstance(extra, dict) else None
