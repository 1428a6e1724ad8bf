"""`news/`: a dated post (BlogPosting)."""

from __future__ import annotations

from radsite.content.schemas.base import ItemBase
from radsite.content.types import DateTime, SlugList, ref


class News(ItemBase):
    date: DateTime
    authors: SlugList = ref("people", default=[])
