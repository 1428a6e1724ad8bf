"""The "Which exam?" page for referring clinicians, built from the exam guides' indications.

Built from published guides only (as the visibility decision kept them), so a clinicians build
lists the clinician-only guides and their clinician notes, and the public build neither. Each
clinical question is a heading of its own: site search (Pagefind) finds the page by the question and
lands on it, and a reader without search finds it A to Z.
"""

from __future__ import annotations

import html
import re
from itertools import groupby

from radsite.derive.pages import GeneratedPage, _front_matter
from radsite.state import BuildState
from radsite.visibility import Published

WHICH_EXAM_URI = "which-exam.md"
# The clinician notes, in the order a referrer thinks of them (radsite.content.schemas.exams.ClinicianNotes).
NOTES = (("protocol", "Protocol"), ("contrast", "Contrast and kidney function"), ("pregnancy", "Pregnancy"),
         ("implants", "Implants and devices"), ("sedation", "Sedation"), ("urgent", "Urgent requests"))  # fmt: skip


def which_exam_page(state: BuildState) -> GeneratedPage:
    """Clinical question -> exam guides, then preparation, contraindications and notes per exam."""
    exams = sorted(state.decision.in_collection("exams"), key=lambda p: p.fields["title"].casefold())
    meta = {"title": "Which exam?",
            "description": "Which imaging exam to order for a clinical question, with preparation, "
                           "contraindications and how to reach a radiologist."}  # fmt: skip
    parts = [
        "Find the clinical question, then the exam guide to order. Each guide has the full patient "
        "information; [For clinicians](clinicians.md) says how to order and how to reach a radiologist. "
        "Not sure? Call the consult line of the subspecialty before you order."
    ]
    pairs = sorted(
        ((indication.strip(), exam) for exam in exams for indication in exam.fields.get("indications") or []),
        key=lambda pair: (pair[0].casefold(), pair[1].fields["title"].casefold()),
    )
    parts.append("## Clinical questions")
    if not pairs:
        parts.append("No exam guides are published yet.")
    seen: set[str] = set()
    for question, group in groupby(pairs, key=lambda pair: pair[0].casefold()):
        listed = list(group)
        anchor = _anchor(question, seen)
        parts.append(f"### {_md(listed[0][0])} {{: #{anchor} }}")
        parts.append("\n".join(f"- {_exam_link(exam)}" for _, exam in listed))
    if exams:
        parts.append("## Preparation and contraindications at a glance")
        rows = [
            f"| {_exam_link(exam)} | {_dose(exam)} | {_items(exam.fields.get('preparation'))} "
            f"| {_items(exam.fields.get('contraindications'))} |"
            for exam in exams
        ]
        parts.append("| Exam | Radiation | Preparation | Contraindications |\n| --- | --- | --- | --- |\n" + "\n".join(rows))
    noted = [exam for exam in exams if exam.fields.get("clinician")]
    if noted:  # only in builds for clinicians (the public build withholds the section)
        parts.append("## Notes for ordering")
        for exam in noted:
            notes = exam.fields["clinician"]
            lines = [f"- **{label}:** {_items(notes.get(key))}" for key, label in NOTES if notes.get(key)]
            parts.append(f"### {_exam_link(exam)}\n\n" + "\n".join(lines))
    return GeneratedPage(WHICH_EXAM_URI, _front_matter(meta) + "\n\n".join(parts) + "\n", "which-exam", None, True)


def _exam_link(exam: Published) -> str:
    return f"[{_md(exam.fields['title'])}](exams/{exam.slug}.md)"


def _dose(exam: Published) -> str:
    dose = exam.fields.get("effective_dose_msv")
    return "none" if dose is None else f"about {dose:g} mSv"


def _items(values: list[str] | None) -> str:
    return "; ".join(_md(v) for v in values) if values else "none"


def _anchor(text: str, seen: set[str]) -> str:
    base = "q-" + (re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "question")
    anchor, n = base, 2
    while anchor in seen:
        anchor, n = f"{base}-{n}", n + 1
    seen.add(anchor)
    return anchor


def _md(text: str) -> str:
    """Editor text inside generated Markdown: HTML escaped, and nothing that breaks a table or a link."""
    escaped = html.escape(str(text), quote=False)
    for char in "\\|*_[]`{}#":
        escaped = escaped.replace(char, "\\" + char)
    return escaped.replace("\n", " ")
