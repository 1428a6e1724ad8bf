"""Display labels for the schema's enumerated values, derived in one place.

Front matter uses codes (`ct`, `x-ray`, `NOT_YET_RECRUITING`, `almost-certain`, `pediatric-imaging`);
people read words (CT, X-ray, Not yet recruiting, Almost certain, Pediatric imaging). Filters, cards,
facts tables and search labels all call `label`, so a code reads the same everywhere.
"""

from __future__ import annotations

from radsite.content.schemas.common import MODALITY_LABELS

# Per-field tables, where a code's words are not just its spelling (the schema declares them).
FIELD_LABELS: dict[str, dict[str, str]] = {"modality": MODALITY_LABELS}
# Words written in capitals wherever they appear in a code.
ACRONYMS: dict[str, str] = {"ct": "CT", "mri": "MRI", "pet": "PET", "acl": "ACL", "ai": "AI", "ent": "ENT", "icu": "ICU"}


def label(value: object, field: str = "") -> str:
    """A code in words: the field's own table first, then any modality, then the code in sentence case
    with its acronyms in capitals ('lung-cancer-screening' -> 'Lung cancer screening', 'ct' -> 'CT')."""
    text = str(value).strip()
    table = FIELD_LABELS.get(field, {})
    if text in table:
        return table[text]
    if text in MODALITY_LABELS:
        return MODALITY_LABELS[text]
    out: list[str] = []
    for word in text.replace("_", " ").replace("-", " ").split():
        if word.lower() == "ray" and out and out[-1].lower() == "x":  # x-ray keeps its hyphen
            out[-1] = "X-ray"
        else:
            out.append(ACRONYMS.get(word.lower(), word.lower()))
    if not out:
        return ""
    first = out[0]
    out[0] = first if first in ACRONYMS.values() else first[:1].upper() + first[1:]
    return " ".join(out)
