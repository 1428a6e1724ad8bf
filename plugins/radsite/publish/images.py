"""Strip EXIF, XMP and IPTC metadata from every JPEG, PNG and WebP the build wrote.

Cameras and phones record where and when a photo was taken, and with what; scanners' exports may
carry more. The published copy keeps the pixels (and its colour profile) and nothing else. Only the
staging copy is rewritten: the source under `content/` is never modified. Files without metadata
are left byte for byte as they are, so the cost is one header read per image.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
# Info keys Pillow fills from metadata blocks; anything else (dpi, icc_profile, transparency...) is kept.
METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "photoshop", "iptc", "comment", "Raw profile type exif",
                 "Raw profile type iptc", "Raw profile type xmp")  # fmt: skip
_JPEG_METADATA_MARKERS = {"APP1", "APP12", "APP13"}  # Exif / XMP, Ducky / Picture Info, Photoshop IRB (IPTC)
ORIENTATION = 0x0112


def metadata_of(image: Image.Image) -> list[str]:
    """The names of the metadata blocks an opened image carries (empty when it is clean)."""
    found = [key for key in METADATA_KEYS if image.info.get(key)]
    if image.format == "PNG":
        found += [f"text:{key}" for key in getattr(image, "text", {}) or {}]
    if image.format == "JPEG":
        found += [marker for marker, _ in getattr(image, "applist", []) if marker in _JPEG_METADATA_MARKERS]
    return sorted(set(found))


def strip_metadata(site_dir: Path) -> list[str]:
    """Rewrite every published image that carries metadata; returns their paths relative to `site_dir`.

    A site has thousands of pages and few images: one walk by name, no path object per page."""
    site_dir = Path(site_dir)
    images = sorted(os.path.join(top, name) for top, _, names in os.walk(site_dir) for name in names
                    if os.path.splitext(name)[1].lower() in FORMATS)  # fmt: skip
    return [Path(image).relative_to(site_dir).as_posix() for image in images
            if os.path.isfile(image) and _strip(Path(image))]  # fmt: skip


def _strip(file: Path) -> bool:
    try:
        image = Image.open(file)
    except (UnidentifiedImageError, OSError):
        return False
    with image:
        if not metadata_of(image):
            return False
        options = _save_options(image)
        kind = FORMATS[file.suffix.lower()]
        if image.getexif().get(ORIENTATION, 1) != 1:  # the EXIF rotation goes with the EXIF: apply it first
            image = ImageOps.exif_transpose(image)
            if kind == "JPEG":
                options.update(quality=95, subsampling=0)
        else:
            image.load()
        tmp = file.with_name(file.name + ".radsite-tmp")
        image.save(tmp, format=kind, **options)
    os.replace(tmp, file)
    return True


def _save_options(image: Image.Image) -> dict[str, Any]:
    """Save as close to the original as Pillow can: JPEG keeps its quantisation, PNG stays lossless."""
    options: dict[str, Any] = {}
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    if image.format == "JPEG":
        options.update(quality="keep", subsampling="keep", progressive=bool(image.info.get("progressive")))
    elif image.format == "PNG":
        for key in ("transparency", "dpi", "gamma"):
            if key in image.info:
                options[key] = image.info[key]
    elif image.format == "WEBP":
        options.update(quality=90, method=4)
    if getattr(image, "n_frames", 1) > 1:
        options["save_all"] = True
    return options
