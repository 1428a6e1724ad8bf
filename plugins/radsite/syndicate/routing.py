"""Accounts per audience: which social accounts exist, and which entries each one posts.

Declared in mkdocs.yml (`syndication:` of the radsite plugin): named accounts, several per network
if need be (a patient-facing Mastodon account and a clinical one), each reading its credentials from
the variables of its `env_prefix` (`MASTODON_PATIENTS` -> MASTODON_PATIENTS_BASE_URL and
MASTODON_PATIENTS_TOKEN), and routes from collections and tags to them. A tag's route wins over
its collection's (a news item tagged `jobs` goes where `jobs` says, e.g. LinkedIn only); an entry
that no route names goes to the `default` accounts (none unless declared). Nothing declared: one
account per network from the usual variables, named after its network, and everything goes to each.
The account's name is its key in the state file, so renaming an account is a new account.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from radsite.content.registry import COLLECTIONS

# network -> (variables an account needs, optional ones), as suffixes of its env_prefix
NETWORK_ENV: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "mastodon": (("BASE_URL", "TOKEN"), ()),
    "bluesky": (("HANDLE", "APP_PASSWORD"), ("SERVICE",)),
    "linkedin": (("ACCESS_TOKEN", "ORGANIZATION_URN"), ("BASE_URL", "API_VERSION")),
}
# what makes two declared accounts one and the same on the network (it would get every entry twice)
IDENTITY = {"mastodon": ("BASE_URL", "TOKEN"), "bluesky": ("HANDLE",), "linkedin": ("ORGANIZATION_URN",)}
ACCOUNT_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
ENV_PREFIX = re.compile(r"^[A-Z][A-Z0-9_]*[A-Z0-9]$")
ACCOUNT_KEYS = ("network", "env_prefix", "patient_facing", "profile", "handle")
KEYS = ("accounts", "collections", "tags", "default")
EXAMPLE = ("e.g. syndication: {accounts: {patients: {network: mastodon, env_prefix: MASTODON_PATIENTS, "
           "patient_facing: true}}, collections: {faq: [patients]}, tags: {jobs: [linkedin]}}")  # fmt: skip


@dataclass(frozen=True)
class Account:
    name: str  # in mkdocs.yml, in the state file and in messages
    network: str  # mastodon | bluesky | linkedin
    env_prefix: str
    patient_facing: bool = False  # case answers there never give the answer away in the first line
    profile: str = ""  # the public profile's https address, shown on the Follow us page (radsite.derive.follow)
    handle: str = ""  # how the network writes its name, when the profile address does not say it

    def identity(self, environ: Mapping[str, str]) -> tuple[str, ...]:
        """Who this account is on its network, from its variables (compared, never shown)."""
        values = (environ.get(f"{self.env_prefix}_{suffix}") or "" for suffix in IDENTITY[self.network])
        return (self.network, *(v.strip().rstrip("/").lower() for v in values))

    @property
    def env(self) -> tuple[str, ...]:
        """The variables this account needs (all set: configured; none: not used; some: a mistake)."""
        return tuple(f"{self.env_prefix}_{suffix}" for suffix in NETWORK_ENV[self.network][0])


DEFAULT_ACCOUNTS: tuple[Account, ...] = tuple(Account(network, network, network.upper()) for network in NETWORK_ENV)


@dataclass(frozen=True)
class Routing:
    accounts: tuple[Account, ...] = field(default_factory=lambda: DEFAULT_ACCOUNTS)
    collections: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    default: tuple[str, ...] = field(default_factory=lambda: tuple(a.name for a in DEFAULT_ACCOUNTS))
    declared: bool = False  # False: nothing in mkdocs.yml, today's one account per network

    def account(self, name: str) -> Account:
        return next(a for a in self.accounts if a.name == name)

    def accounts_for(self, collection: str, tags: Iterable[str]) -> tuple[str, ...]:
        """The accounts an entry goes to: its tags' routes, else its collection's, else the default."""
        tagged = [name for tag in tags for name in self.tags.get(tag, ())]
        if tagged:
            return tuple(dict.fromkeys(tagged))
        return self.collections.get(collection, self.default)


def parse_routing(value: Any) -> Routing:
    """The `syndication` option as Routing, or ValueError saying what is wrong and what to write
    (its text starts with the part of the option it is about, e.g. `accounts.patients.network`)."""
    if isinstance(value, Routing):  # already parsed (a default handed back by a config layer)
        return value
    if value is None or value == {}:
        return Routing()
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a mapping with {', '.join(KEYS)}, found {type(value).__name__} ({EXAMPLE})")
    _known_keys(value, KEYS, "")
    accounts = _accounts(value.get("accounts")) if value.get("accounts") is not None else DEFAULT_ACCOUNTS
    names = [a.name for a in accounts]
    collections = _routes(value.get("collections"), "collections", names, known=COLLECTIONS)
    tags = _routes(value.get("tags"), "tags", names)
    default = _names(value.get("default") or [], "default", names)
    return Routing(accounts=accounts, collections=collections, tags=tags, default=default, declared=True)


def _accounts(value: Any) -> tuple[Account, ...]:
    if not isinstance(value, Mapping) or not value:
        raise ValueError(f"accounts: expected account names, each with network and env_prefix ({EXAMPLE})")
    accounts: list[Account] = []
    for name, spec in value.items():
        where = f"accounts.{name}"
        if not isinstance(name, str) or not ACCOUNT_NAME.match(name):
            raise ValueError(f"{where}: {name!r} is not an account name: lower-case letters, digits, - and _ "
                             "(e.g. patients)")  # fmt: skip
        if not isinstance(spec, Mapping):
            raise ValueError(f"{where}: expected network and env_prefix, e.g. {{network: mastodon, env_prefix: "
                             f"MASTODON_{name.upper().replace('-', '_')}}}")  # fmt: skip
        _known_keys(spec, ACCOUNT_KEYS, f"{where}.")
        network = spec.get("network")
        if network not in NETWORK_ENV:
            near = difflib.get_close_matches(str(network), NETWORK_ENV, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise ValueError(f"{where}.network: {network!r} is not one of {', '.join(NETWORK_ENV)}{hint}")
        prefix = spec.get("env_prefix", network.upper())
        if not isinstance(prefix, str) or not ENV_PREFIX.match(prefix):
            raise ValueError(f"{where}.env_prefix: {prefix!r} is not a variable prefix: upper-case letters, digits "
                             f"and _ (e.g. {network.upper()}_{name.upper().replace('-', '_')}, which reads "
                             f"{network.upper()}_{name.upper().replace('-', '_')}_{NETWORK_ENV[network][0][0]})")  # fmt: skip
        patient_facing = spec.get("patient_facing", False)
        if not isinstance(patient_facing, bool):
            raise ValueError(f"{where}.patient_facing: {patient_facing!r} is not true or false")
        twin = next((a for a in accounts if a.network == network and a.env_prefix == prefix), None)
        if twin is not None:
            raise ValueError(f"{where}.env_prefix: {prefix} is also the prefix of account {twin.name!r}: one account "
                             "declared twice would post every entry twice; give each its own env_prefix")  # fmt: skip
        profile, handle = spec.get("profile", ""), spec.get("handle", "")
        if not isinstance(profile, str) or (profile and not re.match(r"^https://[^\s/]+/\S*$", profile)):
            raise ValueError(f"{where}.profile: {profile!r} is not a public https address (e.g. https://mastodon.social/@name)")
        if not isinstance(handle, str):
            raise ValueError(f"{where}.handle: {handle!r} is not text (e.g. @name@mastodon.social)")
        accounts.append(Account(name, network, prefix, patient_facing, profile, handle))
    return tuple(accounts)


def _routes(value: Any, where: str, names: list[str], known: Mapping[str, Any] | None = None) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: expected names with the accounts they go to, e.g. {where}: {{faq: [patients]}}")
    routes: dict[str, tuple[str, ...]] = {}
    for key, accounts in value.items():
        if known is not None and key not in known:
            near = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"collections: {', '.join(known)}"
            raise ValueError(f"{where}.{key}: {key!r} is not a collection ({hint})")
        routes[str(key)] = _names(accounts, f"{where}.{key}", names)
    return routes


def _names(value: Any, where: str, names: list[str]) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(n, str) for n in items):
        raise ValueError(f"{where}: expected a list of account names (of {', '.join(names)}), e.g. [{names[0]}]")
    for item in items:
        if item not in names:
            near = difflib.get_close_matches(item, names, n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"declared accounts: {', '.join(names)}"
            raise ValueError(f"{where}: {item!r} is not a declared account ({hint})")
    return tuple(dict.fromkeys(items))


def _known_keys(value: Mapping[Any, Any], keys: tuple[str, ...], where: str) -> None:
    for key in value:
        if key not in keys:
            near = difflib.get_close_matches(str(key), keys, n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"known: {', '.join(keys)}"
            raise ValueError(f"{where}{key}: unknown key {key!r} ({hint})")
