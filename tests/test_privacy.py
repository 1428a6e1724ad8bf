"""Privacy end to end: what the visibility decision withholds is in no file under site/.

The checks here search the built files themselves (plain substring search, gzip files opened),
independently of the output audit; the audit gets its own test with a template that leaks.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import html
import re
from pathlib import Path

import pytest
import yaml

from conftest import NOW, Project, make_project

ROOT = Path(__file__).resolve().parents[1]

SENTINELS = {
    "internal field": ["sentinelemailfield", "sentinelofficefield"],
    "internal page": ["sentinelinternalpage"],
    "internal item": ["sentinelinternalitem"],
    "draft": ["sentineldrafttitle", "sentineldraftbody"],
    "future item": ["sentinelfuturebody", "sentineldatedahead"],
    "unrevealed answer": ["sentinelanswerbody"],
    "answer field": ["sentineldiagnosisfield", "sentinelexplanationfield"],
}
ALL_SENTINELS = [s for group in SENTINELS.values() for s in group]

PLANTED = {
    "people/planted-person.md": """---
title: Planted Person
summary: A profile with internal fields.
role: Radiologist
email: sentinelemailfield@northbrook-health.example
office: "Room sentinelofficefield"
visibility:
  email: internal
  office: internal
---
A public profile whose contact fields are for staff only.
""",
    "staff/planted-page.md": """---
title: Staff notes
audience: internal
---
Internal page text with sentinelinternalpage in it.
""",
    "news/planted-internal.md": """---
title: Staff party
summary: For staff only.
date: 2026-11-01
audience: internal
---
The sentinelinternalitem party is on Friday.
""",
    "news/planted-draft.md": """---
title: Open day sentineldrafttitle
summary: Not yet.
date: 2026-11-02
draft: true
---
A draft that says sentineldraftbody.

![Poster](images/planted-draft-poster.png)
""",
    "news/planted-future.md": """---
title: Spring hours
summary: Our spring opening hours.
date: 2027-03-01
publish_at: "2027-03-01T09:00"
---
From March we open at eight, sentinelfuturebody.
""",
    # no publish_at: a date ahead is a date of publication ahead (every schema's `date` says so)
    "news/planted-dated-ahead.md": """---
title: Summer hours
summary: Our summer opening hours.
date: 2027-06-01
---
From June we open at seven, sentineldatedahead.
""",
    "cases/planted-case.md": """---
title: Planted case
summary: A case whose answer is embargoed.
date: 2026-11-20
modality: ct
body_systems: [neuro]
age: 45
sex: female
history: Sudden headache.
images:
  - src: images/sudden-headache-ct.png
    alt: Axial CT of the head.
difficulty: beginner
reveal_at: "2027-01-10T09:00"
authors: [amara-okafor]
diagnosis: Sentineldiagnosisfield
quiz:
  question: What is it?
  choices: [Normal, Abnormal]
  answer: Abnormal
  explanation: Because of sentinelexplanationfield.
---
What do you see?

<!-- answer -->

The answer is sentinelanswerbody, a bleed in the space around the brain.

