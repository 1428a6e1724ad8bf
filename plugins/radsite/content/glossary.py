"""`content/glossary.yml`: the words patients find in their reports, each with a plain definition.

One list of entries (term, aliases, definition of at most 40 words, optional link to an exam guide
or FAQ as `exams/<slug>` or `faq/<slug>`). Every problem names the file and the line of the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import Field, ValidationError, field_validator

from radsite.content.errors import schema_findings
from radsite.content.frontmatter import Document, FrontMatterError, _Loader, _record_lines, check_shape
from radsite.content.schemas.base import Strict
from radsite.findings import Finding

GLOSSARY_FILE = "glossary.yml"
MAX_WORDS = 40
LINK_PATTERN = re.compile(r"^(exams|faq)/([a-z0-9]+(?:-[a-z0-9]+)*)$")


class Term(Strict):
    term: str = Field(min_length=1, description="The word as it appears in reports, e.g. 'nodule'")
    aliases: list[str] = Field([], description="Other spellings or forms, e.g. 'nodular'")
    definition: str = Field(min_length=1, description=f"Plain words, at most {MAX_WORDS}")
    link: str | None = Field(None, description="An exam guide or FAQ to read next: 'faq/<slug>' or 'exams/<slug>'")

    @field_validator("definition")
    @classmethod
    def _short(cls, value: str) -> str:
        words = len(value.split())
        if words > MAX_WORDS:
            raise ValueError(f"has {words} words; keep it to {MAX_WORDS} or fewer")
        return value

    @field_validator("link")
    @classmethod
    def _link_shape(cls, value: str | None) -> str | None:
        if value is not None and not LINK_PATTERN.match(value):
            raise ValueError(f"{value!r} is not 'exams/<slug>' or 'faq/<slug>'")
        return value

    @property
    def names(self) -> list[str]:
        return [self.term, *self.aliases]

    @property
    def anchor(self) -> str:
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.term.casefold()).strip("-")


@dataclass
class GlossaryEntry:
    term: Term
    line: int  # where the entry starts in glossary.yml


@dataclass
class Glossary:
    path: str = ""  # as shown to editors, e.g. content/glossary.yml
    entries: list[GlossaryEntry] = field(default_factory=list)

    @property
    def terms(self) -> list[Term]:
        return [e.term for e in self.entries]


MAX_GLOSSARY_BYTES = 4_000_000
MAX_GLOSSARY_NODES = 200_000


def load_glossary(content_dir: Path, shown_as: str, name: str = GLOSSARY_FILE) -> tuple[Glossary, list[Finding]]:
    """Read and validate the glossary (`name`: glossary.es.yml for Spanish); a missing file is an empty glossary."""
    file = Path(content_dir) / name
    path = f"{shown_as}/{name}" if shown_as else name
    glossary = Glossary(path=path)
    if not file.exists():
        return glossary, []
    findings: list[Finding] = []
    if (size := file.stat().st_size) > MAX_GLOSSARY_BYTES:
        return glossary, [Finding(path, None, "glossary", f"is {size:,} bytes, over the {MAX_GLOSSARY_BYTES:,}-byte "
                                  "limit for a glossary (2,000 terms take about 500 KB); split it or shorten it")]  # fmt: skip
    try:
        node = yaml.compose(file.read_text(encoding="utf-8"), Loader=_Loader)
        if node is not None:
            check_shape(node, 0, MAX_GLOSSARY_NODES, "the glossary")  # an alias bomb: gigabytes from a few lines
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        return glossary, [Finding(path, mark.line + 1 if mark else 1, "glossary",
                                  f"YAML syntax error: {e.problem or 'invalid YAML'} (check indentation)")]  # fmt: skip
    except FrontMatterError as e:
        return glossary, [Finding(path, e.line, "glossary", e.message)]
    except (yaml.YAMLError, UnicodeDecodeError) as e:  # a control character, or not UTF-8
        return glossary, [Finding(path, None, "glossary", f"cannot be read as YAML ({e}); save it as plain UTF-8 text")]
    if node is None:
        return glossary, []
    if not isinstance(node, yaml.SequenceNode):
        return glossary, [Finding(path, node.start_mark.line + 1, "glossary",
                                  "the glossary is a list of entries: start each with '- term: ...'")]  # fmt: skip
    seen: dict[str, tuple[str, int]] = {}
    for child in node.value:
        line = child.start_mark.line + 1
        lines: dict[str, int] = {}
        _record_lines(child, "", 0, lines)
        data = yaml.load(yaml.serialize(child), Loader=_Loader)
        if not isinstance(data, dict):
            findings.append(Finding(path, line, "glossary", "each entry needs 'term:' and 'definition:'"))
            continue
        try:
            term = Term.model_validate(data)
        except ValidationError as e:
            doc = Document(data=data, lines=lines)
            findings.extend(
                Finding(f.path, f.line if f.line and f.line > 1 else line, "glossary", f.message)
                for f in schema_findings(e, Term, doc, path)
            )
            continue
        for name in term.names:
            key = name.casefold()
            if key in seen:
                first, first_line = seen[key]
                findings.append(Finding(path, line, "glossary",
                    f"{name!r} is already defined by the entry {first!r} on line {first_line}; keep one"))  # fmt: skip
            else:
                seen[key] = (term.term, line)
        glossary.entries.append(GlossaryEntry(term, line))
    return glossary, findings


def dangling_links(glossary: Glossary, slugs: set[tuple[str, str]]) -> list[Finding]:
    """Links to exam guides or FAQs that do not exist."""
    found = []
    for entry in glossary.entries:
        link = entry.term.link
        if link and tuple(link.split("/", 1)) not in slugs:
            found.append(Finding(glossary.path, entry.line, "glossary",
                f"link: {link!r} names no item (use 'exams/<slug>' or 'faq/<slug>' of an existing file)"))  # fmt: skip
    return found
