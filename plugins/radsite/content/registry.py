"""The collections: one entry per folder under `content/`, each declared beside its schema.

The entry (`radsite.content.collection.Collection`) says everything about a collection; every
stage loops over `COLLECTIONS`. A project adds its own collections without editing RadSite, as
Python entry points in the group `radsite.collections` (in its pyproject.toml:
`[project.entry-points."radsite.collections"] notices = "mypkg.notices:ENTRY"`). They are loaded
here, on import, so the build, its forked children and every command see the same collections.
"""

from __future__ import annotations

import datetime as dt
import importlib
from importlib.metadata import entry_points

from radsite.content.collection import Collection, Shown
from radsite.content.schemas import cases, events, exams, faq, jobs, news, people, trials

COLLECTIONS: dict[str, Collection] = {c.name: c for c in (faq.ENTRY, exams.ENTRY, cases.ENTRY, trials.ENTRY,
                                                            people.ENTRY, news.ENTRY, events.ENTRY, jobs.ENTRY)}  # fmt: skip


ENTRY_POINTS = "radsite.collections"


class RegistryError(ValueError):
    """A collection that cannot be registered; the message says which and what to do."""


def register(entry: Collection) -> None:
    """Add a collection (a project's own); its name must not be taken by another one."""
    known = COLLECTIONS.get(entry.name)
    if known is not None and known is not entry:
        raise RegistryError(f"{entry.name!r} is already a collection; give yours another name")
    COLLECTIONS[entry.name] = entry


def register_paths(paths: list[str]) -> None:
    """Import and register `module:ATTRIBUTE` entries (an entry point's value)."""
    for path in paths:
        module_name, _, attribute = path.partition(":")
        try:
            entry = getattr(importlib.import_module(module_name), attribute or "ENTRY")
        except (ImportError, AttributeError) as e:
            raise RegistryError(f"{path!r} cannot be imported ({e}); write it as 'package.module:ENTRY'") from None
        if not isinstance(entry, Collection):
            raise RegistryError(f"{path!r} is not a radsite.content.collection.Collection")
        register(entry)


def register_entry_points(group: str = ENTRY_POINTS) -> list[str]:
    """Register every collection an installed package declares in `group`; what failed, as messages.

    Called on import, where raising would be a traceback in every command: the content loader
    reports the messages as errors instead (`load_problems`).
    """
    problems = []
    for point in sorted(entry_points(group=group), key=lambda p: p.name):
        try:
            register_paths([point.value])
        except RegistryError as e:
            dist = point.dist.name if point.dist is not None else "a package"
            problems.append(f"entry point {point.name!r} of {dist} (group {group}): {e}; fix or uninstall that package")
    return problems


def reference_fields() -> frozenset[str]:
    """Every front-matter field that names items by slug: codes, not prose (visibility, PHI guard)."""
    return frozenset(name for c in COLLECTIONS.values() for name in c.references())


def is_current(item: Shown, now: dt.datetime, tz: dt.tzinfo) -> bool:
    """Whether a published item belongs in listings, feeds, tag pages and the sitemap (its collection's clock)."""
    return COLLECTIONS[item.collection].current(item, now, tz)


def home_order() -> list[Collection]:
    """The collections with a home section, in the order the home page shows them."""
    return sorted((c for c in COLLECTIONS.values() if c.home is not None), key=lambda c: c.home.order)  # type: ignore[union-attr]


PROBLEMS: list[str] = register_entry_points()  # reported by the content loader
