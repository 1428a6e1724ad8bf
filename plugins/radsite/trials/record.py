"""One ClinicalTrials.gov API v2 study record, read into the fields of a `trials/` item.

A record that is not what API v2 returns (truncated download, HTML error page, missing modules)
raises `RecordError` naming the source and the missing path, before anything is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from radsite.content.schemas.trials import Status
from radsite.content.sources import without_controls
from radsite.trials.criteria import unescape

NCT_ID = re.compile(r"^NCT\d{8}$")
KNOWN_STATUSES = frozenset(Status.__args__)  # type: ignore[attr-defined]
STUDY_URL = "https://clinicaltrials.gov/study/{nct_id}"


class RecordError(Exception):
    """A record that cannot be imported; the message says where and what to do."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        self.source, self.line, self.message = source, line, message
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: error: [ctgov] {message}")


@dataclass(frozen=True)
class SiteFilter:
    """Which locations are this department's: by facility name (substring) or by city."""

    site_names: Sequence[str] = ()
    cities: Sequence[str] = ()

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> SiteFilter:
        return cls(tuple(options.get("site_names") or ()), tuple(options.get("cities") or ()))

    def matches(self, location: dict[str, Any]) -> bool:
        facility = str(location.get("facility") or "").casefold()
        city = str(location.get("city") or "").casefold()
        return any(n.casefold() in facility for n in self.site_names if n) or any(c.casefold() == city for c in self.cities if c)


@dataclass
class ImportedTrial:
    nct_id: str
    fields: dict[str, Any]  # front-matter fields the import owns (replaced on every re-import)
    title: str  # used only when the item has no title yet
    summary: str  # likewise
    description: str  # the brief summary, for the imported block of the body
    locations_total: int = 0
    warnings: list[str] = field(default_factory=list)


MAX_RECORD_BYTES = 5_000_000  # an API v2 study record is rarely over 200 kB
MAX_DEPTH = 32  # API v2 records nest about 6 levels; Python's parser recurses once per level
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def parse_json(raw: bytes | str, source: str) -> dict[str, Any]:
    """The record's JSON object; a file too large or nested too deep is refused before parsing."""
    if len(raw) > MAX_RECORD_BYTES:
        raise RecordError(source, f"{len(raw):,} bytes is more than a study record ({MAX_RECORD_BYTES:,} at most); "
                          "this is not an API v2 study record: download the record of one study")  # fmt: skip
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        depth, line = _nesting(text)
        if depth > MAX_DEPTH:
            raise RecordError(source, f"JSON nested more than {MAX_DEPTH} levels deep (a study record nests about 6); "
                              "this is not an API v2 study record: download it again", line)  # fmt: skip
        data = json.loads(text)
    except RecursionError:
        raise RecordError(source, "JSON nested too deep to be a study record; download it again") from None
    except json.JSONDecodeError as e:
        raise RecordError(source, f"not valid JSON ({e.msg} at line {e.lineno}, column {e.colno}); "
                          "the file is truncated or not an API v2 study record: download it again",
                          e.lineno) from None  # fmt: skip
    except UnicodeDecodeError:
        raise RecordError(source, "not UTF-8 text; save the API response as it came") from None
    if not isinstance(data, dict):
        raise RecordError(source, "a study record is a JSON object with a 'protocolSection'")
    return _without_controls(data)


def _without_controls(value: Any) -> Any:
    """The record with every string freed of what no page or feed can carry (a JSON escape such as
    `\\u000b` or a lone `\\ud800` writes one); it is never the trial's text. Depth is capped above."""
    if isinstance(value, str):
        return without_controls(value)[0]
    if isinstance(value, list):
        return [_without_controls(v) for v in value]
    if isinstance(value, dict):
        return {_without_controls(k): _without_controls(v) for k, v in value.items()}
    return value


def _nesting(text: str) -> tuple[int, int]:
    """The deepest nesting of arrays and objects, and the line where it is first reached (strings skipped)."""
    depth = deepest = 0
    at = 0
    bare = _STRING.sub(lambda m: "\n" * m[0].count("\n"), text)  # keep line numbers, drop brackets in strings
    for match in _BRACKET.finditer(bare):
        depth += 1 if match[0] in "[{" else -1
        if depth > deepest:
            deepest, at = depth, match.start()
            if deepest > MAX_DEPTH:
                break
    return deepest, bare.count("\n", 0, at) + 1


