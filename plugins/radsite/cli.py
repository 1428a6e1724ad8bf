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
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print(f"radsite {args.command}: interrupted", file=sys.stderr)
        return 130
    except OSError as e:  # a path that cannot be read or written: say which, and why
        where = f"{e.filename}: " if e.filename else ""
        print(f"radsite {args.command}: {where}{e.strerror or e}; check the path and its permissions", file=sys.stderr)
        return 1
    except Exception as e:  # a bug: one line for the user, the traceback in a file for whoever fixes it
        report = _save_traceback()
        print(f"radsite {args.command}: unexpected error ({type(e).__name__}: {e}); the details are in "
              f"{report}: please send that file to whoever maintains the site's RadSite", file=sys.stderr)  # fmt: skip
        return 70


def _save_traceback() -> str:
    import tempfile
    import traceback

    with tempfile.NamedTemporaryFile("w", prefix="radsite-error-", suffix=".txt", delete=False, encoding="utf-8") as f:
        traceback.print_exc(file=f)
    return f.name


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
