"""Items have the sections their collection declares (`Collection.sections`), in that order.

Exam guides have the seven sections patients look for, in the order they look for them.

The sections are prose an editor writes, so they stay in the Markdown body (a YAML field per
section would make long text hard to edit); this check makes sure none is forgotten.
"""

from __future__ import annotations

import re

from radsite.content.item import ContentSet
from radsite.content.registry import COLLECTIONS
from radsite.findings import Finding

_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$")
# The sections' names in a translation (`<name>.es.md`), same order (issue 21; the core's string
# catalogue may take this over).
TRANSLATED_SECTIONS = {"es": {"What it is": "Qué es", "How to prepare": "Cómo prepararse", "What to expect": "Qué esperar",
                              "Risks and benefits": "Riesgos y beneficios", "Radiation": "Radiación",
                              "Contraindications": "Contraindicaciones",
                              "Who reads the results and when": "Quién lee los resultados y cuándo"}}  # fmt: skip


def exam_section_findings(content: ContentSet) -> list[Finding]:
    """Every item has its collection's sections (an exam guide: the seven patients look for), as `## ` headings, in order."""
    found = []
    for item in (i for spec in COLLECTIONS.values() if spec.sections for i in content.in_collection(spec.name)):
        spec = COLLECTIONS[item.collection]
        lang = item.src_uri.rsplit(".", 2)[-2] if item.src_uri.count(".") >= 2 else ""
        names = TRANSLATED_SECTIONS.get(lang, {})
        sections = tuple(names.get(section, section) for section in spec.sections)
        headings: dict[str, int] = {}
        in_fence = False
        for offset, line in enumerate(item.doc.body.splitlines()):
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            match = None if in_fence else _H2.match(line)
            if match:
                headings.setdefault(match.group(1).strip().casefold(), item.doc.body_line + offset)
        missing = [s for s in sections if s.casefold() not in headings]
        for section in missing:
            found.append(Finding(item.path, item.doc.body_line, "exam-sections",
                f"{spec.item_label} has no section '## {section}'; add it (the sections, in order: "
                + "; ".join(sections) + ")"))  # fmt: skip
        if not missing:
            lines = [headings[s.casefold()] for s in sections]
            for before, after, where in zip(sections, sections[1:], lines[1:], strict=False):
                if where < headings[before.casefold()]:
                    found.append(Finding(item.path, where, "exam-sections",
                        f"section '## {after}' comes before '## {before}'; patients expect the order: "
                        + "; ".join(sections), level="warning"))  # fmt: skip
    return found
