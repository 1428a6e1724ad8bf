"""Bluesky (AT Protocol): a session, then one `app.bsky.feed.post` record per entry.

The record key is derived from the entry id (a valid TID: the entry's time plus bits of a hash of
its id), so a retry or a resumed run asks the server whether that record exists before creating
it, and `createRecord` with a key that already exists cannot make a second post. Links and
hashtags become facets (UTF-8 byte offsets, end exclusive). An entry with an image posts it
(`app.bsky.embed.images`, with its alt text and aspect ratio; scaled down to the 1 MB blob limit if
needed); one without gets a link card (`app.bsky.embed.external`), which Bluesky does not build. An access
token that expires mid-run (`ExpiredToken`) is renewed with `refreshSession` and the attempt retried.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from collections.abc import Mapping
from typing import Any

import httpx

from radsite.publish.posttext import URL
from radsite.syndicate.credentials import base_url, require
from radsite.syndicate.feedread import PostEntry
from radsite.syndicate.http import BadAnswer, Rejected, Retryable, RetryPolicy, checked, field_of, json_body, with_retries
from radsite.syndicate.images import Upload, fit

NAME = "bluesky"
DEFAULT_SERVICE = "https://bsky.social"
ENV = "BLUESKY_SERVICE"
POST_TYPE = "app.bsky.feed.post"
IMAGE_BYTES = 1_000_000  # app.bsky.embed.images: maxSize of an image blob
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
HASHTAG = re.compile(r"(?:^|(?<=\s))#([^\s#]*[^\s#.,;:!?)\]])")


def rkey(entry_id: str, published: dt.datetime) -> str:
    """A deterministic TID: microseconds (the entry's second + 6 hash digits) and a 10-bit clock id."""
    digest = hashlib.sha256(entry_id.encode("utf-8")).digest()
    micros = int(published.timestamp()) * 1_000_000 + int.from_bytes(digest[:4], "big") % 1_000_000
    n = (micros << 10) | (int.from_bytes(digest[4:6], "big") & 0x3FF)
    return "".join(TID_ALPHABET[(n >> shift) & 31] for shift in range(60, -1, -5))


def facets(text: str) -> list[dict[str, Any]]:
    """Link and tag facets, indexed in UTF-8 bytes (end exclusive), as the AT Protocol wants."""

    def span(start: int, end: int) -> dict[str, int]:
        byte_start = len(text[:start].encode("utf-8"))
        return {"byteStart": byte_start, "byteEnd": byte_start + len(text[start:end].encode("utf-8"))}

    out = [{"index": span(m.start(), m.end()), "features": [{"$type": "app.bsky.richtext.facet#link", "uri": m.group()}]}
           for m in URL.finditer(text)]  # fmt: skip
    out += [{"index": span(m.start(), m.end()), "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": m.group(1)}]}
            for m in HASHTAG.finditer(text)]  # fmt: skip
    return sorted(out, key=lambda f: f["index"]["byteStart"])


def post_record(entry: PostEntry, created_at: str, image: tuple[dict[str, Any], Upload] | None = None) -> dict[str, Any]:
    """The post: its picture with alt text when it has one, else a link card (Bluesky builds none itself)."""
    text = entry.texts[NAME]
    embed: dict[str, Any]
    if image is not None:
        blob, upload = image
        embed = {"$type": "app.bsky.embed.images", "images": [
            {"alt": upload.alt, "image": blob, "aspectRatio": {"width": upload.width, "height": upload.height}}]}  # fmt: skip
    else:
        embed = {"$type": "app.bsky.embed.external",
                 "external": {"uri": entry.link, "title": entry.title, "description": entry.summary}}  # fmt: skip
    return {
        "$type": POST_TYPE,
        "text": text,
        "createdAt": created_at,
        "langs": [entry.language],
        "facets": facets(text),
        "embed": embed,
    }


def image_of(entry: PostEntry) -> Upload | None:
    return fit(entry.image, max_bytes=IMAGE_BYTES, types=IMAGE_TYPES, network=NAME, entry_id=entry.id)


