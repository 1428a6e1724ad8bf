"""Mastodon: `POST /api/v1/statuses` with an `Idempotency-Key` derived from the entry id.

The same key goes with every attempt for an entry, in this run and the next, so a resend after a
dropped connection gets back the status the server already made instead of a second one.
Mastodon keeps keys for about an hour, and a status carries no hidden field a client could set,
so a run that finds an entry left "pending" (killed, or no answer in time) first looks through the
account's statuses made since then for this entry's post: the entry's own post text, which the
feed derives from the entry, never just its link (a case's answer entry links to the same page as
its question). A status already recorded for another entry is never taken for this one.

An entry's image goes first (`POST /api/v2/media`, its alt text as `description`; a 202 answer is
polled until processed), then the status with its `media_ids`; an image that cannot be read or is
refused leaves the post without it.

A request that got no answer within the timeout is not resent in the same run: Mastodon checks the
key before it stores the status, so a resend while the first request is still being processed
would make a duplicate. The run instead checks, after a pause, whether the status appeared.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
import sys
from collections.abc import Mapping
from typing import Any

import httpx

from radsite.syndicate.credentials import base_url, require
from radsite.syndicate.feedread import PostEntry
from radsite.syndicate.http import (
    Rejected,
    Retryable,
    RetryPolicy,
    checked,
    field_of,
    json_body,
    json_list,
    with_retries,
)
from radsite.syndicate.images import Upload, fit
from radsite.syndicate.state import CLOCK_SKEW, pending_since

NAME = "mastodon"
STATUSES = "/api/v1/statuses"
MEDIA = "/api/v2/media"
ENV = "MASTODON_BASE_URL"
LOOKUP_PAGES = 5  # of 40 statuses: how far back a resumed run looks
BREAK = re.compile(r"<br\s*/?>", re.I)
PARAGRAPH = re.compile(r"</p>\s*<p[^>]*>", re.I)
TAG = re.compile(r"<[^>]*>")


def idempotency_key(entry_id: str) -> str:
    return "radsite-" + hashlib.sha256(entry_id.encode("utf-8")).hexdigest()[:48]


IMAGE_BYTES = 16_000_000  # Mastodon's default image limit; an instance says its own in /api/v2/instance
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
ALT_LIMIT = 1500  # characters of a media description


def status_body(entry: PostEntry, media_ids: list[str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": entry.texts[NAME], "visibility": "public", "language": entry.language}
    if media_ids:
        body["media_ids"] = media_ids
    return body


def image_of(entry: PostEntry, limits: tuple[int, frozenset[str]] = (IMAGE_BYTES, IMAGE_TYPES)) -> Upload | None:
    max_bytes, types = limits
    return fit(entry.image, max_bytes=max_bytes, types=types, network=NAME, entry_id=entry.id)


def plain_text(content: str) -> str:
    """A status's HTML `content` as the text that was posted (Mastodon's own rendering, undone)."""
    text = PARAGRAPH.sub("\n\n", BREAK.sub("\n", content))
    return html.unescape(TAG.sub("", text))


def same_text(posted: str, content: str) -> bool:
    """Whether a status's HTML is this post text (whitespace aside: Mastodon reflows it)."""
    return " ".join(plain_text(content).split()) == " ".join(posted.split())


