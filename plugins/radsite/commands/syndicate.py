"""`radsite syndicate`: post new feed entries to Mastodon and Bluesky, each exactly once.

Reads the built feeds (never the content), posts oldest first, and records every post in the
state file before moving on, so a rerun, or a run after a crash, posts nothing twice.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from radsite.settings import from_mkdocs_yml
from radsite.syndicate import bluesky, mastodon
from radsite.syndicate.credentials import MissingCredentials
from radsite.syndicate.feedread import FeedError, read_entries
from radsite.syndicate.http import GiveUp, Rejected, RetryPolicy
from radsite.syndicate.state import MARKED, PENDING, POSTED, State, StateError

NETWORKS = {"mastodon": mastodon.Mastodon, "bluesky": bluesky.Bluesky}
EXIT_GAVE_UP, EXIT_REJECTED, EXIT_USAGE = 3, 4, 2


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("syndicate", help="post new feed entries to Mastodon and Bluesky (each only once)")
    p.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: site)")
    p.add_argument("--feed", default="all", help="which feed to post from (default: all)")
    p.add_argument("--to", default="mastodon,bluesky", help="comma-separated: mastodon, bluesky")
    p.add_argument("--dry-run", action="store_true", help="print what would be sent; send and record nothing")
    p.add_argument("--mark-all-posted", action="store_true",
                   help="record every entry as posted without posting (first run on an existing site)")  # fmt: skip
    p.add_argument("--state", type=Path, help="state file (default: syndication_state in mkdocs.yml)")
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml")
    p.add_argument("--retries", type=int, default=5, help="retries per request on 429/5xx (default 5)")
    p.add_argument("--backoff", type=float, default=2.0, help="first retry delay in seconds, doubled each time")
    p.set_defaults(run=run)


def state_path(args: argparse.Namespace) -> Path:
    if args.state is not None:
        return args.state
    if args.config.exists():
        return from_mkdocs_yml(args.config).syndication_state
    return Path("syndication-state.json")


def run(args: argparse.Namespace) -> int:
    networks = [n.strip() for n in args.to.split(",") if n.strip()]
    unknown = [n for n in networks if n not in NETWORKS]
    if unknown or not networks:
        print(f"radsite syndicate: --to {args.to!r}: use one or more of {', '.join(NETWORKS)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        entries = read_entries(args.site, args.feed)
        state = State.load(state_path(args))
    except (FeedError, StateError) as e:
        print(f"radsite syndicate: {e}", file=sys.stderr)
        return EXIT_USAGE
    for entry in entries:
        for network in networks:
            if network not in entry.texts:
                print(f"radsite syndicate: {args.site}/feeds/{args.feed}.xml: entry {entry.id} has no {network} "
                      "post text; rebuild the site with this RadSite", file=sys.stderr)  # fmt: skip
                return EXIT_USAGE
    todo = [(e, n) for e in entries for n in networks if not state.is_done(n, e.id)]
    if args.dry_run:
        for entry, network in todo:
            print(f"=== {network}: {entry.id}")
            print(NETWORKS[network].preview(entry, os.environ))
            print()
        print(f"Dry run: {len(todo)} post{'s' * (len(todo) != 1)} would be sent; nothing was sent or recorded.")
        return 0
    if args.mark_all_posted:
        for entry, network in todo:
            state.mark(network, entry.id, MARKED)
        print(f"Recorded {len(todo)} post{'s' * (len(todo) != 1)} as already made, in {state.path}; nothing was sent.")
        return 0
    policy = RetryPolicy(retries=args.retries, backoff=args.backoff)
    try:
        clients = {n: NETWORKS[n].from_env(os.environ, policy) for n in networks if any(m == n for _, m in todo)}
    except MissingCredentials as e:
        print(f"radsite syndicate: {e}", file=sys.stderr)
        return EXIT_USAGE
    posted = 0
    for entry, network in todo:
        resume = state.status(network, entry.id) == PENDING
        state.mark(network, entry.id, PENDING)
        try:
            info = clients[network].post(entry, resume=resume)
        except (GiveUp, Rejected) as e:
            print(f"radsite syndicate: {e}.\nStopped. Nothing is lost: {posted} post{'s' * (posted != 1)} made in this run "
                  f"are recorded in {state.path}; run again to continue from {entry.id}.", file=sys.stderr)  # fmt: skip
            return EXIT_GAVE_UP if isinstance(e, GiveUp) else EXIT_REJECTED
        state.mark(network, entry.id, POSTED, **info)
        posted += 1
        print(f"{network}: posted {entry.id} -> {info.get('url', '')}", flush=True)
    print(f"Done: {posted} new post{'s' * (posted != 1)}; state in {state.path}.")
    return 0
