"""The "Follow us" page's accounts, derived from the one place they are declared: `syndication.accounts`.

An account is shown with its network, its handle, its public profile, the feeds it posts and for
whom, so the page can never name an account that posts nothing or miss one that does. Only public
words from mkdocs.yml are used: the credentials behind `env_prefix` are never read here.
An account declared without a `profile` is not shown (a reader could not find it).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from radsite.content.registry import COLLECTIONS
from radsite.syndicate.routing import Account, Routing

NETWORK_NAMES = {"mastodon": "Mastodon", "bluesky": "Bluesky", "linkedin": "LinkedIn"}
PATIENTS = "Patients, families and the public"
PROFESSIONALS = "Referring clinicians, trainees and colleagues"


@dataclass(frozen=True)
class FollowAccount:
    name: str
    network: str  # display name: "Mastodon"
    handle: str
    profile: str
    rel_me: bool  # a Mastodon profile links back with rel="me" to verify the site
    audience: str
    posts: tuple[str, ...]  # feed titles (collections) and topics (tags) it posts


def follow_accounts(routing: Routing, feed_titles: dict[str, str]) -> list[FollowAccount]:
    """Every declared account with a public profile, in the order mkdocs.yml declares them.

    `feed_titles` maps a collection with a feed to its title: an account only says it posts what a
    reader could also follow as a feed."""
    shown = []
    for account in routing.accounts:
        if not account.profile:
            continue
        shown.append(FollowAccount(
            name=account.name,
            network=NETWORK_NAMES.get(account.network, account.network.title()),
            handle=account.handle or handle_from_profile(account),
            profile=account.profile,
            rel_me=account.network == "mastodon",
            audience=PATIENTS if account.patient_facing else PROFESSIONALS,
            posts=_posts(routing, account, feed_titles),
        ))  # fmt: skip
    return shown


def handle_from_profile(account: Account) -> str:
    """How each network writes a name: @user@host (Mastodon), @handle (Bluesky), else the address's last part."""
    parts = urlsplit(account.profile)
    path = [p for p in parts.path.split("/") if p]
    last = path[-1] if path else parts.netloc
    if account.network == "mastodon" and last.startswith("@"):
        return f"{last}@{parts.netloc}" if "@" not in last[1:] else last
    if account.network == "bluesky":
        return "@" + last.lstrip("@")
    return last


def _posts(routing: Routing, account: Account, feed_titles: dict[str, str]) -> tuple[str, ...]:
    collections = [name for name, names in routing.collections.items() if account.name in names]
    if not routing.declared or account.name in routing.default:
        collections += [name for name in COLLECTIONS if name not in routing.collections]
    posts = [feed_titles[name] for name in dict.fromkeys(collections) if name in feed_titles]
    posts += [f"Topic: {tag.replace('-', ' ')}" for tag, names in routing.tags.items() if account.name in names]
    return tuple(posts)
