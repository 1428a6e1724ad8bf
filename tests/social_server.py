"""A Mastodon + Bluesky + LinkedIn server on 127.0.0.1 for the syndication tests.

It speaks the real endpoints (`/api/v1/statuses`; `com.atproto.server.createSession`,
`repo.getRecord`, `repo.uploadBlob`, `repo.createRecord`; LinkedIn's `POST /rest/posts` with its
version and Rest.li headers, answering the new post's URN in `x-restli-id`, and
`GET /rest/posts?q=author`), holds two Mastodon accounts (one per token), checks what a real server would refuse
(auth, required fields, lengths, facet byte offsets, record keys), remembers idempotency keys like
Mastodon does, and can be told to fail: an HTTP status before storing, or a dropped connection or a
slow answer after storing, slow processing before storing, a 200 answer with an HTML page, a
rejection in the server's words. Everything it refuses is also listed in `violations`.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import gzip
import html
import io
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import grapheme
from PIL import Image as PILImage

TOKEN = "mastodon-test-token"
PATIENTS_TOKEN = "mastodon-patients-token"  # a second Mastodon account on the same server
MASTODON_ACCOUNTS = {TOKEN: "1", PATIENTS_TOKEN: "2"}  # token -> account id
LINKEDIN_TOKEN, ORG_URN = "linkedin-test-token", "urn:li:organization:2414183"
LITTLE_TEXT_RESERVED = set("\\|{}@[]()<>#*_~")
HANDLE, PASSWORD, DID, JWT = "radiology.test", "app-pass-1234", "did:plc:radsitetest", "jwt-access-test"
TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
URL = re.compile(r"https?://\S+")


@dataclass
class Fault:
    """What to do to one upcoming request of an endpoint."""

    status: int | None = None  # answer this status before storing anything
    retry_after: str | None = None
    message: str = "injected fault"  # the error text of `status`, as the server words it
    location: str | None = None  # a redirect's target
    drop_after_store: bool = False  # store, then close the connection without answering
    delay_after_store: float = 0.0  # store, then wait before answering
    delay_before_store: float = 0.0  # slow processing: wait, then store (Mastodon checks the key first)
    html_body: bool = False  # answer 200 with an HTML page (a proxy or login portal), storing nothing
    gzip_body: bool = False  # answer 200 with JSON in gzip, unasked for (a bomb would unpack to gigabytes)
    huge_body: int = 0  # answer 200 with JSON of this many bytes


@dataclass
class Server:
    statuses: list[dict[str, Any]] = field(default_factory=list)
    by_key: dict[str, dict[str, Any]] = field(default_factory=dict)  # "<account id>:<Idempotency-Key>" -> status
    keys_sent: list[str] = field(default_factory=list)  # the Idempotency-Key of every POST /statuses
    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # rkey -> record
    record_order: list[str] = field(default_factory=list)
    blobs: dict[str, int] = field(default_factory=dict)
    blob_data: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # ref -> (mime, bytes)
    media: dict[str, dict[str, Any]] = field(default_factory=dict)  # Mastodon media attachments by id
    media_processing: int = 0  # Mastodon: answer uploads 202 and GET /media/:id 206 this many times
    media_limit: int = 16_000_000
    linkedin_posts: list[dict[str, Any]] = field(default_factory=list)  # oldest first
    linkedin_sent: int = 0  # POST /rest/posts requests that passed the checks
    violations: list[str] = field(default_factory=list)
    faults: dict[str, list[Fault]] = field(default_factory=dict)  # endpoint -> faults for the next calls
    hits: dict[str, int] = field(default_factory=dict)
    stored: threading.Event = field(default_factory=threading.Event)  # set whenever something is stored
    lock: threading.Lock = field(default_factory=threading.Lock)
    access_jwt: str = JWT  # Bluesky: the access token that is valid now
    refresh_jwt: str = "jwt-refresh"
    expire_after: int | None = None  # Bluesky: the access token expires after this many authenticated calls
    auth_calls: int = 0
    sessions: int = 0  # createSession + refreshSession answered

    def expire_tokens_after(self, calls: int) -> None:
        self.expire_after, self.auth_calls = calls, 0

    def fault(self, endpoint: str, *faults: Fault) -> None:
        self.faults.setdefault(endpoint, []).extend(faults)

    def posts(self) -> int:
        return len(self.statuses) + len(self.records) + len(self.linkedin_posts)


def mastodon_length(text: str) -> int:
    return len(URL.sub("x" * 23, text))


HASHTAG = re.compile(r"(?<![\w/#])#(\w+)")


def mastodon_html(text: str) -> str:
    """A status's `content` as Mastodon renders it: paragraphs, <br />, links split into invisible
    and ellipsis spans, hashtags as links to the tag page."""

    def link(m: re.Match[str]) -> str:
        url = m.group()
        scheme, rest = url.split("://", 1)
        return (f'<a href="{url}" target="_blank" rel="nofollow noopener" translate="no">'
                f'<span class="invisible">{scheme}://</span><span class="ellipsis">{rest[:30]}</span>'
                f'<span class="invisible">{rest[30:]}</span></a>')  # fmt: skip

    def tag(m: re.Match[str]) -> str:
        href = f"http://mastodon.test/tags/{m.group(1).lower()}"
        return f'<a href="{href}" class="mention hashtag" rel="tag">#<span>{m.group(1)}</span></a>'

    paragraphs = []
    for para in html.escape(text, quote=False).split("\n\n"):
        para = HASHTAG.sub(tag, URL.sub(link, para))
        paragraphs.append("<p>" + para.replace("\n", "<br />") + "</p>")
    return "".join(paragraphs)


class Handler(BaseHTTPRequestHandler):
    server_state: Server

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    # -- plumbing
    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _refuse(self, status: int, error: str, message: str) -> None:
        self.server_state.violations.append(f"{self.path}: {message}")
        self._json(status, {"error": error, "message": message})

    def _mastodon_account(self) -> str | None:
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        return MASTODON_ACCOUNTS.get(token)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _next_fault(self, endpoint: str) -> Fault:
        s = self.server_state
        with s.lock:
            s.hits[endpoint] = s.hits.get(endpoint, 0) + 1
            queue = s.faults.get(endpoint) or []
            return queue.pop(0) if queue else Fault()

    def _pre(self, fault: Fault) -> bool:
        if fault.gzip_body or fault.huge_body:
            data = json.dumps({"id": "1", "pad": "0" * max(fault.huge_body, 100_000)}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            if fault.gzip_body:
                data = gzip.compress(data)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return True
        if fault.html_body:
            page = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Portal</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)
            return True
        if fault.status:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            if fault.location:
                headers["Location"] = fault.location
            self._json(fault.status, {"error": fault.message}, headers)
            return True
        return False

    def _after_store(self, fault: Fault) -> bool:
        self.server_state.stored.set()
        if fault.drop_after_store:
            self.close_connection = True
            self.connection.shutdown(2)
            return True
        if fault.delay_after_store:
            time.sleep(fault.delay_after_store)
        return False

    # -- routes
    def do_POST(self) -> None:
        route = urlsplit(self.path).path
        if route == "/api/v1/statuses":
            return self._status()
        if route == "/api/v2/media":
            return self._media_upload()
        if route == "/xrpc/com.atproto.server.createSession":
            return self._session()
        if route == "/xrpc/com.atproto.server.refreshSession":
            return self._refresh()
        if route == "/xrpc/com.atproto.repo.uploadBlob":
            return self._upload()
        if route == "/xrpc/com.atproto.repo.createRecord":
            return self._create()
        if route == "/rest/posts":
            return self._linkedin_create()
        self._json(404, {"error": "NotFound"})

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path.startswith("/api/v1/accounts/"):
            return self._account(parts.path)
        if parts.path == "/api/v2/instance":  # public: no token needed
            media = {"image_size_limit": self.server_state.media_limit,
                     "supported_mime_types": ["image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"]}  # fmt: skip
            return self._json(200, {"domain": "mastodon.test", "configuration": {"media_attachments": media}})
        if parts.path == "/rest/posts":
            return self._linkedin_list(parts.query)
        if parts.path.startswith("/api/v1/media/"):
            return self._media_get(parts.path.rsplit("/", 1)[-1])
        if parts.path == "/xrpc/com.atproto.repo.getRecord":
            if not self._bluesky_auth():
                return
            q = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if q.get("repo") != DID or q.get("collection") != "app.bsky.feed.post":
                return self._refuse(400, "InvalidRequest", f"getRecord: wrong repo/collection {q}")
            with self.server_state.lock:
                record = self.server_state.records.get(q.get("rkey", ""))
            if record is None:
                return self._json(400, {"error": "RecordNotFound", "message": "Could not locate record"})
            uri = f"at://{DID}/app.bsky.feed.post/{q['rkey']}"
            return self._json(200, {"uri": uri, "cid": "bafyreitest", "value": record})
        self._json(404, {"error": "NotFound"})

    # -- Mastodon
    def _status(self) -> None:
        s = self.server_state
        body = self._body()
        fault = self._next_fault("statuses")
        if self._mastodon_account() is None:
            return self._refuse(401, "unauthorized", "statuses: missing or wrong bearer token")
        key = self.headers.get("Idempotency-Key")
        with s.lock:
            s.keys_sent.append(key or "")
        if not key:
            return self._refuse(422, "unprocessable", "statuses: no Idempotency-Key header")
        data = json.loads(body)
        status = data.get("status")
        if not isinstance(status, str) or not status.strip():
            return self._refuse(422, "unprocessable", "statuses: status is required")
        if mastodon_length(status) > 500:
            return self._refuse(422, "unprocessable", f"statuses: {mastodon_length(status)} characters > 500")
        if data.get("visibility") not in ("public", "unlisted", "private", "direct"):
            return self._refuse(422, "unprocessable", f"statuses: visibility {data.get('visibility')!r}")
        if not data.get("language"):
            return self._refuse(422, "unprocessable", "statuses: language missing")
        media_ids = data.get("media_ids") or []
        for media_id in media_ids:
            attachment = s.media.get(media_id)
            if attachment is None:
                return self._refuse(422, "unprocessable", f"statuses: media {media_id!r} was never uploaded")
            if attachment["polls_left"] > 0:
                return self._refuse(422, "unprocessable", "Cannot attach files that have not finished processing. "
                                    "Try again in a moment!")  # fmt: skip
            if attachment.get("status_key") not in (None, key):
                return self._refuse(422, "unprocessable", f"statuses: media {media_id} is attached to another status")
        if self._pre(fault):
            return
        with s.lock:  # Mastodon (PostStatusService): look the key up first, store it after the status
            stored = s.by_key.get(f"{self._mastodon_account()}:{key}")  # Mastodon keeps keys per account
        if stored is None and fault.delay_before_store:
            time.sleep(fault.delay_before_store)  # a slow server: a resend now would not see the key yet
        if stored is None:
            with s.lock:
                n = len(s.statuses) + 1
                now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
                stored = {"id": str(n), "url": f"http://mastodon.test/@radiology/{n}", "content": status,
                          "account": self._mastodon_account(),
                          "html": mastodon_html(status), "created_at": now, "idempotency_key": key,
                          "media_attachments": [s.media[m] for m in media_ids]}  # fmt: skip
                for media_id in media_ids:
                    s.media[media_id]["status_key"] = key
                s.statuses.append(stored)
                s.by_key[f"{self._mastodon_account()}:{key}"] = stored
        if self._after_store(fault):
            return
        self._json(200, stored)

    def _media_upload(self) -> None:
        """POST /api/v2/media: multipart `file` (+ `description`), 200 when processed, else 202."""
        s = self.server_state
        body = self._body()
        fault = self._next_fault("media")
        if self._mastodon_account() is None:
            return self._refuse(401, "unauthorized", "media: missing or wrong bearer token")
        ctype = self.headers.get("Content-Type", "")
        if not ctype.startswith("multipart/form-data"):
            return self._refuse(422, "unprocessable", f"media: Content-Type {ctype!r}, not multipart/form-data")
        parts = email.message_from_bytes(f"Content-Type: {ctype}\r\n\r\n".encode() + body, policy=email.policy.HTTP)
        fields = {p.get_param("name", header="content-disposition"): p for p in parts.iter_parts()}
        upload = fields.get("file")
        if upload is None:
            return self._refuse(422, "unprocessable", "media: no file part")
        data = upload.get_payload(decode=True) or b""
        mime = upload.get_content_type()
        description = fields["description"].get_content().strip() if "description" in fields else ""
        if self._pre(fault):
            return
        if mime not in ("image/jpeg", "image/png", "image/gif", "image/webp"):
            return self._json(422, {"error": f"Validation failed: File content type {mime!r} is invalid"})
        if len(data) > s.media_limit:
            return self._json(422, {"error": "Validation failed: File file size must be less than 16 MB"})
        if len(description) > 1500:
            return self._refuse(422, "unprocessable", f"media: description of {len(description)} > 1500 characters")
        try:
            with PILImage.open(io.BytesIO(data)) as opened:  # what a real server does first: decode it
                real = PILImage.MIME.get(opened.format or "")
                opened.load()
        except Exception:
            return self._refuse(422, "unprocessable", "media: the file is not an image it can decode")
        if real != mime:
            return self._refuse(422, "unprocessable", f"media: declared {mime}, the content is {real}")
        with s.lock:
            media_id = str(100 + len(s.media))
            s.media[media_id] = {"id": media_id, "type": "image", "description": description, "mime": mime,
                                 "size": len(data), "polls_left": s.media_processing}  # fmt: skip
        ready = s.media_processing == 0
        self._json(200 if ready else 202, {"id": media_id, "type": "image", "description": description,
                                           "url": f"http://mastodon.test/media/{media_id}" if ready else None})  # fmt: skip

    def _media_get(self, media_id: str) -> None:
        s = self.server_state
        if self._mastodon_account() is None:
            return self._refuse(401, "unauthorized", "media: missing or wrong bearer token")
        with s.lock:
            attachment = s.media.get(media_id)
            if attachment is None:
                return self._json(404, {"error": "Record not found"})
            if attachment["polls_left"] > 0:
                attachment["polls_left"] -= 1
                return self._json(206, {"id": media_id, "url": None})
        self._json(200, {"id": media_id, "type": "image", "url": f"http://mastodon.test/media/{media_id}"})

    def _account(self, path: str) -> None:
        if self._mastodon_account() is None:
            return self._refuse(401, "unauthorized", f"{path}: missing or wrong bearer token")
        account = self._mastodon_account()
        if path == "/api/v1/accounts/verify_credentials":
            return self._json(200, {"id": account, "username": "radiology"})
        if path == f"/api/v1/accounts/{account}/statuses":
            q = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            fault = self._next_fault("account_statuses")
            if self._pre(fault):
                return
            with self.server_state.lock:
                latest = [st for st in reversed(self.server_state.statuses) if st["account"] == account]
            if q.get("max_id"):  # older than that id, as Mastodon pages a timeline
                latest = [st for st in latest if int(st["id"]) < int(q["max_id"])]
            page = latest[: min(int(q.get("limit", 20)), 40)]
            return self._json(200, [{"id": st["id"], "url": st["url"], "content": st["html"],
                                     "created_at": st["created_at"]} for st in page])  # fmt: skip
        self._json(404, {"error": "Record not found"})

    # -- Bluesky
    def _bluesky_auth(self) -> bool:
        s = self.server_state
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        with s.lock:
            if token == s.access_jwt and s.expire_after is not None:
                s.auth_calls += 1
                if s.auth_calls > s.expire_after:  # a real PDS: a short-lived access token runs out
                    s.access_jwt, s.expire_after = s.access_jwt + "-renewed", None
            valid, issued = s.access_jwt, token.startswith(JWT)
        if token == valid:
            return True
        if issued:  # one we gave out earlier: the server says it expired, in its own words
            self._json(400, {"error": "ExpiredToken", "message": "Token has expired"})
        else:
            self._refuse(401, "AuthenticationRequired", f"{self.path}: missing or wrong bearer token")
        return False

    def _refresh(self) -> None:
        s = self.server_state
        if self.headers.get("Authorization") != f"Bearer {s.refresh_jwt}":
            return self._refuse(401, "AuthenticationRequired", "refreshSession: missing or wrong refresh token")
        with s.lock:
            s.refresh_jwt += "-next"  # refresh tokens rotate: the old one is spent
            s.sessions += 1
            body = {"accessJwt": s.access_jwt, "refreshJwt": s.refresh_jwt, "did": DID, "handle": HANDLE}
        self._json(200, body)

    def _session(self) -> None:
        data = json.loads(self._body())
        fault = self._next_fault("createSession")
        if self._pre(fault):
            return
        if data.get("identifier") != HANDLE or data.get("password") != PASSWORD:
            return self._json(401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"})
        with self.server_state.lock:
            self.server_state.sessions += 1
            body = {"accessJwt": self.server_state.access_jwt, "refreshJwt": self.server_state.refresh_jwt,
                    "did": DID, "handle": HANDLE}  # fmt: skip
        self._json(200, body)

    def _upload(self) -> None:
        data = self._body()
        fault = self._next_fault("uploadBlob")
        if not self._bluesky_auth():
            return
        mime = self.headers.get("Content-Type", "")
        if not mime.startswith("image/"):
            return self._refuse(400, "InvalidRequest", f"uploadBlob: Content-Type {mime!r}")
        if len(data) > 1_000_000:
            return self._refuse(400, "BlobTooLarge", f"uploadBlob: {len(data)} bytes > 1,000,000")
        if self._pre(fault):
            return
        ref = f"bafkrei{len(self.server_state.blobs):04d}"
        self.server_state.blobs[ref] = len(data)
        self.server_state.blob_data[ref] = (mime, data)
        self._json(200, {"blob": {"$type": "blob", "ref": {"$link": ref}, "mimeType": mime, "size": len(data)}})

    def _create(self) -> None:
        s = self.server_state
        data = json.loads(self._body())
        fault = self._next_fault("createRecord")
        if not self._bluesky_auth():
            return
        problem = check_post(data, s.blob_data)
        if problem:
            return self._refuse(400, "InvalidRequest", f"createRecord: {problem}")
        if self._pre(fault):
            return
        rkey = data["rkey"]
        if fault.delay_before_store:
            time.sleep(fault.delay_before_store)
        with s.lock:  # a PDS holds one record per key: a second create with it is refused
            if rkey in s.records:
                return self._json(400, {"error": "InvalidRequest", "message": f"Record already exists: {rkey}"})
            s.records[rkey] = data["record"]
            s.record_order.append(rkey)
        if self._after_store(fault):
            return
        self._json(200, {"uri": f"at://{DID}/app.bsky.feed.post/{rkey}", "cid": "bafyreitest"})

    # -- LinkedIn (REST Posts API)
    def _linkedin_headers(self) -> bool:
        """What LinkedIn refuses before reading a request: the token, the version, the Rest.li protocol."""
        if self.headers.get("Authorization") != f"Bearer {LINKEDIN_TOKEN}":
            self._json(401, {"status": 401, "serviceErrorCode": 65600, "code": "INVALID_ACCESS_TOKEN",
                             "message": "Invalid access token"})  # fmt: skip
            return False
        version = self.headers.get("LinkedIn-Version") or ""
        now = dt.datetime.now(dt.UTC)
        if not re.fullmatch(r"20\d{2}(0[1-9]|1[0-2])", version) or version > f"{now.year}{now.month:02d}":
            self._refuse(400, "VERSION_MISSING", f"posts: LinkedIn-Version {version!r} is not an active YYYYMM version")
            return False
        if self.headers.get("X-Restli-Protocol-Version") != "2.0.0":
            self._refuse(400, "", "posts: X-Restli-Protocol-Version must be 2.0.0")
            return False
        return True

    def _linkedin_create(self) -> None:
        s = self.server_state
        body = self._body()
        fault = self._next_fault("posts")
        if not self._linkedin_headers():
            return
        data = json.loads(body)
        problem = check_linkedin_post(data)
        if problem:
            return self._json_refuse(422, f"posts: {problem}")
        with s.lock:
            s.linkedin_sent += 1
        if self._pre(fault):
            return
        if fault.delay_before_store:
            time.sleep(fault.delay_before_store)
        with s.lock:
            urn = f"urn:li:share:{7000 + len(s.linkedin_posts)}"
            now = int(time.time() * 1000)
            s.linkedin_posts.append({**data, "id": urn, "createdAt": now, "lastModifiedAt": now})
        if self._after_store(fault):
            return
        self.send_response(201)
        self.send_header("x-restli-id", urn)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _json_refuse(self, status: int, message: str) -> None:
        self.server_state.violations.append(f"{self.path}: {message}")
        self._json(status, {"status": status, "message": message, "code": "UNPROCESSABLE_ENTITY"})

    def _linkedin_list(self, query: str) -> None:
        """GET /rest/posts?q=author&author=<urn>: the organisation's posts, newest first, paged."""
        s = self.server_state
        fault = self._next_fault("posts_lookup")
        if not self._linkedin_headers():
            return
        q = {k: v[0] for k, v in parse_qs(query).items()}
        if "author=urn%3Ali%3Aorganization%3A" not in query:  # Rest.li 2.0: a URN in a query is URL-encoded
            return self._json_refuse(400, f"posts lookup: the author URN is not URL-encoded in {query!r}")
        if q.get("q") != "author" or q.get("author") != ORG_URN:
            return self._json_refuse(400, f"posts lookup: q=author&author={ORG_URN} expected, got {q}")
        if self._pre(fault):
            return
        start, count = int(q.get("start", 0)), min(int(q.get("count", 10)), 100)
        with s.lock:
            newest = list(reversed(s.linkedin_posts))
        page = newest[start : start + count]
        self._json(200, {"elements": page, "paging": {"start": start, "count": count, "total": len(newest)}})