def read_record(data: dict[str, Any], source: str, sites: SiteFilter, expect: str | None = None) -> ImportedTrial:
    """The imported fields of one study record (`GET /api/v2/studies/{nctId}`)."""
    protocol = _get(data, "protocolSection", dict, source)
    ident = _get(protocol, "identificationModule", dict, source, "protocolSection.")
    nct_id = _get(ident, "nctId", str, source, "protocolSection.identificationModule.")
    if not NCT_ID.match(nct_id):
        raise RecordError(source, f"protocolSection.identificationModule.nctId: {nct_id!r} is not an NCT id")
    if expect and expect != nct_id:
        raise RecordError(source, f"this record is {nct_id}, not {expect}; pass the matching NCT id or file")
    status_mod = _get(protocol, "statusModule", dict, source, "protocolSection.")
    status = _get(status_mod, "overallStatus", str, source, "protocolSection.statusModule.")
    warnings = []
    if status not in KNOWN_STATUSES:
        warnings.append(f"{nct_id}: status {status!r} is not one RadSite knows; imported as UNKNOWN")
        status = "UNKNOWN"
    conditions = _get(protocol.get("conditionsModule") or {}, "conditions", list, source,
                      "protocolSection.conditionsModule.")  # fmt: skip
    elig = _get(protocol, "eligibilityModule", dict, source, "protocolSection.")
    brief = _get(ident, "briefTitle", str, source, "protocolSection.identificationModule.")
    design = protocol.get("designModule") or {}
    contacts = protocol.get("contactsLocationsModule") or {}
    locations = contacts.get("locations") or []
    mine = [_location(loc) for loc in locations if isinstance(loc, dict) and sites.matches(loc)]
    if locations and not mine:
        warnings.append(f"{nct_id}: none of its {len(locations)} locations matches this site "
                        "(mkdocs.yml: radsite.trials.site_names / cities)")  # fmt: skip
    fields: dict[str, Any] = {
        "nct_id": nct_id,
        "status": status,
        "conditions": [str(c) for c in conditions if str(c).strip()],
        "phase": [p for p in design.get("phases") or [] if isinstance(p, str)],
        "eligibility": _eligibility(elig),
        "official_title": ident.get("officialTitle") or None,
        "last_update": _date((status_mod.get("lastUpdatePostDateStruct") or {}).get("date")),
        "locations": mine,
    }
    if not fields["conditions"]:
        raise RecordError(source, "protocolSection.conditionsModule.conditions is empty; a trial page needs one")
    contact = _contact(contacts, mine_raw=[loc for loc in locations if isinstance(loc, dict) and sites.matches(loc)])
    if contact:
        fields["contact"] = contact
    fields = {k: v for k, v in fields.items() if v not in (None, [])} | {"conditions": fields["conditions"]}
    description = str((protocol.get("descriptionModule") or {}).get("briefSummary") or "").strip()
    return ImportedTrial(
        nct_id=nct_id,
        fields=fields,
        title=brief.strip(),
        summary=_short(description) or brief.strip()[:300],
        description=description,
        locations_total=len(locations),
        warnings=warnings,
    )


def _get(node: Any, key: str, kind: type, source: str, prefix: str = "") -> Any:
    value = node.get(key) if isinstance(node, dict) else None
    if value is None:
        raise RecordError(source, f"{prefix}{key} is missing; this is not a complete API v2 study record "
                          "(truncated download?): fetch it again")  # fmt: skip
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise RecordError(source, f"{prefix}{key} should be a {kind.__name__}, got {type(value).__name__}")
    return value


def _eligibility(module: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if module.get("minimumAge"):
        result["min_age"] = str(module["minimumAge"]).strip()
    if module.get("maximumAge"):
        result["max_age"] = str(module["maximumAge"]).strip()
    sex = str(module.get("sex") or "ALL").upper()
    result["sex"] = sex if sex in ("ALL", "FEMALE", "MALE") else "ALL"
    result["healthy_volunteers"] = bool(module.get("healthyVolunteers"))
    result["criteria"] = unescape(str(module.get("eligibilityCriteria") or ""))
    return result


def _location(loc: dict[str, Any]) -> dict[str, Any]:
    result = {k: str(loc[k]).strip() for k in ("facility", "city", "state", "country") if loc.get(k)}
    if loc.get("status"):
        result["status"] = str(loc["status"])
    return result


def _contact(module: dict[str, Any], mine_raw: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The site's own contact first (closest to the patient), else the study's central contact."""
    candidates = [c for loc in mine_raw for c in (loc.get("contacts") or [])]
    candidates += module.get("centralContacts") or []
    for c in candidates:
        if isinstance(c, dict) and str(c.get("name") or "").strip():
            contact = {"name": str(c["name"]).strip()}
            for key in ("phone", "email"):
                if c.get(key):
                    contact[key] = str(c[key]).strip()
            return contact
    return None


def _date(text: Any) -> dt.date | None:
    """API dates are `YYYY-MM-DD`, `YYYY-MM` or `YYYY`: partial dates stand for their first day."""
    if not isinstance(text, str) or not text.strip():
        return None
    parts = [int(p) for p in text.strip().split("-") if p.isdigit()]
    try:
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _short(text: str, limit: int = 300) -> str:
    """The first sentences of the brief summary that fit a card."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    out = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if len(out) + len(sentence) + 1 > limit:
            break
        out = f"{out} {sentence}".strip()
    return out or text[: limit - 1].rsplit(" ", 1)[0] + "…"
