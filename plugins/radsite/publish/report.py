"""The build report: `.radsite/build-report.json` beside mkdocs.yml (never in the site), and a summary.

It names withheld items, editors' notes and source paths, so it is for editors and CI only: the
public site never carries it.

Every publish step may add a section (readability grades, PHI exceptions, feed counts...), so the
report is the one place an editor or reviewer reads what a build noticed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from radsite.findings import Finding

REPORT_NAME = "build-report.json"
REPORT_DIR = ".radsite"  # beside mkdocs.yml; gitignored


@dataclass
class BuildReport:
    counts: dict[str, int] = field(default_factory=dict)  # published items per collection
    findings: list[Finding] = field(default_factory=list)  # warnings (errors fail the build)
    sections: dict[str, Any] = field(default_factory=dict)  # added by publish steps

    def as_json(self) -> dict[str, Any]:
        by_kind: dict[str, list[str]] = {}
        for f in sorted(self.findings):
            by_kind.setdefault(f.rule, []).append(f.format())
        return {"counts": self.counts, "warnings": by_kind, **self.sections}

    def write(self, path: Path) -> Path:
        """Write the report to `path` (replaced whole: a reader never sees half of it)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(self.as_json(), indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
        os.replace(temporary, path)
        return path

    def summary(self, shown_per_kind: int = 5) -> str:
        """A few lines for the terminal: counts, warnings by kind (with path:line), reading grades."""
        items = ", ".join(f"{n} {name}" for name, n in self.counts.items())
        lines = [f"RadSite: published {items}."]
        by_kind: dict[str, list[Finding]] = {}
        for f in sorted(self.findings):
            by_kind.setdefault(f.rule, []).append(f)
        if by_kind:
            lines.append("Warnings: " + ", ".join(f"{len(fs)} {rule}" for rule, fs in sorted(by_kind.items())))
            for rule, fs in sorted(by_kind.items()):
                for f in fs[:shown_per_kind]:
                    lines.append(f"  {f.format()}")
                if len(fs) > shown_per_kind:
                    lines.append(f"  ... and {len(fs) - shown_per_kind} more [{rule}] in {REPORT_NAME}")
        readability = self.sections.get("readability")
        if readability and readability["pages"]:
            pages = readability["pages"]
            worst_url = max(pages, key=lambda url: pages[url]["grade"])
            grades = sorted(page["grade"] for page in pages.values())
            lines.append(
                f"Reading grade of {len(pages)} patient pages: median {grades[len(grades) // 2]}, "
                f"highest {pages[worst_url]['grade']} ({pages[worst_url]['path']}), limit {readability['max_grade']:g}; "
                f"per page in {REPORT_NAME}"
            )
        return "\n".join(lines)
