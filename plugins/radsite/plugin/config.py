"""The `radsite` plugin's options in mkdocs.yml, each declared once with its default."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

# Material features that work only through its JavaScript, which RadSite does not send (theme/main.html).
NEEDS_MATERIAL_JAVASCRIPT = frozenset({
    "announce.dismiss", "content.code.annotate", "content.code.copy", "content.footnote.tooltips",
    "content.tabs.link", "content.tooltips", "header.autohide", "navigation.instant",
    "navigation.instant.prefetch", "navigation.instant.preview", "navigation.instant.progress",
    "navigation.top", "navigation.tracking", "search.highlight", "search.share", "search.suggest", "toc.follow",
})  # fmt: skip


class RadSiteConfig(Config):
    department = c.Type(str, default="")
    audience = c.Choice(("public", "internal"), default="public")
    now = c.Optional(c.Type(str))  # ISO 8601; default: the real clock. RADSITE_NOW overrides.
    timezone = c.Type(str, default="UTC")
    field_visibility = c.Type(dict, default={})  # profile field -> public | internal
    home = c.Type(dict, default={})  # how many items each home section shows
    feeds = c.Type(dict, default={})  # collection -> false: no feed for it (the all-in-one feed skips it too)
    feed_limit = c.Type(int, default=100)  # newest entries per feed (0: all); readers poll the whole file
    hashtags = c.Type(dict, default={})  # tag -> hashtag for social posts, e.g. neuroradiology: Neurorad
    language = c.Type(str, default="en")  # language of feeds and social posts
    syndication_state = c.Type(str, default="syndication-state.json")  # `radsite syndicate` records posts here
    syndication = c.Type(dict, default={})  # accounts and routes of `radsite syndicate` (settings.syndication)
    trials = c.Type(dict, default={})  # ClinicalTrials.gov import: {site_names: [...], cities: [...]}
    patient_collections = c.Type(list, default=["faq", "exams", "news"])  # glossary + reading grade
    max_grade = c.Type((int, float), default=8)  # Flesch-Kincaid grade limit of patient pages
    readability_level = c.Choice(("warn", "error"), default="warn")
    review_max_age_days = c.Type(int, default=365)
    render_in_parallel = c.Type(bool, default=True)  # item pages on two cores (plugin/forked_render)
    embed_hosts = c.ListOfItems(c.Type(str), default=[])  # iframes a page may embed, e.g. www.youtube-nocookie.com


def features_without_javascript(features: Iterable[str], palette: object, config_file: str | None) -> list[str]:
    """A warning per theme setting that cannot work without Material's JavaScript, naming its line."""
    text = Path(config_file).read_text(encoding="utf-8").splitlines() if config_file else []
    shown = "mkdocs.yml"
    if config_file:
        path = Path(config_file).resolve()
        shown = path.relative_to(Path.cwd()).as_posix() if path.is_relative_to(Path.cwd()) else str(path)

    def where(needle: str) -> str:
        number = next((n for n, row in enumerate(text, 1) if needle in row), None)
        return f"{shown}:{number}" if number else shown

    warnings = [f"{where(name)}: theme.features: {name} needs Material's JavaScript, which RadSite does not "
                "send (theme/main.html); remove it from mkdocs.yml"
                for name in features if name in NEEDS_MATERIAL_JAVASCRIPT]  # fmt: skip
    if isinstance(palette, list) and len(palette) > 1:
        warnings.append(f"{where('palette')}: theme.palette: switching between {len(palette)} palettes needs "
                        "Material's JavaScript, which RadSite does not send; keep one palette")  # fmt: skip
    return warnings
