"""Browsing a collection: filter facets, pages of 50, and the JSON index the filter script reads.

Everything here is computed once per build (`build_browse`, called by `pipeline.prepare`):
the listing pages and the index are slices and projections of one sorted list, so a page costs
the same at 50 items or 5,000. The index carries only published fields chosen here, by name:
never an answer, never an internal field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from radsite.labels import label
from radsite.visibility import Published

if TYPE_CHECKING:  # the build state imports these modules
    from radsite.derive.listings import Listing
    from radsite.pipeline import BuildState

PAGE_SIZE = 50
INDEX_NAME = "items.json"


@dataclass(frozen=True)
class Facet:
    name: str  # the item field, the URL parameter and the index key
    label: str
    kind: str = "select"  # "select" (one value among the item's values) or "checkbox" (a true flag)
    options: tuple[tuple[str, str], ...] = ()  # (value, words), filled per build


FACETS: dict[str, tuple[Facet, ...]] = {
    "cases": (Facet("modality", "Modality"), Facet("body_systems", "Body system"),
              Facet("difficulty", "Difficulty"), Facet("tags", "Tag")),
    "people": (Facet("subspecialties", "Subspecialty"), Facet("languages", "Language"),
               Facet("research_interests", "Research interest"),
               Facet("accepting_mentees", "Accepting mentees", kind="checkbox")),
    "trials": (Facet("status", "Status"), Facet("conditions", "Condition")),
}  # fmt: skip


@dataclass
class BrowsePage:
    collection: str
    number: int  # 1-based
    count: int  # pages in this listing
    items: list[Published]
    total: int
    facets: tuple[Facet, ...] = ()

    def href(self, number: int) -> str:
        """Link to another page of the same listing, relative to this page's URL."""
        up = "../../" if self.number > 1 else ""
        return f"{up}page/{number}/" if number > 1 else (up or "./")

    @property
    def index_href(self) -> str:
        return ("../../" if self.number > 1 else "") + INDEX_NAME


@dataclass
class Browse:
    pages: dict[str, BrowsePage] = field(default_factory=dict)  # src_uri -> page
    indexes: dict[str, dict[str, Any]] = field(default_factory=dict)  # collection -> JSON index


def browse(state: BuildState) -> Browse:
    return state.browse


def page_src_uri(collection: str, number: int) -> str:
    return f"{collection}/index.md" if number == 1 else f"{collection}/page/{number}.md"


def build_browse(listings: dict[str, Listing]) -> Browse:
    result = Browse()
    for name, listing in listings.items():
        items = listing.items
        facets = tuple(_with_options(f, items) for f in FACETS.get(name, ()))
        count = max(1, math.ceil(len(items) / PAGE_SIZE))
        for number in range(1, count + 1):
            chunk = items[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
            result.pages[page_src_uri(name, number)] = BrowsePage(name, number, count, chunk, len(items), facets)
        if facets:
            result.indexes[name] = {
                "collection": name,
                "facets": [{"name": f.name, "label": f.label, "kind": f.kind} for f in facets],
                "items": [entry(p) for p in items],
            }
    return result


def words(facet: str, value: str) -> str:
    return label(value, facet)  # one place for display labels (radsite.labels)


def _values(fields: dict[str, Any], name: str) -> list[str]:
    value = fields.get(name)
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _with_options(facet: Facet, items: list[Published]) -> Facet:
    if facet.kind == "checkbox":
        return facet
    seen = {v for p in items for v in _values(p.fields, facet.name)}
    options = tuple((v, words(facet.name, v)) for v in sorted(seen, key=lambda v: words(facet.name, v).casefold()))
    return Facet(facet.name, facet.label, facet.kind, options)


def meta_line(p: Published) -> str:
    """The card's one line of facts, the same on the server-rendered card and in the index."""
    f = p.fields
    if p.collection == "cases":
        systems = ", ".join(words("body_systems", s) for s in f.get("body_systems") or [])
        return f"{words('modality', f['modality'])} · {systems} · {words('difficulty', f['difficulty'])}"
    if p.collection == "people":
        return " · ".join(x for x in (f.get("role") or "", ", ".join(f.get("languages") or [])) if x)
    if p.collection == "trials":
        return f"{words('status', f['status'])} · {'; '.join(f.get('conditions') or [])}"
    return ""


def entry(p: Published) -> dict[str, Any]:
    """One item of the JSON index: published fields picked by name (see module docstring)."""
    f = p.fields
    data: dict[str, Any] = {"url": p.url, "title": f["title"], "summary": f.get("summary") or "", "meta": meta_line(p)}
    for facet in FACETS.get(p.collection, ()):
        data[facet.name] = bool(f.get(facet.name)) if facet.kind == "checkbox" else _values(f, facet.name)
    text = [f["title"], data["summary"], data["meta"], *(f.get("tags") or [])]
    if p.collection == "cases":
        text.append(f.get("history") or "")
    if p.collection == "people":
        data["credentials"] = f.get("credentials") or ""
        text += [*(f.get("research_interests") or []), *(f.get("subspecialties") or []), data["credentials"]]
        photo = f.get("photo")
        if photo:
            data["photo"] = {"src": p.item.asset_uri(photo["src"]), "alt": photo["alt"]}
    data["text"] = " ".join(t for t in text if t).casefold()
    return data
