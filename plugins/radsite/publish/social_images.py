"""Social images: one 1200x630 `og:image` for every page, drawn at build time, offline.

Material's `social` plugin needs Cairo and downloads fonts; this draws with Pillow and the font the
theme bundles (theme/assets/radsite/fonts/). A page whose item has a published image shows it beside
the title; any other page gets a card with its title and the department's brand. Only published
values are drawn (the item's published fields, and images on the published list), so nothing the
decision withheld can reach a picture.

Each image is cached by the digest of everything drawn into it, so a warm build draws nothing new and
writes the same bytes as a cold one. Images are JPEG (quality 85): an optimised PNG took 70 ms a card,
350 ms with a picture, most of a cold build at 2,000 pages; JPEG takes 2 to 3 ms and is smaller
beside a picture, and every network that shows an `og:image` takes it.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from radsite import cache
from radsite.cache import Cache
from radsite.checkpoints import checkpoint
from radsite.content.collection import type_label
from radsite.content.registry import COLLECTIONS

SIZE = (1200, 630)
RENDERER = "3"  # part of every digest: change it when the drawing changes, and the cache refills
FOLDER = "assets/social"
NEARLY_THE_SIZE = 0.9  # a picture at most this much larger than its box is cut, not resampled
FONT_DIR = "assets/radsite/fonts"
HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


def target(src_uri: str) -> str:
    """Site path of a page's social image: 'cases/x.md' -> 'assets/social/cases/x.jpg' (the template
    theme/radsite/head/meta.html builds the same path)."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    return f"{FOLDER}/{stem}.jpg"


def _colour(value: object, default: str) -> tuple[int, int, int]:
    text = str(value or "").strip()
    if not HEX.match(text):
        text = default
    digits = text[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


@dataclass(frozen=True)
class Brand:
    """The department as a card shows it; from `extra.department` in mkdocs.yml."""

    name: str
    organisation: str
    primary: tuple[int, int, int]
    dark: tuple[int, int, int]
    regular: Path
    bold: Path

    @classmethod
    def from_config(cls, extra: dict[str, Any] | None, site_name: str, theme_dir: Path) -> Brand:
        department = (extra or {}).get("department") or {}
        colours = department.get("colours") or {}
        fonts = theme_dir / FONT_DIR
        return cls(
            name=str(department.get("name") or site_name),
            organisation=str(department.get("organisation") or ""),
            primary=_colour(colours.get("primary"), "#0a4f5c"),
            dark=_colour(colours.get("primary_dark"), "#063740"),
            regular=fonts / "LiberationSans-Regular.woff2",
            bold=fonts / "LiberationSans-Bold.woff2",
        )

    def digest(self) -> str:
        """What of the brand a picture depends on, fonts included (by content)."""
        h = hashlib.sha256()
        h.update(repr((self.name, self.organisation, self.primary, self.dark)).encode())
        for font in (self.regular, self.bold):
            h.update(hashlib.sha256(font.read_bytes()).digest())
        return h.hexdigest()


@dataclass(frozen=True)
class Card:
    """One page's picture: its title, a kind label ('Exam guide') and its own published image, if any."""

    src_uri: str
    title: str
    label: str = ""
    image: bytes | None = field(default=None, repr=False)

    def digest(self, brand_digest: str) -> str:
        h = hashlib.sha256()
        for part in (RENDERER, brand_digest, self.title, self.label):
            h.update(part.encode())
            h.update(b"\0")
        h.update(hashlib.sha256(self.image).digest() if self.image else b"-")
        return h.hexdigest()


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if not line or draw.textlength(trial, font=font) <= width:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _title_lines(
    draw: ImageDraw.ImageDraw, text: str, bold: Path, width: int, most: int
) -> tuple[list[str], ImageFont.FreeTypeFont]:
    """The title at the largest size (64 down to 36 px) that fits in `most` lines; cut with an ellipsis below that."""
    for size in range(64, 35, -4):
        font = _font(bold, size)
        lines = _wrap(draw, text, font, width)
        if len(lines) <= most:
            return lines, font
    kept = lines[:most]
    while kept[-1] and draw.textlength(kept[-1] + "\u2026", font=font) > width:
        kept[-1] = kept[-1].rsplit(" ", 1)[0] if " " in kept[-1] else kept[-1][:-1]
    kept[-1] += "\u2026"
    return kept, font


def _cover(picture: Image.Image, box: tuple[int, int]) -> Image.Image:
    """The picture scaled to fill `box`, centred, the overflow cut off. A picture a little larger than
    the box is only cut (resampling a 640 px picture to 630 cost 10 ms a card, half of its time);
    a larger one is reduced by whole steps first (`reducing_gap`), then resampled."""
    w, h = picture.size
    scale = max(box[0] / w, box[1] / h)
    if NEARLY_THE_SIZE <= scale <= 1:
        resized = picture
    else:
        size = (max(box[0], round(w * scale)), max(box[1], round(h * scale)))
        resized = picture.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)
    left = (resized.width - box[0]) // 2
    top = (resized.height - box[1]) // 2
    return resized.crop((left, top, left + box[0], top + box[1]))


