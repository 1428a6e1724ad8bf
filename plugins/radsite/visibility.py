"""Decide, once per build, what is published and what is withheld.

Filter at the source: whatever this module withholds never reaches MkDocs' file list or a page's
context, so no template can leak it. The withheld values are kept, so the output audit can prove
afterwards that none of them reached a written file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from radsite.audiences import Audiences
from radsite.checkpoints import checkpoint
from radsite.choice_order import published_order
from radsite.content.answer import split_answer
from radsite.content.item import ContentSet, Item, Page
from radsite.content.registry import reference_fields
from radsite.content.todo import todo_fields
from radsite.findings import Finding
from radsite.timeutil import aware

Audience = str  # a name declared in `audiences:` (radsite.audiences), or an alias of one
# Editors' notes to the PHI guard (`<!-- phi-ok: reason -->`) are for the build report, not the page.
PHI_OK_NOTE = re.compile(r"[ \t]*<!--\s*phi-ok\b.*?-->", re.IGNORECASE)
# Front-matter keys whose values are codes, references or paths, not prose: never distinctive.
# Every reference field (typed with a `Ref` marker in some schema) is one, read from the registry.
NOT_PROSE = frozenset({"slug", "tags", "src", "visibility", "modality", "body_systems", "sex", "difficulty", "certainty",
                       "audience", "status", "category", "phases", "id", "template", "hide"}) | reference_fields()  # fmt: skip


@dataclass(frozen=True)
class Policy:
    audience: Audience  # the audience this build is for, as declared (an alias is resolved)
    now: dt.datetime  # timezone-aware
    tz: dt.tzinfo
    field_defaults: dict[str, Audience] = field(default_factory=dict)  # profile field -> default
    audiences: Audiences = field(default_factory=Audiences)

    def __post_init__(self) -> None:
        object.__setattr__(self, "audience", self.audiences.canonical(self.audience) or self.audience)

    @property
    def internal(self) -> bool:
        """The staff build (the audience that includes all others): it previews drafts and schedules too."""
        return self.audience == self.audiences.widest

    def may_see(self, audience: str) -> bool:
        """Whether this build carries material marked for `audience`; an undeclared name never, but in staff."""
        canonical = self.audiences.canonical(audience)
        return self.internal or (canonical is not None and canonical in self.audiences.sees(self.audience))


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
    findings: list[Finding] = field(default_factory=list)  # audience names that are not declared
    languages: list[Decision] = field(default_factory=list)  # the other languages' (radsite.languages)

    def __post_init__(self) -> None:
        self.by_key: dict[tuple[str, str], Published] = {p.item.key: p for p in self.items}
        self.by_page_uri: dict[str, Published] = {p.item.page_uri: p for p in self.items}

    def in_collection(self, name: str) -> list[Published]:
        return [p for p in self.items if p.collection == name]

    def get(self, collection: str, slug: str) -> Published | None:
        return self.by_key.get((collection, slug))


def decide(content: ContentSet, policy: Policy) -> Decision:
    """What this build publishes: the items (with their withheld fields and answers removed) and pages.

    Files are not decided here: `radsite.published` derives the files a build writes from what is
    published, so a file that only withheld text refers to is never written.
    """
    items: list[Published] = []
    pages: list[Page] = []
    withheld: list[Withheld] = []
    findings = audience_findings(content, policy.audiences)
    for item in content.items:
        checkpoint()  # serve: a newer save ends this build here (radsite.checkpoints)
        reason = _item_withheld(item.meta, policy)
        if reason:
            withheld.append(Withheld(item.path, 1, reason, _all_text(item)))
            continue
        items.append(_publish(item, policy, withheld))
    for page in content.pages:
        reason = _item_withheld(page.meta, policy)
        if reason:
            title = (page.meta.title,) if page.meta.title else ()
            withheld.append(Withheld(page.path, 1, reason, (*title, page.doc.body, _page_url(page.src_uri))))
        else:
            pages.append(page)
    return Decision(policy, items, pages, withheld, findings)


def publish_item(item: Item, policy: Policy) -> tuple[Published | None, list[Withheld]]:
    """One item as `decide` publishes it, and what it withholds: None when the item itself is withheld."""
    withheld: list[Withheld] = []
    if _item_withheld(item.meta, policy):
        return None, withheld
    return _publish(item, policy, withheld), withheld


def audience_findings(content: ContentSet, audiences: Audiences) -> list[Finding]:
    """Every `audience:` and `visibility:` value that names no declared audience: file, line, field, names."""
    findings: list[Finding] = []
    sources: list[Item | Page] = [*content.items, *content.pages]
    for source in sources:
        meta = source.meta
        marks = [("audience", meta.audience)]
        marks += [(f"visibility.{name}", level) for name, level in (getattr(meta, "visibility", None) or {}).items()]
        for dotted, name in marks:
            if audiences.canonical(name) is None:
                line = source.doc.line_of(dotted)
                findings.append(Finding(source.path, line, "audience", f"{dotted}: {audiences.unknown(name)}"))
    return findings


def _item_withheld(meta: Any, policy: Policy) -> str | None:
    if meta.draft and todo_fields(meta):  # typed fields still TODO: nothing to render, even internally
        return "draft"
    if policy.internal:
        return None
    if meta.draft:
        return "draft"
    if meta.publish_at and aware(meta.publish_at, policy.tz) > policy.now:
        return "scheduled"
    if published_from(meta, policy.tz) > policy.now:  # every schema's `date` is when it is published
        return "dated in the future"
    if not policy.may_see(meta.audience):
        return f"{meta.audience} item"
    return None


def published_from(meta: Any, tz: dt.tzinfo) -> dt.datetime:
    """The first moment an item may be public: the later of its `publish_at` and, where its schema
    declares one, its `date` (a news post dated next week is next week's news). A plain page's
    `date` is its own business: no schema says what it means."""
    moments = [aware(meta.publish_at, tz)] if getattr(meta, "publish_at", None) else []
    if "date" in getattr(type(meta), "model_fields", {}) and meta.date:
        moments.append(aware(meta.date, tz))
    return max(moments, default=dt.datetime.min.replace(tzinfo=dt.UTC))


def _publish(item: Item, policy: Policy, withheld: list[Withheld]) -> Published:
    meta = item.meta
    fields = meta.model_dump(mode="python")
    body = item.doc.body
    revealed, reveal_at = True, None
    if (reveal := getattr(meta, "reveal_at", None)) is not None:
        reveal_at = aware(reveal, policy.tz)
    if type(meta).answer_fields:
        revealed = policy.internal or reveal_at is None or reveal_at <= policy.now
        if not revealed:
            choices = set((fields.get("quiz") or {}).get("choices") or ())  # published: not a secret to audit
            for dotted in type(meta).answer_fields:
                value = _pop(fields, dotted)
                if value and value not in choices:
                    withheld.append(Withheld(item.path, item.line(dotted), f"unrevealed answer field {dotted!r}", (str(value),)))
            question, answer = split_answer(body)
            body = question
            if answer.strip():
                line = item.doc.body_line + body.count("\n")
                withheld.append(Withheld(item.path, line, "unrevealed answer (after <!-- answer -->)", (answer,)))
    quiz = fields.get("quiz")
    if isinstance(quiz, dict) and isinstance(quiz.get("choices"), list):  # position must not give the answer away
        quiz["choices"] = published_order(quiz["choices"], item.slug)
    for name in _internal_fields(type(meta), fields, policy):
        value = fields.pop(name, None)
        if value:
            withheld.append(Withheld(item.path, item.line(name), f"internal field {name!r}", _texts(value)))
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


def _internal_fields(model: type[Any], fields: dict[str, Any], policy: Policy) -> list[str]:
    """The fields this audience may not see: the item's own `visibility:` marks over the site's
    defaults, over the schema's own (an exam guide's clinician section is for clinicians)."""
    if policy.internal:
        return []
    defaults = policy.field_defaults if model.field_defaults_apply else {}
    marks = {**model.default_visibility, **defaults, **(fields.get("visibility") or {})}
    return [name for name, level in marks.items()
            if not policy.may_see(level) and name in fields and name != "visibility"]  # fmt: skip


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
