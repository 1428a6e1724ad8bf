"""The site's audiences: who a build is for, and what each audience may see.

Declared once, in mkdocs.yml (`audiences:` of the radsite plugin): each audience names the ones it
includes, so one list of items serves the public, referring clinicians and staff. A name that is
not declared is never guessed at: it is an error for the editor and, until fixed, hidden from
every build but the widest (deny by default).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# An older name for the staff audience: content written before audiences existed says `internal`.
LEGACY_STAFF = "internal"


@dataclass(frozen=True)
class Audiences:
    """Audience name -> the audiences it includes directly; `aliases` maps other names to one of them."""

    includes: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: {"public": (), LEGACY_STAFF: ("public",)})
    aliases: Mapping[str, str] = field(default_factory=dict)

    def canonical(self, name: str) -> str | None:
        """The declared audience `name` stands for, or None when it is not declared."""
        if name in self.includes:
            return name
        return self.aliases.get(name)

    def sees(self, name: str) -> frozenset[str]:
        """Every audience whose material a build for `name` carries: itself and all it includes."""
        seen: set[str] = set()
        todo = [self.canonical(name) or ""]
        while todo:
            current = todo.pop()
            if current in self.includes and current not in seen:
                seen.add(current)
                todo.extend(self.includes[current])
        return frozenset(seen)

    @property
    def widest(self) -> str | None:
        """The audience that sees every other one (staff): its build also previews drafts and schedules.

        Never `public`: a site that declares only the public has no preview build.
        """
        everyone = set(self.includes)
        return next((n for n in self.includes if n != "public" and self.sees(n) == everyone), None)

    def describe(self) -> str:
        """The declared names, for messages: 'public, clinicians, staff (also called internal)'."""
        also = {target: [a for a, t in self.aliases.items() if t == target] for target in self.includes}
        return ", ".join(name + (f" (also called {', '.join(also[name])})" if also[name] else "") for name in self.includes)

    def unknown(self, name: str) -> str:
        """The message for an audience name that is not declared (what to write instead)."""
        return (
            f"{name!r} is not a declared audience (audiences: {self.describe()}); "
            "use one of them, or declare it under audiences: of the radsite plugin in mkdocs.yml"
        )


def parse_audiences(value: Any) -> Audiences:
    """`audiences:` from mkdocs.yml: `name: [included, ...]`; ValueError says what is wrong.

    `internal` stays a name for the widest audience unless it is declared itself, so content
    written before audiences existed keeps its meaning.
    """
    if isinstance(value, Audiences):  # the default, handed back by MkDocs' config
        return value
    if not isinstance(value, Mapping) or not value:
        raise ValueError("write each audience with the audiences it includes, e.g. clinicians: [public]")
    includes: dict[str, tuple[str, ...]] = {}
    for name, included in value.items():
        if not isinstance(name, str) or not name.replace("-", "").isalnum() or name != name.lower():
            raise ValueError(f"{name!r} is not an audience name (lower-case letters, digits and -)")
        if included is None:
            included = []
        if not isinstance(included, list) or not all(isinstance(i, str) for i in included):
            raise ValueError(f"{name}: write the audiences it includes as a list, e.g. {name}: [public]")
        includes[name] = tuple(included)
    for name, included in includes.items():
        for other in included:
            if other not in includes:
                raise ValueError(f"{name}: includes {other!r}, which is not declared (declared: {', '.join(includes)})")
    if "public" not in includes:
        raise ValueError("declare the public audience too, e.g. public: []")
    declared = Audiences(includes, {})
    widest = declared.widest
    aliases = {LEGACY_STAFF: widest} if widest and LEGACY_STAFF not in includes else {}
    return Audiences(includes, aliases)
