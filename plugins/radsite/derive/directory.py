"""The radiologist directory: "find a collaborator" and vCards, from published profiles only.

Collaborators come from an inverted index (research interest or subspecialty -> profiles), built
once per build; a profile's suggestions read only the postings of its own terms, never every
profile.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from radsite.visibility import Decision, Published

SUGGESTIONS = 5


@dataclass(frozen=True)
class Collaborator:
    person: Published
    shared: tuple[str, ...]  # the interests and subspecialties they share, in words

    @property
    def score(self) -> int:
        return len(self.shared)


class Directory:
    def __init__(self, decision: Decision) -> None:
        self.profiles = {p.slug: p for p in decision.in_collection("people")}
        self.postings: dict[tuple[str, str], list[str]] = {}
        self.words: dict[tuple[str, str], str] = {}
        for slug, person in self.profiles.items():
            for term, word in _terms(person):
                self.postings.setdefault(term, []).append(slug)
                self.words.setdefault(term, word)
        self._cache: dict[str, list[Collaborator]] = {}

    def collaborators(self, slug: str, limit: int = SUGGESTIONS) -> list[Collaborator]:
        """Other radiologists ranked by how many interests and subspecialties they share."""
        if slug in self._cache:
            return self._cache[slug]
        person = self.profiles.get(slug)
        if person is None:
            return []
        overlap: Counter[str] = Counter()
        shared: dict[str, list[str]] = {}
        for term, word in _terms(person):
            for other in self.postings.get(term, ()):
                if other != slug:
                    overlap[other] += 1
                    shared.setdefault(other, []).append(word)
        ranked = sorted(overlap, key=lambda s: (-overlap[s], self.profiles[s].fields["title"].casefold()))
        result = [Collaborator(self.profiles[s], tuple(shared[s])) for s in ranked[:limit]]
        self._cache[slug] = result
        return result


def _terms(person: Published) -> list[tuple[tuple[str, str], str]]:
    f = person.fields
    terms = {("interest", i.strip().casefold()): i.strip() for i in f.get("research_interests") or [] if i.strip()}
    terms |= {("subspecialty", s): s.replace("-", " ") for s in f.get("subspecialties") or []}
    return list(terms.items())


LINK_LABELS = {"orcid": "ORCID", "linkedin": "LinkedIn", "researchgate": "ResearchGate", "mastodon": "Mastodon",
               "bluesky": "Bluesky", "website": "Website"}  # fmt: skip


def vcard_uri(person: Published) -> str:
    """Where a profile's vCard is written, beside its page."""
    return f"{person.url}{person.slug}.vcf"


def vcard(person: Published, department: str, site_url: str) -> str:
    """A vCard 3.0 of the profile's published fields (internal ones were removed by visibility)."""
    f = person.fields
    name = f["title"]
    given, _, family = name.rpartition(" ")
    suffix = _esc(f.get("credentials") or "")
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{_esc(family)};{_esc(given)};;;{suffix}", f"FN:{_esc(name)}"]
    if f.get("role"):
        lines.append(f"TITLE:{_esc(f['role'])}")
    if department:
        lines.append(f"ORG:{_esc(department)}")
    if f.get("email"):
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{_esc(f['email'])}")
    if f.get("phone"):
        lines.append(f"TEL;TYPE=WORK,VOICE:{_esc(f['phone'])}")
    if f.get("office"):
        lines.append(f"ADR;TYPE=WORK:;{_esc(f['office'])};;;;;")
    if site_url:
        lines.append(f"URL:{site_url.rstrip('/')}/{person.url}")
    for key, href in (f.get("links") or {}).items():
        if href:
            lines.append(f"URL;TYPE={LINK_LABELS.get(key, key).upper()}:{href}")
    if f.get("subspecialties"):
        lines.append("CATEGORIES:" + ",".join(_esc(s.replace("-", " ")) for s in f["subspecialties"]))
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _esc(text: str) -> str:
    """A vCard TEXT value: a line break of any kind is `\\n`, never a new line (which could start a field)."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _fold(line: str, limit: int = 75) -> str:
    """RFC 6350 line folding: at most 75 octets a line, continuation lines start with a space."""
    out, current = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > limit:
            out.append(current.decode("utf-8"))
            current = b" "
        current += b
    out.append(current.decode("utf-8"))
    return "\r\n".join(out)
