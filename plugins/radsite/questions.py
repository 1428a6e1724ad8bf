"""Questions people sent (the /ask/ form's export) turned into FAQ drafts for a radiologist to answer.

A question becomes a draft (`draft: true`, never published) with the question as its title, a
guessed category and TODO where the answer goes. People write names, birth dates and record numbers
into forms however plainly they are asked not to: the PHI guard's own rules (radsite.guard.phi)
find them, they are cut out of the draft, and the report names their kind and line, never the
text. A question an FAQ already answers is reported, not drafted twice.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from radsite.content.glossary import Glossary
from radsite.content.scaffold import scaffold
from radsite.content.sources import without_controls
from radsite.guard.phi import categories_for, scan_line, scan_text

REMOVED = "[removed]"
SIMILAR = 0.85  # how alike two questions must read to be the same question
KINDS = {"name": "a name", "mrn": "a record number", "account": "an account number", "ssn": "a social security number",
         "phone": "a phone number", "email": "an e-mail address", "address": "an address", "date": "a date",
         "age": "an age over 89", "device": "a device serial number", "url": "a link", "uid": "a DICOM UID"}  # fmt: skip
# Words that point to a category of the FAQ schema (radsite.content.schemas.faq.Category).
CUES = {
    "report-words": ("report", "mean", "meaning", "means", "word", "term", "impression", "findings"),
    "radiation": ("radiation", "dose", "msv", "radioactive", "exposure", "rays", "x-rays"),
    "choosing-an-exam": ("which exam", "which scan", "which test", "or mri", "or ct", "or an mri", "or a ct",
                         "instead of", "do i need", "should i get", "better"),
}  # fmt: skip
OTHER = "general"
_MORE_NAME = re.compile(r"(?:[ \t]+[A-Z][\w'-]*)*")  # the rest of a name the guard found the start of
_SUBMITTED = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+)?(Z|[+-]\d{2}:?\d{2})?$")


MAX_QUESTION_CHARS = 5_000  # a long question is a paragraph or two; the FAQ page's limit is 1 MB


@dataclass(frozen=True)
class Question:
    line: int  # where the record starts in the export
    text: str
    submitted_at: str = ""


@dataclass
class Outcome:
    """What became of one question: a draft to write, or why not; and what was cut out of it."""

    question: Question
    removed: list[str] = field(default_factory=list)  # PHI categories cut out, in order
    slug: str = ""
    category: str = ""
    draft: str = ""  # the Markdown to write; empty when none is written
    duplicate_of: str = ""  # the FAQ (content path) or the earlier line it repeats
    problem: str = ""  # why it was skipped


class ExportError(ValueError):
    """The export cannot be read; `problems` are 'line: message' texts, nothing is imported."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def read_export(name: str, text: str) -> list[Question]:
    """Questions from a form export: CSV with a `question` column (and `submitted_at`), or JSON lines."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    if name.lower().endswith((".jsonl", ".ndjson", ".json")) or first.startswith("{"):
        return _json_lines(text)
    return _csv(text)


def _text(value: str) -> str:
    """A submitted text without the characters no page or file can carry (pasted controls; JSON's
    `\\u000b`, `\\ufffe` or a lone `\\ud800`): a draft that holds one could be neither written nor built."""
    return without_controls(value)[0]


def _csv(text: str) -> list[Question]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ExportError(["1: the file is empty; export the form's answers with submitted_at,question columns"]) from None
    if "question" not in header:
        raise ExportError([f"1: question: no 'question' column (columns: {', '.join(header) or 'none'}); "
                           "export the form's answers with submitted_at,question columns"])  # fmt: skip
    column, when = header.index("question"), header.index("submitted_at") if "submitted_at" in header else None
    questions, start = [], reader.line_num + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                cell = row[column] if column < len(row) else ""
                stamp = row[when] if when is not None and when < len(row) else ""
                questions.append(Question(start, _text(cell), _text(stamp).strip()))
            start = reader.line_num + 1
    except csv.Error as e:
        raise ExportError([f"{reader.line_num}: not valid CSV ({e}); export the file again"]) from None
    return questions


def _json_lines(text: str) -> list[Question]:
    questions, problems = [], []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except RecursionError:
            problems.append(f"{number}: JSON nested too deeply to read; write one flat object per line")
            continue
        except json.JSONDecodeError as e:
            problems.append(f"{number}: not a JSON object ({e.msg}); write one object per line, e.g. "
                            '{"submitted_at": "2026-11-20T10:00", "question": "..."}')  # fmt: skip
            continue
        if not isinstance(record, dict) or not isinstance(record.get("question"), str):
            problems.append(f'{number}: question: missing or not text; write {{"question": "..."}} on each line')
            continue
        stamp = str(record.get("submitted_at") or "")
        questions.append(Question(number, _text(record["question"]), _text(stamp).strip()))
    if problems:
        raise ExportError(problems)
    return questions


def redact(text: str) -> tuple[str, list[str]]:
    """The question on one line with every identifier the PHI guard finds cut out, and their kinds."""
    line = " ".join(text.split())
    removed: list[str] = []
    for _ in range(3):  # a cut can join words into a new match: look again
        hits = scan_line(line, categories_for("faq"))
        if not hits:
            break
        for hit in reversed(hits):
            start = hit.col - 1
            end = start + len(hit.text)
            if hit.category == "name":  # "Mrs. Jane" found: "Roe" goes too
                end = _MORE_NAME.match(line, end).end()  # type: ignore[union-attr]
            line = line[:start] + REMOVED + line[end:]
        removed += [hit.category for hit in hits]
    return line, removed


def guess_category(question: str, glossary: Glossary) -> str:
    """The FAQ category the question's words point to; a glossary word means a word in a report."""
    lower = f" {question.casefold()} "
    scores = {category: sum(cue in lower for cue in cues) for category, cues in CUES.items()}
    names = (name.casefold() for term in glossary.terms for name in term.names)
    if any(re.search(rf"\b{re.escape(name)}s?\b", lower) for name in names):
        scores["report-words"] += 1
    best = max(scores, key=lambda category: scores[category])
    return best if scores[best] else OTHER


