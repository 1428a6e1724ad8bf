"""`radsite questions import` (issue 23): a form export becomes FAQ drafts, identifiers removed.

Runs the real command on a copy of the example; the drafts it writes are loaded by the real loader
and `radsite check`, and the identifiers planted in the export are searched for in every file it
wrote and in everything it printed.
"""

from __future__ import annotations

import json
import subprocess

from conftest import BIN, Project, Run
from radsite.content.load import load

# Identifiers a form tool would pass on as typed; none may reach a draft or the report.
IDENTIFIERS = ["48213377", "617-555-0143", "jane.roe@example.com", "Jane Roe", "03/14/1950"]
EXPORT = (
    "submitted_at,question\n"
    '2026-11-20T10:02:00Z,"What does unremarkable mean in my report?"\n'  # an FAQ answers it already
    '2026-11-20T11:15:00Z,"Is the radiation from a CT scan dangerous for my child? My MRN is 48213377"\n'
    '2026-11-21T09:00:00Z,"Should I get a CT or an MRI for my knee? Call me at 617-555-0143 or jane.roe@example.com"\n'
    '2026-11-22T14:00:00Z,"My mother Mrs. Jane Roe, born 03/14/1950, had a scan.\nWhen can she eat again?"\n'
    '2026-11-23T08:00:00Z,"What does the word ground glass mean?"\n'
    '2026-11-23T09:00:00Z,"Is a hypodense spot on the liver cancer?"\n'  # a glossary word: report words
)


def questions(project: Project, *args: str) -> Run:
    proc = subprocess.run([str(BIN / "radsite"), "questions", "import", *args], cwd=project.root, env=project.env(),
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    return Run(proc.returncode, proc.stdout, proc.stderr)


def _new_files(project: Project, before: set[str]) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in (project.content / "faq").glob("*.md") if p.name not in before}


def test_a_form_export_becomes_drafts_with_identifiers_removed(project: Project) -> None:
    before = {p.name for p in (project.content / "faq").glob("*.md")}
    (project.root / "export.csv").write_text(EXPORT, encoding="utf-8")
    run = questions(project, "export.csv")
    assert run.returncode == 0, run.output
    drafts = _new_files(project, before)
    assert sorted(drafts) == [
        "is-a-hypodense-spot-on-the-liver-cancer.md",
        "is-the-radiation-from-a-ct-scan-dangerous-for-my-child.md",
        "my-mother-born-had-a-scan.md",
        "should-i-get-a-ct-or-an-mri-for-my-knee.md",
        "what-does-the-word-ground-glass-mean.md",
    ]
    everything = run.output + "".join(drafts.values())
    assert [i for i in IDENTIFIERS if i in everything] == []
    assert "Roe" not in everything  # the rest of a name goes with its start

    loaded = load(project.content)
    items = {i.slug: i for i in loaded.content.in_collection("faq")}
    guessed = {slug: items[slug].meta.category for slug in (name.removesuffix(".md") for name in drafts)}
    assert guessed == {
        "is-the-radiation-from-a-ct-scan-dangerous-for-my-child": "radiation",
        "should-i-get-a-ct-or-an-mri-for-my-knee": "choosing-an-exam",
        "my-mother-born-had-a-scan": "general",
        "what-does-the-word-ground-glass-mean": "report-words",
        "is-a-hypodense-spot-on-the-liver-cancer": "report-words",
    }
    radiation = items["is-the-radiation-from-a-ct-scan-dangerous-for-my-child"]
    assert radiation.meta.draft and radiation.meta.title.startswith("Is the radiation from a CT scan dangerous")
    assert "[removed]" in radiation.meta.title and "TODO: the answer" in radiation.doc.body
    assert "on 2026-11-20T11:15:00Z" in drafts[f"{radiation.slug}.md"]

    lines = run.stdout.splitlines()
    assert "export.csv:2: duplicate of content/faq/what-does-unremarkable-mean.md; not created" in lines
    assert "export.csv:3: removed a record number from the question [phi-mrn]" in lines
    assert "export.csv:4: removed a phone number from the question [phi-phone]" in lines
    assert "export.csv:4: removed an e-mail address from the question [phi-email]" in lines
    assert "export.csv:5: removed a name from the question [phi-name]" in lines  # a record over two lines
    assert "export.csv:5: removed a date from the question [phi-date]" in lines
    assert lines[-1].endswith("5 drafted in content/faq/ (draft: true), 1 already answered, 5 identifiers removed")

    check = project.check()
    assert check.returncode == 0, check.output  # drafts may keep their TODOs
    build = project.build()
    assert build.returncode == 0, build.output
    assert not (project.site / "faq/my-mother-born-had-a-scan").exists()  # drafts are never published

    again = questions(project, "export.csv")  # the drafts now answer them: nothing twice
    assert again.returncode == 0 and _new_files(project, before).keys() == drafts.keys()
    assert again.stdout.count("duplicate of") == 6


