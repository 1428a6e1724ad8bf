"""HTTP with retries: 429 and 5xx and dropped connections are retried with backoff, honouring
`Retry-After`; anything else that is not a success stops the run with the server's own words.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TypeVar

import httpx

T = TypeVar("T")
USER_AGENT = "RadSite-syndicate/0.1"


class GiveUp(Exception):
    """Still failing after the last retry: stop the run (the state file has everything so far)."""


class Rejected(Exception):
    """The server refused the request (4xx other than 429): retrying would not help."""


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
    sleep: Callable[[float], None] = field(default=time.sleep)


def with_retries(action: Callable[[], T], *, network: str, what: str, policy: RetryPolicy) -> T:
    """Run `action` until it succeeds, or give up after `policy.retries` retries."""
    attempt = 0
    while True:
        try:
            return action()
        except httpx.TransportError as e:
            problem, wait = f"connection failed ({type(e).__name__}: {e})", None
        except Retryable as e:
            problem, wait = e.problem, e.wait
        if wait is None:
            wait = policy.backoff * 2**attempt
        attempt += 1
        if attempt > policy.retries or wait > policy.max_wait:
            raise GiveUp(f"{network}: {what}: {problem}; gave up after {attempt} attempt{'s' * (attempt != 1)}")
        print(f"{network}: {what}: {problem}; retry {attempt}/{policy.retries} in {wait:g} s", file=sys.stderr)
        policy.sleep(wait)


def checked(response: httpx.Response, *, network: str, what: str) -> httpx.Response:
    """The response if it succeeded; Retryable for 429/5xx; Rejected (with the server's message) otherwise."""
    status = response.status_code
    if status < 300:
        return response
    if status == 429 or status >= 500:
        raise Retryable(f"HTTP {status}", retry_after(response))
    hint = f" (check {network.upper()}_* credentials in the environment)" if status in (401, 403) else ""
    raise Rejected(f"{network}: {what}: HTTP {status}: {_message(response)}{hint}")


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
    except ValueError:
        return response.text[:200] or response.reason_phrase
    if isinstance(body, dict):
        parts = [str(body[k]) for k in ("error", "message", "error_description") if body.get(k)]
        if parts:
            return ": ".join(parts)
    return str(body)[:200]