def _picture(data: bytes | None) -> Image.Image | None:
    if not data:
        return None
    try:
        with Image.open(io.BytesIO(data)) as opened:
            return opened.convert("RGB")  # pixels only: no metadata travels into the card
    except (OSError, ValueError, Image.DecompressionBombError):
        return None  # a picture never fails a build: the page gets the plain card


@functools.lru_cache(maxsize=32)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """A font read once per build and size, not once per card."""
    return ImageFont.truetype(str(path), size)


@functools.lru_cache(maxsize=8)
def _background(brand: Brand, beside_picture: bool) -> Image.Image:
    """What every card of the brand shares (colour, the dark bar, the department's name), drawn once
    per build and copied for each card."""
    canvas = Image.new("RGB", SIZE, brand.primary)
    draw = ImageDraw.Draw(canvas)
    text_left = 56 if beside_picture else 72
    draw.rectangle((0, SIZE[1] - 110, SIZE[0] - (SIZE[1] if beside_picture else 0), SIZE[1]), fill=brand.dark)
    draw.text((text_left, SIZE[1] - 80), brand.name, font=_font(brand.bold, 34), fill=(255, 255, 255))
    if brand.organisation and not beside_picture:
        small = _font(brand.regular, 30)
        width = draw.textlength(brand.organisation, font=small)
        draw.text((SIZE[0] - 72 - width, SIZE[1] - 76), brand.organisation, font=small, fill=(255, 255, 255))
    return canvas


def render(card: Card, brand: Brand) -> bytes:
    """The card as JPEG bytes (no metadata), 1200x630."""
    picture = _picture(card.image)
    canvas = _background(brand, picture is not None).copy()
    draw = ImageDraw.Draw(canvas)
    text_left = 72
    if picture is not None:
        canvas.paste(_cover(picture, (SIZE[1], SIZE[1])), (SIZE[0] - SIZE[1], 0))
        text_width = SIZE[0] - SIZE[1] - 2 * 56
        text_left = 56
    else:
        text_width = SIZE[0] - 2 * 72
    small = _font(brand.regular, 30)
    y = 64
    if card.label:
        draw.text((text_left, y), card.label.upper(), font=small, fill=(255, 255, 255))
        y += 56
    lines, font = _title_lines(draw, card.title, brand.bold, text_width, 5 if picture is None else 6)
    step = round(font.size * 1.2)
    for line in lines:
        draw.text((text_left, y), line, font=font, fill=(255, 255, 255))
        y += step
    out = io.BytesIO()
    canvas.save(out, format="JPEG", quality=85)
    return out.getvalue()


