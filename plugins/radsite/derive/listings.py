"""Listing pages and home sections: each built once per build from the published items.

Every list is computed here once; a page's template only reads the list it is handed, so the
cost of a build stays linear in the number of items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from radsite.content.registry import COLLECTIONS, home_order
from radsite.visibility import Decision, Published


@dataclass
class Listing:
    collection: str
    title: str
    items: list[Published]


@dataclass
class Home:
    sections: dict[str, list[Published]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # published items per collection
    # (collection, heading, blurb, all_label) per home section, in order: what home.html loops over
    blocks: list[tuple[str, str, str, str]] = field(default_factory=list)


def listings(decision: Decision) -> dict[str, Listing]:
    result = {}
    for name, collection in COLLECTIONS.items():
        key = collection.sort_key
        items = sorted(decision.in_collection(name), key=lambda p: key(p.item.meta), reverse=collection.newest_first)
        result[name] = Listing(name, collection.title, items)
    return result


def home(lists: dict[str, Listing], counts: dict[str, int] | None = None) -> Home:
    """Each collection's home section: its first items (those its `pick` allows), as many as it asks for.

    `counts` (the `home_counts` option) overrides a section's count by collection name.
    """
    result = Home(counts={name: len(lst.items) for name, lst in lists.items()})
    for spec in home_order():
        section = spec.home
        assert section is not None  # home_order() keeps only collections with a section
        wanted = (counts or {}).get(spec.name, section.count)
        if wanted:
            pick = section.pick
            shown = [p for p in lists[spec.name].items if pick is None or pick(p)]
            result.sections[spec.name] = shown[:wanted]
        result.blocks.append((spec.name, section.heading, section.blurb, section.all_label))
    return result
