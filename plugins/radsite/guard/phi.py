"""PHI guard: find patient identifiers in the Markdown of the collections that describe patients.

Runs on the sources in `radsite check` and at the start of every build, so an identifier fails the
pull request before anything is written. Rules are per collection: a profile's or a trial's contact
details are the point of the page, a phone number in a teaching case never is. A line that must
keep what looks like an identifier says why, inline: `<!-- phi-ok: fictional number from the form -->`.
Messages never repeat the identifier itself (CI logs can be public): they give its column and kind.
Each line is read as a reader reads it (`normalise`: entities, look-alike letters, invisible
characters) and phone numbers by libphonenumber (`phones`); columns are always the file's own.
Figures on labelled and held-out lines: bench/README-privacy.md.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from radsite.content import markdown_budget
from radsite.content.frontmatter import split
from radsite.content.registry import COLLECTIONS, reference_fields
from radsite.findings import Finding
from radsite.guard import spoken
from radsite.guard.labels import labelled_numbers
from radsite.guard.name_positions import position_spans
from radsite.guard.names import name_spans, staff_after
from radsite.guard.national_ids import checked_ids, is_nation, strong_ids
from radsite.guard.normalise import normalise, plain
from radsite.guard.payments import GATE as PAYMENT_GATE
from radsite.guard.payments import payment_spans
from radsite.guard.phones import DEFAULT_REGION, phone_spans
from radsite.guard.rules import (
    CITATION_LINE as _CITATION_LINE,
)
from radsite.guard.rules import (
    DATE_FIX,
    DATE_GATE,
    INITIALS_GATE,
    NAME_HINTS,
    RULES,
    SPANISH_NAME_HINTS,
    Rule,
    initial_names,
    patient_dates,
    patient_word_dates,
)
from radsite.guard.tables import labelled_cells

ALL = frozenset({"name", "mrn", "account", "ssn", "phone", "email", "address", "date", "age", "device", "url", "uid"})
CONTACT = frozenset({"name", "phone", "email", "address"})  # legitimate where people are reached


def categories_for(collection: str | None) -> frozenset[str]:
    """What a collection is scanned for: everything where it describes patients (the registry says), and
    no staff contacts elsewhere (profiles, trials, plain pages such as about or contact)."""
    spec = COLLECTIONS.get(collection) if collection else None
    return ALL if spec is not None and spec.describes_patients else ALL - CONTACT


# Front-matter keys that hold codes, references or paths, not prose.
NOT_PROSE_KEYS = frozenset({"slug", "tags", "src", "id", "visibility", "draft", "audience", "template", "nct_id", "date",
                            "updated", "publish_at", "reveal_at", "last_reviewed", "links"}) | reference_fields()  # fmt: skip
EXCEPTION = re.compile(r"<!--\s*phi-ok\b:?(?P<html>.*?)-->|#\s*phi-ok\b:?(?P<yaml>.*)$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
# What a national number needs (`national_ids`): six digits with single separators, or a codice fiscale's mix
_LONG = re.compile(r"\d(?:[ \t./()-]?\d){5}")
_CODE = re.compile(r"[A-Z]{6}\d\d[A-Z]|\d[A-Z]{1,3}\d")  # a codice fiscale; letters among digits (FIN 4K7L8M2)
_DOTTED = re.compile(r"\d\.\d{1,3}\.\d")  # what an IP address needs; other address rules need :// or \\
_NAME_HINT = re.compile("|".join(map(re.escape, NAME_HINTS)))
_RELATIVE = re.compile(
    r"kin|nok|contact|guardian|parent|mother|father|spouse|partner|wife|husband|son|daughter|name|"
    r"sibling|brother|sister|carer|caregiver|relative|first[ \t]*[:=|]|last[ \t]*[:=|]"
)
_SIGNOFF = re.compile(r"(?:cheers|best|thanks|again|care|love|warmly|mente|saludos?|cordial(?:es)?|abrazos?),")
_AT_DOMAIN = re.compile(r" at [\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b")  # starts with a literal: a fast search
_KEY = re.compile(r"^(?P<indent>[ \t]*)(?:-[ \t]+)?(?P<key>[\w-]+)[ \t]*:")


@dataclass(frozen=True)
class Hit:
    category: str
    col: int  # 1-based
    text: str


@dataclass(frozen=True)
class PhiException:
    """A line an editor marked `phi-ok`, with the reason and what it let through."""

    path: str
    line: int
    reason: str
    categories: tuple[str, ...]

    def as_json(self) -> dict:
        return {"path": self.path, "line": self.line, "reason": self.reason, "categories": list(self.categories)}


@dataclass
class PhiResult:
    findings: list[Finding]
    exceptions: list[PhiException]
    digests: dict[str, bytes] = field(default_factory=dict)  # path -> text_digest of what was guarded


def scan_line(line: str, categories: Iterable[str] = ALL, region: str = DEFAULT_REGION) -> list[Hit]:
    """Every identifier on one line of text, leftmost first; overlapping hits are reported once.

    The rules see the line as a reader would (`normalise`: entities, look-alike letters, invisible
    characters); each hit's column and text are those of the line as written.
    """
    if plain(line):  # normalise's own first test
        return _scan(line, categories, region)
    norm = normalise(line)
    if norm.text is line:
        return _scan(line, categories, region)
    return [Hit(h.category, norm.start(h.col - 1) + 1, line[norm.start(h.col - 1) : norm.end(h.col - 1 + len(h.text))])
            for h in _scan(norm.text, categories, region)]  # fmt: skip


def _other_title(line: str) -> bool:
    """Any of SPANISH_NAME_HINTS in the line: `in` tests beat a regex alternation of literals."""
    return any(hint in line for hint in SPANISH_NAME_HINTS)


def needs_present(line: str, lower: str | None = None) -> dict[str, bool]:
    """What the line holds of what each kind of rule needs (`Rule.needs`): cheap tests, no rule is run.

    Substring tests (`in`) where they can: a regex alternation of literals scans a line that has none
    of them ten times slower.
    """
    lower = line.lower() if lower is None else lower
    has_digit = _DIGIT.search(line) is not None
    return {
        "digit": has_digit,
        "@": "@" in line,
        "url": "://" in line
        or "\\\\" in line
        or (has_digit and _DOTTED.search(line) is not None)
        or (".l" in lower and (".local" in lower or ".lan" in lower))  # a host name without http://
        or ".internal" in lower
        or ".corp" in lower
        or ".intra" in lower
        or ".arpa" in lower,
        "name": _NAME_HINT.search(line) is not None or (has_digit and "year" in line),  # "Ann Lee, a 45-year-old"
        # spelt out, not any(...): a generator costs more than the four searches (NEONATE_HINTS, SPANISH_NAME_HINTS)
        "neonate": "baby" in lower or "infant" in lower or "newborn" in lower or "twin" in lower,  # "baby girl Okafor"
        "es-name": _other_title(line),  # Sra., paciente, Herr, Frau, Mevrouw
        "initials": INITIALS_GATE.search(line) is not None,  # "J. R. Smith"
        "signoff": "yours" in lower or "regards" in lower or "sincerely" in lower or "wishes" in lower
        or ("," in line and _SIGNOFF.search(lower) is not None),  # "Cheers, Gaz", "Un saludo, Begoña"
        # a relative or a name part after a label: "Next of kin: ...", "Surname: ..."
        "label": (":" in line or "|" in line or "=" in line) and _RELATIVE.search(lower) is not None,
        "at": " at " in lower and _AT_DOMAIN.search(lower) is not None,  # "priyanka.d at example.in"
        # "jdoe at example dot com", "jdoe[at]example.com"
        "dot": " dot " in lower
        or "[dot]" in lower
        or "(dot)" in lower
        or "[at]" in lower
        or "(at)" in lower
        or "arroba" in lower,  # "h.aguirre(arroba)example.com"
        "words": "inety" in lower or "undred" in lower or "oventa" in lower,  # "ninety-three years old"
        "spoken": spoken.present(lower),  # "the third of March", "oh seven seven zero..." (dictation)
    }


WINDOW = 1_000  # characters of a long line scanned at a time
OVERLAP = 200  # shared by two windows: an identifier and the words that give it away fit in it


def _scan(line: str, categories: Iterable[str], region: str) -> list[Hit]:
    """`_scan_window` over a long line in overlapping windows, cut at spaces. Some rules cost time
    quadratic in a line's length on runs no prose has ("1.1.1.1...", a dotted host without its end):
    a 20,000-character line of them took 8 s, a 1 MB one would have taken hours. Windows bound that
    cost; an identifier crossing a cut is whole in the next window, which starts OVERLAP earlier."""
    if len(line) <= WINDOW:
        return _scan_window(line, categories, region)
    hits: list[Hit] = []
    start = 0
    while True:
        end = min(start + WINDOW, len(line))
        if end < len(line):
            cut = line.rfind(" ", end - OVERLAP // 2, end)
            end = cut if cut > start else end
        hits += [Hit(h.category, h.col + start, h.text) for h in _scan_window(line[start:end], categories, region)]
        if end >= len(line):
            return _leftmost(_joined(hits, line))
        after = line.find(" ", end - OVERLAP, end)
        start = after + 1 if after > start else end - OVERLAP


def _joined(hits: list[Hit], line: str) -> list[Hit]:
    """Hits of one kind that overlap across a cut are one identifier (a UID longer than a window)."""
    hits.sort(key=lambda h: (h.category, h.col))
    joined: list[Hit] = []
    for hit in hits:
        last = joined[-1] if joined else None
        if last is not None and last.category == hit.category and hit.col < last.col + len(last.text):
            end = max(last.col + len(last.text), hit.col + len(hit.text))
            joined[-1] = Hit(last.category, last.col, line[last.col - 1 : end - 1])
        else:
            joined.append(hit)
    return joined


def _scan_window(line: str, categories: Iterable[str], region: str) -> list[Hit]:
    lower = line.lower()
    present = needs_present(line, lower)
    has_digit = present["digit"]
    wanted = categories if isinstance(categories, frozenset) else frozenset(categories)
    named = (
        [Hit("name", start + 1, line[start:end]) for start, end in (*name_spans(line), *position_spans(line))]
        if "name" in wanted
        else []
    )
    if named and _CITATION_LINE.search(line):  # a reference's authors and journal ("Ann Indian Acad Neurol. 2019;22")
        named = []
    if named:  # a country's name or its people's is no person's: "Sri Lankan NIC", "South African ID"
        named = [h for h in named if not all(is_nation(w.strip(",;")) for w in h.text.split())]
    if not any(present.values()):  # most prose: nothing any rule could match
        return named if len(named) < 2 else _leftmost(named)
    # Every gate needs a digit. (One search of all the gates together, ANY_GATE, used to come first:
    # with the gates of the other countries' identifiers it costs more than the gates it saves.)
    gates_open = has_digit
    hits = [Hit(rule.category, m.start() + 1, m.group(0)) for rule in _rules(wanted)
            if present[rule.needs] and (rule.gate is None or (gates_open and rule.gate.search(lower)))
            for m in rule.pattern.finditer(line)]  # fmt: skip
    if "," in line:  # a title's name with a job after it is staff: "by Sr Agnieszka Nowak, CT lead radiographer"
        hits = [h for h in hits if h.category != "name" or not staff_after(line, h.col - 1 + len(h.text))]
    hits += named
    weak: list[Hit] = []
    if has_digit and ("mrn" in wanted or "account" in wanted):
        hits, weak = _with_labelled(line, hits, wanted, region)
    if has_digit and "ssn" in wanted and (_LONG.search(line) is not None or _CODE.search(line) is not None):
        hits = _with_ids(line, hits, weak)
    if has_digit and "account" in wanted and PAYMENT_GATE.search(line) is not None:
        hits = _with_payments(line, hits, weak)
    if named and any(h.category == "address" for h in hits):
        hits = _no_districts(line, hits)
    if gates_open and "date" in wanted and DATE_GATE.search(lower):
        hits += [Hit("date", m.start() + 1, m.group(0)) for m in patient_dates(line)]
    if present["spoken"]:
        if "date" in wanted:
            hits += [Hit("date", m.start() + 1, m.group(0)) for m in patient_word_dates(line)]
        if "phone" in wanted:
            hits += [Hit("phone", start + 1, line[start:end]) for start, end in spoken.spoken_numbers(line)]
    if has_digit and "phone" in wanted:
        known = [(h.col - 1, h.col - 1 + len(h.text)) for h in hits]
        hits += [Hit("phone", start + 1, line[start:end]) for start, end in phone_spans(line, region, known)]
    if present["initials"] and "name" in wanted:
        hits += [Hit("name", m.start() + 1, m.group(0)) for m in initial_names(line)]
    return _leftmost(hits)


def _with_labelled(line: str, hits: list[Hit], wanted: frozenset[str], region: str) -> tuple[list[Hit], list[Hit]]:
    """The numbers under a record's or an account's label (`labels`) as a fallback: another rule's hit
    there wins, except a phone number's by shape alone ("H&C number 320 117 4460" is no phone).
    Returns the hits and those this fallback added."""
    added: list[Hit] = []
    for cat, start, end, label_start, firm in labelled_numbers(line):
        if cat not in wanted:
            continue
        over = [h for h in hits if h.col - 1 < end and start < h.col - 1 + len(h.text)]
        if not firm and any(s < end and start < e for s, e in phone_spans(line, region)):
            continue  # a label that names no system ("Fijo 91 555 02 13"): the number is the phone's
        if all(_gives_way(h, cat, label_start, start, end, firm) for h in over):
            hits = [h for h in hits if h not in over]
            added.append(Hit(cat, start + 1, line[start:end]))
            hits.append(added[-1])
    return hits, added


_CONTAINER = re.compile(r"(?i:file|case|folder)\b")


# Each word ends where its letters do, so a run of capitals has one reading (it had 2^n, and took seconds);
# a floor and a door ("3.º B") may stand among the districts
_DISTRICTS = re.compile(r"(?:[ \t]*,[ \t]*(?:(?:[A-Z][\w'’-]*(?![\w'’-])|"
    r"\d{1,4}(?!\d)\.?[ºª°oa]?(?![\w]))[ \t]*)*)*[ \t]*,[ \t]*")


def _no_districts(line: str, hits: list[Hit]) -> list[Hit]:
    """No name where a street address goes on with its district and town: "11 Harbour View Road, Tai Koo, Hong Kong"."""
    ends = [h.col - 1 + len(h.text) for h in hits if h.category == "address"]
    return [h for h in hits if h.category != "name"
            or not any(end <= h.col - 1 and _DISTRICTS.fullmatch(line, end, h.col - 1) for end in ends)]  # fmt: skip


def _gives_way(hit: Hit, category: str, label_start: int, start: int, end: int, firm: bool) -> bool:
    """Whether another rule's hit gives way to a label's number: a phone's by shape; a ZIP+4
    inside the number ("ULI 44718-8219"); a file's number after a payer's word ("DVA file number")."""
    if hit.category == "phone":
        return True
    if hit.category == "address" and start <= hit.col - 1 and hit.col - 1 + len(hit.text) <= end and hit.text[:1].isdigit():
        return True
    return (category == "account" and hit.category == "mrn" and label_start < hit.col - 1
            and _CONTAINER.match(hit.text) is not None)  # fmt: skip


def _with_ids(line: str, hits: list[Hit], weak: list[Hit]) -> list[Hit]:
    """National identity numbers (`national_ids`): under their system's name they win over any other hit of a
    number there; found by their check alone, only over a phone's or a label's fallback hit."""
    for strong, spans in ((True, strong_ids(line)), (False, checked_ids(line))):
        for start, end in spans:
            over = [h for h in hits if h.col - 1 < end and start < h.col - 1 + len(h.text)]
            if any(h.category == "ssn" for h in over):
                continue
            if strong:
                over = [h for h in over if h.category not in ("url", "email", "name")]
            elif not all(h.category == "phone" or h in weak for h in over):
                continue
            hits = [h for h in hits if h not in over]
            hits.append(Hit("ssn", start + 1, line[start:end]))
    return hits


def _with_payments(line: str, hits: list[Hit], weak: list[Hit]) -> list[Hit]:
    """IBANs and card numbers (`payments`): their check digits win over a phone's shape and a label's fallback,
    not over another rule's hit (a national number, a health number of the same length)."""
    for start, end in payment_spans(line):
        over = [h for h in hits if h.col - 1 < end and start < h.col - 1 + len(h.text)]
        if not all(h.category == "phone" or h in weak for h in over):
            continue
        hits = [h for h in hits if h not in over]
        hits.append(Hit("account", start + 1, line[start:end]))
    return hits


