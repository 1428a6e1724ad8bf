"""The SHA-256 of every file of a built site except Pagefind's, one `digest  path` line each.

The recorded digest of the example site (tests/data/example-site.sha256) holds refactorings to
"the site is byte for byte what it was". When a change is meant to change the site, regenerate it
and review the diff of the digest file with the change:

    RADSITE_NOW=2026-11-28T12:00 SOURCE_DATE_EPOCH=1795867200 .venv/bin/mkdocs build -d /tmp/example-site
    .venv/bin/python tests/site_digest.py /tmp/example-site > tests/data/example-site.sha256

Pagefind's files are left out: their names are hashes of their content, and it is tested by itself.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

SKIPPED = ("pagefind/",)


def digests(site: Path) -> dict[str, str]:
    """site-relative path -> SHA-256 of its bytes, for every file but Pagefind's."""
    result = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and not rel.startswith(SKIPPED):
            result[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def text(found: dict[str, str]) -> str:
    return "".join(f"{digest}  {rel}\n" for rel, digest in found.items())


def parse(recorded: str) -> dict[str, str]:
    return {rel: digest for digest, _, rel in (line.partition("  ") for line in recorded.splitlines() if line)}


if __name__ == "__main__":
    sys.stdout.write(text(digests(Path(sys.argv[1]))))
