"""Head metadata of each page: schema.org JSON-LD, Open Graph and Twitter card values.

Built from published data only (`Published.fields`, the listings), never from raw front matter,
so structured data can carry nothing the visibility decision withheld. The JSON is serialised for
a <script> element: '<', '>' and '&' are escaped, so no value can close the element.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from radsite.content.collection import CLINICIAN, CONTEXT, LdContext
from radsite.content.registry import COLLECTIONS
from radsite.derive.patient_pages import CLINICIANS_URI, GLOSSARY_URI
from radsite.state import BuildState
from radsite.visibility import Published


@dataclass(frozen=True)
class Head:
    json_ld: str  # safe to place between <script type="application/ld+json"> and </script>
    og_type: str  # "article" for items, "website" otherwise
    image: str  # absolute URL, or ""
    image_alt: str


def head(state: BuildState, src_uri: str, url: str, title: str, description: str) -> Head:
    """Everything meta.html needs for the page built from `src_uri`, whose canonical URL is `url`."""
    base = state.settings.site_url.rstrip("/") + "/" if state.settings.site_url else ""
    published = state.decision.by_page_uri.get(src_uri)
    data: list[dict[str, Any]] = []
    image, image_alt = "", ""
    if published is not None:
        data.append(item_data(state, published, base, url))
        picture = published.fields.get("image") or published.fields.get("photo")
        if picture:
            image, image_alt = base + published.item.asset_uri(picture["src"]), picture["alt"]
    elif src_uri == "index.md":
        data.append({"@context": CONTEXT, "@type": "WebSite", "name": title, "url": url or base,
                     "description": description,
                     "publisher": {"@type": "MedicalOrganization", "name": state.settings.department or title}})  # fmt: skip
    else:
        data.append(page_data(state, src_uri, url, title, description, base))
    crumbs = breadcrumbs(state, src_uri, published, title, base)
    if crumbs:
        data.append(crumbs)
    return Head(dumps(data[0] if len(data) == 1 else data), "article" if published else "website", image, image_alt)


def dumps(data: Any) -> str:
    """JSON for a <script> element: no '</script>', no '<!--', no stray '&' can end it early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def item_data(state: BuildState, published: Published, base: str, url: str) -> dict[str, Any]:
    """The item's schema.org data, from its collection's `json_ld` builder."""
    return COLLECTIONS[published.collection].json_ld(published, _context(state, published, base, url))


def _context(state: BuildState, published: Published, base: str, url: str) -> LdContext:
    """What a JSON-LD builder may use: links, the build's clock, the department, the rendered body."""
    policy = state.decision.policy
    return LdContext(base, url, _linker(state, published, base), policy.now, policy.tz, state.settings.department,
                     state.page_html.get(published.item.page_uri, ""))  # fmt: skip


def _linker(state: BuildState, source: Published, base: str) -> Callable[[str, str | None], dict[str, Any] | None]:
    """Items that `source` names in a reference field (a reviewer, authors), as their own JSON-LD without @context."""

    def linked(field: str, slug: str | None) -> dict[str, Any] | None:
        collection = COLLECTIONS[source.collection].references().get(field)
        target = state.decision.get(collection, slug) if slug and collection else None
        if target is None:
            return None
        data = COLLECTIONS[target.collection].json_ld(target, _context(state, target, base, base + target.url))
        return {k: v for k, v in data.items() if k != "@context"}

    return linked


def page_data(state: BuildState, src_uri: str, url: str, title: str, description: str, base: str) -> dict[str, Any]:
    common = {"@context": CONTEXT, "url": url, "name": title, "description": description}
    collection, _, rest = src_uri.partition("/")
    if rest == "index.md" and collection in COLLECTIONS:
        own = COLLECTIONS[collection].listing_json_ld
        if own is None:
            return {**common, "@type": "CollectionPage"}
        shown = state.browse.pages.get(src_uri)
        return {**common, **own(list(shown.items) if shown is not None else [])}
    if src_uri == GLOSSARY_URI:
        return {**common, "@type": "DefinedTermSet", "hasDefinedTerm": [
            {"@type": "DefinedTerm", "name": t.term, "description": t.definition, "url": f"{url}#{t.anchor}"}
            for t in state.loaded.glossary.terms]}  # fmt: skip
    if src_uri == CLINICIANS_URI:
        return {**common, "@type": "MedicalWebPage", "audience": CLINICIAN}
    return {**common, "@type": "WebPage"}


def breadcrumbs(state: BuildState, src_uri: str, published: Published | None, title: str, base: str) -> dict | None:
    """Home > section > page, as a BreadcrumbList; none for the home page."""
    if src_uri == "index.md":
        return None
    trail = [("Home", base)]
    if published is not None:
        spec = COLLECTIONS[published.collection]
        trail += [(spec.title, f"{base}{published.collection}/"), (published.fields["title"], base + published.url)]
    else:
        collection, _, rest = src_uri.partition("/")
        path = f"{collection}/" if rest == "index.md" else src_uri.removesuffix(".md").removesuffix("index") + "/"
        trail.append((COLLECTIONS[collection].title if rest == "index.md" and collection in COLLECTIONS else title,
                      base + path.replace("//", "/")))  # fmt: skip
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": n, "name": name, "item": link} for n, (name, link) in enumerate(trail, 1)]}  # fmt: skip
