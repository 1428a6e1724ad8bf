"""`radsite syndicate`: post new feed entries to Mastodon, Bluesky and LinkedIn, each exactly once.

Reads the built feeds (never the content), posts oldest first, and records every post in the
state file before moving on, so a rerun, or a run after a crash, posts nothing twice. Entries go
to the accounts `syndication:` in mkdocs.yml routes them to (radsite.syndicate.routing; by default
one account per network, everything to each), and the state keeps a record per account. An
account's first run records the feed instead of posting it; an account without credentials is
skipped with a notice (the hourly job stays green); an entry the server refuses is recorded with
its reason and skipped, and an account that stops (rate limit, outage, no answer) does not stop
the others.

Exit codes: 0 done (or nothing to do); 2 usage or configuration; 3 a network stopped on a
passing failure (the next run continues); 4 a refusal that needs a person (an entry rejected in
this run, credentials refused, a server that does not speak its API).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import signal
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from radsite.publish.posttext import ANSWER_LEAD, without_spoiler
from radsite.settings import from_mkdocs_yml
from radsite.syndicate import bluesky, linkedin, mastodon
from radsite.syndicate.credentials import MissingCredentials, configured
from radsite.syndicate.feedread import FeedError, PostEntry, read_entries
from radsite.syndicate.firstrun import FirstRun, parse_since
from radsite.syndicate.http import DEFAULT_TIMEOUT, BadAnswer, GiveUp, Rejected, RetryPolicy, Unanswered
from radsite.syndicate.routing import Account, Routing
from radsite.syndicate.state import MARKED, PENDING, POSTED, REJECTED, State, StateError
from radsite.timeutil import zone


class Network(Protocol):
    name: str

    def pending_info(self, entry: PostEntry) -> dict[str, str]: ...

    def post(self, entry: PostEntry, pending: dict[str, Any] | None = None,
             claimed: frozenset[str] = frozenset()) -> dict[str, str]: ...  # fmt: skip


@dataclass(frozen=True)
class Kind:
    """One network as the command sees it: its client, its preview, the variables of its account."""

    make: Callable[[Mapping[str, str], RetryPolicy, str], Network]  # from_env(environ, policy, env_prefix)
    preview: Callable[[PostEntry, Mapping[str, str], str], str]  # what --dry-run prints


NETWORKS = {
    "mastodon": Kind(mastodon.Mastodon.from_env, mastodon.Mastodon.preview),
    "bluesky": Kind(bluesky.Bluesky.from_env, bluesky.Bluesky.preview),
    "linkedin": Kind(linkedin.LinkedIn.from_env, linkedin.LinkedIn.preview),
}
FIRST_RUN = "first run"  # the `why` of entries a first run recorded without posting
EXIT_GAVE_UP, EXIT_REJECTED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_TERMINATED = 3, 4, 2, 130, 143


class Interrupted(BaseException):
    """SIGTERM (a cancelled CI job): stop between two steps; the state file is already whole."""


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("syndicate", help="post new feed entries to Mastodon, Bluesky and LinkedIn (each only once)")
    p.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: site)")
    p.add_argument("--feed", default="all", help="which feed to post from (default: all)")
    p.add_argument("--to", default="",
                   help="comma-separated accounts (as named in mkdocs.yml) or networks (mastodon, bluesky, "
                        "linkedin: all their accounts); default: every account")  # fmt: skip
    p.add_argument("--dry-run", action="store_true", help="print what would be sent; send and record nothing")
    p.add_argument("--mark-all-posted", action="store_true",
                   help="record every entry as posted without posting (first run on an existing site)")  # fmt: skip
    p.add_argument("--post-newest", type=int, metavar="N",
                   help="post the newest N entries of the feed that a network's first run recorded without "
                        "posting (on the first run itself, or later)")  # fmt: skip
    p.add_argument("--since", metavar="DATE",
                   help="post the entries published since DATE (ISO 8601; site time zone) that a network's first "
                        "run recorded without posting")  # fmt: skip
    p.add_argument("--retry-rejected", action="store_true",
                   help="send again the entries a server rejected in an earlier run (after fixing them)")  # fmt: skip
    p.add_argument("--state", type=Path, help="state file (default: syndication_state in mkdocs.yml)")
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml")
    p.add_argument("--retries", type=int, default=5, help="retries per request on 408/429/5xx (default 5)")
    p.add_argument("--backoff", type=float, default=2.0, help="first retry delay in seconds, doubled each time")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help=f"seconds to wait for a server's answer (default {DEFAULT_TIMEOUT:g}); a post that gets "
                        "none is never sent blind again")  # fmt: skip
    p.set_defaults(run=run)


def fail(message: str) -> int:
    print(f"radsite syndicate: {message}", file=sys.stderr)
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    previous = signal.getsignal(signal.SIGTERM)
    try:
        signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (a library caller): leave signals alone
        previous = None
    try:
        return _run(args)
    except (Interrupted, KeyboardInterrupt) as e:
        print("radsite syndicate: interrupted; every post made so far is recorded in the state file, and an entry "
              "that was being sent is marked pending: the next run checks for it before sending it again.",
              file=sys.stderr)  # fmt: skip
        return EXIT_TERMINATED if isinstance(e, Interrupted) else EXIT_INTERRUPTED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Interrupted()


@dataclass
class Outcome:
    posted: dict[str, int] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)  # in this run
    stopped: dict[str, int] = field(default_factory=dict)  # network -> exit code it stopped with


def _run(args: argparse.Namespace) -> int:
    if args.post_newest is not None and args.post_newest < 0:
        return fail(f"--post-newest {args.post_newest}: give a number of entries, 0 or more")
    if args.retries < 0 or not 0 <= args.backoff < math.inf or not 0 < args.timeout < math.inf:  # nan fails too
        return fail("--retries and --backoff take 0 or more, --timeout more than 0 seconds")
    try:
        path, tz, routing = _config(args)
        accounts = _chosen(args.to, routing)
        first = FirstRun(args.post_newest, parse_since(args.since, tz) if args.since else None)
        entries = read_entries(args.site, args.feed)
    except (FeedError, ValueError) as e:
        return fail(str(e))
    ready = [a for a in accounts if configured(os.environ, *a.env) != "none"] or accounts  # none: a dry run shows all
    for entry in entries:
        for network in dict.fromkeys(a.network for a in ready):
            if network not in entry.texts:
                return fail(f"{args.site}/feeds/{args.feed}.xml: entry {entry.id} has no {network} post text; "
                            "rebuild the site with this RadSite")  # fmt: skip
    try:
        state = State.load(path)
    except (StateError, OSError) as e:
        return fail(str(e))
    try:
        return _with_state(args, accounts, Routed(routing, entries), state, first)
    except StateError as e:  # the state cannot be written: stop before posting anything unrecorded
        return fail(str(e))
    finally:
        state.close()


def _config(args: argparse.Namespace) -> tuple[Path, dt.tzinfo, Routing]:
    """The state file, the site's time zone and the accounts' routing, from the options or mkdocs.yml."""
    tz: dt.tzinfo = dt.UTC
    path = args.state
    routing = Routing()
    if args.config.exists():
        try:
            settings = from_mkdocs_yml(args.config)
            tz = zone(settings.timezone)
        except (OSError, ValueError, TypeError, AttributeError) as e:  # yaml errors are ValueErrors
            raise ValueError(f"{args.config}: cannot read the radsite options ({e}); fix it or pass --state and "
                             "--config pointing elsewhere") from None  # fmt: skip
        path = path or settings.syndication_state
        routing = settings.syndication
    return path or Path("syndication-state.json"), tz, routing


def _chosen(to: str, routing: Routing) -> list[Account]:
    """`--to`: accounts by name, or networks (all their accounts); empty: every account."""
    wanted = [n.strip() for n in to.split(",") if n.strip()]
    if not wanted:
        return list(routing.accounts)
    names = [a.name for a in routing.accounts]
    unknown = [w for w in wanted if w not in names and w not in NETWORKS]
    if unknown:
        raise ValueError(f"--to {to!r}: {unknown[0]!r} is neither an account ({', '.join(names)}) nor a network "
                         f"({', '.join(NETWORKS)})")  # fmt: skip
    chosen = [a for a in routing.accounts if a.name in wanted or a.network in wanted]
    if not chosen:
        raise ValueError(f"--to {to!r}: no declared account is on {', '.join(wanted)} (accounts: "
                         + ", ".join(f"{a.name} on {a.network}" for a in routing.accounts) + ")")  # fmt: skip
    return chosen


@dataclass(frozen=True)
class Routed:
    """The feed's entries and the accounts each one goes to."""

    routing: Routing
    entries: list[PostEntry]

    def for_account(self, account: Account) -> list[PostEntry]:
        """The entries routed to `account`, oldest first, as that account posts them."""
        return [_as_posted(e, account) for e in self.entries
                if account.name in self.routing.accounts_for(e.collection, e.tags)]  # fmt: skip

    def unrouted(self) -> list[str]:
        """Entries that no route or default sends anywhere."""
        return [e.id for e in self.entries if not self.routing.accounts_for(e.collection, e.tags)]

    def table(self, accounts: list[Account]) -> list[str]:
        """What `--dry-run` shows first: each entry and its accounts (or that it goes nowhere)."""
        chosen = {a.name for a in accounts}
        lines = []
        for e in self.entries:
            to = [n for n in self.routing.accounts_for(e.collection, e.tags) if n in chosen]
            lines.append(f"  {e.id} ({e.collection or 'no collection'}"
                         f"{'; tags ' + ', '.join(e.tags) if e.tags else ''}) -> {', '.join(to) or 'no account'}")  # fmt: skip
        return lines


