"""LinkedIn organisation pages: `POST /rest/posts` (the REST Posts API), one post per entry.

LinkedIn has no idempotency key and a post carries no field a client could set to find it again,
so every attempt but a fresh first one asks the server first: the organisation's posts, newest first
(`GET /rest/posts?q=author`), are searched for the commentary this entry sends, which the feed
derives from the entry (a case's answer has its own text, though it links to the same page). A
post already recorded for another entry is never taken for this one. The state says "pending"
before the request and holds the post's id (the `x-restli-id` answer header) after, so a killed
run neither loses nor doubles a post; a request that got no answer is never sent blind again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

import httpx

from radsite.publish.posttext import LINKEDIN_LIMIT
from radsite.syndicate.credentials import MissingCredentials, base_url, require
from radsite.syndicate.feedread import PostEntry
from radsite.syndicate.http import BadAnswer, Rejected, RetryPolicy, checked, json_body, with_retries
from radsite.syndicate.state import CLOCK_SKEW, pending_since

NAME = "linkedin"
DEFAULT_BASE = "https://api.linkedin.com"
POSTS = "/rest/posts"
RESTLI = "2.0.0"
ORGANIZATION = re.compile(r"^urn:li:organization:\d+$")
VERSION = re.compile(r"^20\d{2}(0[1-9]|1[0-2])$")
LOOKUP_PAGES, PAGE = 5, 20  # how far back a resumed run looks: the organisation's 100 newest posts
TITLE_LIMIT, DESCRIPTION_LIMIT = 400, 4086  # content.article title / description


def api_version(today: dt.date | None = None) -> str:
    """`LinkedIn-Version` (YYYYMM): last month's. LinkedIn releases one a month and retires them after
    a year, so a fixed one would stop working while a hourly job runs for years."""
    today = today or dt.datetime.now(dt.UTC).date()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year}{month:02d}"


def post_body(entry: PostEntry, author: str) -> dict[str, Any]:
    """The post as the Posts API wants it: commentary, the item's page as an article, public."""
    article = {"source": entry.link, "title": entry.title[:TITLE_LIMIT], "description": entry.summary[:DESCRIPTION_LIMIT]}
    return {
        "author": author,
        "commentary": entry.texts[NAME],
        "visibility": "PUBLIC",
        "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": []},
        "content": {"article": article},
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": False,
    }


def same_commentary(sent: str, found: str) -> bool:
    return " ".join(sent.split()) == " ".join(found.split())


