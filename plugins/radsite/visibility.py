"""Decide, once per build, what is published and what is withheld.

Filter at the source: whatever this module withholds never reaches MkDocs' file list or a page's
context, so no template can leak it. The withheld values are kept, so the output audit can prove
afterwards that none of them reached a written file.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from radsite.content.checks import images_of
from radsite.content.item import ContentSet, Item, Page
from radsite.content.todo import todo_fields
from radsite.timeutil import aware

Audience = Literal["public", "internal"]
ANSWER_MARKER = re.compile(r"^[ \t]*<!--\s*answer\s*-->[ \t]*$", re.MULTILINE | re.IGNORECASE)
_REFERENCE = re.compile(r"\]\(\s*<?([^)\s>]+)|\b(?:src|href)\s*=\s*[\"']([^\"']+)[\"']")
# Editors' notes to the PHI guard (`<!-- phi-ok: reason -->`) are for the build report, not the page.
PHI_OK_NOTE = re.compile(r"[ \t]*<!--\s*phi-ok\b.*?-->", re.IGNORECASE)
# Front-matter keys whose values are codes, references or paths, not prose: never distinctive.
NOT_PROSE = frozenset({"slug", "tags", "authors", "reviewed_by", "related_exams", "pi", "src", "visibility",
                       "modality", "body_systems", "sex", "difficulty", "certainty", "audience", "status",
                       "category", "phases", "id", "template", "hide"})  # fmt: skip


@dataclass(frozen=True)
class Policy:
    audience: Audience
    now: dt.datetime  # timezone-aware
    tz: dt.tzinfo
    field_defaults: dict[str, Audience] = field(default_factory=dict)  # profile field -> default

    @property
    def internal(self) -> bool:
        return self.audience == "internal"


@dataclass
class Published:
    """An item as this build may show it."""

    item: Item
    fields: dict[str, Any]  # the item's fields, withheld ones removed
    body: str  # Markdown body, the answer part removed until it is revealed
    published_at: dt.datetime | None  # `date`, or `publish_at`, in the site timezone
    draft: bool = False  # only ever true in the internal build; shown with a banner
    revealed: bool = True  # false for a case whose answer is still embargoed
    reveal_at: dt.datetime | None = None

    @property
    def collection(self) -> str:
        return self.item.collection

    @property
    def slug(self) -> str:
        return self.item.slug

    @property
    def url(self) -> str:
        return self.item.url


@dataclass(frozen=True)
class Withheld:
    """Something the public must not see, with where it came from and the text itself."""

    path: str
    line: int
    reason: str  # "draft", "scheduled", "internal item", "internal field 'email'", "unrevealed answer"
    values: tuple[str, ...]


@dataclass
class Decision:
    policy: Policy
    items: list[Published]
    pages: list[Page]
    withheld: list[Withheld]
    dropped: set[str]  # content src_uris that must not be built at all

    def __post_init__(self) -> None:
        self.by_key: dict[tuple[str, str], Published] = {p.item.key: p for p in self.items}
        self.by_page_uri: dict[str, Published] = {p.item.page_uri: p for p in self.items}

    def in_collection(self, name: str) -> list[Published]:
        return [p for p in self.items if p.collection == name]

    def get(self, collection: str, slug: str) -> Published | None:
        return self.by_key.get((collection, slug))


def decide(content: ContentSet, policy: Policy) -> Decision:
    items: list[Published] = []
    pages: list[Page] = []
    withheld: list[Withheld] = []
    dropped: set[str] = set()
    hidden: list[tuple[str, str]] = []  # (src_uri, Markdown) whose files may only be referenced there
    for item in content.items:
        reason = _item_withheld(item.meta, policy)
        if reason:
            dropped.add(item.src_uri)
            withheld.append(Withheld(item.path, 1, reason, _all_text(item)))
            hidden.append((item.src_uri, item.doc.body))
            hidden += [(item.src_uri, f"![]({image.src})") for _, image in images_of(item)]  # type: ignore[attr-defined]
            continue
        items.append(_publish(item, policy, withheld, hidden))
    for page in content.pages:
        reason = _item_withheld(page.meta, policy)
        if reason:
            dropped.add(page.src_uri)
            title = (page.meta.title,) if page.meta.title else ()
            withheld.append(Withheld(page.path, 1, reason, (*title, page.doc.body, _page_url(page.src_uri))))
            hidden.append((page.src_uri, page.doc.body))
        else:
            pages.append(page)
    dropped |= _withheld_assets(content, items, pages, hidden)
    return Decision(policy, items, pages, withheld, dropped)


def _withheld_assets(content: ContentSet, items: list[Published], pages: list[Page],
                     hidden: list[tuple[str, str]]) -> set[str]:  # fmt: skip
    """Files (images, PDFs) that only withheld text refers to: an answer's annotated image, a draft's photo."""
    withheld = {ref for src_uri, text in hidden for ref in _references(src_uri, text)} & content.assets
    if not withheld:
        return set()
    names = {posixpath.basename(ref) for ref in withheld}  # a published text naming none of them refers to none
    public: set[str] = set()
    for published in items:
        images = [published.fields.get("image"), published.fields.get("photo"), *(published.fields.get("images") or [])]
        text = published.body + "".join(f"![]({i['src']})" for i in images if isinstance(i, dict) and i.get("src"))
        if any(name in text for name in names):
            public |= _references(published.item.src_uri, text)
    for page in pages:
        if any(name in page.doc.body for name in names):
            public |= _references(page.src_uri, page.doc.body)
    return withheld - public


def _references(src_uri: str, markdown: str) -> set[str]:
    """Files under the content folder that a Markdown text links or embeds, as content src_uris."""
    refs = set()
    for match in _REFERENCE.finditer(markdown):
        target = (match.group(1) or match.group(2) or "").split("#")[0].split("?")[0]
        if not target or "://" in target or target.startswith(("mailto:", "tel:", "data:")):
            continue
        if target.startswith("/"):
            refs.add(target.lstrip("/"))
        else:
            refs.add(posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), target)))
    return refs


def _item_withheld(meta: Any, policy: Policy) -> str | None:
    if meta.draft and todo_fields(meta):  # typed fields still TODO: nothing to render, even internally
        return "draft"
    if policy.internal:
        return None
    if meta.draft:
        return "draft"
    if meta.publish_at and aware(meta.publish_at, policy.tz) > policy.now:
        return "scheduled"
    if meta.audience == "internal":
        return "internal item"
    return None


def _publish(item: Item, policy: Policy, withheld: list[Withheld], hidden: list[tuple[str, str]]) -> Published:
    meta = item.meta
    fields = meta.model_dump(mode="python")
    body = item.doc.body
    revealed, reveal_at = True, None
    if getattr(meta, "reveal_at", None) is not None:
        reveal_at = aware(meta.reveal_at, policy.tz)
    if type(meta).answer_fields:
        revealed = policy.internal or reveal_at is None or reveal_at <= policy.now
        if not revealed:
            choices = set((fields.get("quiz") or {}).get("choices") or ())  # published: not a secret to audit
            for dotted in type(meta).answer_fields:
                value = _pop(fields, dotted)
                if value and value not in choices:
                    withheld.append(Withheld(item.path, item.line(dotted), f"unrevealed answer field {dotted!r}", (str(value),)))
            question, _, answer = _split_answer(body)
            body = question
            hidden.append((item.src_uri, answer))
            if answer.strip():
                line = item.doc.body_line + body.count("\n")
                withheld.append(Withheld(item.path, line, "unrevealed answer (after <!-- answer -->)", (answer,)))
    hidden = _internal_fields(fields, policy)
    for name in hidden:
        value = fields.pop(name, None)
        if value:
            withheld.append(Withheld(item.path, item.line(name), f"internal field {name!r}", _texts(value)))
        if isinstance(value, dict) and value.get("src"):  # an internal photo: its file stays out too
            hidden.append((item.src_uri, f"![]({value['src']})"))
    fields.pop("visibility", None)
    body = PHI_OK_NOTE.sub("", body)
    published_at = meta.date or meta.publish_at
    return Published(
        item=item,
        fields=fields,
        body=body,
        published_at=aware(published_at, policy.tz) if published_at else None,
        draft=meta.draft,
        revealed=revealed,
        reveal_at=reveal_at,
    )


def _split_answer(body: str) -> tuple[str, str, str]:
    match = ANSWER_MARKER.search(body)
    if not match:
        return body, "", ""
    return body[: match.start()], match.group(0), body[match.end() :]


def _internal_fields(fields: dict[str, Any], policy: Policy) -> list[str]:
    if policy.internal or "visibility" not in fields:
        return []
    marks = {**policy.field_defaults, **(fields.get("visibility") or {})}
    return [name for name, level in marks.items() if level == "internal" and name in fields]


def _pop(fields: dict[str, Any], dotted: str) -> Any:
    *parents, last = dotted.split(".")
    node: Any = fields
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return None
    return node.pop(last, None) if isinstance(node, dict) else None


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, dict):
        return tuple(t for v in value.values() for t in _texts(v))
    if isinstance(value, list | tuple):
        return tuple(t for v in value for t in _texts(v))
    return (str(value),) if value not in (None, "", True, False) else ()


def _all_text(item: Item) -> tuple[str, ...]:
    """The prose of a withheld item (its text fields and body) and its URL; dates and codes say nothing."""
    return (*_prose(item.meta.model_dump(mode="python")), item.doc.body, item.url)


def _prose(value: Any, key: str = "") -> tuple[str, ...]:
    if key in NOT_PROSE:
        return ()
    if isinstance(value, dict):
        return tuple(t for k, v in value.items() for t in _prose(v, str(k)))
    if isinstance(value, list | tuple):
        return tuple(t for v in value for t in _prose(v, key))
    return (value,) if isinstance(value, str) and value.strip() else ()


def _page_url(src_uri: str) -> str:
    stem = src_uri.rsplit(".", 1)[0]
    return stem[: -len("index")] if stem.endswith("index") else f"{stem}/"
