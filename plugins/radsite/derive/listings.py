"""Listing pages and home sections: each built once per build from the published items.

Every list is computed here once; a page's template only reads the list it is handed, so the
cost of a build stays linear in the number of items.
"""

from __future__ import annotations

import datetime as dt
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
    """Each collection's current items (its `current`: an event not over, an open job), in its order."""
    result = {}
    now, tz = decision.policy.now, decision.policy.tz
    for name, collection in COLLECTIONS.items():
        key = collection.sort_key
        shown = [p for p in decision.in_collection(name) if collection.current(p, now, tz)]
        if collection.order is not None:
            items: list[Published] = collection.order(shown, now, tz)  # type: ignore[arg-type, assignment]
        else:
            items = sorted(shown, key=lambda p: key(p.item.meta), reverse=collection.newest_first)
        result[name] = Listing(name, collection.title, items)
    return result


def past_pages(decision: Decision) -> set[str]:
    """Page sources of items no longer current (a past event, a closed job): the page stays, the sitemap leaves it."""
    now, tz = decision.policy.now, decision.policy.tz
    return {p.item.page_uri for p in decision.items if not COLLECTIONS[p.collection].current(p, now, tz)}


def next_change(decision: Decision) -> dt.datetime | None:
    """The next moment the same content builds a different site because time passed (an event ends, a job closes)."""
    now, tz = decision.policy.now, decision.policy.tz
    moments = [moment for p in decision.items if (at := COLLECTIONS[p.collection].changes_at) is not None
               if (moment := at(p, now, tz)) is not None]  # fmt: skip
    return min(moments, default=None)


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
