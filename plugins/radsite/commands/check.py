"""`radsite check`: validate the content without building (what CI runs on every pull request)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from radsite.findings import errors
from radsite.pipeline import validate
from radsite.settings import OptionsError, Settings, from_mkdocs_yml


def register(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser("check", help="validate the content without building the site")
    add_site_options(check)
    check.set_defaults(run=run)


def add_site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, help="content folder (default: docs_dir of mkdocs.yml)")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml")


def load_settings(args: argparse.Namespace) -> Settings:
    if args.config.exists():
        try:
            return from_mkdocs_yml(args.config, content_dir=args.content)
        except OptionsError as e:  # the build refuses the same options with the same messages
            raise SystemExit(f"{e}\nradsite: fix mkdocs.yml first; nothing was checked") from None
    if args.content is None:
        raise SystemExit(f"radsite: no {args.config} here; pass --content DIR")
    return Settings(content_dir=args.content)


def run(args: argparse.Namespace) -> int:
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
