"""Published images carry their pixels and nothing else.

Cameras, phones and scanners write more than EXIF: XMP, IPTC, JPEG comments, PNG text chunks, TIFF
tags (ImageDescription, Artist, the GPS IFD), GIF comments, WebP chunks. Rather than remove the
blocks we know of, every published image is re-encoded: its pixels (after the EXIF rotation) go
into a fresh image that never had metadata, saved in the same format. Only the colour profile
travels with them, since it is how the pixels are meant to look. The source under `content/` is
never modified. A file is judged by its content, not its name: whatever Pillow can open is an
image, an SVG (which can carry script) is refused, and so is a file named like an image that is not one.
"""

from __future__ import annotations

import io
import posixpath
from typing import Any

from PIL import Image, ImageOps, ImageSequence, JpegImagePlugin, UnidentifiedImageError

IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".jpe", ".jfif", ".pjpeg", ".pjp", ".png", ".apng", ".gif", ".webp",
                              ".tif", ".tiff", ".bmp", ".ico", ".avif", ".heic", ".heif", ".jp2", ".j2k", ".jxl"})  # fmt: skip
SVG_EXTENSIONS = frozenset({".svg", ".svgz"})
MAX_PIXELS = 50_000_000  # an image larger than this is a decompression bomb, not a web picture


class ImageRefused(Exception):
    """A file a published page uses that RadSite will not publish; the message says what to do."""


def image_kind(data: bytes, name: str) -> str | None:
    """Pillow's format name when `data` is an image RadSite can publish clean, None when it is no image."""
    extension = posixpath.splitext(name)[1].lower()
    head = data[:512].lstrip().lower()
    if extension in SVG_EXTENSIONS or head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:4096].lower()):
        raise ImageRefused("is an SVG image, which can carry scripts and links; RadSite does not publish SVG: "
                           "export it as PNG")
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            if image.width * image.height > MAX_PIXELS:
                raise ImageRefused(f"is {image.width}x{image.height} pixels; scale it down to a web size "
                                   "(at most a few thousand pixels a side)")
            frames = getattr(image, "n_frames", 1)  # each frame is decoded whole when it is re-encoded
            if frames * image.width * image.height > MAX_PIXELS:
                raise ImageRefused(f"is {frames:,} frames of {image.width}x{image.height} pixels, more than a web "
                                   "animation holds (a few KB of such a file take gigabytes to re-encode): make "
                                   "it shorter or smaller, or use a video")  # fmt: skip
    except Image.DecompressionBombError:  # Pillow will not even open it: a few KB that would decode to GBs
        raise ImageRefused(f"is larger than any web image (over {2 * (Image.MAX_IMAGE_PIXELS or 0):,} pixels): it "
                           "may be a decompression bomb; export it again at a web size") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        if extension in IMAGE_EXTENSIONS:
            raise ImageRefused(f"is named like an image ({extension}) but is not one Pillow can read; "
                               "export it again as PNG or JPEG") from None
        return None
    if kind not in Image.SAVE:
        raise ImageRefused(f"is a {kind} image, which RadSite cannot write without its metadata; "
                           "export it as PNG or JPEG")
    return kind


def clean_image(data: bytes) -> bytes:
    """The image re-encoded from its pixels alone, in its own format (see the module docstring)."""
    with Image.open(io.BytesIO(data)) as source:
        kind = source.format or "PNG"
        frames = [_fresh(frame) for frame in ImageSequence.Iterator(source)] if getattr(source, "n_frames", 1) > 1 else []
        first = frames[0] if frames else _fresh(ImageOps.exif_transpose(source) or source)
        options = _save_options(source, kind)
        out = io.BytesIO()
        if len(frames) > 1 and kind in ("GIF", "PNG", "WEBP", "TIFF"):
            options.update(save_all=True, append_images=frames[1:])
            for key in ("duration", "loop", "disposal"):
                if key in source.info:
                    options[key] = source.info[key]
        first.save(out, format=kind, **options)
    return out.getvalue()


def _fresh(image: Image.Image) -> Image.Image:
    """A new image with the same pixels and palette, and no info, text, EXIF or tags at all."""
    image.load()
    fresh = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode in ("P", "PA") and (palette := image.getpalette()) is not None:
        fresh.putpalette(palette, rawmode="RGBA" if image.palette and image.palette.mode == "RGBA" else "RGB")
    if "transparency" in image.info and isinstance(image.info["transparency"], int | tuple | bytes):
        fresh.info["transparency"] = image.info["transparency"]
    return fresh


def _save_options(image: Image.Image, kind: str) -> dict[str, Any]:
    """As close to the original as Pillow can: JPEG keeps its quantisation, PNG stays lossless."""
    options: dict[str, Any] = {}
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    if "transparency" in image.info and kind in ("PNG", "GIF"):
        options["transparency"] = image.info["transparency"]
    if kind == "JPEG" and isinstance(image, JpegImagePlugin.JpegImageFile):
        options.update(qtables=image.quantization, subsampling=JpegImagePlugin.get_sampling(image),
                       progressive=bool(image.info.get("progressive")))  # fmt: skip
        if options["subsampling"] == -1:
            del options["subsampling"]
    elif kind == "WEBP":
        options.update(lossless=bool(image.info.get("lossless")), quality=90, method=4)
    return options
