"""Credentials come from the environment only; they are never printed, logged or written."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal
from urllib.parse import urlsplit


class MissingCredentials(Exception):
    pass


def require(environ: Mapping[str, str], network: str, *names: str) -> list[str]:
    missing = [n for n in names if not environ.get(n)]
    if missing:
        raise MissingCredentials(
            f"{network}: set {', '.join(missing)} in the environment (in CI: repository secrets); "
            "credentials are read from nowhere else"
        )
    return [environ[n] for n in names]


def configured(environ: Mapping[str, str], *names: str) -> Literal["all", "none", "some"]:
    """Whether an account is set up: all its variables, none (not used here: fine), or only some (a mistake).

    CI passes an unset secret as an empty string, so empty counts as unset."""
    present = [n for n in names if (environ.get(n) or "").strip()]
    return "all" if len(present) == len(names) else "none" if not present else "some"


def base_url(environ: Mapping[str, str], name: str, default: str = "") -> str:
    """An http(s) address from the environment, checked now rather than failing on every request."""
    raw = environ.get(name) or default
    value = raw.strip().rstrip("/")
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        parts = parts._replace(netloc="")
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise MissingCredentials(f"{name}={raw!r} is not a server address: give it as https://host (e.g. "
                                 "https://mastodon.social)")  # fmt: skip
    return value
