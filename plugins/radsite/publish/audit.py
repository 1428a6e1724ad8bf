"""Output leak audit: prove that nothing the visibility decision withheld reached a written file.

Filter at the source (radsite.visibility), verify at the output (here). The audit runs last, over
the staging folder, so a leak fails the build and the previous site stays as it was.

How it matches, in one pass over the output:
- Every text is reduced to its words: lower-case ASCII letters and digits, one space between them.
  The same reduction applies to the withheld values and to every output file, so HTML escaping,
  JSON escaping, Markdown markup and line wrapping cannot hide a leak.
- The patterns are the withheld values of up to WINDOW words (an internal e-mail address, a
  diagnosis, a withheld page's URL) and every WINDOW-word phrase of longer withheld prose.
- A pattern that also occurs in the published sources is not a leak: it is not distinctive, and it
  may legitimately be on the site (a diagnosis that is also a quiz choice, a sentence two pages
  share). This is decided only for patterns found in the output, so a clean build skips it.
- One Aho-Corasick automaton (ahocorasick_rs) runs over each file once; gzip files (Pagefind's
  `.pf_*` fragments and indexes, `sitemap.xml.gz`) are decompressed first. It holds the first
  PREFIX bytes of each phrase, and a match of those is then compared with the whole phrase.
- A line already scanned (in an earlier file, or earlier in the same one) is not scanned again: two
  thirds of every page is the theme's header, navigation and footer. A leak on such a line is
  reported for the first file. Phrases run over consecutive lines, not over the left-out ones.
- A warm build reads every file but scans again only those whose bytes changed: the digests of the
  files in which no withheld phrase matched at all (not even one the published text also has) are
  kept in the cache (radsite.cache), keyed by the withheld phrases. A file with those bytes matches
  nothing under those phrases, whatever else changed; a new withheld value makes a new key.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ahocorasick_rs import BytesAhoCorasick, Implementation

from radsite import cache
from radsite.checkpoints import checkpoint
from radsite.findings import Finding
from radsite.visibility import Decision, Withheld

WINDOW = 6  # words; a phrase this long that the published sources do not contain is distinctive
STRIDE = 6  # a long text gives a phrase at every STRIDE-th word (and at every sentence start)
MIN_CHARS = 8  # a shorter value (after reduction) is never distinctive: "mri", "2026"
PREFIX = 24  # bytes of each phrase in the automaton: half the bytes, built 3x faster than whole phrases
MAX_FINDINGS = 50
NOT_TEXT = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".bmp", ".tif", ".tiff", ".woff",
                      ".woff2", ".ttf", ".otf", ".eot", ".wasm", ".pdf", ".zip", ".mp4", ".webm", ".mp3", ".ogg"})  # fmt: skip
GZIP_MAGIC = b"\x1f\x8b"
_SEGMENT = re.compile(r"(?<=[.!?;:])\s+|\n")
_BREAK = "qqsegmentbreakqq"  # a word no text has: marks where a sentence or line starts
_UNSEEN = b" qqalreadyscannedqq "  # stands where lines scanned before were left out: no phrase spans it
# Tag names, entities, and JSON escapes (`\n` must not glue "n" to the next word).
_MARKUP = re.compile(rb"<[/A-Za-z][\w:-]*|&#?\w+;|\\(?:u[0-9a-fA-F]{4}|[nrtbf])")  # literal first bytes: fast
_WORDS = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else c + 32 if 65 <= c <= 90 else 32 for c in range(256))


def reduce(data: bytes) -> bytes:
    """Text to its words: b' lower ascii words separated by one space ' (padded, for whole-word matches).

    Tag names, entities and JSON escapes go first, so `<b>Room</b> 4.112` still reads `room 4 112`;
    attributes (alt text, links, meta descriptions) stay and are scanned like the text.
    """
    return b" " + b" ".join(_MARKUP.sub(b" ", data).translate(_WORDS).split()) + b" "


def phrases(value: str) -> set[str]:
    """The distinctive patterns of one withheld value, each padded with spaces.

    A value of up to WINDOW words is one pattern. Longer prose gives WINDOW-word phrases that start
    at every sentence, line or list item (where a leaked fragment starts when a template prints a
    field or a paragraph) and at every STRIDE-th word, so any leak of WINDOW + STRIDE - 1 words in a
    row is found wherever it starts: a fifth of the patterns a window at every word would give.
    """
    marked = reduce(_SEGMENT.sub(f" {_BREAK} ", value).encode("utf-8")).decode("ascii").split()
    words: list[str] = []
    starts: set[int] = {0}
    for word in marked:
        if word == _BREAK:
            starts.add(len(words))
        else:
            words.append(word)
    if len(words) <= WINDOW:
        text = " ".join(words)
        return {f" {text} "} if len(text) >= MIN_CHARS else set()
    starts |= set(range(0, len(words), STRIDE))
    last = len(words) - WINDOW
    return {f" {' '.join(words[i : i + WINDOW])} " for i in sorted(starts) if i <= last} | {f" {' '.join(words[last:])} "}


@dataclass
class Patterns:
    """The automaton of withheld phrases, and which of them the published sources also contain."""

    matcher: PhraseMatcher
    sources: dict[str, list[Withheld]]
    decision: Decision
    _published: bytes | None = None
    _verdicts: dict[str, bool] = field(default_factory=dict)

    def distinctive(self, phrase: str) -> bool:
        """False when the published sources contain the phrase too: then it may be on the site.

        Asked only for phrases found in the output, so a build without a match never reads the
        published text at all; each phrase is decided once.
        """
        verdict = self._verdicts.get(phrase)
        if verdict is None:
            if self._published is None:
                self._published = published_text(self.decision)
            verdict = self._verdicts[phrase] = phrase.encode("ascii") not in self._published
        return verdict


def patterns(decision: Decision) -> Patterns | None:
    """The withheld values' phrases, each with the withheld items it comes from."""
    sources: dict[str, list[Withheld]] = {}
    for withheld in decision.withheld:
        for value in withheld.values:
            for phrase in phrases(value):
                holders = sources.setdefault(phrase, [])
                if not holders or holders[-1] is not withheld:
                    holders.append(withheld)
    return Patterns(PhraseMatcher(sources), sources, decision) if sources else None