def slugify(title: str) -> str:
    """A URL name from the question itself (its first sentence), without what was removed."""
    first = re.split(r"(?<=[?.!])\s", title, maxsplit=1)[0]
    words = re.findall(r"[a-z0-9]+", first.replace(REMOVED, " ").casefold())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 60:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "question"


def _same(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.replace(REMOVED, " ").casefold()))


def _answered(key: str, known: dict[str, str]) -> str | None:
    """The known question `key` repeats: the same words, nearly, or all of its words inside a longer one."""
    if key in known:
        return key
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=SIMILAR)
    if close:
        return close[0]
    if len(key.split()) >= 4:
        return next((other for other in known if f" {key} " in f" {other} "), None)
    return None


def plan(questions: Iterable[Question], existing: dict[str, str], taken: set[str], glossary: Glossary,
         slugs: dict[str, list[str]], export: str) -> list[Outcome]:  # fmt: skip
    """What to do with each question. `existing` maps FAQ titles to their files; `taken`: slugs in use."""
    known = {_same(title): path for title, path in existing.items()}
    outcomes = []
    for question in questions:
        outcome = Outcome(question)
        outcomes.append(outcome)
        if len(question.text) > MAX_QUESTION_CHARS:  # a form anyone may post to: one row must not make a draft
            outcome.problem = (f"question: {len(question.text):,} characters, over the {MAX_QUESTION_CHARS:,} a "
                               "question can have; read it in the export and write an FAQ by hand if it is one")  # fmt: skip
            continue
        title, outcome.removed = redact(question.text)
        if not _same(title):
            outcome.problem = "question: empty; nothing to draft"
            continue
        key = _same(title)
        match = _answered(key, known)
        if match is not None:
            outcome.duplicate_of = known[match]
            continue
        known[key] = f"{export}:{question.line}"
        base = slugify(title)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        outcome.slug, outcome.category = slug, guess_category(title, glossary)
        draft = _draft(slug, title, outcome.category, question.submitted_at, slugs)
        if any(f.rule.startswith("phi-") for f in scan_text(f"faq/{slug}.md", draft, "faq").findings):
            outcome.problem = "the PHI guard still finds an identifier in the draft; write this one by hand"
            continue
        outcome.draft = draft
    return outcomes


def _draft(slug: str, title: str, category: str, submitted_at: str, slugs: dict[str, list[str]]) -> str:
    """The schema's own scaffold, with the guessed category and a note of where the question came from."""
    text = scaffold("faq", slug, title, slugs)
    text = re.sub(r"^category: TODO  # (.*)$", rf"category: {category}  # guessed from the question; check it (\1)",
                  text, count=1, flags=re.MULTILINE)  # fmt: skip
    asked = f" on {submitted_at}" if _SUBMITTED.match(submitted_at) else ""
    note = f"# asked through the /ask/ form{asked}; imported by radsite questions import\n"
    text = text.replace("\ndraft: true", "\n" + note + "draft: true", 1)
    return text.replace("\nTODO: the text.\n", "\nTODO: the answer, in plain words (reading grade 8 or lower).\n")


def describe(outcome: Outcome, export: str) -> list[str]:
    """Report lines for one question: its line and what happened, never the identifiers themselves."""
    where = f"{export}:{outcome.question.line}"
    lines = []
    for category in sorted(set(outcome.removed)):
        count = outcome.removed.count(category)
        lines.append(f"{where}: removed {KINDS.get(category, category)}{f' ({count} times)' if count > 1 else ''} "
                     f"from the question [phi-{category}]")  # fmt: skip
    if outcome.duplicate_of:
        lines.append(f"{where}: duplicate of {outcome.duplicate_of}; not created")
    elif outcome.problem:
        lines.append(f"{where}: {outcome.problem}; not created")
    elif outcome.draft:
        lines.append(f"{where}: draft faq/{outcome.slug}.md (category {outcome.category}, guessed)")
    return lines
