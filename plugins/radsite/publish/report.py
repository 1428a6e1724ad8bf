"""The build report: `site/build-report.json`, plus a short summary for the terminal.

Every publish step may add a section (readability grades, PHI exceptions, feed counts...), so the
report is the one place an editor or reviewer reads what a build noticed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from radsite.findings import Finding

REPORT_NAME = "build-report.json"


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

    def write(self, site_dir: Path) -> Path:
        path = Path(site_dir) / REPORT_NAME
        path.write_text(json.dumps(self.as_json(), indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
        return path

    def summary(self) -> str:
        items = ", ".join(f"{n} {name}" for name, n in self.counts.items())
        lines = [f"RadSite: published {items}."]
        kinds: dict[str, int] = {}
        for f in self.findings:
            kinds[f.rule] = kinds.get(f.rule, 0) + 1
        if kinds:
            lines.append("Warnings: " + ", ".join(f"{n} {rule}" for rule, n in sorted(kinds.items())))
        return "\n".join(lines)
