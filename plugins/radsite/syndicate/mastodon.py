"""Mastodon: `POST /api/v1/statuses` with an `Idempotency-Key` derived from the entry id.

If a run dies after the server stored the status but before the state file said so, the next run
sends the same key and Mastodon answers with the status it already has instead of a second one.
Mastodon keeps keys for about an hour, so a run resuming an entry left "pending" first looks for
the entry's link among the account's latest statuses.
"""

from __future__ import annotations

import hashlib
import html
import sys
from collections.abc import Mapping
from typing import Any

import httpx

from radsite.syndicate.credentials import require
from radsite.syndicate.feedread import PostEntry
from radsite.syndicate.http import USER_AGENT, Rejected, RetryPolicy, checked, with_retries

NAME = "mastodon"
STATUSES = "/api/v1/statuses"


def idempotency_key(entry_id: str) -> str:
    return "radsite-" + hashlib.sha256(entry_id.encode("utf-8")).hexdigest()[:48]


def status_body(entry: PostEntry) -> dict[str, Any]:
    return {"status": entry.texts[NAME], "visibility": "public", "language": entry.language}


class Mastodon:
    name = NAME

    def __init__(self, base_url: str, token: str, policy: RetryPolicy, client: httpx.Client | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.policy = policy
        self.client = client or httpx.Client(timeout=30, headers={"User-Agent": USER_AGENT})

    @classmethod
    def from_env(cls, environ: Mapping[str, str], policy: RetryPolicy) -> Mastodon:
        base_url, token = require(environ, NAME, "MASTODON_BASE_URL", "MASTODON_TOKEN")
        return cls(base_url, token, policy)

    @staticmethod
    def preview(entry: PostEntry, environ: Mapping[str, str]) -> str:
        """What `--dry-run` prints: the request, without the token."""
        import json

        base = (environ.get("MASTODON_BASE_URL") or "$MASTODON_BASE_URL").rstrip("/")
        return (f"POST {base}{STATUSES}\nIdempotency-Key: {idempotency_key(entry.id)}\n"
                + json.dumps(status_body(entry), indent=2, ensure_ascii=False))  # fmt: skip

    def post(self, entry: PostEntry, resume: bool = False) -> dict[str, str]:
        """Post once; a retry (or a resumed run, `resume`) reuses the key, so it cannot duplicate."""
        if resume:
            found = self.find_recent(entry)
            if found is not None:
                return found
        headers = {"Authorization": f"Bearer {self._token}", "Idempotency-Key": idempotency_key(entry.id)}

        def send() -> httpx.Response:
            response = self.client.post(self.base_url + STATUSES, json=status_body(entry), headers=headers)
            return checked(response, network=NAME, what=f"posting {entry.id}")

        body = with_retries(send, network=NAME, what=f"posting {entry.id}", policy=self.policy).json()
        return {"id": str(body.get("id", "")), "url": str(body.get("url") or body.get("uri") or "")}

    def find_recent(self, entry: PostEntry) -> dict[str, str] | None:
        """The account's status linking to the entry among its latest 40, if a lost run posted it."""
        auth = {"Authorization": f"Bearer {self._token}"}

        def look() -> list[dict[str, Any]]:
            me = checked(self.client.get(self.base_url + "/api/v1/accounts/verify_credentials", headers=auth),
                         network=NAME, what="reading the account").json()  # fmt: skip
            response = self.client.get(f"{self.base_url}/api/v1/accounts/{me['id']}/statuses",
                                       params={"limit": 40, "exclude_reblogs": "true"}, headers=auth)  # fmt: skip
            return checked(response, network=NAME, what="reading recent statuses").json()

        try:
            statuses = with_retries(look, network=NAME, what=f"checking {entry.id}", policy=self.policy)
        except Rejected as e:  # a token without read scopes: the Idempotency-Key is the only guard left
            print(f"{NAME}: could not check for an earlier post of {entry.id} ({e}); relying on the Idempotency-Key",
                  file=sys.stderr)  # fmt: skip
            return None
        for status in statuses:
            if entry.link in html.unescape(str(status.get("content", ""))):
                return {"id": str(status.get("id", "")), "url": str(status.get("url") or status.get("uri") or "")}
        return None
