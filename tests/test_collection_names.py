"""No collection's name is spelled in more than four files of the package outside its own places.

Its own places: the schema modules (`content/schemas/`, where a collection is declared and
cross-references are typed), the registry, and its own package (`radsite/<name>/` with its command
`radsite/commands/<name>.py`). Everything else loops over the registry; a name spelled in many
files means adding a collection costs edits all over the code. Spelled: a string literal equal to
the name, or an identifier (name, attribute, argument, import) equal to it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from radsite.content.registry import COLLECTIONS

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "radsite"
LIMIT = 4


def spellings(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
        elif isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.arg):
            found.add(node.arg)
        elif isinstance(node, ast.alias):
            found.update(node.name.split("."))
            if node.asname:
                found.add(node.asname)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.update(node.module.split("."))
    return found


def own_place(rel: Path, name: str) -> bool:
    parts = rel.parts
    return (
        parts[:2] == ("content", "schemas")
        or rel == Path("content/registry.py")
        or parts[0] == name
        or rel == Path("commands") / f"{name}.py"
    )


def files_spelling(name: str) -> list[str]:
    result = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if not own_place(rel, name) and name in spellings(ast.parse(path.read_text(encoding="utf-8"))):
            result.append(rel.as_posix())
    return result


def test_spellings_are_found() -> None:
    tree = ast.parse('import a.exams\nfrom x.news import y\nf("faq")\nz.people\ncases = 1\n')
    assert {"exams", "news", "faq", "people", "cases"} <= spellings(tree)
    assert "trials" not in spellings(ast.parse('"trials are fun"'))


def test_no_collection_name_is_spelled_in_more_than_four_files() -> None:
    spread = {name: files_spelling(name) for name in COLLECTIONS}
    too_many = {name: files for name, files in spread.items() if len(files) > LIMIT}
    assert not too_many, f"collection names spelled in more than {LIMIT} files: {too_many}"
