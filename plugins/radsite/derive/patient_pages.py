"""Two generated pages: the A-Z glossary for patients, and the page for referring clinicians.

Both are built from published data only (the glossary file, and exam guides as the visibility
decision kept them), so they stay in step with the content without anyone editing them.
"""

from __future__ import annotations

import html
from itertools import groupby

from radsite.derive.ask import ask_page
from radsite.derive.pages import GeneratedPage, _front_matter
from radsite.derive.which_exam import which_exam_page
from radsite.state import BuildState
from radsite.visibility import Published

GLOSSARY_URI = "glossary.md"
CLINICIANS_URI = "clinicians.md"


def patient_pages(state: BuildState) -> list[GeneratedPage]:
    return [glossary_page(state), which_exam_page(state), ask_page(state)]  # clinicians.md: written in content/


def glossary_page(state: BuildState) -> GeneratedPage:
    """Every glossary term A to Z, with a letter index; each term has an anchor (#term-...)."""
    terms = sorted(state.loaded.glossary.terms, key=lambda t: t.term.casefold())
    meta = {"title": "Words in your report",
            "description": "Plain meanings of words you may find in a radiology report, from A to Z."}  # fmt: skip
    parts = [
        "Radiology reports are written for doctors, so they use words most people never need. "
        "Here they are in plain words. Your own doctor is the best person to explain what they mean for you.",
    ]
    if not terms:
        parts.append("There are no words in the glossary yet.")
    groups = [(letter, list(group)) for letter, group in groupby(terms, key=lambda t: t.term[:1].upper())]
    if groups:
        links = " ".join(f'<li><a href="#letter-{_id(letter)}">{html.escape(letter)}</a></li>' for letter, _ in groups)
        parts.append(f'<nav class="rs-az" aria-label="Letters"><ul>{links}</ul></nav>')
    for letter, group in groups:
        rows = []
        for term in group:
            also = f' <span class="rs-aka">(also: {html.escape(", ".join(term.aliases))})</span>' if term.aliases else ""
            more = ""
            if term.link:
                collection, _, slug = term.link.partition("/")
                target = state.decision.get(collection, slug)
                if target is not None:
                    more = f' <a href="../{html.escape(target.url)}">Read: {html.escape(target.fields["title"])}</a>'
            rows.append(f'<dt id="{term.anchor}">{html.escape(term.term)}{also}</dt>'
                        f"<dd>{html.escape(term.definition)}{more}</dd>")  # fmt: skip
        parts.append(f'<h2 id="letter-{_id(letter)}">{html.escape(letter)}</h2>\n\n<dl class="rs-glossary">{"".join(rows)}</dl>')
    return GeneratedPage(GLOSSARY_URI, _front_matter(meta) + "\n\n".join(parts) + "\n", "glossary", None, True)


def clinicians_page(state: BuildState) -> GeneratedPage:
    """Which exam for which question, preparation and contraindications at a glance, consults."""
    exams = sorted(state.decision.in_collection("exams"), key=lambda p: p.fields["title"].casefold())
    meta = {"title": "For referring clinicians",
            "description": "Which imaging exam to order, how to prepare your patient, contraindications "
                           "at a glance, and how to reach a radiologist for a consult."}  # fmt: skip
    department = state.settings.department or "our department"
    parts = [
        f"Quick answers for clinicians who refer patients to {_md(department)}. Each exam guide has the "
        "full patient information and a box for clinicians with typical indications and ordering tips."
    ]
    questions = sorted(
        ((indication, exam) for exam in exams for indication in exam.fields.get("indications") or []),
        key=lambda pair: (pair[0].casefold(), pair[1].fields["title"].casefold()),
    )
    parts.append("## Which exam for which question")
    if questions:
        rows = [f"| {_md(question)} | {_exam_link(exam)} |" for question, exam in questions]
        parts.append("| Clinical question | Exam guide |\n| --- | --- |\n" + "\n".join(rows))
    else:
        parts.append("No exam guides are published yet.")
    parts.append("## Preparation and contraindications at a glance")
    if exams:
        rows = [
            f"| {_exam_link(exam)} | {_dose(exam)} | {_items(exam.fields.get('preparation'))} "
            f"| {_items(exam.fields.get('contraindications'))} |"
            for exam in exams
        ]
        parts.append("| Exam | Radiation | Preparation | Contraindications |\n| --- | --- | --- | --- |\n"
                     + "\n".join(rows))  # fmt: skip
    parts.append("## How to request a consult")
    consults = [f"- {_exam_link(exam)}: {_md(exam.fields['consult'])}" for exam in exams if exam.fields.get("consult")]
    parts.append(
        "To discuss which exam fits your patient, or a report you have received, call the reading room "
        "for the exam below. You can also find a radiologist by subspecialty in "
        "[our radiologists](people/index.md)."
    )
    if consults:
        parts.append("\n".join(consults))
    return GeneratedPage(CLINICIANS_URI, _front_matter(meta) + "\n\n".join(parts) + "\n", "clinicians", None, True)


def _exam_link(exam: Published) -> str:
    return f"[{_md(exam.fields['title'])}](exams/{exam.slug}.md)"


def _dose(exam: Published) -> str:
    dose = exam.fields.get("effective_dose_msv")
    return "none" if dose is None else f"about {dose:g} mSv"


def _items(values: list[str] | None) -> str:
    return "; ".join(_md(v) for v in values) if values else "none"


def _md(text: str) -> str:
    """Editor text inside generated Markdown: HTML escaped, and nothing that breaks a table or a link."""
    escaped = html.escape(str(text), quote=False)
    for char in "\\|*_[]`":
        escaped = escaped.replace(char, "\\" + char)
    return escaped.replace("\n", " ")


def _id(letter: str) -> str:
    return letter.casefold() if letter.isalnum() else "other"
