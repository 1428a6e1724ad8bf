"""Turn pydantic's validation errors into findings an editor can act on."""

from __future__ import annotations

import difflib

from pydantic import BaseModel, ValidationError

from radsite.content.frontmatter import Document
from radsite.findings import Finding


def schema_findings(error: ValidationError, model: type[BaseModel], doc: Document, path: str) -> list[Finding]:
    found = []
    for e in error.errors(include_url=False):
        loc = [str(p) for p in e["loc"]]
        dotted = ".".join(loc)
        line = doc.line_of(dotted)
        found.append(Finding(path, line, "schema", _message(dict(e), dotted, loc, model)))
    return found


def _message(e: dict, dotted: str, loc: list[str], model: type[BaseModel]) -> str:
    kind = e["type"]
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(loc[-1], known, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (known fields: {', '.join(sorted(known))})"
        return f"{dotted}: unknown field{hint}"
    if kind == "missing":
        return f"{dotted}: required field is missing (add '{loc[-1]}: ...')"
    if kind.startswith(("value_error", "assertion_error")):
        return f"{dotted}: {e['msg']}" if dotted else e["msg"]
    if kind in ("dose_missing", "dose_unexpected", "quiz_answer", "visibility_field"):
        return e["msg"]  # these messages already start with the field
    if kind == "literal_error":
        allowed = e.get("ctx", {}).get("expected", "")
        return f"{dotted}: {e['input']!r} is not allowed (use one of {allowed})"
    value = e.get("input")
    shown = "" if isinstance(value, dict | list) or value is None else f" (got {value!r})"
    msg = e["msg"]
    if kind in ("date", "date_time", "slug"):
        return f"{dotted}: {msg}"
    return f"{dotted}: {msg[0].lower()}{msg[1:]}{shown}" if dotted else msg


def _fields_at(model: type[BaseModel], loc: list[str]) -> list[str]:
    """Field names of the (nested) model at `loc`, for 'did you mean' suggestions."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None or part.isdigit():
            continue
        info = current.model_fields.get(part)
        current = _model_in(info.annotation) if info else None
    return list(current.model_fields) if current else []


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found:
            return found
    return None