def _as_posted(entry: PostEntry, account: Account) -> PostEntry:
    """A case answer on a patient-facing account opens with a neutral line, and its link card or
    article says no more: a patient scrolling past is not told the diagnosis."""
    if not (account.patient_facing and entry.is_answer):
        return entry
    texts = {n: without_spoiler(n, t, entry.link) for n, t in entry.texts.items()}
    return replace(entry, texts=texts, summary=ANSWER_LEAD)


def _with_state(args: argparse.Namespace, accounts: list[Account], routed: Routed, state: State,
                first: FirstRun) -> int:  # fmt: skip
    if args.dry_run:
        return _dry_run(args, accounts, routed, state, first)
    if args.mark_all_posted:
        total = 0
        for account in accounts:
            if configured(os.environ, *account.env) != "all":
                print(f"{account.name}: no account configured ({' and '.join(account.env)} are not set); skipped.")
                continue
            todo = [e.id for e in routed.for_account(account) if not state.is_done(account.name, e.id)]
            state.mark_many(account.name, todo, MARKED)
            total += len(todo)
        print(f"Recorded {total} post{'s' * (total != 1)} as already made, in {state.path}; nothing was sent.")
        return 0

    clients, code = _clients(args, accounts)
    if code is not None:
        return code
    if not clients:
        print("radsite syndicate: no social account is configured (set MASTODON_BASE_URL and MASTODON_TOKEN, "
              "BLUESKY_HANDLE and BLUESKY_APP_PASSWORD, and/or LINKEDIN_ACCESS_TOKEN and LINKEDIN_ORGANIZATION_URN, "
              "or the variables of the accounts in mkdocs.yml; in CI: repository secrets); nothing was posted "
              "or recorded.")  # fmt: skip
        return 0
    unrouted = routed.unrouted()
    if unrouted:
        print(f"{len(unrouted)} entr{'ies are' if len(unrouted) != 1 else 'y is'} routed to no account (see "
              "--dry-run; add a route or `default:` under syndication in mkdocs.yml to post them).")  # fmt: skip
    reopen: dict[str, frozenset[str]] = {}
    queues = {a.name: routed.for_account(a) for a in accounts if a.name in clients}
    for name in clients:
        if not state.has_network(name):
            _first_run(name, queues[name], state, first)
        elif first.posts_some:
            reopen[name] = _recorded_by_first_run(name, queues[name], state, first)
    outcome = Outcome()
    _report_rejected(state, clients, retry=args.retry_rejected)
    routed_to = {name: {e.id: e for e in queue} for name, queue in queues.items()}  # as each account posts it
    for entry in routed.entries:  # oldest first, every account in turn
        for name, client in clients.items():
            mine = routed_to[name].get(entry.id)
            if mine is not None and name not in outcome.stopped:
                _post_one(name, client, mine, state, outcome, retry=args.retry_rejected,
                          reopen=entry.id in reopen.get(name, frozenset()))  # fmt: skip
    return _summary(outcome, state)


