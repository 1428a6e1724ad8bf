"""An entry's image made fit for a network: a type it takes, within its size limit.

The file is judged by its content (Pillow opens it), never by its name or the feed's MIME type.
One that already fits is sent as it is (the build has stripped its metadata); one that does not is
converted to JPEG and scaled down step by step until it fits. An image that cannot be read is
left out of the post with a note: a picture never fails a run.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from radsite.syndicate.feedread import Image

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
MIN_SIDE = 64  # smaller than this is no picture any more: give up instead


@dataclass(frozen=True)
class Upload:
    data: bytes
    mime: str
    width: int
    height: int
    alt: str
    name: str


def fit(image: Image | None, *, max_bytes: int, types: frozenset[str], network: str, entry_id: str) -> Upload | None:
    """The bytes to upload for `image`, or None (no image, or one that cannot be made to fit)."""
    if image is None:
        return None
    if image.path is None:
        print(f"{network}: {entry_id}: the image {image.url} is not in the built site; posting without it",
              file=sys.stderr)  # fmt: skip
        return None
    try:
        data = image.path.read_bytes()
        with PILImage.open(io.BytesIO(data)) as opened:
            kind = FORMATS.get(opened.format or "")
            width, height = opened.size
            if kind in types and len(data) <= max_bytes:
                return Upload(data, kind, width, height, image.alt, image.path.name)
            opened.load()
            return _shrunk(opened, max_bytes=max_bytes, alt=image.alt, name=image.path.stem + ".jpg")
    except (OSError, UnidentifiedImageError, ValueError, PILImage.DecompressionBombError) as e:
        print(f"{network}: {entry_id}: cannot read the image {image.path.name} ({e}); posting without it",
              file=sys.stderr)  # fmt: skip
        return None


def _shrunk(image: PILImage.Image, *, max_bytes: int, alt: str, name: str) -> Upload | None:
    """JPEG at decreasing sizes until it fits `max_bytes` (None if even a thumbnail does not)."""
    image = ImageOps.exif_transpose(image) or image
    if image.mode not in ("RGB", "L"):
        background = PILImage.new("RGB", image.size, "white")  # transparency onto white, as a page shows it
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    scale = 1.0
    while True:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        if min(size) < MIN_SIDE and scale < 1.0:
            return None
        frame = image if scale == 1.0 else image.resize(size, PILImage.Resampling.LANCZOS)
        out = io.BytesIO()
        frame.save(out, "JPEG", quality=85, optimize=True)  # no exif= / icc: nothing but pixels
        if out.tell() <= max_bytes:
            return Upload(out.getvalue(), "image/jpeg", frame.width, frame.height, alt, name)
        scale *= 0.75