![Annotated answer image](images/planted-answer.png)
""",
}


def site_texts(site: Path) -> dict[str, str]:
    """Every file under site/, as text (gzip files opened), keyed by its path in the site."""
    texts = {}
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        data = file.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        texts[file.relative_to(site).as_posix()] = data.decode("utf-8", "replace")
    return texts


def found_in(site: Path, needles: list[str]) -> dict[str, list[str]]:
    """needle -> the site files that contain it (case-insensitive plain search)."""
    texts = {name: text.lower() for name, text in site_texts(site).items()}
    return {n: [name for name, text in texts.items() if n.lower() in text] for n in needles}


def digest(site: Path) -> str:
    h = hashlib.sha256()
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        h.update(file.relative_to(site).as_posix().encode() + b"\0" + file.read_bytes())
    return h.hexdigest()


# Files that only withheld text links to: they must stay out of site/ as well.
PLANTED_FILES = ["cases/images/planted-answer.png", "news/images/planted-draft-poster.png"]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = make_project(tmp_path_factory.mktemp("planted") / "project")
    for rel, text in PLANTED.items():
        project.write(rel, text)
    for rel in PLANTED_FILES:
        project.write(rel, (ROOT / "content/cases/images/sudden-headache-ct.png").read_bytes())
    return project


def test_public_build_carries_no_sentinel_in_any_file(planted: Project) -> None:
    run = planted.build()
    assert run.returncode == 0, run.output
    leaks = {n: files for n, files in found_in(planted.site, ALL_SENTINELS).items() if files}
    assert leaks == {}
    # the published part of each planted item is there
    assert (planted.site / "cases/planted-case/index.html").exists()
    assert (planted.site / "people/planted-person/index.html").exists()
    assert "What do you see?" in planted.page("cases/planted-case")
    assert not (planted.site / "news/planted-draft").exists()
    assert [rel for rel in PLANTED_FILES if (planted.site / rel).exists()] == []


def test_internal_build_carries_every_sentinel(planted: Project) -> None:
    run = planted.build(RADSITE_AUDIENCE="internal")
    assert run.returncode == 0, run.output
    missing = [n for n, files in found_in(planted.site, ALL_SENTINELS).items() if not files]
    assert missing == []
    assert 'class="rs-draft"' in planted.page("news/planted-draft")
    assert "rs-draft" not in planted.page("news/planted-future")
    assert all((planted.site / rel).exists() for rel in PLANTED_FILES)


def test_audit_catches_a_template_that_leaks(planted: Project) -> None:
    assert planted.build().returncode == 0
    before = digest(planted.site)
    template = planted.root / "theme/radsite/cases.html"
    leaky = template.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}<p>{{ item.item.meta.diagnosis }}</p>", 1
    )
    template.write_text(leaky, encoding="utf-8")
    try:
        run = planted.build()
    finally:
        template.write_text(leaky.replace("<p>{{ item.item.meta.diagnosis }}</p>", ""), encoding="utf-8")
    assert run.returncode != 0
    line = next(ln for ln in run.output.splitlines() if "[leak]" in ln)
    assert line.startswith("site/cases/planted-case/index.html: error: [leak]"), line
    diagnosis_line = PLANTED["cases/planted-case.md"].splitlines().index("diagnosis: Sentineldiagnosisfield") + 1
    assert f"content/cases/planted-case.md:{diagnosis_line}" in line and "unrevealed answer field 'diagnosis'" in line
    assert digest(planted.site) == before, "the previous site must stay as it was"
    assert not list(planted.root.glob("site.radsite-staging*"))


def test_audit_reads_gzip_files_such_as_pagefind_fragments(planted: Project) -> None:
    """Pagefind (issue 7) writes gzip-compressed fragments; a leak inside one fails the build too."""
    assert planted.build().returncode == 0
    before = digest(planted.site)
    hook = planted.root / "leak_hook.py"
    hook.write_text(
        "import gzip, os\n"
        "def on_post_build(config):\n"
        "    os.makedirs(os.path.join(config.site_dir, 'pagefind', 'fragment'), exist_ok=True)\n"
        "    with open(os.path.join(config.site_dir, 'pagefind', 'fragment', 'en_1.pf_fragment'), 'wb') as f:\n"
        '        f.write(gzip.compress(b\'pagefind_dcd{"content": "The answer is sentinelanswerbody, a bleed."}\'))\n',
        encoding="utf-8",
    )
    config = planted.root / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original + "hooks:\n  - leak_hook.py\n", encoding="utf-8")
    try:
        run = planted.build()
    finally:
        config.write_text(original, encoding="utf-8")
        hook.unlink()
    assert run.returncode != 0
    assert "site/pagefind/fragment/en_1.pf_fragment: error: [leak]" in run.output
    assert "unrevealed answer (after <!-- answer -->) of content/cases/planted-case.md" in run.output
    assert digest(planted.site) == before


# --- the example content, searched for what its own sources say must stay out -----------------


def _front(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2) if text.startswith("---\n") else ("", "", text)
    return (yaml.safe_load(front) or {}), body


def _when(value: object) -> dt.datetime:
    text = str(value)
    return dt.datetime.fromisoformat(text if "T" in text or ":" in text else text + "T00:00")


def _needles(text: str) -> list[str]:
    """Plain runs of words (no markup) long enough to be unmistakable."""
    runs = re.findall(r"[A-Za-z0-9][A-Za-z0-9 ,]{28,}[A-Za-z0-9]", text)
    return [r for r in runs if len(r.split()) >= 5]


def example_withheld() -> dict[tuple[str, str], list[str]]:
    """(channel, file) -> what the example's sources mark as not public on NOW, read with plain YAML."""
    now = _when(NOW)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0])
    defaults = next(p["radsite"] for p in config["plugins"] if isinstance(p, dict)).get("field_visibility", {})
    withheld: dict[tuple[str, str], list[str]] = {}
    published: list[str] = []
    for file in sorted((ROOT / "content").rglob("*.md")):
        meta, body = _front(file.read_text(encoding="utf-8"))
        name = file.relative_to(ROOT / "content").as_posix()
        channel = ("draft" if meta.get("draft") else "internal item" if meta.get("audience") == "internal"
                   else "scheduled" if meta.get("publish_at") and _when(meta["publish_at"]) > now else None)  # fmt: skip
        if channel:
            withheld[(channel, name)] = _needles(body) + _needles(str(meta.get("summary", "")))
            continue
        if meta.get("reveal_at") and _when(meta["reveal_at"]) > now:
            question, _, answer = body.partition("<!-- answer -->")
            quiz = meta.get("quiz") or {}
            needles = [*_needles(answer), meta.get("diagnosis", ""), *_needles(quiz.get("explanation", ""))]
            withheld[("unrevealed answer", name)] = [n for n in needles if n and n not in quiz.get("choices", [])]
            body = question
            meta = {k: v for k, v in meta.items() if k not in ("diagnosis", "quiz")}
        marks = {**defaults, **(meta.get("visibility") or {})}
        hidden = [str(meta[f]) for f, level in marks.items() if level == "internal" and meta.get(f)]
        if hidden:
            withheld[("internal field", name)] = hidden
            meta = {k: v for k, v in meta.items() if marks.get(k) != "internal"}
        published.append(yaml.safe_dump(meta) + body)
    everything_public = "\n".join(published)
    return {key: [n for n in needles if n not in everything_public] for key, needles in withheld.items()}


