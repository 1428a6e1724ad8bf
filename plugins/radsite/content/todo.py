"""TODO markers: what a scaffold writes where only the editor knows the value.

`radsite new` invents nothing (no reviewer, no review date, no category): it writes `TODO` and lets
the editor fill it in. A draft may keep its TODOs while it is written, even in fields whose type a
TODO does not fit (a date, a choice, a slug); once the draft flag is gone, every TODO left is an
error naming its line, so a placeholder is never published.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from radsite.content.frontmatter import Document
from radsite.findings import Finding


class Item(Protocol):
    """What the TODO check reads of a loaded item (a protocol: content.item imports this module's schemas)."""

    @property
    def path(self) -> str: ...

    @property
    def meta(self) -> Any: ...

    @property
    def doc(self) -> Document: ...

    def line(self, dotted: str) -> int: ...

TODO = "TODO"


def is_todo(value: object) -> bool:
    """A value still holding the scaffold's marker (`TODO`, `TODO: the title`), anywhere inside."""
    if isinstance(value, str):
        return value.lstrip().startswith(TODO)
    if isinstance(value, dict):
        return any(is_todo(v) for v in value.values())
    if isinstance(value, list):
        return any(is_todo(v) for v in value)
    return False


def todo_findings(items: Iterable[Item]) -> list[Finding]:
    """An error for each TODO left in a published item (not a draft): front matter and body."""
    found: list[Finding] = []
    for item in items:
        if item.meta.draft or TODO not in item.doc.text:
            continue
        for key, value in _leaves(item.doc.data):
            if is_todo(value):
                found.append(Finding(item.path, item.line(key), "todo",
                    f"{key}: still {value!r} from the scaffold; fill in or remove the TODO "
                    "(or set 'draft: true' to keep working on it)"))  # fmt: skip
        for offset, line in enumerate(item.doc.body.splitlines()):
            if line.strip().startswith(TODO):
                found.append(Finding(item.path, item.doc.body_line + offset, "todo",
                    "body: a TODO from the scaffold is left in the text; fill in or remove the TODO "
                    "(or set 'draft: true' to keep working on it)"))  # fmt: skip
    return found


def _leaves(data: object, prefix: str = "") -> Iterator[tuple[str, object]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, f"{prefix}{key}.")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, f"{prefix}{index}.")
    else:
        yield prefix.rstrip("."), data


def validate_allowing_todos(model: type[BaseModel], data: Any, handler: Callable[[Any], Any]) -> Any:
    """Validate an item; fields that fail only because they still hold a TODO are left unset (None).

    The rest of the item is validated as usual (with a stand-in where the TODO was, so rules that
    span fields still run). `todo_findings` then refuses the TODOs of an item that is not a draft,
    with the line to fix, instead of a type error about the marker.
    """
    try:
        return handler(data)
    except ValidationError as error:
        if not isinstance(data, dict):
            raise
        failing = {str(e["loc"][0]) for e in error.errors() if e["loc"]}
        pending = {key for key in failing if key in model.model_fields and is_todo(data.get(key))}
        if not pending or failing - pending or any(not e["loc"] for e in error.errors()):
            raise
        stand_ins = {key: stand_in(model.model_fields[key].annotation) for key in pending}
        try:
            validated = handler({**data, **stand_ins})
        except ValidationError:
            raise error from None
        unfinished = validated.model_copy(update={key: _unset(model.model_fields[key].annotation) for key in pending})
        unfinished._todo_fields = frozenset(pending)
        return unfinished


def todo_fields(meta: BaseModel) -> frozenset[str]:
    """Fields of an item left unset because they still hold a TODO: such a draft is shown to nobody."""
    return frozenset(getattr(meta, "_todo_fields", None) or ())


def _unset(annotation: Any) -> Any:
    """What a field holds while its TODO waits: nothing (an empty list for a list)."""
    return [] if typing.get_origin(_unwrap(annotation)) is list else None


def stand_in(annotation: Any) -> Any:
    """Some valid value of a type, used only to validate the other fields of an item with TODOs."""
    annotation = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return typing.get_args(annotation)[0]
    if origin is list:
        (inner,) = typing.get_args(annotation) or (str,)
        return [stand_in(inner)]
    if origin is dict:
        return {}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {name: stand_in(info.annotation) for name, info in annotation.model_fields.items() if info.is_required()}
    if annotation is dt.datetime:
        return "2000-01-01T00:00"
    if annotation is dt.date:
        return "2000-01-01"
    if annotation is bool:
        return False
    if annotation in (int, float):
        return 0
    return "todo"


def _unwrap(annotation: Any) -> Any:
    """Annotated[...] and Optional[...] down to the type that shapes a value."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


def allowed_values(annotation: Any) -> tuple[str, ...]:
    """The values an enumerated field accepts (a Literal or an Enum, also inside a list or dict)."""
    annotation = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return tuple(str(member.value) for member in annotation)
    if origin in (list, dict):
        return allowed_values(typing.get_args(annotation)[-1]) if typing.get_args(annotation) else ()
    return ()