def _leftmost(hits: list[Hit]) -> list[Hit]:
    """The hits leftmost first, the longest of those that start together; a hit inside another is dropped."""
    hits.sort(key=lambda h: (h.col, -len(h.text)))
    kept: list[Hit] = []
    end = 0
    for hit in hits:
        if hit.col - 1 >= end:
            kept.append(hit)
            end = hit.col - 1 + len(hit.text)
    return kept


@functools.cache
def _rules(categories: frozenset[str]) -> tuple[Rule, ...]:
    return tuple(rule for rule in RULES if rule.category in categories)


def scan_text(path: str, text: str, collection: str | None, region: str = DEFAULT_REGION) -> PhiResult:
    """Scan one Markdown source (front matter and body) with its collection's rules.

    `region` is the country whose phone numbers are written without +CC (ISO 3166, e.g. "US", "GB").
    """
    categories = categories_for(collection)
    findings: list[Finding] = []
    exceptions: list[PhiException] = []
    try:
        with markdown_budget.cpu_budget(text):  # the rules cost most on runs like 1/1/1/: 1 MB took 26 s
            _scan_lines(path, text, categories, region, findings, exceptions)
    except markdown_budget.TooSlow:
        return PhiResult([Finding(path, _densest_line(text), "phi-budget",
            f"the PHI guard needed more than {markdown_budget.MAX_CPU_S:g} s of CPU time for this file and was "
            "stopped, so it is not published: break up the long runs of digits and punctuation (1/1/1/...) of "
            "this line, or move such data out of the page")], [])  # fmt: skip
    return PhiResult(findings, exceptions)


