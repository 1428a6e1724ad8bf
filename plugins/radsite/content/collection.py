"""What a collection declares: one `Collection` per folder under `content/`, read by every stage.

A leaf module (schemas import it to declare their entry; the registry collects the entries), so
the stages loop over collections instead of naming them. Callables here take a published item
through the `Shown` protocol, since `radsite.visibility` itself reads the registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel

from radsite.content.schemas.base import ItemBase
from radsite.content.types import ref_target

CONTEXT = "https://schema.org"
PATIENT = {"@type": "MedicalAudience", "audienceType": "Patient"}
CLINICIAN = {"@type": "MedicalAudience", "audienceType": "Clinician"}
NO_CLOCK = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # LdContext without a build's clock (a builder called alone)


class Shown(Protocol):
    """A published item as the collection's callables see it (`radsite.visibility.Published`)."""

    @property
    def collection(self) -> str: ...
    @property
    def slug(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def fields(self) -> dict[str, Any]: ...
    @property
    def published_at(self) -> dt.datetime | None: ...
    @property
    def item(self) -> Any: ...


def plain_words(value: str) -> str:
    """A vocabulary code in words: 'body-systems' -> 'Body systems', 'x-ray' -> 'X-ray' (radsite.labels)."""
    from radsite.labels import label  # labels reads the schemas' tables, which import this module

    return label(value)


@dataclass(frozen=True)
class Facet:
    name: str  # the item field, the URL parameter and the index key
    label: str
    kind: str = "select"  # "select" (one value among the item's values) or "checkbox" (a true flag)
    options: tuple[tuple[str, str], ...] = ()  # (value, words), filled per build
    words: Callable[[str], str] = plain_words  # a value as shown in the filter and on cards


@dataclass(frozen=True)
class HomeSection:
    """The collection's block on the home page."""

    order: int  # position among the home sections
    heading: str
    blurb: str
    all_label: str  # "All 12 <all_label>"
    count: int = 0  # items listed (newest first, as the listing sorts); 0 lists none
    pick: Callable[[Shown], bool] | None = None  # which items may be listed (e.g. recruiting trials)


@dataclass(frozen=True)
class LdContext:
    """What a JSON-LD builder may use besides the item: the site's base URL, the page URL, linked items."""

    base: str
    url: str
    # (reference field, slug) -> the published item it names, as JSON-LD to embed (no @context); None when withheld
    linked: Callable[[str, str | None], dict[str, Any] | None]
    now: dt.datetime = NO_CLOCK  # the build's clock (an event's next session, a job still open)
    tz: dt.tzinfo = dt.UTC  # the site's time zone
    department: str = ""  # the site's department (an organiser, a hiring organisation)
    body_html: str = ""  # the item's rendered body, when the front end has rendered it


@dataclass(frozen=True)
class Outputs:
    """What a collection's extra files (`Collection.outputs`) are built from besides its items."""

    site_url: str
    now: dt.datetime
    tz: dt.tzinfo
    department: str


@dataclass(frozen=True)
class Repost:
    """A further feed entry of an item (an event cancelled or moved): its own id, title and date."""

    id: str
    title: str
    published: dt.datetime


def ld_common(p: Shown, ctx: LdContext) -> dict[str, Any]:
    data: dict[str, Any] = {"@context": CONTEXT, "url": ctx.url, "name": p.fields["title"]}
    if p.fields.get("summary"):
        data["description"] = p.fields["summary"]
    return data


def reviewed_page(p: Shown, ctx: LdContext) -> dict[str, Any]:
    """A patient page reviewed by a radiologist (`reviewed_by`, `last_reviewed`)."""
    data = {**ld_common(p, ctx), "@type": "MedicalWebPage", "audience": PATIENT,
            "lastReviewed": p.fields["last_reviewed"].isoformat()}  # fmt: skip
    reviewer = ctx.linked("reviewed_by", p.fields.get("reviewed_by"))
    if reviewer:
        data["reviewedBy"] = reviewer
    return data


def web_page(p: Shown, ctx: LdContext) -> dict[str, Any]:
    """The default JSON-LD of an item page."""
    return {**ld_common(p, ctx), "@type": "WebPage"}


def _no_meta(fields: Mapping[str, Any]) -> str:
    return ""


def _always(p: Shown) -> bool:
    return True


def _always_current(p: Shown, now: dt.datetime, tz: dt.tzinfo) -> bool:
    return True


def _by_title(item: BaseModel) -> Any:
    return item.title.casefold()  # type: ignore[attr-defined]


def _by_date(item: BaseModel) -> Any:
    return (item.date, item.title)  # type: ignore[attr-defined]


BY_TITLE = _by_title
BY_DATE = _by_date
TEXT_BODY = "\n{todo}: the text.\n"


def type_label(spec: Collection | None) -> str:
    """One item of a collection as search results and social cards name it; 'Page' for anything else."""
    if spec is None:
        return "Page"
    words = spec.type_name or spec.item_label
    return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class Collection:
    name: str  # the folder under content/, and the URL prefix
    model: type[ItemBase]
    title: str  # heading of the listing page
    item_label: str  # one item, in words ("exam guide")
    sort_key: Callable[[BaseModel], Any] = BY_TITLE  # listing order; newest first where there is a date
    newest_first: bool = False
    type_name: str = ""  # what a search result or social card calls one ("Patient question"); default: item_label
    patient_facing: bool = False  # plain language, glossary and readability checks apply
    describes_patients: bool = False  # the PHI guard scans its Markdown for every identifier
    template: str = "radsite/item.html"  # the item page's template (item.html: the default)
    home: HomeSection | None = None  # its block on the home page, or none
    facets: tuple[Facet, ...] = ()  # listing filters (and the JSON index they read)
    meta_line: Callable[[Mapping[str, Any]], str] = _no_meta  # a card's one line of facts, from published fields
    index_extra: Callable[[Shown, dict[str, Any], list[str]], None] | None = None  # more index keys / search text
    json_ld: Callable[[Shown, LdContext], dict[str, Any]] = web_page  # schema.org data of an item page
    listing_json_ld: Callable[[list[Shown]], dict[str, Any]] | None = None  # the listing's own type; else CollectionPage
    feeds: bool = True  # has its own feeds and takes part in the all-in-one feed
    in_feed: Callable[[Shown], bool] = _always  # which of its published items the feeds carry
    sections: tuple[str, ...] = ()  # `## ` headings every item's body has, in this order (checked at load)
    scaffold_body: str = TEXT_BODY  # the body of `radsite new`'s draft ({todo} is the TODO marker)
    # Time: whether a published item is still current at the build's `now` (an event not yet over, an open
    # job). Listings, home sections, feeds, tag pages and the sitemap carry only current items; the page stays.
    current: Callable[[Shown, dt.datetime, dt.tzinfo], bool] = _always_current
    # A listing order that depends on `now` (events: soonest session first); replaces sort_key when set.
    order: Callable[[list[Shown], dt.datetime, dt.tzinfo], list[Shown]] | None = None
    # Further feed entries of an item besides its first (an event's update posts): (item, entry id, site tz).
    reposts: Callable[[Shown, str, dt.tzinfo], list[Repost]] | None = None
    # Extra files of the collection ({site-relative path: bytes}: calendars), from its published items.
    # Their paths join the published list the output audit holds the site to.
    outputs: Callable[[list[Shown], Outputs], dict[str, bytes]] | None = None
    # The next moment after `now` the item's page or its being current changes by itself (an event's session
    # ends, a job closes); it joins radsite-due.json, so the hourly rebuild runs then.
    changes_at: Callable[[Shown, dt.datetime, dt.tzinfo], dt.datetime | None] | None = None

    def references(self) -> dict[str, str]:
        """Fields that name items of another collection: field -> target collection (from `Ref` types)."""
        return {name: target for name, info in self.model.model_fields.items() if (target := ref_target(info)) is not None}

    def json_schema(self) -> dict[str, Any]:
        return self.model.model_json_schema()
