"""Social images: every page of the real example build has a 1200x630 og:image that exists in the
site; an item with a picture shows it, others get the brand card; the cache makes a warm build
draw nothing and write the same bytes."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image

from conftest import Project
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


def test_the_cache_returns_the_same_bytes_and_skips_drawing(tmp_path: Path) -> None:
    b = brand()
    cards = [Card("x.md", "First"), Card("y/z.md", "Second")]
    cold = render_all(cards, b, tmp_path)
    cached = sorted(tmp_path.rglob("*.jpg"))
    assert len(cached) == 2 and set(cold) == {"assets/social/x.jpg", "assets/social/y/z.jpg"}
    for path in cached:  # poison the cache: a warm build must read it, not draw again
        path.write_bytes(path.read_bytes() + b"cached")
    warm = render_all(cards, b, tmp_path)
    assert all(data.endswith(b"cached") for data in warm.values())
    changed = render_all([Card("x.md", "First, edited")], b, tmp_path)
    assert not changed["assets/social/x.jpg"].endswith(b"cached")
    assert render_all(cards, b, None)["assets/social/x.jpg"] == cold["assets/social/x.jpg"]  # drawing is deterministic


def test_a_warm_build_draws_nothing_and_writes_the_same_images(project: Project) -> None:
    cold = project.build()
    assert cold.returncode == 0, cold.output
    social = project.site / "assets" / "social"
    before = {p.relative_to(social): p.read_bytes() for p in social.rglob("*.jpg")}
    cache = project.root / ".radsite" / "social"
    entries = sorted(cache.rglob("*.jpg"))
    assert len(entries) == len(before) > 50
    stamps = {p: p.stat().st_mtime_ns for p in entries}
    warm = project.build()
    assert warm.returncode == 0, warm.output
    assert {p.relative_to(social): p.read_bytes() for p in social.rglob("*.jpg")} == before
    assert {p: p.stat().st_mtime_ns for p in sorted(cache.rglob("*.jpg"))} == stamps  # nothing drawn again
