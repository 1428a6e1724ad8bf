"""The `radsite` plugin's options in mkdocs.yml, each declared once with its default."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


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
    trials = c.Type(dict, default={})  # ClinicalTrials.gov import: {site_names: [...], cities: [...]}
    patient_collections = c.Type(list, default=["faq", "exams", "news"])  # glossary + reading grade
    max_grade = c.Type((int, float), default=8)  # Flesch-Kincaid grade limit of patient pages
    readability_level = c.Choice(("warn", "error"), default="warn")
    review_max_age_days = c.Type(int, default=365)
