"""What templates see: the item, its listing or the home sections, and lookups by slug.

Lookups are dictionary reads, never scans, so rendering one page costs the same at 50 items or
5,000.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from radsite.content.collection import type_label
from radsite.content.registry import COLLECTIONS
from radsite.content.schemas.cases import age_group as case_age_group
from radsite.derive.browse import meta_line as browse_meta_line
from radsite.derive.event_context import EventHelpers
from radsite.derive.follow import FollowAccount, follow_accounts
from radsite.derive.images import image_size
from radsite.derive.radiation import dose_comparison
from radsite.derive.structured_data import Head, head
from radsite.derive.tags import tag_url
from radsite.derive.text import render as render_markdown
from radsite.labels import label as display_label
from radsite.publish.feeds import FeedInfo, feed_infos
from radsite.state import BuildState
from radsite.visibility import Published


@dataclass
class SiteContext:
    """Handed to every template as `radsite`."""

    state: BuildState

    @property
    def now(self) -> Any:
        return self.state.decision.policy.now

    @property
    def audience(self) -> str:
        return self.state.decision.policy.audience

    def get(self, collection: str, slug: str) -> Published | None:
        """A published item, or None when it is withheld from this build."""
        return self.state.decision.get(collection, slug)

    def person(self, slug: str) -> Published | None:
        return self.get("people", slug)

    @functools.cached_property
    def event_helpers(self) -> EventHelpers:
        """Sessions, open or closed, .ics paths and case series (radsite.derive.event_context), once per build."""
        policy = self.state.decision.policy
        return EventHelpers(policy.now, policy.tz, self.state.topics.series)

    def sessions(self, published: Published) -> Any:
        return self.event_helpers.sessions(published)

    def upcoming(self, published: Published) -> bool:
        return self.event_helpers.upcoming(published)

    def next_session(self, published: Published) -> Any:
        return self.event_helpers.next_session(published)

    def open(self, published: Published) -> bool:
        return self.event_helpers.open(published)

    def ics(self, published: Published) -> str:
        return self.event_helpers.ics(published)

    def series_of(self, published: Published) -> Any:
        return self.event_helpers.series_of(published)

    def tag_url(self, tag: str) -> str | None:
        """The tag's page, or None when no current item carries the tag (then it has no page)."""
        return tag_url(tag) if f"tags/{tag}.md" in self.state.topics.context else None

    def asset(self, published: Published, src: str) -> str:
        """Site path of an image named in front matter (relative to the item's Markdown file)."""
        return published.item.asset_uri(src)

    @staticmethod
    def modality(code: str) -> str:
        return display_label(code, "modality")

    @staticmethod
    def type_label(collection: str) -> str:
        """What a search result calls one item of `collection` (the registry's words)."""
        return type_label(COLLECTIONS.get(collection))

    @staticmethod
    def label(code: str, field: str = "") -> str:
        """A vocabulary code in words: 'NOT_YET_RECRUITING' -> 'Not yet recruiting' (radsite.labels)."""
        return display_label(code, field)

    def feeds(self) -> list[FeedInfo]:
        """The site's feeds (RSS and Atom paths from the site root), for head links and the Follow us page."""
        return feed_infos(self.state.settings)

    def follow_accounts(self) -> list[FollowAccount]:
        """The social accounts of the Follow us page, from `syndication.accounts` (radsite.derive.follow)."""
        titles = {f.name: f.title for f in self.feeds()}
        return follow_accounts(self.state.settings.syndication, titles)

    @staticmethod
    def markdown(text: str) -> Markup:
        """Markdown from front matter (e.g. trial criteria) as HTML; raw HTML in it is escaped."""
        return Markup(render_markdown(text))

    @staticmethod
    def age_group(age: int) -> str:
        """A case patient's age as teaching files give it (adults to the nearest 5 years)."""
        return case_age_group(age)

    def reveal_words(self, when: Any) -> str:
        """A reveal time in the reader's words, in the site timezone: 'Friday 5 December, 9:00'."""
        local = when.astimezone(self.state.decision.policy.tz)
        year = f" {local.year}" if local.year != self.now.year else ""
        return f"{local:%A} {local.day} {local:%B}{year}, {local.hour}:{local:%M}"

    @staticmethod
    def card_meta(published: Published) -> str:
        """A listing card's line of facts (the filter script shows the same line)."""
        return browse_meta_line(published)

    def collaborators(self, published: Published) -> list[Any]:
        """Find a collaborator: others sharing interests or subspecialties, most overlap first."""
        found = self.state.directory
        return found.collaborators(published.slug) if found is not None else []

    def related(self, published: Published) -> list[Published]:
        """FAQs of an exam guide, or exam guides of a FAQ, whichever side named the other."""
        patient = self.state.patient
        return patient.related.get(published.item.key, []) if patient else []

    @staticmethod
    def dose_comparison(dose_msv: float) -> str:
        return dose_comparison(dose_msv)

    def head(self, src_uri: str, url: str, title: str, description: str) -> Head:
        """JSON-LD, Open Graph and Twitter card values for radsite/head/meta.html."""
        return head(self.state, src_uri, url, title, description)

    def image_size(self, published: Published, src: str) -> tuple[int, int] | None:
        """(width, height) of a front-matter image, for the img tag's width and height."""
        return image_size(self.state.settings.content_dir / published.item.asset_uri(src))


def page_context(state: BuildState, src_uri: str) -> dict[str, Any]:
    """The extra template variables for the page built from `src_uri`."""
    extra: dict[str, Any] = {"radsite": SiteContext(state)}
    published = state.decision.by_page_uri.get(src_uri)
    if published is not None:
        extra["item"] = published
        return extra
    collection, _, rest = src_uri.partition("/")
    if rest == "index.md" and collection in state.listings:
        extra["listing"] = state.listings[collection]
    elif src_uri == "index.md":
        extra["home"] = state.home
        extra["listings"] = state.listings
    extra.update(state.topics.context.get(src_uri, {}))  # tag, series and archive pages
    if (page := state.browse.pages.get(src_uri)) is not None:  # a listing page, 1, 2, ...
        extra["listing"] = state.listings[page.collection]
        extra["browse"] = page
    return extra