class PhraseMatcher:
    """Every occurrence of any of the phrases in a text, overlapping ones included, in one pass.

    The Aho-Corasick automaton holds only the first PREFIX bytes of each phrase; where one matches,
    the phrases that start with it are compared in full. Building the automaton is what costs, and
    it grows with the bytes it holds: a prefix of about four words is rare enough in published text
    that the comparisons stay few.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        by_prefix: dict[bytes, list[bytes]] = {}
        for phrase in phrases:
            whole = phrase.encode("ascii")  # reduce() leaves ASCII only
            by_prefix.setdefault(whole[:PREFIX], []).append(whole)
        self._whole = list(by_prefix.values())
        self._automaton = BytesAhoCorasick(list(by_prefix), implementation=Implementation.ContiguousNFA)

    def find(self, text: bytes) -> Iterator[str]:
        """The phrases in `text`, once per occurrence."""
        for index, start, _ in self._automaton.find_matches_as_indexes(text, overlapping=True):
            for whole in self._whole[index]:
                if text.startswith(whole, start):
                    yield whole.decode("ascii")


def repeated_internal_fields(decision: Decision) -> list[Finding]:
    """An internal field's value that published text repeats (a profile's internal phone written again
    in its body, or in a news post) would be on the site whatever the field says: an error, before
    anything is built. Only a field of one value (a phone, an e-mail address): a list of images or
    links shares its alt texts and paths with published ones by design. The audit cannot tell such
    a value from one the site may show (it is in the published sources), so the source is asked to
    say it once."""
    values = [(withheld, withheld.values[0]) for each in (decision, *decision.languages) for withheld in each.withheld
              if withheld.reason.startswith("internal field") and len(withheld.values) == 1]  # fmt: skip
    found: list[Finding] = []
    if not values:
        return found
    published = published_text(decision)
    for withheld, value in values:
        words = reduce(value.encode("utf-8"))
        if len(words) - 2 >= MIN_CHARS and words in published:
            found.append(Finding(withheld.path, withheld.line, "internal-field",
                f"the value of {withheld.reason.removeprefix('internal ')} is kept internal "
                "(mkdocs.yml: radsite.field_visibility), but published text says it too (this page's body or "
                "another page): remove it there, or make the field public"))  # fmt: skip
    return found


REPEATED_RUN = 12  # words: a sentence copied; an image's alt text and the answer share up to 7 by nature


def repeated_answers(decision: Decision) -> list[Finding]:
    """A case's hidden answer written again in the same case's published text (its summary, history,
    an image's caption, the body before `<!-- answer -->`) would be on the site before reveal_at:
    an error, before anything is built. The audit cannot tell it from text the site may show (it is
    in the published sources), so the source is asked to say it once. What counts is a copied run:
    REPEATED_RUN words in a row, or the whole of a hidden value of WINDOW words or more. Shorter runs
    are how a caption and an answer describe the same image, and a short diagnosis may be a choice."""
    found: list[Finding] = []
    for each in (decision, *decision.languages):
        by_path = {published.item.path: published for published in each.items}
        for withheld in each.withheld:
            published = by_path.get(withheld.path) if withheld.reason.startswith("unrevealed answer") else None
            if published is None:
                continue
            hidden = set().union(*(_runs(reduce(value.encode("utf-8")).split()) for value in withheld.values))
            if not hidden:
                continue
            lengths = {len(run) for run in hidden}
            places = [(f"field {name!r}", published.item.line(name), value) for name, value in published.fields.items()]
            places.append(("text before <!-- answer -->", published.item.doc.body_line, published.body))
            for where, line, value in places:
                words = reduce((value if isinstance(value, str) else repr(value)).encode("utf-8")).split()
                if any(tuple(words[i : i + n]) in hidden for n in lengths for i in range(len(words) - n + 1)):
                    found.append(Finding(withheld.path, line, "answer-repeated",
                        f"this case's {withheld.reason} is hidden until its reveal_at, but its published {where} "
                        f"copies it ({REPEATED_RUN} words in a row, or all of it): reword one of them, or move the "
                        "words after <!-- answer -->"))  # fmt: skip
    return found


def _runs(words: list[bytes]) -> set[tuple[bytes, ...]]:
    """The runs of a hidden value that count as a copy: every REPEATED_RUN-word run, or the whole value."""
    if len(words) < WINDOW:
        return set()
    if len(words) <= REPEATED_RUN:
        return {tuple(words)}
    return {tuple(words[i : i + REPEATED_RUN]) for i in range(len(words) - REPEATED_RUN + 1)}


def published_text(decision: Decision) -> bytes:
    """Everything the published items and pages say, in every language, reduced: what may appear on
    the site (a translation may repeat in a published field words its withheld field also uses)."""
    parts: list[str] = []  # repr() of the fields: every string value in it, in one C call
    for each in (decision, *decision.languages):
        for published in each.items:
            parts += [repr(published.fields), published.body, published.url]
        for page in each.pages:
            parts += [repr(page.meta.model_dump()), page.doc.body]
    return reduce("\n".join(parts).encode("utf-8"))


def audit(site_dir: Path, decision: Decision, *, shown_as: str | None = None) -> list[Finding]:
    """Scan every file under `site_dir`; one error per output file and withheld source found in it."""
    auditor = Auditor(site_dir, decision, shown_as=shown_as)
    auditor.scan(auditor.unscanned())
    return auditor.findings()


class Auditor:
    """The audit of one output folder, in as many passes as the build needs.

    The build scans the pages while Pagefind indexes them, then what is left (`unscanned`); see
    `BuildAudit`. Each file's size and time are kept from just before it was read: one that changes
    after its scan is scanned again.
    """

    def __init__(self, site_dir: Path, decision: Decision, *, shown_as: str | None = None) -> None:
        self.site_dir = Path(site_dir)
        self.label = shown_as if shown_as is not None else self.site_dir.name
        self.decision = decision
        self.patterns: Patterns | None = None  # built by `prepare` or the first scan
        self.prepared = False
        self.stamps: dict[Path, tuple[int, int]] = {}  # every file scanned: its size and time just before reading
        self.leaks: list[Finding] = []
        self.seen: set[bytes] = set()  # lines already scanned: the theme's header, nav and footer repeat on every page
        self.clean_before: frozenset[bytes] = frozenset()  # files' digests that matched nothing last time
        self.clean: set[bytes] = set()  # this build's, for the next one
        self.digests: dict[Path, tuple[tuple[int, int], bytes]] = {}  # each file's digest, by its stamp then
        self.skipped = 0
        self.suspect: set[bytes] = set()  # lines of files in which some phrase matched

    def unscanned(self, exclude: str | None = None) -> list[Path]:
        """Every file of the output folder not scanned yet, in a stable order; not under `exclude`."""
        skipped = os.path.join(self.site_dir, exclude, "") if exclude else None
        fresh = [file for file in _files(self.site_dir) if file not in self.stamps or self._changed(file)]
        return [file for file in fresh if not (skipped and str(file).startswith(skipped))]

    def scan(self, files: Iterable[Path]) -> None:
        self.prepare()
        for file in files:
            checkpoint()
            self.stamps[file] = stamp = _stamp(file)  # before reading: a change after this shows in `_changed`
            if self.patterns is None or file.suffix.lower() in NOT_TEXT:
                continue
            if (known := self.digests.get(file)) is not None and known[0] == stamp and known[1] in self.clean_before:
                self._clean_again(known[1])  # digested already (the search index's key): not read again
                continue
            try:
                raw = file.read_bytes()
            except FileNotFoundError:  # gone since it was listed (a temporary file, renamed): the
                continue  # output no longer has it, and what replaced it is listed at the end
            self._scan_data(file, raw, self.patterns)

    def digest(self, file: Path) -> bytes:
        """The digest of a file's bytes, remembered with its stamp: the search index's key reads every
        page just before the audit does (`publish.search.bundle_key`), and a clean page is read once."""
        stamp = _stamp(file)
        made = _digest(file.read_bytes())
        self.digests[file] = (stamp, made)
        return made

    def findings(self) -> list[Finding]:
        if len(self.leaks) <= MAX_FINDINGS:
            return list(self.leaks)
        rest = len(self.leaks) - MAX_FINDINGS
        return [*self.leaks[:MAX_FINDINGS], Finding(self.label, None, "leak", f"... and {rest} more leaks")]

    def prepare(self) -> None:
        """Build the patterns, once."""
        if not self.prepared:
            self.patterns, self.prepared = patterns(self.decision), True
            found = cache.current().lookup("audit-clean", self.key(), (), count=False)
            self.clean_before = found if isinstance(found, frozenset) else frozenset()

    def key(self) -> bytes:
        """What a file's verdict depends on besides its bytes: the withheld phrases."""
        phrases = sorted(self.patterns.sources) if self.patterns is not None else []
        return cache.digest(*(phrase.encode("ascii") for phrase in phrases))

    def remember_clean(self, key: bytes | None = None) -> None:
        """After a build without leaks: the files that matched nothing, for the next build's audit."""
        if (key is not None or self.prepared) and not self.leaks:
            cache.current().store("audit-clean", key or self.key(), (), frozenset(self.clean))

    def _changed(self, file: Path) -> bool:
        stamp = self.stamps.get(file)
        return stamp is not None and stamp != _stamp(file)

    def _clean_again(self, known: bytes) -> None:
        self.clean.add(known)
        self.skipped += 1

    def _scan_data(self, file: Path, raw: bytes, found: Patterns) -> None:
        known = _digest(raw)
        if known in self.clean_before:
            self._clean_again(known)
            return
        unpacked = _gunzip(raw)
        data = raw if unpacked is None else unpacked
        lines = data.split(b"\n")
        suspect = any(line in self.suspect for line in lines if line in self.seen)  # left out, matched before
        text = reduce(_fresh(lines, self.seen))
        leaked: dict[Withheld, str] = {}
        matched = False
        for phrase in found.matcher.find(text):
            matched = True
            if found.distinctive(phrase):
                for withheld in found.sources[phrase]:
                    leaked.setdefault(withheld, phrase.strip())
        if matched:
            self.suspect.update(lines)  # a later file that leaves these lines out is not clean by itself
        elif not suspect:
            self.clean.add(known)
        rel = file.relative_to(self.site_dir).as_posix()
        for withheld, phrase in leaked.items():
            self.leaks.append(Finding(f"{self.label}/{rel}", None, "leak",
                f"contains text withheld from this build: {withheld.reason} of {withheld.path}:{withheld.line} "
                f"(matched the words '{_clip(phrase)}'); a template or plugin wrote it from raw content: "
                "output only what state.decision publishes"))  # fmt: skip


def _fresh(lines: list[bytes], seen: set[bytes]) -> bytes:
    """The lines not in `seen` (now added to it), as they stood: a phrase may run over consecutive
    lines (a leaked list, one item per line), never over the gap where seen lines were left out."""
    kept: list[bytes] = []
    gap = False
    for line in lines:
        if line in seen:
            if not gap:
                kept.append(_UNSEEN)
                gap = True
        else:
            seen.add(line)
            kept.append(line)
            gap = False
    return b"\n".join(kept)


def _files(root: Path) -> list[Path]:
    return [Path(name) for name in sorted(os.path.join(top, name) for top, _, names in os.walk(root) for name in names)]


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=20).digest()


