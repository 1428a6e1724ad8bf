"""`radsite trials import NCT... [--from-file F]` and `radsite trials refresh`: ClinicalTrials.gov -> content/trials/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from radsite.commands.check import add_site_options, settings_or_exit
from radsite.content.frontmatter import FrontMatterError, parse
from radsite.trials import source
from radsite.trials.record import NCT_ID, RecordError, SiteFilter, parse_json, read_record
from radsite.trials.store import Written, write


def register(commands: argparse._SubParsersAction) -> None:
    trials = commands.add_parser("trials", help="import clinical trials from ClinicalTrials.gov")
    sub = trials.add_subparsers(dest="trials_command", required=True)
    imp = sub.add_parser("import", help="write content/trials/<slug>.md from an API v2 study record")
    imp.add_argument("nct_id", help="e.g. NCT01234567")
    imp.add_argument("--from-file", type=Path, help="a saved API v2 record (JSON) instead of the API")
    imp.add_argument("--slug", help="file name for a new trial (default: from its title)")
    add_site_options(imp)
    imp.set_defaults(run=run_import)
    refresh = sub.add_parser("refresh", help="re-import every trial that has an nct_id; report status changes")
    refresh.add_argument("--from-dir", type=Path, help="read <NCT id>.json files here instead of the API")
    add_site_options(refresh)
    refresh.set_defaults(run=run_refresh)


def _import(nct_id: str, raw_source: tuple[bytes, str], args: argparse.Namespace, slug: str | None) -> Written:
    settings = settings_or_exit(args)
    raw, where = raw_source
    data = parse_json(raw, where)
    imported = read_record(data, where, SiteFilter.from_options(settings.trials), expect=nct_id)
    for warning in imported.warnings:
        print(f"{where}: warning: [ctgov] {warning}", file=sys.stderr)
    return write(settings.content_dir / "trials", imported, slug=slug)


def run_import(args: argparse.Namespace) -> int:
    nct_id = args.nct_id.strip().upper()
    if not NCT_ID.match(nct_id):  # it goes into the API's URL: nothing else may
        print(f"radsite trials import: {args.nct_id!r} is not a ClinicalTrials.gov id (NCT and 8 digits, "
              "e.g. NCT01234567)", file=sys.stderr)  # fmt: skip
        return 2
    try:
        raw = source.read_file(args.from_file) if args.from_file else source.fetch(nct_id)
        written = _import(nct_id, raw, args, args.slug)
    except RecordError as e:
        print(e, file=sys.stderr)
        return 1
    except OSError as e:
        print(_not_written(e), file=sys.stderr)
        return 1
    verb = "created" if written.created else "updated"
    change = f" (status {written.old_status} -> {written.new_status})" if _changed(written) else ""
    print(f"{written.path}: {verb} from {nct_id}{change}")
    return 0


def run_refresh(args: argparse.Namespace) -> int:
    settings = settings_or_exit(args)
    failed = 0
    for path in sorted((settings.content_dir / "trials").glob("*.md")):
        try:
            nct_id = str(parse(path.read_text(encoding="utf-8")).data.get("nct_id") or "")
        except (FrontMatterError, UnicodeDecodeError):
            continue  # `radsite check` reports it
        if not nct_id:
            continue
        try:
            raw = source.read_file(args.from_dir / f"{nct_id}.json") if args.from_dir else source.fetch(nct_id)
            written = _import(nct_id, raw, args, None)
        except RecordError as e:
            print(e, file=sys.stderr)
            failed += 1
            continue
        except OSError as e:
            print(_not_written(e), file=sys.stderr)
            failed += 1
            continue
        if _changed(written):
            print(f"{written.path}: {nct_id} status changed: {written.old_status} -> {written.new_status}")
        else:
            print(f"{written.path}: {nct_id} up to date ({written.new_status})")
    return 1 if failed else 0


def _not_written(e: OSError) -> str:
    return f"{e.filename or 'content/trials/'}: error: [ctgov] cannot write the trial ({e.strerror}); nothing was written"


def _changed(written: Written) -> bool:
    return written.old_status is not None and written.old_status != written.new_status
