"""Scaffolds for new items, derived from the collection's schema so the two never drift.

A scaffold is a draft that invents nothing: every required field holds a TODO marker (no reviewer,
no review date, no category is guessed for the editor), with a comment saying what goes there and,
for an enumerated field, the values the schema allows. Optional fields are listed as comments.
A TODO left in an item that is no longer a draft is an error (`radsite.content.todo`).
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from radsite.content.registry import COLLECTIONS
from radsite.content.todo import TODO, _unwrap, allowed_values, stand_in
from radsite.content.types import ref_target

__all__ = ["TODO", "scaffold"]

DRAFT_NOTE = "never published while true; remove this line once no TODO is left"
SHOWN_SLUGS = 5  # existing slugs listed in a reference field's comment


def scaffold(collection: str, slug: str, title: str | None = None, existing: dict[str, list[str]] | None = None) -> str:
    """Markdown text of a new draft item of `collection`; `existing` gives slugs for references."""
    model = COLLECTIONS[collection].model
    existing = existing or {}
    lines = [f"title: {json.dumps(title, ensure_ascii=False) if title else TODO}", f"draft: true  # {DRAFT_NOTE}"]
    lines += _fields(model, existing, "", skip=frozenset({"title", "draft", "slug"}))
    return "---\n" + "\n".join(lines) + "\n---\n" + _body(collection)


def _fields(model: type[BaseModel], existing: dict[str, list[str]], indent: str, skip: frozenset[str] = frozenset()) -> list[str]:
    """Required fields (with the ones a rule asks for) as TODO lines, then optional ones as comments."""
    required = [name for name, info in model.model_fields.items() if info.is_required() and name not in skip]
    required += [name for name in _asked_by_rules(model, required) if name not in skip]
    lines: list[str] = []
    for name in required:
        lines += _required(name, model.model_fields[name], existing, indent)
    for name, info in model.model_fields.items():
        if name not in required and name not in skip:
            default = _default(info)
            lines.append(f"{indent}# {name}:{' ' + default if default else ''}{_comment(info, existing)}")
    return lines


def _asked_by_rules(model: type[BaseModel], required: list[str]) -> list[str]:
    """Optional fields that a rule of the schema asks for (an X-ray guide needs its dose)."""
    values = {name: stand_in(info.annotation) for name, info in model.model_fields.items() if info.is_required()}
    try:
        model.model_validate(values)
    except ValidationError as e:
        messages = [str(error.get("msg", "")) for error in e.errors()]
        return [name for name in model.model_fields
                if name not in required and any(m.startswith(f"{name}:") for m in messages)]  # fmt: skip
    return []


def _required(name: str, info: FieldInfo, existing: dict[str, list[str]], indent: str) -> list[str]:
    annotation = _unwrap(info.annotation)
    inner = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else None
    nested = _model(inner if inner is not None else annotation)
    comment = _comment(info, existing)
    if nested is not None:
        sub = _fields(nested, existing, indent + "    " if inner is not None else indent + "  ")
        if inner is not None:  # a list of objects: one to fill in
            return [f"{indent}{name}:{comment}", f"{indent}  - {sub[0].lstrip()}", *sub[1:]]
        has_required = any(not line.lstrip().startswith("#") for line in sub)
        return [f"{indent}{name}:{' {}' if not has_required else ''}{comment}", *sub]
    value = f"[{TODO}]" if inner is not None else TODO
    return [f"{indent}{name}: {value}{comment}"]


def _model(annotation: Any) -> type[BaseModel] | None:
    annotation = _unwrap(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _default(info: FieldInfo) -> str:
    """An optional field's default as the schema declares it (shown, never chosen by the scaffold)."""
    default = info.get_default(call_default_factory=True)
    if default is None or default in ("", [], {}) or isinstance(default, BaseModel):
        return ""
    return json.dumps(default, ensure_ascii=False, default=str)


def _comment(info: FieldInfo, existing: dict[str, list[str]]) -> str:
    """What goes in a field: its description, allowed values, referenced items or the format."""
    annotation = _unwrap(info.annotation)
    is_list = typing.get_origin(annotation) is list
    parts = [info.description] if info.description else []
    if allowed := allowed_values(annotation):
        parts.append(("any of: " if is_list else "one of: ") + ", ".join(allowed))
    if target := ref_target(info):
        label = COLLECTIONS[target].item_label if target in COLLECTIONS else "item"
        slugs = sorted(existing.get(target, []))[:SHOWN_SLUGS]
        what = f"slugs of {label}s" if is_list else f"slug of {'an' if label[0] in 'aeiou' else 'a'} {label}"
        parts.append(f"{what} in content/{target}/" + (f", e.g. {', '.join(slugs)}" if slugs else ""))
    elif annotation is dt.datetime:
        parts.append("date and time, YYYY-MM-DDTHH:MM")
    elif annotation is dt.date:
        parts.append("a date, YYYY-MM-DD")
    elif annotation in (int, float):
        parts.append("a number")
    elif annotation is bool:
        parts.append("true or false")
    return f"  # {'; '.join(parts)}" if parts else ""


def _body(collection: str) -> str:
    """The collection's scaffold body, with the TODO marker where the editor writes."""
    return COLLECTIONS[collection].scaffold_body.replace("{todo}", TODO)