def _gunzip(data: bytes) -> bytes | None:
    """The data of a whole gzip file; None for anything else, a half-written one included."""
    if data[:2] != GZIP_MAGIC:
        return None
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error):
        return None


def _stamp(file: Path) -> tuple[int, int]:
    try:
        stat = file.stat()
    except FileNotFoundError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def unlisted(site_dir: Path, expected: set[str], generated_folders: tuple[str, ...], *,
             shown_as: str | None = None) -> list[Finding]:  # fmt: skip
    """The second line of deny by default: a written file that is not on the published list is an error.

    `expected` holds every file the build meant to write (site-relative POSIX paths);
    `generated_folders` are written whole by a generator of our own (Pagefind's bundle).
    """
    root = Path(site_dir)
    label = shown_as if shown_as is not None else root.name
    found = []
    for file in _files(root):
        rel = file.relative_to(root).as_posix()
        if rel in expected or rel.startswith(generated_folders):
            continue
        found.append(Finding(f"{label}/{rel}", None, "unlisted",
            "was written to the site but is not on the build's published list; RadSite refuses to publish "
            "it (report this as a bug: a plugin, hook or theme wrote a file RadSite did not decide)"))  # fmt: skip
        if len(found) >= MAX_FINDINGS:
            break
    return found


class BuildAudit:
    """The output audit of a build, in the build's own process.

    `pages_written()` (Pagefind has just started, in its own process, on the other core): scan the
    pages while it indexes them. `finish()` (everything is written): scan what is left, the feeds,
    the report and the search index, and hand over the findings. A warm build scans again only the
    files whose bytes changed (`Auditor.clean_before`), so the audit needs no process of its own.
    """

    def __init__(self, auditor: Auditor, index_folder: str) -> None:
        self.auditor = auditor
        self.index_folder = index_folder
        self._findings: list[Finding] | None = None

    def digest(self, file: Path) -> bytes:
        return self.auditor.digest(file)

    def pages_written(self) -> None:
        self.auditor.scan(self.auditor.unscanned(exclude=self.index_folder))

    def finish(self) -> list[Finding]:
        if self._findings is None:
            self.auditor.scan(self.auditor.unscanned())
            self.auditor.remember_clean()
            self._findings = self.auditor.findings()
        return self._findings

    def cancel(self) -> None:
        """The build failed: nothing is left running."""
