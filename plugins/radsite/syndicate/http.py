"""HTTP with retries: 408, 429, 5xx and dropped connections are retried with backoff, honouring
`Retry-After`; any other failure is an error in the server's own words.

Failures come in three kinds, because each asks something different of the run:
- `Rejected`: the server refused this entry (a 4xx about the post): record it, go on with the next.
  `account=True` when the refusal is about the account or address (401, 403, 404, ...): stop.
- `GiveUp` / `Unanswered`: still failing after the last retry, or no answer in time: stop this
  network for now; the next run continues (and first checks whether the unanswered post exists).
- `BadAnswer`: the server answered something that is not its API (an HTML page, the wrong JSON):
  a configuration problem for a person to fix.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import httpx

T = TypeVar("T")
USER_AGENT = "RadSite-syndicate/0.2"
DEFAULT_TIMEOUT = 120.0  # seconds; far beyond a healthy server's processing time for one post
RETRYABLE = frozenset({408, 429})
ACCOUNT_LEVEL = frozenset({401, 402, 403, 404, 405, 407, 410})  # the account or the address, not the post
ACCOUNT_ERRORS = frozenset({"AuthMissing", "AuthRequired", "AuthenticationRequired", "InvalidToken", "AccountTakedown",
                            "AccountDeactivated", "RepoTakendown", "RepoDeactivated", "RepoNotFound"})  # fmt: skip


class GiveUp(Exception):
    """Still failing after the last retry: stop the run (the state file has everything so far)."""


class Unanswered(Exception):
    """A post was sent but no answer came in time: it may exist; the next run checks before resending."""


class Rejected(Exception):
    """The server refused the request (4xx other than 408/429): retrying would not help."""

    def __init__(self, message: str, *, status: int = 0, reason: str = "", account: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason or message
        self.account = account


class BadAnswer(Exception):
    """A success status whose body is not the API's JSON: a proxy, a login page, a wrong address."""


