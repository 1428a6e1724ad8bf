"""`radsite schema DIR`: write one JSON Schema per collection, for front-matter completion in editors."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from radsite.content.registry import COLLECTIONS


def register(commands: argparse._SubParsersAction) -> None:
    schema = commands.add_parser("schema", help="write the collections' JSON Schemas (editor completion)")
    schema.add_argument("dest", type=Path, nargs="?", default=Path("schemas"), help="default: schemas/")
    schema.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        args.dest.mkdir(parents=True, exist_ok=True)
        for name, collection in COLLECTIONS.items():
            path = args.dest / f"{name}.schema.json"
            path.write_text(json.dumps(collection.json_schema(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
            print(path)
    except OSError as e:
        print(f"radsite schema: cannot write {e.filename or args.dest} ({e.strerror}); pass a folder you can write to",
              file=sys.stderr)  # fmt: skip
        return 1
    return 0
