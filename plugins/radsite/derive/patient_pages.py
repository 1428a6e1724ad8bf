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


def _id(letter: str) -> str:
    return letter.casefold() if letter.isalnum() else "other"