def check_linkedin_post(data: dict[str, Any]) -> str | None:
    """What the Posts API refuses (or would mangle) in a new organisation post, or None."""
    if data.get("author") != ORG_URN:
        return f"author {data.get('author')!r} is not the organisation {ORG_URN}"
    text = data.get("commentary")
    if not isinstance(text, str) or not text.strip():
        return "commentary is required"
    if len(text) > 3000:
        return f"commentary of {len(text)} characters > 3000"
    problem = little_text_problem(text)
    if problem:
        return problem
    if data.get("visibility") != "PUBLIC" or data.get("lifecycleState") != "PUBLISHED":
        return "visibility PUBLIC and lifecycleState PUBLISHED expected"
    if (data.get("distribution") or {}).get("feedDistribution") != "MAIN_FEED":
        return "distribution.feedDistribution MAIN_FEED expected"
    article = (data.get("content") or {}).get("article") or {}
    if not str(article.get("source", "")).startswith(("https://", "http://")) or not article.get("title"):
        return "content.article needs source (a URL) and title"
    return None


def little_text_problem(text: str) -> str | None:
    """An unescaped reserved character outside a hashtag template: LinkedIn would cut or mangle the post."""
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            m = re.match(r"\{hashtag\|\\#\|(\w+)\}", text[i:])
            if not m:
                return f"commentary: '{{' at {i} is not a hashtag template"
            i += m.end()
            continue
        if c in LITTLE_TEXT_RESERVED:
            return f"commentary: reserved character {c!r} at {i} is not escaped (little text format)"
        i += 1
    return None


