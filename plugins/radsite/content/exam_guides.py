"""Exam guides have the seven sections patients look for, in the order they look for them.

The sections are prose an editor writes, so they stay in the Markdown body (a YAML field per
section would make long text hard to edit); this check makes sure none is forgotten.
"""

from __future__ import annotations

import re

from radsite.content.item import ContentSet
from radsite.findings import Finding

EXAM_SECTIONS = (
    "What it is", "How to prepare", "What to expect", "Risks and benefits", "Radiation",
    "Contraindications", "Who reads the results and when",
)  # fmt: skip
_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$")


def exam_section_findings(content: ContentSet) -> list[Finding]:
    """Every exam guide has the seven sections patients look for, as `## ` headings, in order."""
    found = []
    for item in content.in_collection("exams"):
        headings: dict[str, int] = {}
        in_fence = False
        for offset, line in enumerate(item.doc.body.splitlines()):
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            match = None if in_fence else _H2.match(line)
            if match:
                headings.setdefault(match.group(1).strip().casefold(), item.doc.body_line + offset)
        missing = [s for s in EXAM_SECTIONS if s.casefold() not in headings]
        for section in missing:
            found.append(Finding(item.path, item.doc.body_line, "exam-sections",
                f"exam guide has no section '## {section}'; add it (the sections, in order: "
                + "; ".join(EXAM_SECTIONS) + ")"))  # fmt: skip
        if not missing:
            lines = [headings[s.casefold()] for s in EXAM_SECTIONS]
            for before, after, where in zip(EXAM_SECTIONS, EXAM_SECTIONS[1:], lines[1:], strict=False):
                if where < headings[before.casefold()]:
                    found.append(Finding(item.path, where, "exam-sections",
                        f"section '## {after}' comes before '## {before}'; patients expect the order: "
                        + "; ".join(EXAM_SECTIONS), level="warning"))  # fmt: skip
    return found
