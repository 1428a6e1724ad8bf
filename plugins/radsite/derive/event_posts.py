"""When an event goes to the feeds: once when announced, and again when it is cancelled or moved.

The announcement keeps the event's feed id; each change gets its own id (`#update-<sequence>`),
so a social account posts the news of a cancellation instead of treating it as an edit it already
posted. The change's time is `updated` (the editor sets it with the change), else the announcement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from radsite.publish.calendar import sequence
from radsite.timeutil import aware

if TYPE_CHECKING:  # a type only: a collection's schema module may import this one
    from radsite.content.collection import Shown as Published

PREFIX = {"cancelled": "Cancelled: ", "postponed": "Postponed: ", "scheduled": "New date: "}


@dataclass(frozen=True)
class EventPost:
    id: str
    kind: str  # "item" (the announcement) or "update"
    title: str
    published: dt.datetime


def event_posts(published: Published, entry_id: str, tz: dt.tzinfo) -> list[EventPost]:
    f = published.fields
    announced = aware(f["date"], tz)
    posts = [EventPost(entry_id, "item", f["title"], announced)]
    revision = sequence(f)
    if revision > 0:
        when = max(aware(f["updated"], tz), announced) if f.get("updated") else announced
        title = PREFIX[f.get("status", "scheduled")] + f["title"]
        posts.append(EventPost(f"{entry_id}#update-{revision}", "update", title, when))
    return posts