class LinkedIn:
    name = NAME

    def __init__(self, base: str, token: str, author: str, policy: RetryPolicy, *, prefix: str = "LINKEDIN",
                 version: str | None = None, client: httpx.Client | None = None) -> None:  # fmt: skip
        self.base_url = base.rstrip("/")
        self._token = token
        self.author = author
        self.policy = policy
        self.env = f"{prefix}_BASE_URL"
        self.version = version or api_version()
        self.client = client or policy.client()

    @classmethod
    def from_env(cls, environ: Mapping[str, str], policy: RetryPolicy, prefix: str = "LINKEDIN") -> LinkedIn:
        token, urn = require(environ, NAME, f"{prefix}_ACCESS_TOKEN", f"{prefix}_ORGANIZATION_URN")
        return cls(base_url(environ, f"{prefix}_BASE_URL", DEFAULT_BASE), token, organization_urn(urn, prefix),
                   policy, prefix=prefix, version=_version(environ, prefix))  # fmt: skip

    @staticmethod
    def preview(entry: PostEntry, environ: Mapping[str, str], prefix: str = "LINKEDIN") -> str:
        """What `--dry-run` prints: the request, without the token."""
        base = (environ.get(f"{prefix}_BASE_URL") or DEFAULT_BASE).rstrip("/")
        author = environ.get(f"{prefix}_ORGANIZATION_URN") or f"${prefix}_ORGANIZATION_URN"
        version = (environ.get(f"{prefix}_API_VERSION") or "").strip() or api_version()
        return (f"POST {base}{POSTS}\nLinkedIn-Version: {version}\nX-Restli-Protocol-Version: {RESTLI}\n"
                + json.dumps(post_body(entry, author), indent=2, ensure_ascii=False))  # fmt: skip

    def pending_info(self, entry: PostEntry) -> dict[str, str]:
        return {"author": self.author}

    def post(self, entry: PostEntry, pending: dict[str, Any] | None = None,
             claimed: frozenset[str] = frozenset()) -> dict[str, str]:  # fmt: skip
        """Post once: after a pending record, a dropped connection or a server error, look first."""
        what = f"posting {entry.id}"
        if len(entry.texts[NAME]) > LINKEDIN_LIMIT:
            raise Rejected(f"{NAME}: {what}: the commentary has {len(entry.texts[NAME])} characters, over LinkedIn's "
                           f"{LINKEDIN_LIMIT}; rebuild the site with this RadSite", reason="commentary too long")  # fmt: skip
        since = pending_since(pending) or dt.datetime.now(dt.UTC) - CLOCK_SKEW
        attempts = {"n": 0}

        def attempt() -> dict[str, str]:
            attempts["n"] += 1
            if pending is not None or attempts["n"] > 1:  # the server may hold it already: never post blind twice
                found = self.find_posted(entry, since, claimed)
                if found is not None:
                    return found
            response = self.client.post(self.base_url + POSTS, json=post_body(entry, self.author), headers=self._headers())
            checked(response, network=NAME, what=what)
            post_id = response.headers.get("x-restli-id", "").strip()
            if not post_id.startswith("urn:li:"):
                raise self._bad(response, what, "no x-restli-id header with the new post's URN")
            return _result(post_id)

        return with_retries(attempt, network=NAME, what=what, policy=self.policy,
                            unanswered=lambda: self.find_posted(entry, since, claimed))  # fmt: skip

    def find_posted(self, entry: PostEntry, since: dt.datetime, claimed: frozenset[str]) -> dict[str, str] | None:
        """The organisation's post made since `since` whose commentary is this entry's, if there is one."""
        text = entry.texts[NAME]
        what = f"checking whether {entry.id} was posted"
        for page in range(LOOKUP_PAGES):
            response = self.client.get(self.base_url + POSTS, headers=self._headers(),
                                       params={"q": "author", "author": self.author, "count": PAGE,
                                               "start": page * PAGE, "sortBy": "CREATED"})  # fmt: skip
            try:
                checked(response, network=NAME, what=what)
            except Rejected as e:
                if e.status == 403:
                    raise Rejected(f"{e}; the token needs r_organization_social so a resumed run can check what "
                                   "it posted", status=403, reason=e.reason, account=True) from None  # fmt: skip
                raise
            body = json_body(response, network=NAME, what=what, env=self.env)
            elements = body.get("elements")
            if not isinstance(elements, list):
                raise self._bad(response, what, "no 'elements' list")
            for post in elements:
                if not isinstance(post, dict):
                    continue
                post_id = str(post.get("id") or "")
                if post_id and post_id not in claimed and same_commentary(text, str(post.get("commentary") or "")):
                    return _result(post_id)
            oldest = _created(elements[-1]) if elements else None
            if len(elements) < PAGE or (oldest is not None and oldest < since):
                return None
        return None

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}", "LinkedIn-Version": self.version,
                "X-Restli-Protocol-Version": RESTLI}  # fmt: skip

    def _bad(self, response: httpx.Response, what: str, missing: str) -> BadAnswer:
        kind = response.headers.get("content-type", "no content type").split(";")[0]
        start = " ".join(response.text[:80].split())
        return BadAnswer(f"{NAME}: {what}: the server at {response.request.url.host} answered HTTP "
                         f"{response.status_code} with {kind} ({start!r}) and {missing}, not what the Posts API "
                         f"sends; check that {self.env} is LinkedIn's API address ({DEFAULT_BASE}), not a web page "
                         "or proxy")  # fmt: skip


def organization_urn(value: str, prefix: str = "LINKEDIN") -> str:
    """`urn:li:organization:<id>` (a bare id is accepted): the page the posts appear on."""
    value = value.strip()
    if value.isdigit():
        value = f"urn:li:organization:{value}"
    if not ORGANIZATION.match(value):
        raise MissingCredentials(f"{prefix}_ORGANIZATION_URN={value!r} is not an organisation: give it as "
                                 "urn:li:organization:<id> (the number in the page's admin address "
                                 "linkedin.com/company/<id>/admin)")  # fmt: skip
    return value


def _version(environ: Mapping[str, str], prefix: str) -> str | None:
    value = (environ.get(f"{prefix}_API_VERSION") or "").strip()
    if value and not VERSION.match(value):
        raise MissingCredentials(f"{prefix}_API_VERSION={value!r} is not a LinkedIn-Version: give it as YYYYMM "
                                 "(e.g. 202611), or unset it for last month's")  # fmt: skip
    return value or None


def _result(post_id: str) -> dict[str, str]:
    return {"id": post_id, "url": f"https://www.linkedin.com/feed/update/{post_id}/"}


def _created(post: Any) -> dt.datetime | None:
    """`createdAt`: milliseconds since the epoch."""
    value = post.get("createdAt") if isinstance(post, dict) else None
    if isinstance(value, int) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value / 1000, dt.UTC)
    return None