_DENSE = re.compile(r"[\d\W]+")


def _densest_line(text: str) -> int:
    """The line most likely at fault when the guard ran over its budget: the longest run of digits and signs."""
    runs = [(len(max(_DENSE.findall(line), key=len, default="")), -number, number) for number, line in _prose_lines(text)]
    return max(runs)[2] if runs else 1


def _scan_lines(path: str, text: str, categories: frozenset[str], region: str, findings: list[Finding],
                exceptions: list[PhiException]) -> None:  # fmt: skip
    """`scan_text`'s loop: each prose line through the rules, its `phi-ok` mark honoured, and each
    line break inside a paragraph (`_across_breaks`)."""
    lines = list(_prose_lines(text))
    found: dict[int, list[Hit]] = {}
    in_tables = _table_hits(lines, categories, region)
    for number, line in lines:
        mark = EXCEPTION.search(line) if "phi-ok" in line.lower() else None
        scanned = line[: mark.start()] + " " * (mark.end() - mark.start()) + line[mark.end() :] if mark else line
        hits = found[number] = scan_line(scanned, categories, region)
        under_header = [(col, hit) for col, hit in in_tables.get(number, ()) if hit.category not in {h.category for h in hits}]
        if mark:
            reason = (mark.group("html") if mark.group("html") is not None else mark.group("yaml") or "").strip()
            if not reason:
                findings.append(Finding(path, number, "phi-ok", "a phi-ok exception needs a reason: "
                                        "write <!-- phi-ok: why this is not patient information -->",
                                        col=mark.start() + 1))  # fmt: skip
            else:
                marked = {h.category for h in hits} | {hit.category for _, hit in under_header}
                exceptions.append(PhiException(path, number, reason, tuple(sorted(marked))))
                if not marked:
                    unused = "this phi-ok exception marks nothing the PHI guard would report; remove it"
                    findings.append(Finding(path, number, "phi-ok", unused, level="warning", col=mark.start() + 1))
                continue
        for hit in hits:
            findings.append(Finding(path, number, f"phi-{hit.category}", _message(hit), col=hit.col))
        for col, hit in under_header:
            findings.append(Finding(path, number, f"phi-{hit.category}", _message(hit) + " (under its column's header)",
                                    col=col))  # fmt: skip
            hits.append(hit)
    _across_breaks(path, lines, found, categories, region, findings)


