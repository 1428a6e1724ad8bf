"""Make the theme's web fonts: Liberation Sans subset to Latin and Latin Extended, as WOFF2.

Run at development time, not at build time (the build needs neither fontTools nor brotli):
    pip install -c requirements.lock -e '.[fonts]'
    python theme/make_fonts.py [folder with LiberationSans-Regular.ttf and -Bold.ttf]
The source is Debian's fonts-liberation (1.07, /usr/share/fonts/truetype/liberation by default);
its licence travels with the fonts (theme/assets/radsite/fonts/LICENSE.txt). The social images
(radsite.publish.social_images) draw with the same WOFF2 files: Pillow's FreeType reads them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

SOURCE = Path("/usr/share/fonts/truetype/liberation")
OUT = Path(__file__).resolve().parent / "assets" / "radsite" / "fonts"
# Basic Latin, Latin-1 (á é í ó ú ñ ü ¿ ¡), Latin Extended-A and -B, spacing accents, general
# punctuation (dashes, curly quotes, ellipsis), euro, trade mark, arrows, minus, <= >=, the answer
# toggle's triangles: what English and Spanish pages set. Other scripts fall back to system fonts.
UNICODES = ("U+0000-024F,U+02C6-02DD,U+2000-206F,U+20AC,U+2122,U+2190-2195,U+2212,U+2264-2265,"
            "U+25B2-25BC,U+FFFD")  # fmt: skip
WEIGHTS = ("Regular", "Bold")


def make(source: Path = SOURCE, out: Path = OUT) -> list[Path]:
    """Write LiberationSans-<weight>.woff2 for each weight; returns the files written."""
    written = []
    for weight in WEIGHTS:
        target = out / f"LiberationSans-{weight}.woff2"
        subset.main([
            str(source / f"LiberationSans-{weight}.ttf"), f"--unicodes={UNICODES}", "--flavor=woff2",
            "--layout-features=kern,liga,locl,mark,mkmk", "--no-hinting", "--desubroutinize",
            f"--output-file={target}",
        ])  # fmt: skip
        written.append(target)
    return written


if __name__ == "__main__":
    for path in make(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE):
        print(f"{path}: {path.stat().st_size} bytes")