class Bluesky:
    name = NAME

    def __init__(self, service: str, handle: str, password: str, policy: RetryPolicy,
                 client: httpx.Client | None = None, prefix: str = "BLUESKY") -> None:  # fmt: skip
        self.service = service.rstrip("/")
        self.prefix = prefix  # of the variables named in messages
        self.env = f"{prefix}_SERVICE"
        self.handle = handle
        self._password = password
        self.policy = policy
        self.client = client or policy.client()
        self._session: dict[str, str] | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str], policy: RetryPolicy, prefix: str = "BLUESKY") -> Bluesky:
        handle, password = require(environ, NAME, f"{prefix}_HANDLE", f"{prefix}_APP_PASSWORD")
        return cls(base_url(environ, f"{prefix}_SERVICE", DEFAULT_SERVICE), handle, password, policy, prefix=prefix)

    @staticmethod
    def preview(entry: PostEntry, environ: Mapping[str, str], prefix: str = "BLUESKY") -> str:
        """What `--dry-run` prints: the record as it would be created (no password, no token)."""
        service = (environ.get(f"{prefix}_SERVICE") or DEFAULT_SERVICE).rstrip("/")
        upload = image_of(entry)
        record = post_record(entry, "<time of posting>", ({"$uploaded": upload.name}, upload) if upload else None)
        body = {"repo": "<your account's DID>", "collection": POST_TYPE, "rkey": rkey(entry.id, entry.published),
                "record": record}  # fmt: skip
        first = ""
        if upload is not None:
            first = f"POST {service}/xrpc/com.atproto.repo.uploadBlob ({upload.name}, {upload.mime}, {len(upload.data)} bytes)\n"
        return first + f"POST {service}/xrpc/com.atproto.repo.createRecord\n" + json.dumps(body, indent=2, ensure_ascii=False)

    def pending_info(self, entry: PostEntry) -> dict[str, str]:
        """Written into the state before sending: the record key, kept even if the entry's date changes."""
        return {"rkey": rkey(entry.id, entry.published)}

    def post(self, entry: PostEntry, pending: dict[str, Any] | None = None,
             claimed: frozenset[str] = frozenset()) -> dict[str, str]:  # fmt: skip
        """Create the entry's record once; `pending`: a run that did not see the answer (ask first)."""
        resume = pending is not None
        earlier = pending.get("rkey") if pending else None
        key = earlier if isinstance(earlier, str) and earlier else rkey(entry.id, entry.published)
        what = f"posting {entry.id}"
        created_at = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        uploaded: dict[str, Any] = {}
        attempts = {"n": 0}

        def attempt() -> dict[str, str]:
            session = self._login()
            attempts["n"] += 1
            if resume or attempts["n"] > 1:  # the server may already hold it: never post blind twice
                found = self._get_record(session, key)
                if found is not None:
                    return self._result(session, key, found)
            if "upload" not in uploaded:  # prepared once, and only when the post is really to be made
                uploaded["upload"] = image_of(entry)
            upload = uploaded["upload"]
            if upload is not None and "blob" not in uploaded:
                uploaded["blob"] = self._upload(session, upload, entry.id)
            image = (uploaded["blob"], upload) if upload is not None and uploaded.get("blob") else None
            body = {"repo": session["did"], "collection": POST_TYPE, "rkey": key,
                    "record": post_record(entry, created_at, image)}  # fmt: skip
            response = self.client.post(f"{self.service}/xrpc/com.atproto.repo.createRecord", json=body,
                                        headers=self._auth(session))  # fmt: skip
            self._renew_if_expired(response)
            if 400 <= response.status_code < 500 and response.status_code != 429:
                found = self._get_record(session, key)  # "already exists": a previous attempt got through
                if found is not None:
                    return self._result(session, key, found)
            return self._result(session, key, self._json(checked(response, network=NAME, what=what), what))

        return with_retries(attempt, network=NAME, what=what, policy=self.policy)

    def _login(self) -> dict[str, str]:
        if self._session is None:
            response = self.client.post(f"{self.service}/xrpc/com.atproto.server.createSession",
                                        json={"identifier": self.handle, "password": self._password})  # fmt: skip
            if response.status_code == 401:
                raise Rejected(f"{NAME}: signing in as {self.handle} failed (HTTP 401): check {self.prefix}_HANDLE and "
                               f"{self.prefix}_APP_PASSWORD (an app password, not the account password)",
                               status=401, account=True)  # fmt: skip
            try:
                checked(response, network=NAME, what=f"signing in as {self.handle}")
            except Rejected as e:  # whatever the code (e.g. 400 AuthFactorTokenRequired), it is the account's
                raise Rejected(f"{e} (check {self.prefix}_HANDLE and {self.prefix}_APP_PASSWORD)", status=e.status,
                               reason=e.reason, account=True) from None  # fmt: skip
            body = self._json(response, "signing in")
            self._session = _session(body, self.handle)
        return self._session

    def _renew_if_expired(self, response: httpx.Response) -> None:
        """An access token lives for minutes to hours: when the server says it expired, get a new
        one (`refreshSession`, else sign in again) and retry the attempt, which first asks whether
        the post already exists."""
        if response.status_code not in (400, 401) or _error(response) != "ExpiredToken":
            return
        session, self._session = self._session, None
        if session is not None and session.get("refresh"):
            renewed = self.client.post(f"{self.service}/xrpc/com.atproto.server.refreshSession",
                                       headers={"Authorization": f"Bearer {session['refresh']}"})  # fmt: skip
            if renewed.status_code < 300:
                self._session = _session(self._json(renewed, "renewing the session"), self.handle)
        raise Retryable("the session expired; renewed it", wait=0.0)

    def _auth(self, session: dict[str, str]) -> dict[str, str]:
        return {"Authorization": f"Bearer {session['jwt']}"}

    def _get_record(self, session: dict[str, str], key: str) -> dict[str, Any] | None:
        response = self.client.get(
            f"{self.service}/xrpc/com.atproto.repo.getRecord",
            params={"repo": session["did"], "collection": POST_TYPE, "rkey": key}, headers=self._auth(session),
        )  # fmt: skip
        self._renew_if_expired(response)
        if response.status_code == 404 or (response.status_code == 400 and _error(response) == "RecordNotFound"):
            return None
        return self._json(checked(response, network=NAME, what=f"looking up record {key}"), f"looking up record {key}")

    def _upload(self, session: dict[str, str], upload: Upload, entry_id: str) -> dict[str, Any] | None:
        """The image as a blob; None if the server refuses it (the post then gets its link card)."""
        what = f"uploading the image of {entry_id}"
        response = self.client.post(f"{self.service}/xrpc/com.atproto.repo.uploadBlob", content=upload.data,
                                    headers={**self._auth(session), "Content-Type": upload.mime})  # fmt: skip
        self._renew_if_expired(response)
        try:
            body = self._json(checked(response, network=NAME, what=what), what)
        except Rejected as e:
            if e.account:
                raise
            print(f"{NAME}: {what}: {e}; posting it with a link card instead", file=sys.stderr)
            return None
        blob = body.get("blob")
        if not isinstance(blob, dict):
            raise BadAnswer(f"{NAME}: {what}: the answer has no 'blob' object; is {self.service} a "
                            f"Bluesky PDS? (check {self.env})")  # fmt: skip
        return blob

    def _json(self, response: httpx.Response, what: str) -> dict[str, Any]:
        return json_body(response, network=NAME, what=what, env=self.env)

    def _result(self, session: dict[str, str], key: str, body: dict[str, Any]) -> dict[str, str]:
        return {"uri": str(body.get("uri", "")), "url": f"https://bsky.app/profile/{session['handle']}/post/{key}"}


def _session(body: dict[str, Any], handle: str) -> dict[str, str]:
    def need(name: str) -> str:
        return field_of(body, name, network=NAME, what="signing in")

    return {"did": need("did"), "jwt": need("accessJwt"), "refresh": str(body.get("refreshJwt") or ""),
            "handle": str(body.get("handle") or handle)}  # fmt: skip


def _error(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("error", "")) if isinstance(body, dict) else ""