def _table_hits(lines: list[tuple[int, str]], categories: frozenset[str], region: str) -> dict[int, list[tuple[int, Hit]]]:
    """(column, hit) by line of each table cell read after its column's header (guard/tables.py), one
    per category and line. Only lines inside pipe tables are read again."""
    found: dict[int, list[tuple[int, Hit]]] = {}
    for cell in labelled_cells(lines):
        for hit in scan_line(cell.text, categories - TABLE_UNLABELLED, region):
            row = found.setdefault(cell.line, [])
            if all(hit.category != other.category for _, other in row):
                row.append((cell.column(hit.col - 1), hit))
    return found


# A column headed "Name" lists the department's staff as often as patients: names are read in the row.
TABLE_UNLABELLED = frozenset({"name"})


JUNCTION = 80  # characters each side of a line break that the junction scan reads
_NOT_CONTINUED = re.compile(r"[ \t]*(?:$|[-*+>#|]|\d{1,9}[.)][ \t]|```|~~~|<!--)")  # a new block, not the same paragraph
_ENDS_ITS_BLOCK = re.compile(r"[ \t]*(?:$|[>#|]|```|~~~|<!--)")  # a line no next line continues (a list item's is continued)


def _across_breaks(path: str, lines: list[tuple[int, str]], found: dict[int, list[Hit]], categories: frozenset[str],
                   region: str, findings: list[Finding]) -> None:  # fmt: skip
    for number, col, hit in junction_hits(lines, found, categories, region):
        findings.append(Finding(path, number, f"phi-{hit.category}", _message(hit) + " (across a line break)", col=col))