def test_json_lines_and_a_dry_run(project: Project) -> None:
    before = {p.name for p in (project.content / "faq").glob("*.md")}
    rows = [{"submitted_at": "2026-11-20T10:00", "question": "How much radiation is in a mammogram?"},
            {"submitted_at": "2026-11-20T10:05", "question": "how much radiation is in a mammogram"}]  # fmt: skip
    (project.root / "export.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    run = questions(project, "export.jsonl", "--dry-run")
    assert run.returncode == 0, run.output
    assert "export.jsonl:1: draft faq/how-much-radiation-is-in-a-mammogram.md (category radiation, guessed)" in run.stdout
    assert "export.jsonl:2: duplicate of export.jsonl:1; not created" in run.stdout
    assert _new_files(project, before) == {}
    assert questions(project, "export.jsonl").returncode == 0
    assert list(_new_files(project, before)) == ["how-much-radiation-is-in-a-mammogram.md"]


def test_an_export_that_cannot_be_read_writes_nothing(project: Project) -> None:
    before = {p.name for p in (project.content / "faq").glob("*.md")}
    (project.root / "bad.jsonl").write_text('{"question": "Is MRI loud?"}\n{"question": "Is CT\n', encoding="utf-8")
    run = questions(project, "bad.jsonl")
    assert run.returncode == 1 and "Traceback" not in run.output
    assert "bad.jsonl:2: not a JSON object" in run.stderr and "nothing imported" in run.stderr
    (project.root / "bad.csv").write_text("date,text\n2026-11-20,Is MRI loud?\n", encoding="utf-8")
    run = questions(project, "bad.csv")
    assert run.returncode == 1
    assert "bad.csv:1: question: no 'question' column (columns: date, text); export the form's answers" in run.stderr
    run = questions(project, "missing.csv")
    assert run.returncode == 2 and "missing.csv: cannot read it" in run.stderr and "Traceback" not in run.output
    assert _new_files(project, before) == {}


def test_hostile_rows_are_refused_by_line_and_the_site_still_builds(project: Project) -> None:
    """Anyone may post to the form: a 2 MB row would have made a draft over the page-size limit, which stops
    every build; JSON nested 100,000 deep was a RecursionError."""
    before = {p.name for p in (project.content / "faq").glob("*.md")}
    rows = [{"question": "Is MRI loud? " * 200_000}, {"question": "Can I drive after a CT scan?"}]
    (project.root / "big.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    run = questions(project, "big.jsonl")
    assert run.returncode == 0 and "Traceback" not in run.output, run.output
    assert "big.jsonl:1: question: 2,600,000 characters, over the 5,000 a question can have" in run.stdout
    assert list(_new_files(project, before)) == ["can-i-drive-after-a-ct-scan.md"]
    assert project.build().returncode == 0
    (project.root / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    run = questions(project, "deep.jsonl")
    assert run.returncode == 1 and "Traceback" not in run.output
    assert "deep.jsonl:1: JSON nested too deeply to read" in run.stderr and "nothing imported" in run.stderr


def test_control_characters_and_lone_surrogates_leave_drafts_that_build(project: Project) -> None:
    """JSON's `\\ud800` could not be written (an unexpected error, and an empty draft left behind, which
    failed every build); a pasted control character made a draft that no build could read."""
    before = {p.name for p in (project.content / "faq").glob("*.md")}
    row = {"submitted_at": "2026-11-20T10:00\u0007", "question": "What does hypo\u000bdense \ud800mean\ufffe in my report?"}
    (project.root / "odd.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")  # written as \u escapes
    (project.root / "odd.csv").write_text('submitted_at,question\n2026-11-21,"Why is \x0bcontrast\x01 needed for my CT?"\n',
                                          encoding="utf-8")  # fmt: skip
    for export in ("odd.jsonl", "odd.csv"):
        run = questions(project, export)
        assert run.returncode == 0 and "unexpected error" not in run.output, run.output
    drafts = _new_files(project, before)
    assert sorted(drafts) == ["what-does-hypodense-mean-in-my-report.md", "why-is-contrast-needed-for-my-ct.md"]
    assert 'title: "What does hypodense mean in my report?"' in drafts["what-does-hypodense-mean-in-my-report.md"]
    check = project.check()
    assert check.returncode == 0, check.output[-2000:]
