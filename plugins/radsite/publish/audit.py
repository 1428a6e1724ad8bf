"""Output leak audit: prove that nothing the visibility decision withheld reached a written file.

Filter at the source (radsite.visibility), verify at the output (here). The audit runs last, over
the staging folder, so a leak fails the build and the previous site stays as it was.

How it matches, in one pass over the output:
- Every text is reduced to its words: lower-case ASCII letters and digits, one space between them.
  The same reduction applies to the withheld values and to every output file, so HTML escaping,
  JSON escaping, Markdown markup and line wrapping cannot hide a leak.
- The patterns are the withheld values of up to WINDOW words (an internal e-mail address, a
  diagnosis, a withheld page's URL) and every WINDOW-word phrase of longer withheld prose.
- A pattern that also occurs in the published sources is dropped: it is not distinctive, and it may
  legitimately be on the site (a diagnosis that is also a quiz choice, a sentence two pages share).
- One Aho-Corasick automaton (pyahocorasick) runs over each file once; gzip files (Pagefind's
  `.pf_*` fragments and indexes, `sitemap.xml.gz`) are decompressed first.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick

from radsite.findings import Finding
from radsite.visibility import Decision, Withheld

WINDOW = 6  # words; a phrase this long that the published sources do not contain is distinctive
MIN_CHARS = 8  # a shorter value (after reduction) is never distinctive: "mri", "2026"
MAX_FINDINGS = 50
NOT_TEXT = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".bmp", ".tif", ".tiff", ".woff",
                      ".woff2", ".ttf", ".otf", ".eot", ".wasm", ".pdf", ".zip", ".mp4", ".webm", ".mp3", ".ogg"})  # fmt: skip
GZIP_MAGIC = b"\x1f\x8b"
_MARKUP = re.compile(rb"</?[A-Za-z][\w:-]*|[\w:-]+=[\"']?|[\"']?/?>|&#?\w+;")
_WORDS = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else c + 32 if 65 <= c <= 90 else 32 for c in range(256))


def reduce(data: bytes) -> str:
    """Text to its words: ' lower ascii words separated by one space ' (padded, for whole-word matches).

    Tag names, attribute names and entities go first, so `<b>Room</b> 4.112` still reads `room 4 112`;
    attribute values (alt text, links, meta descriptions) stay and are scanned like the text.
    """
    return " " + " ".join(_MARKUP.sub(b" ", data).translate(_WORDS).decode("ascii").split()) + " "


def phrases(value: str) -> set[str]:
    """The distinctive patterns of one withheld value, each padded with spaces."""
    words = reduce(value.encode("utf-8")).split()
    if len(words) <= WINDOW:
        text = " ".join(words)
        return {f" {text} "} if len(text) >= MIN_CHARS else set()
    return {f" {' '.join(words[i : i + WINDOW])} " for i in range(len(words) - WINDOW + 1)}


@dataclass
class Patterns:
    automaton: Any  # ahocorasick.Automaton: pattern -> pattern
    sources: dict[str, list[Withheld]]


def patterns(decision: Decision) -> Patterns | None:
    """The withheld values' distinctive patterns, minus anything the published sources contain."""
    sources: dict[str, list[Withheld]] = {}
    for withheld in decision.withheld:
        for value in withheld.values:
            for phrase in phrases(value):
                holders = sources.setdefault(phrase, [])
                if withheld not in holders:
                    holders.append(withheld)
    if not sources:
        return None
    candidates = _automaton(sources)
    for _, phrase in candidates.iter(published_text(decision)):
        sources.pop(phrase, None)
    if not sources:
        return None
    return Patterns(_automaton(sources), sources)


def published_text(decision: Decision) -> str:
    """Everything the published items and pages say, reduced: what may appear on the site."""
    parts: list[str] = []
    for published in decision.items:
        parts += [*_strings(published.fields), published.body, published.url]
    for page in decision.pages:
        parts += [*_strings(page.meta.model_dump()), page.doc.body]
    return reduce("\n".join(parts).encode("utf-8"))


def audit(site_dir: Path, decision: Decision, *, shown_as: str | None = None) -> list[Finding]:
    """Scan every file under `site_dir`; one error per output file and withheld source found in it."""
    found = patterns(decision)
    if found is None:
        return []
    site_dir = Path(site_dir)
    label = shown_as if shown_as is not None else site_dir.name
    findings: list[Finding] = []
    for file in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        if file.suffix.lower() in NOT_TEXT:
            continue
        text = reduce(_read(file))
        seen: dict[Withheld, str] = {}
        for _, phrase in found.automaton.iter(text):
            for withheld in found.sources[phrase]:
                seen.setdefault(withheld, phrase.strip())
        rel = file.relative_to(site_dir).as_posix()
        for withheld, phrase in seen.items():
            findings.append(Finding(f"{label}/{rel}", None, "leak",
                f"contains text withheld from this build: {withheld.reason} of {withheld.path}:{withheld.line} "
                f"(matched the words '{_clip(phrase)}'); a template or plugin wrote it from raw content: "
                "output only what state.decision publishes"))  # fmt: skip
    if len(findings) > MAX_FINDINGS:
        rest = len(findings) - MAX_FINDINGS
        findings = findings[:MAX_FINDINGS]
        findings.append(Finding(label, None, "leak", f"... and {rest} more leaks"))
    return findings


def _read(file: Path) -> bytes:
    data = file.read_bytes()
    if data[:2] == GZIP_MAGIC:
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return data
    return data


def _automaton(sources: Iterable[str]) -> Any:
    automaton = ahocorasick.Automaton()
    for phrase in sources:
        automaton.add_word(phrase, phrase)
    automaton.make_automaton()
    return automaton


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in _strings(v)]
    if isinstance(value, list | tuple | set):
        return [t for v in value for t in _strings(v)]
    return [str(value)] if value is not None else []


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
