"""Listing pages and home sections: each built once per build from the published items.

Every list is computed here once; a page's template only reads the list it is handed, so the
cost of a build stays linear in the number of items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from radsite.content.registry import COLLECTIONS
from radsite.visibility import Decision, Published

HOME_DEFAULTS = {"news": 3, "cases": 1, "trials": 3, "people": 4}


@dataclass
class Listing:
    collection: str
    title: str
    items: list[Published]


@dataclass
class Home:
    sections: dict[str, list[Published]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # published items per collection


def listings(decision: Decision) -> dict[str, Listing]:
    result = {}
    for name, collection in COLLECTIONS.items():
        items = sorted(
            decision.in_collection(name),
            key=lambda p: collection.sort_key(p.item.meta),
            reverse=collection.newest_first,
        )
        result[name] = Listing(name, collection.title, items)
    return result


def home(lists: dict[str, Listing], counts: dict[str, int] | None = None) -> Home:
    """The newest news, the newest case ("case of the week"), recruiting trials, a few profiles."""
    wanted = {**HOME_DEFAULTS, **(counts or {})}
    sections = {
        "news": lists["news"].items[: wanted["news"]],
        "cases": lists["cases"].items[: wanted["cases"]],
        "trials": [p for p in lists["trials"].items if p.item.meta.is_open][: wanted["trials"]],  # type: ignore[attr-defined]
        "people": lists["people"].items[: wanted["people"]],
    }
    return Home(sections=sections, counts={name: len(lst.items) for name, lst in lists.items()})
