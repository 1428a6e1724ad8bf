"""`radsite new COLLECTION SLUG`: scaffold a draft item from the collection's schema."""

from __future__ import annotations

import argparse
import sys

from radsite.commands.check import add_site_options, settings_or_exit
from radsite.content.load import load
from radsite.content.registry import COLLECTIONS
from radsite.content.scaffold import scaffold
from radsite.content.types import _SLUG, MAX_SLUG


def register(commands: argparse._SubParsersAction) -> None:
    new = commands.add_parser("new", help="scaffold a new draft item from its collection's schema")
    new.add_argument("collection", choices=sorted(COLLECTIONS))
    new.add_argument("slug", help="URL name, e.g. wrist-fall-x-ray")
    new.add_argument("--title", help="the item's title")
    add_site_options(new)
    new.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not _SLUG.match(args.slug):
        print(f"radsite new: {args.slug!r} is not a slug (lowercase letters, digits, hyphens)", file=sys.stderr)
        return 2
    if len(args.slug) > MAX_SLUG:
        print(f"radsite new: the slug is {len(args.slug):,} characters long; keep it under {MAX_SLUG} "
              "(it is the page's address: a few words say what the page is)", file=sys.stderr)  # fmt: skip
        return 2
    settings = settings_or_exit(args)
    if not settings.content_dir.is_dir():  # a mistyped --content must not start a second content tree
        print(f"radsite new: no content folder {settings.content_dir}; pass --content DIR", file=sys.stderr)
        return 1
    target = settings.content_dir / args.collection / f"{args.slug}.md"
    if target.exists():
        print(f"radsite new: {target} already exists; nothing written", file=sys.stderr)
        return 1
    existing: dict[str, list[str]] = {}
    for item in load(settings.content_dir).content.items:
        existing.setdefault(item.collection, []).append(item.slug)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as f:  # "x": never over a file saved meanwhile
            f.write(scaffold(args.collection, args.slug, args.title, existing))
    except OSError as e:
        print(f"radsite new: cannot write {e.filename or target} ({e.strerror}); nothing written", file=sys.stderr)
        return 1
    print(f"{target}: draft {COLLECTIONS[args.collection].item_label} created; fill in the TODOs, "
          "then remove 'draft: true' to publish")  # fmt: skip
    return 0