def _clients(args: argparse.Namespace, accounts: list[Account]) -> tuple[dict[str, Network], int | None]:
    """The configured accounts' clients; a notice for each without credentials; exit 2 for half a one."""
    policy = RetryPolicy(retries=args.retries, backoff=args.backoff, timeout=args.timeout)
    clients: dict[str, Network] = {}
    seen: dict[tuple[str, ...], Account] = {}
    for account in accounts:
        how = configured(os.environ, *account.env)
        if how == "none":
            print(f"{account.name}: no account configured ({' and '.join(account.env)} are not set); skipped.")
            continue
        if how == "some":
            missing = [v for v in account.env if not (os.environ.get(v) or "").strip()]
            return {}, fail(f"{account.name}: set {', '.join(missing)} in the environment (in CI: repository secrets) "
                            f"or unset the rest of {', '.join(account.env)}: half an account cannot post")  # fmt: skip
        twin = seen.setdefault(account.identity(os.environ), account)
        if twin is not account:
            return {}, fail(f"{account.name} and {twin.name} are the same {account.network} account (their "
                            f"{account.env_prefix}_* and {twin.env_prefix}_* variables name one account): an entry "
                            "routed to both would be posted twice; declare it once in mkdocs.yml and route to that")  # fmt: skip
        try:
            clients[account.name] = NETWORKS[account.network].make(os.environ, policy, account.env_prefix)
        except MissingCredentials as e:
            return {}, fail(str(e))
    return clients, None