class Retryable(Exception):
    def __init__(self, problem: str, wait: float | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.wait = wait


@dataclass
class RetryPolicy:
    retries: int = 5  # after the first attempt
    backoff: float = 2.0  # seconds, doubled after each failure
    max_wait: float = 600.0  # a longer Retry-After gives up at once instead of waiting
    timeout: float = DEFAULT_TIMEOUT  # seconds to wait for an answer
    sleep: Callable[[float], None] = field(default=time.sleep)

    def client(self) -> httpx.Client:
        return httpx.Client(timeout=self.timeout, headers={"User-Agent": USER_AGENT}, transport=CappedTransport())


MAX_ANSWER_BYTES = 10_000_000  # an API's answer about one post is a few KB


class CappedTransport(httpx.BaseTransport):
    """Answers read no further than MAX_ANSWER_BYTES, and never compressed: httpx reads a whole answer
    into memory and unpacks gzip as it does, so a broken or hostile server could fill the memory with
    a few KB of gzip. Asking for `identity` and refusing any other encoding makes the byte limit hold."""

    def __init__(self, inner: httpx.BaseTransport | None = None, limit: int | None = None) -> None:
        self.inner = inner or httpx.HTTPTransport()
        self.limit = limit or MAX_ANSWER_BYTES

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["Accept-Encoding"] = "identity"
        response = self.inner.handle_request(request)
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            response.close()
            raise BadAnswer(f"{request.url.host} answered in {encoding!r} encoding, which RadSite asks servers not "
                            "to use; check the server address (a proxy in between?)")  # fmt: skip
        response.stream = _CappedStream(response.stream, self.limit, request.url.host)
        return response

    def close(self) -> None:
        self.inner.close()


class _CappedStream(httpx.SyncByteStream):
    def __init__(self, inner: Any, limit: int, host: str) -> None:
        self.inner, self.limit, self.host = inner, limit, host

    def __iter__(self) -> Iterator[bytes]:
        total = 0
        for chunk in self.inner:
            total += len(chunk)
            if total > self.limit:
                raise BadAnswer(f"{self.host} sent an answer of more than {self.limit:,} bytes, which no answer "
                                "about one post is; check the server address")  # fmt: skip
            yield chunk

    def close(self) -> None:
        close = getattr(self.inner, "close", None)
        if close is not None:
            close()


def with_retries(
    action: Callable[[], T],
    *,
    network: str,
    what: str,
    policy: RetryPolicy,
    unanswered: Callable[[], T | None] | None = None,
) -> T:
    """Run `action` until it succeeds, or give up after `policy.retries` retries.

    With `unanswered`, a request that got no answer in time is not sent again (the server may still
    be processing it, and a resend could then make a second post): `unanswered()` is asked, after
    each backoff, whether the first one got through, and `Unanswered` is raised if it never says so.
    """
    attempt = 0
    while True:
        try:
            return action()
        except (httpx.ReadTimeout, httpx.WriteTimeout) as e:
            if unanswered is None:
                problem, wait = f"no answer within {policy.timeout:g} s ({type(e).__name__})", None
            else:
                return _await_unanswered(unanswered, network=network, what=what, policy=policy)
        except httpx.TransportError as e:
            problem, wait = f"connection failed ({type(e).__name__}: {e or 'no details'})", None
        except Retryable as e:
            problem, wait = e.problem, e.wait
        if wait is None:
            wait = policy.backoff * 2**attempt
        attempt += 1
        if wait > policy.max_wait:
            problem += f"; the server asks to wait {wait:g} s, longer than {policy.max_wait:g} s"
        if attempt > policy.retries or wait > policy.max_wait:
            raise GiveUp(f"{network}: {what}: {problem}; gave up after {attempt} attempt{'s' * (attempt != 1)}")
        print(f"{network}: {what}: {problem}; retry {attempt}/{policy.retries} in {wait:g} s", file=sys.stderr)
        policy.sleep(wait)


def _await_unanswered(check: Callable[[], T | None], *, network: str, what: str, policy: RetryPolicy) -> T:
    print(f"{network}: {what}: no answer within {policy.timeout:g} s; not sending it again while the server "
          "may still be processing it, checking whether it got through", file=sys.stderr)  # fmt: skip
    for attempt in range(policy.retries + 1):
        policy.sleep(policy.backoff * 2**attempt)
        try:
            found = check()
        except (httpx.TransportError, Retryable):
            found = None
        if found is not None:
            return found
    raise Unanswered(f"{network}: {what}: no answer within {policy.timeout:g} s and the post is not (yet) on the "
                     "server; it may still appear. Left as pending: the next run looks for it before sending it "
                     "again (raise --timeout if the server is just slow)")  # fmt: skip


def checked(response: httpx.Response, *, network: str, what: str) -> httpx.Response:
    """The response if it succeeded; Retryable for 408/429/5xx; Rejected (with the server's message) otherwise."""
    status = response.status_code
    if status < 300:
        return response
    if status in RETRYABLE or status >= 500:
        raise Retryable(f"HTTP {status}", retry_after(response))
    if status < 400:  # a redirect: the address is not the API's (http for https, a moved server)
        where = response.headers.get("location", "elsewhere")
        raise Rejected(f"{network}: {what}: HTTP {status}: the server sends requests to {where}; set "
                       f"{network.upper()}_* addresses in the environment to the server's own address",
                       status=status, account=True)  # fmt: skip
    hint = f" (check {network.upper()}_* credentials in the environment)" if status in (401, 403) else ""
    if status in (404, 405, 410):
        hint = f" (check {network.upper()}_* addresses in the environment: {response.request.url} is not the API)"
    reason = f"HTTP {status}: {_message(response)}"
    body = _parsed(response)
    account = status in ACCOUNT_LEVEL or (isinstance(body, dict) and body.get("error") in ACCOUNT_ERRORS)
    raise Rejected(f"{network}: {what}: {reason}{hint}", status=status, reason=reason, account=account)


def json_body(response: httpx.Response, *, network: str, what: str, env: str) -> dict[str, Any]:
    """The JSON object of a successful answer, or BadAnswer naming the server and what to check."""
    body = _parsed(response)
    if isinstance(body, dict):
        return body
    raise _bad_answer(response, body, network=network, what=what, env=env)


def json_list(response: httpx.Response, *, network: str, what: str, env: str) -> list[dict[str, Any]]:
    """A JSON array of objects (e.g. a timeline), or BadAnswer."""
    body = _parsed(response)
    if isinstance(body, list) and all(isinstance(item, dict) for item in body):
        return body
    raise _bad_answer(response, body, network=network, what=what, env=env)


def _parsed(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError):
        return None


def _bad_answer(response: httpx.Response, body: Any, *, network: str, what: str, env: str) -> BadAnswer:
    kind = response.headers.get("content-type", "no content type").split(";")[0]
    start = " ".join(response.text[:80].split()) if body is None else json.dumps(body)[:80]
    return BadAnswer(f"{network}: {what}: the server at {response.request.url.host} answered HTTP "
                     f"{response.status_code} with {kind} ({start!r}), not the JSON its API sends; check that "
                     f"{env} is the {network} server's own address (not a web page, login portal or proxy)")  # fmt: skip


def field_of(body: dict[str, Any], name: str, *, network: str, what: str) -> str:
    """A required string field of an API answer, or BadAnswer (never a KeyError traceback)."""
    value = body.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value:
        raise BadAnswer(f"{network}: {what}: the server's answer has no {name!r} ({json.dumps(body)[:120]}); "
                        "is it really a " + network + " server?")  # fmt: skip
    return value


def retry_after(response: httpx.Response, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait, from `Retry-After` (seconds or an HTTP date) or Bluesky's `ratelimit-reset`."""
    now = now or dt.datetime.now(dt.UTC)
    value = response.headers.get("retry-after")
    if value:
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            return max(0.0, (parsedate_to_datetime(value) - now).total_seconds())
        except (TypeError, ValueError):
            return None
    reset = response.headers.get("ratelimit-reset")
    if reset and reset.isdigit():
        return max(0.0, int(reset) - now.timestamp())
    return None


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except (ValueError, UnicodeDecodeError):
        text = " ".join(response.text[:200].split())
        return text or response.reason_phrase
    if isinstance(body, dict):
        parts = [str(body[k]) for k in ("error", "message", "error_description") if body.get(k)]
        if parts:
            return ": ".join(parts)
    return str(body)[:200]
