"""`radsite questions import FILE`: questions from the /ask/ form's export become FAQ drafts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from radsite.commands.check import add_site_options, load_settings
from radsite.content.load import load
from radsite.questions import ExportError, describe, plan, read_export
from radsite.settings import OptionsError, shown_path


def register(commands: argparse._SubParsersAction) -> None:
    questions = commands.add_parser("questions", help="turn questions sent through /ask/ into FAQ drafts")
    actions = questions.add_subparsers(dest="action", required=True)
    imported = actions.add_parser("import", help="FAQ drafts from a form export (CSV or JSON lines)")
    imported.add_argument("file", type=Path, help="CSV with submitted_at,question columns, or JSON lines")
    imported.add_argument("--dry-run", action="store_true", help="report what would be drafted; write nothing")
    add_site_options(imported)
    imported.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    export = shown_path(args.file)
    try:
        settings = load_settings(args)
    except OptionsError as e:
        print(e, file=sys.stderr)
        return 2
    try:
        text = args.file.read_text(encoding="utf-8")
    except OSError as e:
        print(f"{export}: cannot read it ({e.strerror}); nothing imported", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"{export}: not UTF-8 text; export it as UTF-8 (CSV UTF-8); nothing imported", file=sys.stderr)
        return 2
    try:
        questions = read_export(args.file.name, text)
    except ExportError as e:
        for problem in e.problems:
            print(f"{export}:{problem}", file=sys.stderr)
        print(f"{export}: nothing imported", file=sys.stderr)
        return 1
    loaded = load(settings.content_dir)
    faqs = loaded.content.in_collection("faq")
    slugs: dict[str, list[str]] = {}
    for item in loaded.content.items:
        slugs.setdefault(item.collection, []).append(item.slug)
    folder = settings.content_dir / "faq"
    taken = set(slugs.get("faq", [])) | {p.stem for p in folder.glob("*")}
    existing = {item.meta.title: item.path for item in faqs}
    outcomes = plan(questions, existing, taken, loaded.glossary, slugs, export)
    written = failed = 0
    for outcome in outcomes:
        for line in describe(outcome, export):
            print(line)
        if outcome.draft and not args.dry_run:
            target = folder / f"{outcome.slug}.md"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                data = outcome.draft.encode("utf-8")  # before the file exists: never an empty draft
                with target.open("xb") as f:  # never over a file saved meanwhile
                    f.write(data)
                written += 1
            except OSError as e:
                print(f"{shown_path(target)}: cannot write it ({e.strerror}); not created", file=sys.stderr)
                failed += 1
    drafts = sum(1 for o in outcomes if o.draft)
    duplicates = sum(1 for o in outcomes if o.duplicate_of)
    removed = sum(len(o.removed) for o in outcomes)
    verb = "would be drafted" if args.dry_run else "drafted"
    print(f"{export}: {len(outcomes)} questions: {written if not args.dry_run else drafts} {verb} in "
          f"{shown_path(folder)}/ (draft: true), {duplicates} already answered, {removed} identifiers removed")  # fmt: skip
    return 1 if failed else 0
