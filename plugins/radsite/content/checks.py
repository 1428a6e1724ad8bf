"""Checks that need more than one file: duplicate slugs, cross-references, referenced images."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from radsite.content import body_images
from radsite.content.item import ContentSet, Item
from radsite.content.registry import COLLECTIONS
from radsite.content.scaffold import TODO
from radsite.content.schemas.base import Image
from radsite.findings import Finding


def cross_file(content: ContentSet) -> list[Finding]:
    return [*duplicate_slugs(content), *dangling_references(content), *missing_images(content),
            *body_images.missing_alt(content)]  # fmt: skip


def duplicate_slugs(content: ContentSet) -> Iterator[Finding]:
    """Report every holder of a slug but one: the file named after it keeps it, if there is one."""
    holders: dict[tuple[str, str], list[Item]] = {}
    for item in content.items:
        holders.setdefault(item.key, []).append(item)
    for group in holders.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda i: (i.meta.slug is not None, i.path))
        keeper = group[0]
        for item in group[1:]:
            yield Finding(item.path, item.line("slug"), "slug",
                f"duplicate slug {item.slug!r} in {item.collection}/: also used by {keeper.path}; "
                "give one of them a different 'slug:' or file name")  # fmt: skip


def dangling_references(content: ContentSet, only: Iterable[Item] | None = None) -> Iterator[Finding]:
    """References to items `content` does not hold; of `only` (serve's saved item) or of every item."""
    slugs_by_collection: dict[str, list[str]] = {}
    for item in content.items:
        slugs_by_collection.setdefault(item.collection, []).append(item.slug)
    for item in content.items if only is None else only:
        for field, target in COLLECTIONS[item.collection].references().items():
            value = getattr(item.meta, field)
            values = value if isinstance(value, list) else [value] if value else []
            for index, slug in enumerate(values):
                if content.get(target, slug):
                    continue
                dotted = f"{field}.{index}" if isinstance(value, list) else field
                near = difflib.get_close_matches(slug, slugs_by_collection.get(target, []), n=1)
                hint = (f"did you mean {near[0]!r} (content/{target}/{near[0]}.md)?" if near
                        else f"create content/{target}/{slug}.md or fix the slug")  # fmt: skip
                yield Finding(item.path, item.line(dotted), "ref",
                    f"{field}: no {COLLECTIONS[target].item_label} with slug {slug!r} in {target}/; {hint}")  # fmt: skip


def missing_images(content: ContentSet) -> Iterator[Finding]:
    for item in content.items:
        for dotted, image in images_of(item):
            if item.meta.draft and image.src.startswith(TODO):
                continue  # a scaffold's placeholder; content.todo refuses it once published
            if image.src.startswith(("http://", "https://", "//")):
                yield Finding(item.path, item.line(f"{dotted}.src"), "image",
                    f"{dotted}.src: images must be files in this repository, not {image.src!r} "
                    "(a page must load nothing from another origin)")  # fmt: skip
            elif item.asset_uri(image.src) not in content.assets:
                yield Finding(item.path, item.line(f"{dotted}.src"), "image",
                    f"{dotted}.src: file {image.src!r} not found (looked for content/{item.asset_uri(image.src)})")  # fmt: skip


def images_of(item: Item) -> Iterator[tuple[str, Image]]:
    """Every front-matter image of an item, with its dotted field name."""
    meta = item.meta
    if meta.image:
        yield "image", meta.image
    for index, image in enumerate(getattr(meta, "images", None) or []):
        yield f"images.{index}", image
    if (photo := getattr(meta, "photo", None)) is not None:
        yield "photo", photo
