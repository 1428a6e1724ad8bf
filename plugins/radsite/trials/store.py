"""Write an imported trial into `content/trials/`: create it, or update it and keep the editor's work.

The importer owns some front-matter fields (`IMPORTED`) and one marked block of the body; the
title, summary, tags, PI, and every section an editor wrote outside the block stay as they are.
The result is validated with the `trials/` schema before it replaces the file, atomically: a
record that does not make a valid item writes nothing.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from radsite.content.frontmatter import FrontMatterError, parse
from radsite.content.schemas.trials import Trial
from radsite.content.types import SLUG_PATTERN
from radsite.trials.record import STUDY_URL, ImportedTrial, RecordError
from radsite.trials.text import as_text

IMPORTED = ("nct_id", "status", "conditions", "phase", "eligibility", "official_title", "last_update", "locations")
BLOCK_START = "<!-- ctgov:start (imported from ClinicalTrials.gov; replaced on every import: write outside it) -->"
BLOCK_END = "<!-- ctgov:end -->"
_BLOCK = re.compile(r"<!-- ctgov:start.*?-->.*?<!-- ctgov:end -->\n?", re.DOTALL)
_SLUG_WORDS = re.compile(r"[a-z0-9]+")


@dataclass
class Written:
    path: Path
    created: bool
    old_status: str | None
    new_status: str


def find_existing(trials_dir: Path, nct_id: str) -> Path | None:
    """The item file that already holds this NCT id, if any (front matter only is read)."""
    for path in sorted(trials_dir.glob("*.md")):
        try:
            doc = parse(path.read_text(encoding="utf-8"))
        except (FrontMatterError, UnicodeDecodeError):
            continue
        if str(doc.data.get("nct_id") or "") == nct_id:
            return path
    return None


def slug_for(imported: ImportedTrial) -> str:
    words = _SLUG_WORDS.findall(imported.title.casefold())
    stop = {"a", "an", "the", "of", "in", "and", "for", "with", "to", "on", "versus", "vs", "study"}
    kept = [w for w in words if w not in stop][:6]
    return "-".join([*kept, imported.nct_id.lower()])


def write(trials_dir: Path, imported: ImportedTrial, slug: str | None = None) -> Written:
    trials_dir.mkdir(parents=True, exist_ok=True)
    if slug is not None and not re.match(SLUG_PATTERN, slug):
        raise RecordError(f"--slug {slug}", "not a slug: use lowercase letters, digits and hyphens, e.g. 'knee-tape'")
    existing = find_existing(trials_dir, imported.nct_id)
    path = existing or trials_dir / f"{slug or slug_for(imported)}.md"
    if existing:
        doc = parse(existing.read_text(encoding="utf-8"))
        meta, body = dict(doc.data), doc.body
    else:
        meta, body = {"title": imported.title, "summary": imported.summary}, ""
    old_status = meta.get("status") if existing else None
    for key in IMPORTED:
        meta.pop(key, None)
    meta.update(imported.fields)
    meta.setdefault("title", imported.title)
    meta.setdefault("summary", imported.summary)
    text = _front_matter(meta) + _body(body, imported)
    _validate(text, path)
    _atomic_write(path, text)
    return Written(path, existing is None, old_status, imported.fields["status"])


def _body(body: str, imported: ImportedTrial) -> str:
    link = STUDY_URL.format(nct_id=imported.nct_id)
    block = [BLOCK_START, "", "## About this study", ""]
    if imported.description:  # someone else's text: escaped, so it is shown and never runs or forges a marker
        block += [as_text(imported.description), ""]
    block += [f"Source: [{imported.nct_id} on ClinicalTrials.gov]({link}), U.S. National Library of Medicine.",
              "", BLOCK_END, ""]  # fmt: skip
    text = "\n".join(block)
    if _BLOCK.search(body):
        return _BLOCK.sub(lambda _: text, body, count=1)
    return text + ("\n" + body.lstrip("\n") if body.strip() else "")


def _validate(text: str, path: Path) -> None:
    doc = parse(text)
    try:
        Trial.model_validate(doc.data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RecordError(str(path), f"the imported item would not be valid ({where}: {first['msg']}); "
                          "nothing was written") from None  # fmt: skip


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _front_matter(meta: dict[str, Any]) -> str:
    dumped = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{dumped}---\n"
