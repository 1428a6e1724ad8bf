"""FAQ items and exam guides link to each other, whichever side named the other.

An exam lists `related_faq`; a FAQ lists `related_exams`. Both pages show the union, computed once
per build (one pass over the two collections), so no page scans the others while it renders.
"""

from __future__ import annotations

from radsite.visibility import Decision, Published

Key = tuple[str, str]


def related_pages(decision: Decision) -> dict[Key, list[Published]]:
    """(collection, slug) -> the published items of the other collection it is linked with."""
    pairs: dict[Key, dict[Key, None]] = {}

    def link(a: Key, b: Key) -> None:
        if decision.by_key.get(a) is not None and decision.by_key.get(b) is not None:
            pairs.setdefault(a, {})[b] = None
            pairs.setdefault(b, {})[a] = None

    for published in decision.items:
        if published.collection == "exams":
            for slug in published.fields.get("related_faq") or []:
                link(published.item.key, ("faq", slug))
        elif published.collection == "faq":
            for slug in published.fields.get("related_exams") or []:
                link(published.item.key, ("exams", slug))
    return {
        key: sorted((decision.by_key[k] for k in linked), key=lambda p: p.fields["title"].casefold())
        for key, linked in pairs.items()
    }
