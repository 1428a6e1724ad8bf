"""Items that name each other's collection link both ways: FAQs and exam guides, whichever side named the other.

An exam lists `related_faq`; a FAQ lists `related_exams`. Two collections whose schemas reference
each other (a `Ref` field on both sides) are linked: both pages show the union, computed once
per build (one pass over the items), so no page scans the others while it renders.
"""

from __future__ import annotations

from radsite.content.registry import COLLECTIONS
from radsite.visibility import Decision, Published

Key = tuple[str, str]


def mutual_references() -> dict[str, list[tuple[str, str]]]:
    """collection -> its (field, target) references whose target collection references it back."""
    return {
        name: [(field, target) for field, target in spec.references().items()
               if target in COLLECTIONS and name in COLLECTIONS[target].references().values()]
        for name, spec in COLLECTIONS.items()
    }  # fmt: skip


def related_pages(decision: Decision) -> dict[Key, list[Published]]:
    """(collection, slug) -> the published items of the other collection it is linked with."""
    pairs: dict[Key, dict[Key, None]] = {}
    mutual = mutual_references()

    def link(a: Key, b: Key) -> None:
        if decision.by_key.get(a) is not None and decision.by_key.get(b) is not None:
            pairs.setdefault(a, {})[b] = None
            pairs.setdefault(b, {})[a] = None

    for published in decision.items:
        for field, target in mutual.get(published.collection, ()):
            for slug in published.fields.get(field) or []:
                link(published.item.key, (target, slug))
    return {
        key: sorted((decision.by_key[k] for k in linked), key=lambda p: p.fields["title"].casefold())
        for key, linked in pairs.items()
    }