def _first_run(name: str, entries: list[PostEntry], state: State, first: FirstRun) -> None:
    to_post, to_record = first.split(entries)
    state.mark_many(name, [e.id for e in to_record], MARKED, why=FIRST_RUN)
    if first.posts_some:
        print(f"{name}: first run (no record of {name} in {state.path}): recorded {len(to_record)} entries of the "
              f"feed as already posted; posting {len(to_post)} ({first.describe()}).")  # fmt: skip
    else:
        print(f"{name}: first run (no record of {name} in {state.path}): recorded the {len(to_record)} entries "
              "already in the feed as posted and sent none; later runs post what is new. To post some of them "
              "after all, run with --post-newest N or --since DATE.")  # fmt: skip


def _first_run_chosen(name: str, entries: list[PostEntry], state: State, first: FirstRun) -> frozenset[str]:
    chosen, _ = first.split(entries)
    return frozenset(e.id for e in chosen if (state.record(name, e.id) or {}).get("why") == FIRST_RUN
                     and state.status(name, e.id) == MARKED)  # fmt: skip


def _recorded_by_first_run(name: str, entries: list[PostEntry], state: State, first: FirstRun) -> frozenset[str]:
    """The chosen entries that a first run recorded without posting: `--post-newest` / `--since` later on."""
    ids = _first_run_chosen(name, entries, state, first)
    print(f"{name}: posting {len(ids)} entr{'ies' if len(ids) != 1 else 'y'} that the first run recorded without "
          f"posting ({first.describe()}); entries already posted are not sent again.")  # fmt: skip
    return ids


def _report_rejected(state: State, clients: Mapping[str, Network], *, retry: bool) -> None:
    for name in clients:
        for entry_id, record in state.with_status(name, REJECTED).items():
            if retry:
                print(f"{name}: retrying {entry_id}, rejected earlier ({record.get('reason', 'no reason given')})")
            else:
                print(f"{name}: not posted: {entry_id} was rejected ({record.get('reason', 'no reason given')}, "
                      f"{record.get('at', '')}); fix the entry, then run with --retry-rejected.", file=sys.stderr)  # fmt: skip


