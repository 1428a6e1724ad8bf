"""The "Ask a radiologist" page (/ask/): a plain HTML form that works without JavaScript.

The form posts to the department's endpoint (`questions: {endpoint: ...}` in mkdocs.yml) as any
browser posts a form; without an endpoint it falls back to a mailto: link (`questions: {email: ...}`).
Questions may become public FAQ answers, so the page asks, before the text box and tied to it, for
no names, dates of birth or record numbers; `radsite questions import` removes any that still come.
"""

from __future__ import annotations

import html
from urllib.parse import quote

from radsite.derive.pages import GeneratedPage, _front_matter
from radsite.state import BuildState

ASK_URI = "ask.md"
QUESTION_FIELD = "question"  # the form field, and the column `radsite questions import` reads
NOTICE = (
    "Please do not include your name, date of birth, record or accession numbers, phone number, e-mail "
    "address or anything else that identifies you or someone else. We answer questions on this site "
    "for everyone to read, and we cannot answer about your own results: ask the doctor who ordered your exam."
)


def ask_page(state: BuildState) -> GeneratedPage:
    """The form (or the e-mail fallback), the privacy notice, and what happens to a question."""
    meta = {"title": "Ask a radiologist",
            "description": "Send a general question about imaging to our radiologists. We answer the "
                           "most common questions in our patient questions."}  # fmt: skip
    endpoint = state.settings.questions.get("endpoint", "")
    email = state.settings.questions.get("email", "")
    parts = [
        "Have a question about an imaging exam, radiation or a word in a report? Our radiologists answer "
        "the questions people ask most in [Your questions](faq/index.md).",
        '<p class="rs-notice" id="rs-ask-notice" role="note"><strong>No personal details, please.</strong> '
        f"{html.escape(NOTICE)}</p>",
    ]
    if endpoint:
        parts.append(
            f'<form class="rs-ask" method="post" action="{html.escape(endpoint)}" accept-charset="utf-8">\n'
            f'<p><label for="rs-question">Your question</label></p>\n'
            f'<p><textarea id="rs-question" name="{QUESTION_FIELD}" rows="6" cols="60" maxlength="2000" required '
            'aria-describedby="rs-ask-notice"></textarea></p>\n'
            '<p><button type="submit">Send your question</button></p>\n'
            "</form>"
        )
    elif email:
        subject = quote("A question for a radiologist")
        parts.append(
            f'<p><a class="rs-ask-mail" href="mailto:{html.escape(quote(email, safe="@.+-_"))}?subject={subject}">'
            f"E-mail your question to {html.escape(email)}</a> (your e-mail program opens).</p>"
        )
    else:
        parts.append("<p>Questions cannot be sent from this site yet.</p>")
    parts.append(
        "In an emergency, call 911. For questions about your own exam or results, ask the doctor who "
        "ordered it or call the number on your appointment letter."
    )
    return GeneratedPage(ASK_URI, _front_matter(meta) + "\n\n".join(parts) + "\n", "ask", None, True)
