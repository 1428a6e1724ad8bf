"""The example site is byte for byte what was recorded: a refactoring that changes no output passes.

A change meant to change the site regenerates the record (see tests/site_digest.py) in the same
commit, so the diff of tests/data/example-site.sha256 shows which files it changed.
"""

from __future__ import annotations

from pathlib import Path

from site_digest import digests, parse, text

from conftest import Project

RECORD = Path(__file__).parent / "data" / "example-site.sha256"


def test_the_digest_reads_back_what_it_wrote(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.html").write_text("x", encoding="utf-8")
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "c.pf_index").write_bytes(b"y")
    found = digests(tmp_path)
    assert list(found) == ["a/b.html"] and parse(text(found)) == found


def test_the_example_site_is_what_was_recorded(built_example: Project) -> None:
    recorded, built = parse(RECORD.read_text(encoding="utf-8")), digests(built_example.site)
    changed = sorted(rel for rel in recorded.keys() & built.keys() if recorded[rel] != built[rel])
    assert (sorted(recorded.keys() - built.keys()), sorted(built.keys() - recorded.keys()), changed) == ([], [], []), (
        "the example site changed; if that was meant, regenerate tests/data/example-site.sha256 (tests/site_digest.py)"
    )