class Mastodon:
    name = NAME

    def __init__(self, base_url: str, token: str, policy: RetryPolicy, client: httpx.Client | None = None,
                 env: str = ENV) -> None:  # fmt: skip
        self.base_url = base_url.rstrip("/")
        self.env = env  # the variable holding base_url, named in messages
        self._token = token
        self.policy = policy
        self.client = client or policy.client()
        self._account_id: str | None = None
        self._limits: tuple[int, frozenset[str]] | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str], policy: RetryPolicy, prefix: str = "MASTODON") -> Mastodon:
        env = f"{prefix}_BASE_URL"
        _, token = require(environ, NAME, env, f"{prefix}_TOKEN")
        return cls(base_url(environ, env), token, policy, env=env)

    @staticmethod
    def preview(entry: PostEntry, environ: Mapping[str, str], prefix: str = "MASTODON") -> str:
        """What `--dry-run` prints: the request, without the token."""
        env = f"{prefix}_BASE_URL"
        base = (environ.get(env) or f"${env}").rstrip("/")
        upload = image_of(entry)
        first = ""
        if upload is not None:
            first = (f"POST {base}{MEDIA} ({upload.name}, {upload.mime}, {len(upload.data)} bytes, "
                     f"description {upload.alt[:ALT_LIMIT]!r})\n")  # fmt: skip
        body = status_body(entry, ["<id of the uploaded image>"] if upload else None)
        return (first + f"POST {base}{STATUSES}\nIdempotency-Key: {idempotency_key(entry.id)}\n"
                + json.dumps(body, indent=2, ensure_ascii=False))  # fmt: skip

    def pending_info(self, entry: PostEntry) -> dict[str, str]:
        """Written into the state before sending: what identifies this post on the server."""
        return {"idempotency_key": idempotency_key(entry.id)}

    def post(self, entry: PostEntry, pending: dict[str, Any] | None = None,
             claimed: frozenset[str] = frozenset()) -> dict[str, str]:  # fmt: skip
        """Post once. `pending`: the entry's record from a run that did not see the answer (look
        first); `claimed`: status ids already recorded for other entries (never this one's)."""
        what = f"posting {entry.id}"
        since = pending_since(pending)
        sent_at = dt.datetime.now(dt.UTC) - CLOCK_SKEW
        if pending is not None:
            found = self.find_posted(entry, since, claimed)
            if found is not None:
                return found
        media_ids = self._media(entry)
        headers = {"Authorization": f"Bearer {self._token}", "Idempotency-Key": idempotency_key(entry.id)}

        def send() -> dict[str, str]:
            body = status_body(entry, media_ids)
            response = self.client.post(self.base_url + STATUSES, json=body, headers=headers)
            body = json_body(checked(response, network=NAME, what=what), network=NAME, what=what, env=self.env)
            return _result(body, what)

        return with_retries(send, network=NAME, what=what, policy=self.policy,
                            unanswered=lambda: self.find_posted(entry, since or sent_at, claimed, quiet=True))  # fmt: skip

    def _media(self, entry: PostEntry) -> list[str]:
        """The entry's image uploaded with its alt text, once processed: its id, or none (never a failed run)."""
        if entry.image is None:
            return []
        upload = image_of(entry, self._image_limits())
        if upload is None:
            return []
        what = f"uploading the image of {entry.id}"
        auth = {"Authorization": f"Bearer {self._token}"}

        def send() -> dict[str, Any]:
            response = self.client.post(self.base_url + MEDIA, headers=auth,
                                        files={"file": (upload.name, upload.data, upload.mime)},
                                        data={"description": upload.alt[:ALT_LIMIT]})  # fmt: skip
            body = json_body(checked(response, network=NAME, what=what), network=NAME, what=what, env=self.env)
            return {"id": field_of(body, "id", network=NAME, what=what), "ready": response.status_code == 200}

        try:
            media = with_retries(send, network=NAME, what=what, policy=self.policy)
            if not media["ready"] and not self._processed(media["id"], what):
                print(f"{NAME}: {what}: still processing after {self.policy.retries + 1} checks; posting without it",
                      file=sys.stderr)  # fmt: skip
                return []
        except Rejected as e:
            if e.account:
                raise
            print(f"{NAME}: {what}: {e}; posting without it", file=sys.stderr)
            return []
        return [media["id"]]

    def _image_limits(self) -> tuple[int, frozenset[str]]:
        """This instance's image size limit and types (`GET /api/v2/instance`), else Mastodon's defaults."""
        if self._limits is None:
            self._limits = (IMAGE_BYTES, IMAGE_TYPES)
            try:
                response = self.client.get(self.base_url + "/api/v2/instance")
                config = response.json().get("configuration", {}) if response.status_code == 200 else {}
                media = config.get("media_attachments", {}) if isinstance(config, dict) else {}
                limit = media.get("image_size_limit") if isinstance(media, dict) else None
                types = media.get("supported_mime_types") if isinstance(media, dict) else None
                if isinstance(limit, int) and limit > 0:
                    chosen = frozenset(t for t in types if t in IMAGE_TYPES) if isinstance(types, list) else IMAGE_TYPES
                    self._limits = (limit, chosen or IMAGE_TYPES)
            except (httpx.HTTPError, ValueError, AttributeError):
                pass  # the defaults; an upload the instance refuses is then left out of the post
        return self._limits

    def _processed(self, media_id: str, what: str) -> bool:
        """Mastodon answers 202 while it processes an upload; GET /api/v1/media/:id says 206 until done."""
        for attempt in range(self.policy.retries + 1):
            self.policy.sleep(self.policy.backoff * 2**attempt)
            try:
                response = self.client.get(f"{self.base_url}/api/v1/media/{media_id}",
                                           headers={"Authorization": f"Bearer {self._token}"})  # fmt: skip
                if response.status_code == 200:
                    return True
                if response.status_code != 206:
                    checked(response, network=NAME, what=what)
            except (httpx.TransportError, Retryable):
                continue  # a passing failure: ask again after the next pause
        return False

    def find_posted(self, entry: PostEntry, since: dt.datetime | None, claimed: frozenset[str] = frozenset(),
                    quiet: bool = False) -> dict[str, str] | None:  # fmt: skip
        """The account's status that is this entry's post, made since `since`, if there is one."""
        what = f"checking whether {entry.id} was posted"
        try:
            return with_retries(lambda: self._search(entry, since, claimed), network=NAME, what=what, policy=self.policy)
        except Rejected as e:  # a token without read scopes: the Idempotency-Key is the only guard left
            if not quiet:
                print(f"{NAME}: {what}: {e}; relying on the Idempotency-Key (give the token read:statuses and "
                      "read:accounts so a resumed run can check)", file=sys.stderr)  # fmt: skip
            return None

    def _search(self, entry: PostEntry, since: dt.datetime | None, claimed: frozenset[str]) -> dict[str, str] | None:
        auth = {"Authorization": f"Bearer {self._token}"}
        text = entry.texts[NAME]
        if self._account_id is None:
            response = self.client.get(self.base_url + "/api/v1/accounts/verify_credentials", headers=auth)
            me = json_body(checked(response, network=NAME, what="reading the account"), network=NAME,
                           what="reading the account", env=self.env)  # fmt: skip
            self._account_id = field_of(me, "id", network=NAME, what="reading the account")
        params: dict[str, Any] = {"limit": 40, "exclude_reblogs": "true"}
        for _ in range(LOOKUP_PAGES):
            response = self.client.get(f"{self.base_url}/api/v1/accounts/{self._account_id}/statuses",
                                       params=params, headers=auth)  # fmt: skip
            statuses = json_list(checked(response, network=NAME, what="reading recent statuses"), network=NAME,
                                 what="reading recent statuses", env=self.env)  # fmt: skip
            for status in statuses:
                sid = str(status.get("id", ""))
                if sid and sid not in claimed and same_text(text, str(status.get("content", ""))):
                    return {"id": sid, "url": str(status.get("url") or status.get("uri") or "")}
            if not statuses or (since is not None and _created(statuses[-1]) < since):
                return None
            params["max_id"] = str(statuses[-1].get("id", ""))
        return None


def _result(body: dict[str, Any], what: str) -> dict[str, str]:
    sid = field_of(body, "id", network=NAME, what=what)
    return {"id": sid, "url": str(body.get("url") or body.get("uri") or "")}


def _created(status: dict[str, Any]) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(str(status.get("created_at", "")).replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime.max.replace(tzinfo=dt.UTC)  # unknown: keep looking
