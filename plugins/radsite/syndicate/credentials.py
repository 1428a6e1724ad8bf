"""Credentials come from the environment only; they are never printed, logged or written."""

from __future__ import annotations

from collections.abc import Mapping


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
