"""Scaffolds for new items, derived from the collection's schema so the two never drift.

A scaffold is a draft: required fields hold typed placeholders marked TODO, optional fields are
listed as comments with their description. `radsite check` refuses a TODO left in an item that is
no longer a draft, so a placeholder cannot be published.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from radsite.content.registry import COLLECTIONS
from radsite.content.types import ref_target

TODO = "TODO"


def scaffold(collection: str, slug: str, title: str | None = None, existing: dict[str, list[str]] | None = None,
             today: dt.date | None = None) -> str:  # fmt: skip
    """Markdown text of a new draft item of `collection`; `existing` gives slugs for references."""
    model = COLLECTIONS[collection].model
    today = today or dt.date.today()
    values = _required_values(model, existing or {}, today)
    values["title"] = title or f"{TODO}: title"
    values["draft"] = True
    _fill_what_validators_ask(model, values, existing or {}, today)
    lines = [yaml.safe_dump({k: v}, allow_unicode=True, sort_keys=False, width=1000).rstrip() for k, v in values.items()]
    optional = [
        f"# {name}: {_describe(info)}"
        for name, info in model.model_fields.items()
        if name not in values and name != "slug"
    ]
    body = _body(collection)
    return "---\n" + "\n".join(lines) + "\n" + "\n".join(optional) + "\n---\n" + body


def _required_values(model: type[BaseModel], existing: dict[str, list[str]], today: dt.date) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.is_required():
            values[name] = _placeholder(name, info.annotation, info, existing, today)
    return values


def _fill_what_validators_ask(model: type[BaseModel], values: dict[str, Any], existing: dict[str, list[str]],
                              today: dt.date) -> None:  # fmt: skip
    """Some optional fields are required by a rule (an X-ray needs its dose): add those too."""
    try:
        model.model_validate(values)
    except ValidationError as e:
        for error in e.errors():
            text = str(error.get("msg", ""))
            for name, info in model.model_fields.items():
                if name not in values and text.startswith(f"{name}:"):
                    values[name] = _placeholder(name, info.annotation, info, existing, today)


def _placeholder(name: str, annotation: Any, info: FieldInfo | None, existing: dict[str, list[str]],
                 today: dt.date) -> Any:  # fmt: skip
    target = ref_target(info) if info is not None else None
    annotation = _strip(annotation)
    origin = typing.get_origin(annotation)
    if target:
        slugs = existing.get(target) or [f"{TODO.lower()}-{target}-slug"]
        return [slugs[0]] if origin is list else slugs[0]
    if origin is typing.Literal:
        return typing.get_args(annotation)[0]
    if origin is list:
        (inner,) = typing.get_args(annotation) or (str,)
        return [_placeholder(name, inner, None, existing, today)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _required_values(annotation, existing, today)
    if annotation is dt.datetime:
        return f"{today.isoformat()}T09:00"
    if annotation is dt.date:
        return today.isoformat()
    if annotation is bool:
        return False
    if annotation in (int, float):
        return 0
    return f"{TODO}: {name.replace('_', ' ')}"


def _strip(annotation: Any) -> Any:
    """Unwrap Annotated[...] and Optional[...] down to the type that shapes the placeholder."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _describe(info: FieldInfo) -> str:
    annotation = _strip(info.annotation)
    if typing.get_origin(annotation) is typing.Literal:
        kind = "one of " + " | ".join(map(str, typing.get_args(annotation)))
    else:
        kind = getattr(annotation, "__name__", str(annotation)).replace("typing.", "")
    return f"({kind}) {info.description}" if info.description else f"({kind})"


def _body(collection: str) -> str:
    if collection == "exams":
        sections = ["What it is", "How to prepare", "What to expect", "Risks and benefits", "Radiation",
                    "Contraindications", "Who reads the results and when"]  # fmt: skip
        return "\n" + "\n".join(f"## {s}\n\n{TODO}\n" for s in sections)
    if collection == "cases":
        return f"\n{TODO}: what to look at.\n\n<!-- answer -->\n\n## Findings\n\n{TODO}\n\n## Discussion\n\n{TODO}\n"
    return f"\n{TODO}: the text.\n"
