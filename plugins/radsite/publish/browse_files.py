"""Files beside the listing pages: each filterable collection's JSON index, each profile's vCard.

Both are built from `state.decision` only (published items, allowed fields), once per build.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from radsite.derive.browse import INDEX_NAME
from radsite.derive.directory import vcard
from radsite.findings import Finding

if TYPE_CHECKING:  # the build state imports this module
    from radsite.state import BuildState


def write(state: BuildState, site_dir: Path) -> list[Finding]:
    site_dir = Path(site_dir)
    for collection, index in state.browse.indexes.items():
        path = site_dir / collection / INDEX_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for person in state.decision.in_collection("people"):
        path = site_dir / person.url / f"{person.slug}.vcf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(vcard(person, state.settings.department, state.settings.site_url).encode("utf-8"))
    return []
