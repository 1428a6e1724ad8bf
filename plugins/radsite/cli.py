"""`radsite`: the editors' and operators' command line.

    radsite check [--content DIR] [--config mkdocs.yml]   validate without building
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from radsite.findings import errors
from radsite.pipeline import validate
from radsite.settings import Settings, from_mkdocs_yml


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="radsite", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the content without building the site")
    check.add_argument("--content", type=Path, help="content folder (default: docs_dir of mkdocs.yml)")
    check.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml")
    check.set_defaults(run=run_check)
    args = parser.parse_args(argv)
    return args.run(args)


def load_settings(args: argparse.Namespace) -> Settings:
    if args.config.exists():
        return from_mkdocs_yml(args.config, content_dir=args.content)
    if args.content is None:
        raise SystemExit(f"radsite: no {args.config} here; pass --content DIR")
    return Settings(content_dir=args.content)


def run_check(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    if not settings.content_dir.is_dir():
        print(f"radsite: content folder {settings.content_dir} does not exist", file=sys.stderr)
        return 2
    loaded = validate(settings)
    findings = sorted(loaded.findings, key=lambda f: (f.path, f.line or 0, f.col or 0))
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for finding in findings:
        print(finding.format())
        if annotate:
            print(finding.github())
    return 1 if errors(findings) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