def junction_hits(lines: list[tuple[int, str]], found: dict[int, list[Hit]], categories: frozenset[str],
                  region: str) -> Iterator[tuple[int, int, Hit]]:  # fmt: skip
    """(line number, column, hit) of identifiers split by a line break inside a paragraph. A reader
    sees one paragraph however the editor wrapped it ("MRN:" at the end of one line, the number on the
    next; a first name and a surname either side of an 80-column wrap), so the end of each line is read
    joined to the start of the next (JUNCTION characters each side), and a hit that crosses the break
    is reported at the line where it starts, unless either line's own hits (`found`) already reach the
    break. A list item, heading, quote, table row, fence or `key:` on the next line is a new block, and
    a line with a `phi-ok` mark is left to its mark. Text not wrapped by hand has no such junctions and
    costs nothing here."""
    for (number, first), (next_number, second) in itertools.pairwise(lines):
        if next_number != number + 1 or _NOT_CONTINUED.match(second) or _ENDS_ITS_BLOCK.match(first):
            continue
        if _KEY.match(second):  # a front-matter key (or a "Label:" line) starts a value of its own
            continue
        if "phi-ok" in first.lower() or "phi-ok" in second.lower():
            continue
        first = first.rstrip()
        tail_from = max(0, len(first) - JUNCTION)
        if tail_from and (space := first.find(" ", tail_from)) >= 0:
            tail_from = space + 1
        indent = len(second) - len(second.lstrip())
        head = second[indent:]
        if len(head) > JUNCTION:
            cut = head.rfind(" ", 0, JUNCTION)
            head = head[: cut if cut > 0 else JUNCTION]
        tail = first[tail_from:]
        if not tail or not head:
            continue
        reaching = {h.category for h in found.get(number, ()) if h.col - 1 + len(h.text) >= len(first)}
        reaching |= {h.category for h in found.get(next_number, ()) if h.col - 1 <= indent}
        for hit in scan_line(tail + " " + head, categories, region):
            start, end = hit.col - 1, hit.col - 1 + len(hit.text)
            if start < len(tail) and end > len(tail) + 1 and hit.category not in reaching:
                yield number, tail_from + hit.col, hit