def test_example_sources_withhold_every_channel() -> None:
    withheld = example_withheld()
    channels = {channel for channel, _ in withheld}
    assert channels == {"draft", "internal item", "scheduled", "unrevealed answer", "internal field"}
    assert all(withheld.values()), withheld  # each has text to look for


def test_example_public_build_shows_nothing_withheld(built_example: Project) -> None:
    needles = [n for group in example_withheld().values() for n in group]
    leaks = {n: files for n, files in found_in(built_example.site, needles).items() if files}
    assert leaks == {}
    texts = site_texts(built_example.site)
    dropped = [name.removesuffix(".md") for (channel, name) in example_withheld() if channel != "internal field"
               and channel != "unrevealed answer"]  # fmt: skip
    assert dropped
    for url in dropped:
        assert not any(f"{url}/" in text for text in texts.values()), url


def test_example_internal_build_shows_all_of_it(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    run = project.build(RADSITE_AUDIENCE="internal")
    assert run.returncode == 0, run.output
    needles = [n for group in example_withheld().values() for n in group]
    texts = {name: html.unescape(text) for name, text in site_texts(project.site).items()}
    missing = [n for n in needles if not any(n in t for t in texts.values())]
    assert missing == []


@pytest.mark.parametrize("where", ["people/tomas-novak.md", "news/resident-teaching-award.md"])
def test_an_internal_fields_value_written_again_in_published_text_is_an_error(project: Project, where: str) -> None:
    """`phone: internal` (mkdocs.yml): the number typed again in a body was on the page, the feeds and the
    search index, and the audit let it pass, because the published sources hold it."""
    page = project.content / where
    page.write_text(page.read_text(encoding="utf-8") + "\nCall Dr. Novak on (555) 0117 any time.\n", encoding="utf-8")
    for run in (project.check(), project.build()):
        assert run.returncode == 1, run.output[-2000:]
        expected = "content/people/tomas-novak.md:21: error: [internal-field] the value of field 'phone' is kept internal"
        assert expected in run.output
        assert "0117" not in run.output  # the log names the field, never its value
    assert not project.site.exists()
