"""RadSite's settings, as plain data: the MkDocs adapter and the CLI both build one.

Environment overrides (`RADSITE_AUDIENCE`, `RADSITE_NOW`) make a build reproducible: CI and tests
pin the clock instead of depending on when they run.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from radsite.syndicate.routing import Routing, parse_routing
from radsite.timeutil import parse_now, zone
from radsite.visibility import Audience, Policy


@dataclass(frozen=True)
class Settings:
    content_dir: Path
    audience: Audience = "public"
    now: str | None = None
    timezone: str = "UTC"
    site_url: str = ""
    department: str = ""
    field_visibility: dict[str, Audience] = field(default_factory=dict)
    home_counts: dict[str, int] = field(default_factory=dict)
    feeds: dict[str, bool] = field(default_factory=dict)  # collection -> false switches its feed off
    hashtags: dict[str, str] = field(default_factory=dict)  # tag -> hashtag in social posts
    feed_limit: int = 100  # newest entries per feed; 0: all of them
    language: str = "en"
    syndication_state: Path = Path("syndication-state.json")  # what `radsite syndicate` posted
    syndication: Routing = field(default_factory=Routing)  # its accounts, and which entries go to each
    trials: dict[str, Any] = field(default_factory=dict)  # import: {site_names: [...], cities: [...]}
    patient_collections: tuple[str, ...] = ("faq", "exams", "news")  # glossary + readability apply
    max_grade: float = 8.0  # Flesch-Kincaid grade limit of patient pages
    readability_level: str = "warning"  # or "error": over the limit fails the build
    review_max_age_days: int = 365

    def feed_enabled(self, collection: str) -> bool:
        return bool(self.feeds.get(collection, True))

    def policy(self, environ: Mapping[str, str] = os.environ) -> Policy:
        """The visibility policy of one build; the environment wins over the config file."""
        audience = environ.get("RADSITE_AUDIENCE") or self.audience
        if audience not in ("public", "internal"):
            raise ValueError(f"audience: {audience!r} is not 'public' or 'internal'")
        tz = zone(self.timezone)
        now = parse_now(environ.get("RADSITE_NOW") or self.now, tz)
        return Policy(audience=audience, now=now, tz=tz, field_defaults=dict(self.field_visibility))  # type: ignore[arg-type]


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: `!!python/name:` and `!ENV` tags become plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_LenientLoader.add_multi_constructor("", _any_tag)


def from_mkdocs_yml(path: Path, content_dir: Path | None = None) -> Settings:
    """Settings from the `radsite` entry of an mkdocs.yml, read without importing MkDocs."""
    path = Path(path)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
    options: dict[str, Any] = {}
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and "radsite" in entry:
            options = entry["radsite"] or {}
    docs_dir = path.parent / data.get("docs_dir", "docs")
    settings = settings_from_options(options, content_dir or docs_dir, site_url=data.get("site_url") or "")
    state = settings.syndication_state
    return replace(settings, syndication_state=state if state.is_absolute() else path.parent / state)


def settings_from_options(options: Mapping[str, Any], content_dir: Path, *, site_url: str = "") -> Settings:
    return Settings(
        content_dir=Path(content_dir),
        audience=options.get("audience", "public"),
        now=options.get("now"),
        timezone=options.get("timezone", "UTC"),
        site_url=site_url,
        department=options.get("department", ""),
        field_visibility=dict(options.get("field_visibility") or {}),
        home_counts=dict(options.get("home") or {}),
        feeds={str(k): bool(v) for k, v in (options.get("feeds") or {}).items()},
        hashtags={str(k): str(v).lstrip("#") for k, v in (options.get("hashtags") or {}).items() if v},
        feed_limit=int(options.get("feed_limit", 100)),
        language=options.get("language", "en"),
        syndication_state=Path(options.get("syndication_state") or "syndication-state.json"),
        syndication=_syndication(options.get("syndication")),
        trials=dict(options.get("trials") or {}),
        patient_collections=tuple(options.get("patient_collections", ("faq", "exams", "news"))),
        max_grade=float(options.get("max_grade", 8)),
        readability_level=_level(options.get("readability_level", "warn")),
        review_max_age_days=int(options.get("review_max_age_days", 365)),
    )


def _level(value: str) -> str:
    """`warn` or `error` in mkdocs.yml; findings call the first a warning."""
    if value not in ("warn", "warning", "error"):
        raise ValueError(f"readability_level: {value!r} is not 'warn' or 'error'")
    return "error" if value == "error" else "warning"


def _syndication(value: object) -> Routing:
    """`syndication`: accounts and routes of `radsite syndicate` (radsite.syndicate.routing)."""
    try:
        return parse_routing(value)
    except ValueError as e:
        raise ValueError(f"plugins: radsite: syndication.{e} (see README, 'Posting to Mastodon, Bluesky and LinkedIn')") from None
