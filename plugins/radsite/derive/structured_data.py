"""Head metadata of each page: schema.org JSON-LD, Open Graph and Twitter card values.

Built from published data only (`Published.fields`, the listings), never from raw front matter,
so structured data can carry nothing the visibility decision withheld. The JSON is serialised for
a <script> element: '<', '>' and '&' are escaped, so no value can close the element.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from radsite.content.registry import COLLECTIONS
from radsite.content.schemas.common import MODALITY_LABELS
from radsite.derive.patient_pages import CLINICIANS_URI, GLOSSARY_URI
from radsite.state import BuildState
from radsite.visibility import Published

CONTEXT = "https://schema.org"
PATIENT = {"@type": "MedicalAudience", "audienceType": "Patient"}
CLINICIAN = {"@type": "MedicalAudience", "audienceType": "Clinician"}
TRIAL_STATUS = {
    "RECRUITING": "Recruiting", "NOT_YET_RECRUITING": "NotYetRecruiting",
    "ACTIVE_NOT_RECRUITING": "ActiveNotRecruiting", "COMPLETED": "Completed",
    "ENROLLING_BY_INVITATION": "EnrollingByInvitation", "SUSPENDED": "Suspended",
    "TERMINATED": "Terminated", "WITHDRAWN": "Withdrawn",
}  # fmt: skip
TRIAL_PHASE = {"EARLY_PHASE1": "Phase 0", "PHASE1": "Phase 1", "PHASE2": "Phase 2", "PHASE3": "Phase 3",
               "PHASE4": "Phase 4"}  # fmt: skip
IMAGING = {"x-ray": "XRay", "ct": "CT", "mri": "MRI", "ultrasound": "Ultrasound", "pet-ct": "PET",
           "mammography": "XRay", "dexa": "XRay", "fluoroscopy": "XRay", "nuclear-medicine": "PET"}  # fmt: skip


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
    f = published.fields
    common: dict[str, Any] = {"@context": CONTEXT, "url": url, "name": f["title"]}
    if f.get("summary"):
        common["description"] = f["summary"]
    kind = published.collection
    if kind in ("faq", "exams"):
        data = {**common, "@type": "MedicalWebPage", "audience": PATIENT, "lastReviewed": f["last_reviewed"].isoformat()}
        reviewer = _person(state, f.get("reviewed_by"), base)
        if reviewer:
            data["reviewedBy"] = reviewer
        if kind == "faq":
            data["mainEntity"] = _question(f)
        else:
            data["about"] = {"@type": "ImagingTest", "name": f["title"], "bodyLocation": f["body_part"],
                             "imagingTechnique": IMAGING.get(f["modality"], MODALITY_LABELS.get(f["modality"]))}  # fmt: skip
        return data
    if kind == "news":
        data = {**common, "@type": "BlogPosting", "headline": f["title"], "mainEntityOfPage": url}
        if published.published_at:
            data["datePublished"] = published.published_at.isoformat()
        authors = [a for slug in f.get("authors") or [] if (a := _person(state, slug, base))]
        if authors:
            data["author"] = authors
        if f.get("image"):
            data["image"] = base + published.item.asset_uri(f["image"]["src"])
        return data
    if kind == "trials":
        data = {**common, "@type": "MedicalTrial", "healthCondition": [{"@type": "MedicalCondition", "name": c}
                                                                         for c in f.get("conditions") or []]}  # fmt: skip
        if f.get("status") in TRIAL_STATUS:
            data["status"] = TRIAL_STATUS[f["status"]]
        if f.get("nct_id"):
            data["identifier"] = f["nct_id"]
        phases = [TRIAL_PHASE[p] for p in f.get("phase") or [] if p in TRIAL_PHASE]
        if phases:
            data["phase"] = phases[0] if len(phases) == 1 else phases
        return data
    if kind == "people":
        return {**(_person(state, published.slug, base) or {}), "@context": CONTEXT}
    if kind == "cases":
        data = {**common, "@type": "MedicalWebPage", "audience": CLINICIAN}
        if published.published_at:
            data["datePublished"] = published.published_at.isoformat()
        return data
    return {**common, "@type": "WebPage"}


def page_data(state: BuildState, src_uri: str, url: str, title: str, description: str, base: str) -> dict[str, Any]:
    common = {"@context": CONTEXT, "url": url, "name": title, "description": description}
    collection, _, rest = src_uri.partition("/")
    if rest == "index.md" and collection == "faq":  # the questions this page shows (the first 50), as search engines want
        shown = state.browse.pages.get(src_uri)
        questions = [_question(p.fields) for p in shown.items] if shown is not None else []
        return {**common, "@type": "FAQPage", "mainEntity": questions}
    if rest == "index.md" and collection in COLLECTIONS:
        return {**common, "@type": "CollectionPage"}
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


def _question(f: dict[str, Any]) -> dict[str, Any]:
    return {"@type": "Question", "name": f["title"],
            "acceptedAnswer": {"@type": "Answer", "text": f.get("short_answer") or f.get("summary", "")}}  # fmt: skip


def _person(state: BuildState, slug: str | None, base: str) -> dict[str, Any] | None:
    """A published profile as schema.org Physician (an individual), public fields only."""
    person = state.decision.get("people", slug) if slug else None
    if person is None:
        return None
    f = person.fields
    data: dict[str, Any] = {"@type": ["Person", "Physician"], "name": f["title"], "url": base + person.url}
    if f.get("credentials"):
        data["honorificSuffix"] = f["credentials"]
    if f.get("role"):
        data["jobTitle"] = f["role"]
    if f.get("subspecialties"):
        data["knowsAbout"] = [s.replace("-", " ") for s in f["subspecialties"]]
    if f.get("languages"):
        data["knowsLanguage"] = f["languages"]
    links = [v for v in (f.get("links") or {}).values() if isinstance(v, str) and v.startswith("http")]
    if links:
        data["sameAs"] = links
    if f.get("photo"):
        data["image"] = base + person.item.asset_uri(f["photo"]["src"])
    return data
