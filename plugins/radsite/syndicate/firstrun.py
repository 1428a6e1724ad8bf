"""The first run for a network: what is already in the feed was announced before RadSite posted,
so it is recorded, not posted, unless the operator asks for some of it (the newest N, or those
published since a date). Without this, switching an account on would post the whole feed at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from radsite.syndicate.feedread import PostEntry


@dataclass(frozen=True)
class FirstRun:
    post_newest: int | None = None
    since: dt.datetime | None = None

    @property
    def posts_some(self) -> bool:
        return self.post_newest is not None or self.since is not None

    def split(self, entries: Sequence[PostEntry]) -> tuple[list[PostEntry], list[PostEntry]]:
        """(to post, to record as already posted), both oldest first. Both options: either selects."""
        chosen: set[str] = set()
        if self.post_newest:
            chosen |= {e.id for e in entries[-self.post_newest :]}
        if self.since is not None:
            since = self.since
            chosen |= {e.id for e in entries if e.published >= since}
        return [e for e in entries if e.id in chosen], [e for e in entries if e.id not in chosen]

    def describe(self) -> str:
        parts = []
        if self.post_newest is not None:
            parts.append(f"the newest {self.post_newest}")
        if self.since is not None:
            parts.append(f"those published since {self.since.isoformat()}")
        return " and ".join(parts)


def parse_since(text: str, tz: dt.tzinfo) -> dt.datetime:
    """`--since`: an ISO 8601 date or date-time; without a zone, in the site's time zone."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--since {text!r}: not an ISO 8601 date or date-time (e.g. 2026-11-01 or "
                         "2026-11-01T09:00)") from None  # fmt: skip
    return value if value.tzinfo else value.replace(tzinfo=tz)