def _message(hit: Hit) -> str:
    fix = DATE_FIX if hit.category == "date" else next(r.fix for r in RULES if r.category == hit.category)
    shown = hit.text[:1] + "…" if len(hit.text) > 1 else hit.text
    return (
        f"{fix} (found '{shown}', {len(hit.text)} characters); "
        "if it is not patient information, end the line with <!-- phi-ok: why -->"
    )


def _prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of everything an editor wrote as prose: front-matter text values and the body."""
    if text.startswith("\ufeff"):
        text = text[1:]
    front, body, first, body_line = split(text)
    if front is not None:
        skip_indent: int | None = None
        for offset, line in enumerate(front.splitlines()):
            key = _KEY.match(line)
            indent = len(line) - len(line.lstrip())
            if skip_indent is not None and (indent > skip_indent or not line.strip()):
                continue
            skip_indent = None
            if key and key.group("key") in NOT_PROSE_KEYS:
                skip_indent = key.start("key")
                continue
            yield first + offset, line
    for offset, line in enumerate(body.splitlines()):
        yield body_line + offset, line


def scan_files(files: Iterable[tuple[str, str, str | None]], region: str = DEFAULT_REGION) -> PhiResult:
    """Scan (display path, source text, collection or None) triples."""
    result = PhiResult([], [])
    for path, text, collection in files:
        one = scan_text(path, text, collection, region)
        result.findings += one.findings
        result.exceptions += one.exceptions
    return result