def render_all(cards: Iterable[Card], brand: Brand, store: Cache | None = None) -> dict[str, bytes]:
    """Every card's JPEG by its site path; drawn only when the content-digest cache (radsite.cache)
    has no picture of the same digest."""
    store = store or cache.current()
    brand_digest = brand.digest()
    images: dict[str, bytes] = {}
    for card in cards:
        checkpoint()  # serve: a newer save ends this build here (radsite.checkpoints)
        drawn = card.digest(brand_digest).encode()
        draw = functools.partial(render, card, brand)
        images[target(card.src_uri)] = store.memo("social", drawn, (), draw, count=False, memory=False)
    return images


def _item_image(published: Any) -> str | None:
    """The item's own published picture (front matter `image`, `photo` or the first of `images`)."""
    fields = published.fields
    picture = fields.get("image") or fields.get("photo") or next(iter(fields.get("images") or []), None)
    return picture.get("src") if isinstance(picture, dict) else None


def cards(state: Any, pages: Iterable[Any], site_name: str) -> list[Card]:
    """A card for every page the build writes: the published items (with their image, when it is on
    the published list), the plain pages and the generated pages (listings, home, search...)."""
    images = state.files.images  # site path -> source path: only what the build publishes
    content_dir: Path = state.settings.content_dir
    made: dict[str, Card] = {}
    for published in state.decision.items:
        data = None
        if (src := _item_image(published)) and (source := images.get(published.item.asset_uri(src))):
            data = (content_dir / source).read_bytes()
        uri = published.item.page_uri
        kind = type_label(COLLECTIONS.get(published.collection))
        made[uri] = Card(uri, str(published.fields.get("title") or site_name), kind, data)
    for page in state.decision.pages:
        if page.src_uri in state.files.pages and page.src_uri not in made:
            made[page.src_uri] = Card(page.src_uri, str(page.meta.title or site_name))
    for page in pages:
        if page.src_uri not in made:
            made[page.src_uri] = Card(
                page.src_uri,
                _generated_title(page.markdown) or site_name,
                type_label(COLLECTIONS.get(page.collection)) if page.collection else "",
            )
    if "index.md" in made:  # the home page shows the department, not the word "Home"
        made["index.md"] = Card("index.md", site_name)
    return [made[uri] for uri in sorted(made)]


def _generated_title(markdown: str) -> str:
    """The title in a generated page's front matter (radsite.derive.pages writes it as YAML)."""
    import yaml

    if not markdown.startswith("---\n"):
        return ""
    head, _, _ = markdown[4:].partition("\n---\n")
    data = yaml.safe_load(head) or {}
    return str(data.get("title") or "") if isinstance(data, dict) else ""


@dataclass(frozen=True)
class Plan:
    """The cards a build draws and the brand they share: made in `on_files`, drawn after the fork."""

    brand: Brand
    cards: tuple[Card, ...]

    @property
    def targets(self) -> set[str]:
        return {target(card.src_uri) for card in self.cards}

    def share(self, child: bool) -> list[Card]:
        """Every other card, so that the build's two processes (plugin.forked_render) draw half each."""
        return [card for n, card in enumerate(self.cards) if (n % 2 == 1) == child]


def for_build(state: Any, pages: Iterable[Any], extra: dict[str, Any] | None, site_name: str,
              theme_dir: str | None) -> Plan | None:  # fmt: skip
    """The social images a build writes (their site paths are known now, for the published list);
    None when the theme bundles no font to draw with."""
    if not theme_dir:
        return None
    brand = Brand.from_config(extra, site_name, Path(theme_dir))
    if not (brand.regular.is_file() and brand.bold.is_file()):
        return None
    return Plan(brand, tuple(cards(state, pages, site_name)))


def write(cards: Iterable[Card], brand: Brand, site_dir: Path) -> None:
    """Draw (or take from the cache) each card and write it into the site folder being built.

    Written here rather than listed as MkDocs files: a card is drawn after the fork, by whichever
    process has it in its share, so the drawing of a cold build runs on both cores."""
    made: set[Path] = set()
    for path, jpeg in render_all(cards, brand).items():
        out = site_dir / path
        if out.parent not in made:
            out.parent.mkdir(parents=True, exist_ok=True)
            made.add(out.parent)
        out.write_bytes(jpeg)
