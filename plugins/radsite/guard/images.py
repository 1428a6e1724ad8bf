"""Image guard on the sources: DICOM files (never published) and photos that carry a GPS position.

DICOM headers hold the patient's name, ID and birth date, so a DICOM file anywhere under `content/`
is an error, whatever its extension: it is recognised by the `DICM` magic at byte 128. GPS data is
stripped from the published copy (radsite.publish.images), but the source keeps it: a warning.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from radsite.findings import Finding

DICOM_MAGIC_AT, DICOM_MAGIC = 128, b"DICM"
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic")
GPS_IFD = 0x8825


def is_dicom(file: Path) -> bool:
    with open(file, "rb") as handle:
        head = handle.read(DICOM_MAGIC_AT + len(DICOM_MAGIC))
    return head[DICOM_MAGIC_AT:] == DICOM_MAGIC


def has_gps(file: Path) -> bool:
    try:
        with Image.open(file) as image:
            return bool(image.getexif().get_ifd(GPS_IFD))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False


def scan_images(content_dir: Path, prefix: str) -> Iterator[Finding]:
    """Every file under the content folder, hidden ones too: a DICOM file must not hide anywhere."""
    content_dir = Path(content_dir)
    for dirpath, dirnames, filenames in os.walk(content_dir):
        dirnames.sort()
        for name in sorted(filenames):
            file = Path(dirpath) / name
            rel = file.relative_to(content_dir).as_posix()
            path = f"{prefix}/{rel}" if prefix else rel
            if is_dicom(file):
                yield Finding(path, None, "dicom",
                    "is a DICOM file (DICM at byte 128): its header carries patient data and it is never "
                    "published; export a de-identified PNG of the image and delete this file")  # fmt: skip
            elif name.lower().endswith(PHOTO_EXTENSIONS) and has_gps(file):
                yield Finding(path, None, "image-gps",
                    "carries a GPS position in its EXIF data; the published copy is stripped, but remove it from "
                    "the source too (e.g. `exiftool -all= FILE`)", level="warning")  # fmt: skip
