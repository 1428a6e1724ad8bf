"""Social images: every page of the real example build has a 1200x630 og:image that exists in the
site; an item with a picture shows it, others get the brand card; the cache makes a warm build
draw nothing and write the same bytes."""

from __future__ import annotations

import contextlib
import io
import re
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from conftest import Project
from radsite.cache import DATABASE, Cache
from radsite.publish import social_images
from radsite.publish.social_images import Brand, Card, render, render_all, target

ROOT = Path(__file__).resolve().parents[1]
OG = re.compile(r'<meta property="og:image" content="([^"]+)">')


def _near(pixel: tuple[int, ...], colour: tuple[int, int, int], tolerance: int = 6) -> bool:
    """The same colour as far as JPEG keeps it (flat areas come back within a few levels)."""
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def brand() -> Brand:
    return Brand.from_config(
        {"department": {"name": "Test Radiology", "colours": {"primary": "#123456"}}}, "Site", ROOT / "theme"
    )


def test_every_page_has_a_social_image_of_1200_by_630_in_the_site(built_example: Project) -> None:
    site_url = "https://radiology.northbrook-health.example/"
    pages = [p for p in built_example.site.rglob("index.html")]
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = OG.findall(html)
        assert len(found) == 1, page
        assert found[0].startswith(site_url + "assets/social/"), found
        with Image.open(built_example.site / found[0][len(site_url) :]) as image:
            assert image.size == (1200, 630), page
            assert image.format == "JPEG" and not image.info.get("exif") and "xmp" not in image.info, page


def test_an_item_with_a_picture_shows_it_and_a_plain_page_gets_the_brand_card(built_example: Project) -> None:
    site = built_example.site
    primary = (0x0A, 0x4F, 0x5C)  # extra.department.colours.primary in mkdocs.yml

    def brand_share(path: Path) -> float:
        with Image.open(path) as image:
            pixels = list(image.convert("RGB").crop((700, 0, 1200, 500)).get_flattened_data())
        return sum(_near(pixel, primary) for pixel in pixels) / len(pixels)

    assert brand_share(site / target("cases/sudden-headache-ct.md")) < 0.05  # the case's own image
    assert brand_share(site / target("about.md")) > 0.7  # the brand card


def test_the_title_is_drawn_and_changes_the_picture() -> None:
    b = brand()
    one, two = render(Card("a.md", "What is a lesion?"), b), render(Card("a.md", "What is a nodule?"), b)
    assert one != two
    with Image.open(io.BytesIO(one)) as image:
        assert _near(image.getpixel((5, 5)), (0x12, 0x34, 0x56))
        assert any(_near(pixel, (255, 255, 255)) for pixel in image.convert("RGB").get_flattened_data())


def test_a_long_title_still_fits_and_an_unreadable_picture_gives_the_card() -> None:
    b = brand()
    long = render(Card("a.md", "word " * 120), b)
    broken = render(Card("a.md", "Title", image=b"not a picture"), b)
    assert broken == render(Card("a.md", "Title"), b)
    with Image.open(io.BytesIO(long)) as image:
        assert image.size == (1200, 630)


def test_the_cache_returns_the_same_bytes_and_skips_drawing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    b = brand()
    cards = [Card("x.md", "First"), Card("y/z.md", "Second")]
    store = Cache(tmp_path, b"salt")
    cold = render_all(cards, b, store)
    assert set(cold) == {"assets/social/x.jpg", "assets/social/y/z.jpg"}
    store.flush()
    drawn: list[str] = []
    real = social_images.render
    monkeypatch.setattr(social_images, "render", lambda card, brand: drawn.append(card.title) or real(card, brand))
    warm = render_all(cards, b, Cache(tmp_path, b"salt"))  # a new build: from disk
    assert warm == cold and drawn == []
    changed = render_all([Card("x.md", "First, edited")], b, Cache(tmp_path, b"salt"))
    assert drawn == ["First, edited"] and changed["assets/social/x.jpg"] != cold["assets/social/x.jpg"]
    assert (
        render_all(cards, b, Cache(None, remember=False))["assets/social/x.jpg"] == cold["assets/social/x.jpg"]
    )  # deterministic


def test_a_warm_build_draws_nothing_and_writes_the_same_images(project: Project) -> None:
    cold = project.build()
    assert cold.returncode == 0, cold.output
    social = project.site / "assets" / "social"
    before = {p.relative_to(social): p.read_bytes() for p in social.rglob("*.jpg")}
    assert len(before) > 50
    with contextlib.closing(sqlite3.connect(project.root / ".radsite/cache" / DATABASE)) as db:
        stored = db.execute("SELECT key, used FROM entries").fetchall()
    warm = project.build()
    assert warm.returncode == 0, warm.output
    assert {p.relative_to(social): p.read_bytes() for p in social.rglob("*.jpg")} == before
    with contextlib.closing(sqlite3.connect(project.root / ".radsite/cache" / DATABASE)) as db:
        keys = {key for key, _ in db.execute("SELECT key, used FROM entries").fetchall()}
    assert keys == {key for key, _ in stored}  # nothing new drawn (or computed) by the warm build
