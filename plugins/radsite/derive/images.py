"""Pixel sizes of the images a page shows, so the browser reserves their space before they load.

Only the image's header is read (Pillow opens files lazily), once per file per build.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PIL import Image, UnidentifiedImageError


@functools.lru_cache(maxsize=4096)
def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) of an image file, or None when it is not an image Pillow can read."""
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return None
