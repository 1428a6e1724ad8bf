"""Self-hosted WOFF2 fonts, and no page that asks a third party for anything.

A hospital site hands its visitors' addresses to no font or script host: every resource a page
loads is on the site itself, or on a host the department listed in `embed_hosts`.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml
from PIL import Image, ImageChops, ImageDraw, ImageFont

from conftest import ROOT, Project

FONTS = ("LiberationSans-Regular.woff2", "LiberationSans-Bold.woff2")
SPANISH = "áéíóúñüÁÉÍÓÚÑÜ¿¡"
# (tag, attribute) pairs a browser fetches without a click
FETCHED = (("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
           ("video", "src"), ("video", "poster"), ("audio", "src"), ("iframe", "src"), ("object", "data"),
           ("embed", "src"), ("track", "src"), ("input", "src"))  # fmt: skip
LINK_FETCHES = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "icon",
                "apple-touch-icon", "manifest", "mask-icon"}  # fmt: skip


def _embed_hosts() -> set[str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
    radsite = next(p["radsite"] for p in config["plugins"] if isinstance(p, dict) and "radsite" in p)
    return {h.lower() for h in radsite.get("embed_hosts") or []}


def _foreign(url: str, own: str, allowed: set[str]) -> bool:
    parts = urlsplit(url.strip())
    if parts.scheme in ("data", "blob"):
        return False
    return bool(parts.netloc) and parts.hostname not in ({own} | allowed)


def _drawn(font: ImageFont.FreeTypeFont, text: str) -> Image.Image:
    image = Image.new("L", (80, 80))
    ImageDraw.Draw(image).text((10, 10), text, font=font, fill=255)
    return image


@pytest.mark.parametrize("name", FONTS)
def test_fonts_are_woff2_with_the_spanish_letters_and_their_licence(built_example: Project, name: str) -> None:
    fonts = built_example.site / "assets" / "radsite" / "fonts"
    data = (fonts / name).read_bytes()
    assert data[:4] == b"wOF2"
    assert len(data) < 40_000, f"{name}: {len(data)} bytes; subset it with theme/make_fonts.py"
    assert "GNU General Public License" in (fonts / "LICENSE.txt").read_text(encoding="utf-8")
    font = ImageFont.truetype(str(fonts / name), 40)
    missing = _drawn(font, "\u4e00")  # not in a Latin subset: the font's empty box
    for letter in SPANISH + "“”–—…€":
        assert ImageChops.difference(_drawn(font, letter), missing).getbbox(), f"{name} has no glyph for {letter!r}"
    assert not list(fonts.glob("*.ttf")), "the TTFs are not sent: WOFF2 only"


def test_css_declares_swap_and_the_regular_weight_is_preloaded(built_example: Project) -> None:
    css = (built_example.site / "assets" / "radsite" / "face.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\s*{([^}]*)}", css)
    assert len(faces) == len(FONTS)
    for face in faces:
        assert "font-display: swap" in face
        assert re.findall(r'url\("([^"]+)"\)', face)[0].endswith(".woff2") and 'format("woff2")' in face
    for url in ("", "exams/ct-head/", "faq/", "cases/"):
        doc = lxml.html.fromstring(built_example.page(url))
        preloads = doc.xpath("//head/link[@rel='preload'][@as='font']")
        assert [p.get("href").rsplit("/", 1)[-1] for p in preloads] == [FONTS[0]], url
        assert preloads[0].get("type") == "font/woff2" and preloads[0].get("crossorigin") is not None
        assert (built_example.site / url / preloads[0].get("href")).resolve().is_file()


def test_every_page_fetches_only_from_the_site_or_a_listed_embed_host(built_example: Project) -> None:
    site: Path = built_example.site
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
    own, allowed = urlsplit(config["site_url"]).hostname or "", _embed_hosts()
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        doc = lxml.html.fromstring(path.read_bytes())
        where = str(path.relative_to(site))
        for tag, attr in FETCHED:
            for element in doc.iter(tag):
                for url in re.split(r",\s*", element.get(attr) or ""):
                    url = url.split()[0] if url.split() else ""
                    assert not _foreign(url, own, allowed), (where, tag, attr, url)
        for link in doc.iter("link"):
            if LINK_FETCHES & set((link.get("rel") or "").lower().split()):
                assert not _foreign(link.get("href") or "", own, allowed), (where, link.get("rel"), link.get("href"))
        for style in doc.iter("style"):
            for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", style.text or ""):
                assert not _foreign(url, own, allowed), (where, "style", url)
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text):
            assert not _foreign(url, own, allowed), (str(css.relative_to(site)), url)