def _post_one(name: str, client: Network, entry: PostEntry, state: State, outcome: Outcome, *, retry: bool,
              reopen: bool = False) -> None:  # fmt: skip
    """Post one entry to the account `name` (its key in the state) through `client`."""
    before = state.record(name, entry.id)
    status = before.get("status") if before else None
    if status == POSTED or (status == MARKED and not reopen) or (status == REJECTED and not retry):
        return
    pending = before if status == PENDING else None
    claimed = frozenset(str(r.get("id")) for r in state.with_status(name, POSTED).values() if r.get("id"))
    state.mark(name, entry.id, PENDING, **client.pending_info(entry))
    try:
        info = client.post(entry, pending=pending, claimed=claimed)
    except Rejected as e:
        if e.account:  # about the account or the address, not this entry: stop this network
            state.restore(name, entry.id, before)
            print(f"radsite syndicate: {e}.\n{name}: stopped; nothing more was sent to {name} in this run.",
                  file=sys.stderr)  # fmt: skip
            outcome.stopped[name] = EXIT_REJECTED
            return
        state.mark(name, entry.id, REJECTED, reason=e.reason)
        outcome.rejected.append(f"{name}: {entry.id}")
        print(f"radsite syndicate: {e}.\n{name}: {entry.id} is recorded as rejected in {state.path} and will not "
              "be posted until you fix it and run with --retry-rejected; going on with the next entries.",
              file=sys.stderr)  # fmt: skip
        return
    except (GiveUp, Unanswered) as e:
        made = outcome.posted.get(name, 0)
        print(f"radsite syndicate: {e}.\n{name}: stopped for this run; the {made} post{'s' * (made != 1)} made are "
              f"recorded in {state.path}, and the next run continues from {entry.id}.", file=sys.stderr)  # fmt: skip
        outcome.stopped[name] = EXIT_GAVE_UP
        return
    except BadAnswer as e:
        print(f"radsite syndicate: {e}.\n{name}: stopped; {entry.id} is left pending, so the next run checks "
              "whether it was posted before sending it again.", file=sys.stderr)  # fmt: skip
        outcome.stopped[name] = EXIT_REJECTED
        return
    state.mark(name, entry.id, POSTED, **info)
    outcome.posted[name] = outcome.posted.get(name, 0) + 1
    print(f"{name}: posted {entry.id} -> {info.get('url', '')}", flush=True)


def _summary(outcome: Outcome, state: State) -> int:
    total = sum(outcome.posted.values())
    by = ", ".join(f"{n} {c}" for n, c in outcome.posted.items())
    line = f"Done: {total} new post{'s' * (total != 1)}{f' ({by})' if by else ''}; state in {state.path}."
    if outcome.rejected:
        line += (f" {len(outcome.rejected)} rejected and not posted (see above): "
                 + "; ".join(outcome.rejected) + ".")  # fmt: skip
    if outcome.stopped:
        line += f" Stopped early: {', '.join(outcome.stopped)} (see above)."
    print(line)
    if outcome.rejected or EXIT_REJECTED in outcome.stopped.values():
        return EXIT_REJECTED
    return EXIT_GAVE_UP if outcome.stopped else 0


def _dry_run(args: argparse.Namespace, accounts: list[Account], routed: Routed, state: State,
             first: FirstRun) -> int:  # fmt: skip
    count = 0
    ready = [a for a in accounts if configured(os.environ, *a.env) == "all"]
    if ready:  # what this run would really do; without any credentials, a preview of every account
        for account in accounts:
            if account not in ready:
                print(f"{account.name}: no account configured ({' and '.join(account.env)} are not set); left out.")
        accounts = ready
    else:
        print("No account is configured here: showing what every account would send.")
    print("Routing (entry -> accounts):")
    print("\n".join(routed.table(accounts)))
    for account in accounts:
        name = account.name
        entries = routed.for_account(account)
        candidates, reopened = entries, frozenset[str]()
        if state.has_network(name) and first.posts_some:
            reopened = _first_run_chosen(name, entries, state, first)
        if not state.has_network(name):
            candidates, recorded = first.split(entries)
            print(f"{name}: first run: {len(recorded)} entries would be recorded as already posted, "
                  f"{len(candidates)} sent.")  # fmt: skip
        for entry in candidates:
            status = state.status(name, entry.id)
            skip_marked = status == MARKED and entry.id not in reopened
            if status == POSTED or skip_marked or (status == REJECTED and not args.retry_rejected):
                continue
            print(f"=== {name}: {entry.id}")
            print(NETWORKS[account.network].preview(entry, os.environ, account.env_prefix))
            print()
            count += 1
    print(f"Dry run: {count} post{'s' * (count != 1)} would be sent; nothing was sent or recorded.")
    return 0
