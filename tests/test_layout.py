"""The core stays free of MkDocs: another front end must be able to drive it."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "plugins" / "radsite"


def test_only_the_adapter_imports_mkdocs() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        if path.parent.name == "plugin":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(CORE)}: {n}" for n in names if n.split(".")[0] == "mkdocs"]
    assert offenders == []
