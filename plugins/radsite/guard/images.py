"""Image guard on the sources: DICOM files (never published) and photos that carry a GPS position.

DICOM headers hold the patient's name, ID and birth date, so a DICOM file anywhere under `content/`
is an error, whatever its extension: it is recognised by its content (`is_dicom`). A published copy
of an image is re-encoded without metadata (radsite.publish.images), but the source keeps its GPS
position: a warning.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from PIL import Image, UnidentifiedImageError

from radsite.checkpoints import checkpoint
from radsite.findings import Finding

DICOM_MAGIC_AT, DICOM_MAGIC = 128, b"DICM"
GPS_IFD = 0x8825
# Groups a DICOM dataset starts with: file meta (0002), identifying (0008), patient (0010) and the
# rest of the usual leading modules; the elements are sorted, so the first tag is one of these.
_FIRST_GROUPS = frozenset({0x0002, 0x0004, 0x0008, 0x0010, 0x0018, 0x0020, 0x0028})
_VRS = frozenset(b"AE AS AT CS DA DS DT FL FD IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV".split())
_LONG_VRS = frozenset(b"OB OD OF OL OV OW SQ SV UC UN UR UT UV".split())


def is_dicom(file: Path) -> bool:
    """Whether a file is DICOM: the Part 10 marker, or a raw dataset without the 128-byte preamble.

    PACS exports and older tools write datasets with no preamble, which pydicom reads all the same
    (`force=True`), so the marker alone misses them: the first two data elements are parsed, in
    each of the three transfer syntaxes a dataset can start in, and both must be well formed.
    """
    with open(file, "rb") as handle:
        head = handle.read(1024)
    if head[DICOM_MAGIC_AT : DICOM_MAGIC_AT + 4] == DICOM_MAGIC or head.startswith(DICOM_MAGIC):
        return True
    return any(_two_elements(head, little, explicit) for little in (True, False) for explicit in (True, False))


def _two_elements(data: bytes, little: bool, explicit: bool) -> bool:
    order: Literal["little", "big"] = "little" if little else "big"
    position, previous = 0, -1
    for index in range(2):
        if position + 8 > len(data):
            return index > 0 and position == len(data)
        group = int.from_bytes(data[position : position + 2], order)
        element = int.from_bytes(data[position + 2 : position + 4], order)
        tag = group << 16 | element
        if tag <= previous or (index == 0 and group not in _FIRST_GROUPS) or (group % 2 and group != 0xFFFE):
            return False
        previous = tag
        if explicit:
            vr = data[position + 4 : position + 6]
            if vr not in _VRS:
                return False
            if vr in _LONG_VRS:
                if data[position + 6 : position + 8] != b"\0\0" or position + 12 > len(data):
                    return False
                length = int.from_bytes(data[position + 8 : position + 12], order)
                position += 12
            else:
                length = int.from_bytes(data[position + 6 : position + 8], order)
                position += 8
        else:
            length = int.from_bytes(data[position + 4 : position + 8], order)
            position += 8
        if length == 0xFFFFFFFF:  # a sequence of undefined length: well formed, and DICOM-only
            return True
        if length > 1 << 20:
            return False
        position += length
    return True


def has_gps(file: Path) -> bool:
    try:
        with Image.open(file) as image:
            return bool(image.getexif().get_ifd(GPS_IFD))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False  # not an image; a bomb is refused where a page uses it (publish.images)


def scan_images(content_dir: Path, prefix: str) -> Iterator[Finding]:
    """Every file under the content folder, hidden ones too: a DICOM file must not hide anywhere."""
    content_dir = Path(content_dir)
    for dirpath, dirnames, filenames in os.walk(content_dir):
        dirnames.sort()
        for name in sorted(filenames):
            checkpoint()  # serve: a newer save ends this build here (radsite.checkpoints)
            file = Path(dirpath) / name
            rel = file.relative_to(content_dir).as_posix()
            path = f"{prefix}/{rel}" if prefix else rel
            if not file.is_file():
                continue
            if is_dicom(file):
                yield Finding(path, None, "dicom",
                    "is a DICOM file (recognised by its content, whatever its name): its header carries patient "
                    "data and it is never published; export a de-identified PNG of the image and delete this file")  # fmt: skip
            elif not name.lower().endswith((".md", ".yml", ".yaml")) and has_gps(file):
                yield Finding(path, None, "image-gps",
                    "carries a GPS position (where the photo was taken); if a published page uses it, the site "
                    "gets a copy re-encoded from its pixels, without any metadata, but the file here keeps it: "
                    "remove it from the source too (e.g. `exiftool -all= FILE`)", level="warning")  # fmt: skip