def check_post(data: dict[str, Any], blobs: dict[str, tuple[str, bytes]]) -> str | None:
    """What a PDS would refuse in a createRecord of an app.bsky.feed.post, or None."""
    if data.get("repo") != DID or data.get("collection") != "app.bsky.feed.post":
        return "repo must be the session's DID and collection app.bsky.feed.post"
    if not TID.match(data.get("rkey") or ""):
        return f"rkey {data.get('rkey')!r} is not a TID"
    record = data.get("record") or {}
    text = record.get("text")
    if record.get("$type") != "app.bsky.feed.post" or not isinstance(text, str):
        return "record needs $type app.bsky.feed.post and text"
    if grapheme.length(text) > 300 or len(text.encode()) > 3000:
        return f"text is {grapheme.length(text)} graphemes > 300"
    try:
        dt.datetime.fromisoformat(record["createdAt"].replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return "createdAt missing or not a datetime"
    if not record.get("langs"):
        return "langs missing"
    raw = text.encode("utf-8")
    for facet in record.get("facets") or []:
        start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
        if not 0 <= start < end <= len(raw):
            return f"facet byte range {start}..{end} outside the text"
        try:
            span = raw[start:end].decode("utf-8")
        except UnicodeDecodeError:
            return f"facet byte range {start}..{end} cuts a character"
        for feature in facet["features"]:
            if feature["$type"] == "app.bsky.richtext.facet#link" and span != feature["uri"]:
                return f"link facet covers {span!r}, not {feature['uri']!r}"
            if feature["$type"] == "app.bsky.richtext.facet#tag" and span != "#" + feature["tag"]:
                return f"tag facet covers {span!r}, not #{feature['tag']}"
    embed = record.get("embed")
    if embed is None:
        return None
    if embed.get("$type") == "app.bsky.embed.external":
        external = embed.get("external") or {}
        if not (external.get("uri") and external.get("title") is not None and external.get("description") is not None):
            return "embed.external needs uri, title and description"
        thumb = external.get("thumb")
        return None if thumb is None else _check_blob(thumb, blobs, "thumb")
    if embed.get("$type") == "app.bsky.embed.images":
        images = embed.get("images")
        if not isinstance(images, list) or not 1 <= len(images) <= 4:
            return "embed.images needs 1 to 4 images"
        for image in images:
            if not isinstance(image.get("alt"), str):
                return "every image needs alt (a string, empty if there is none)"
            ratio = image.get("aspectRatio")
            if ratio is not None and not (ratio.get("width", 0) >= 1 and ratio.get("height", 0) >= 1):
                return f"aspectRatio {ratio} needs width and height of at least 1"
            problem = _check_blob(image.get("image") or {}, blobs, "image")
            if problem:
                return problem
        return None
    return f"embed type {embed.get('$type')!r} is not supported here"


def _check_blob(blob: dict[str, Any], blobs: dict[str, tuple[str, bytes]], what: str) -> str | None:
    """A blob reference must be an uploaded blob, an image within the lexicon's 1,000,000 bytes."""
    ref = (blob.get("ref") or {}).get("$link")
    if ref not in blobs:
        return f"{what} is not an uploaded blob"
    mime, data = blobs[ref]
    if not mime.startswith("image/") or blob.get("mimeType") != mime or blob.get("size") != len(data):
        return f"{what}: mimeType/size do not match the uploaded blob"
    if len(data) > 1_000_000:
        return f"{what}: {len(data)} bytes > 1,000,000 (app.bsky.embed.images maxSize)"
    try:
        with PILImage.open(io.BytesIO(data)) as opened:
            real = PILImage.MIME.get(opened.format or "")
    except Exception:
        return f"{what}: the blob is not an image"
    return None if real == mime else f"{what}: declared {mime}, the content is {real}"


class Running:
    def __init__(self) -> None:
        self.state = Server()
        handler = type("BoundHandler", (Handler,), {"server_state": self.state})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def linkedin_env(self) -> dict[str, str]:
        return {"LINKEDIN_BASE_URL": self.url, "LINKEDIN_ACCESS_TOKEN": LINKEDIN_TOKEN,
                "LINKEDIN_ORGANIZATION_URN": ORG_URN}  # fmt: skip

    def env(self) -> dict[str, str]:
        return {"MASTODON_BASE_URL": self.url, "MASTODON_TOKEN": TOKEN, "BLUESKY_SERVICE": self.url,
                "BLUESKY_HANDLE": HANDLE, "BLUESKY_APP_PASSWORD": PASSWORD}  # fmt: skip

    def __enter__(self) -> Running:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
