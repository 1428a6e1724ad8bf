"""`radsite`: the editors' and operators' command line. Each subcommand lives in `radsite.commands`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from radsite.commands import check, new, questions, schema, syndicate, trials

COMMANDS = [check, new, questions, schema, syndicate, trials]  # each module: register(subparsers) sets `run` on its parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="radsite", description="RadSite: a radiology department's site.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(subparsers)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
