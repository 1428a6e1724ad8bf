"""/ask/ (issue 23): the form works without JavaScript, posting to the department's endpoint.

The built page is read as a browser without scripts reads it (HTML only): the form's action,
method and named fields are submitted, form-encoded, to a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import Project


class Endpoint(BaseHTTPRequestHandler):
    """The department's question endpoint: stores each form post and answers with a thank-you page."""

    received: list[tuple[str, str, dict[str, list[str]]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8")
        Endpoint.received.append((self.path, self.headers.get("Content-Type", ""), urllib.parse.parse_qs(body)))
        self.send_response(303)
        self.send_header("Location", "/thanks")
        self.end_headers()

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(b"<p>Thank you</p>")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Endpoint.received = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/radiology/questions"
    finally:
        server.shutdown()
        server.server_close()


class Forms(HTMLParser):
    """The forms of a page and their named controls, as a browser without scripts sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"attrs": a, "controls": []})
        elif tag in ("input", "textarea", "select", "button") and self.forms:
            self.forms[-1]["controls"].append((tag, a))
        if any(name.startswith("on") for name in a):
            self.texts.append(f"script attribute on <{tag}>")


def _configure(project: Project, questions: str) -> None:
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("      questions:")
    end = text.index("\n      feeds:", start)
    config.write_text(text[:start] + questions + text[end:], encoding="utf-8")


def test_the_form_posts_to_the_endpoint_without_javascript(project: Project, endpoint: str) -> None:
    _configure(project, f"      questions:\n        endpoint: {endpoint}")
    run = project.build("--strict")
    assert run.returncode == 0, run.output
    page = project.page("ask")
    parser = Forms()
    parser.feed(page)
    (form,) = [f for f in parser.forms if f["attrs"].get("action") == endpoint]
    assert form["attrs"]["method"] == "post" and parser.texts == []
    named = [(tag, a) for tag, a in form["controls"] if a.get("name")]
    assert [(tag, a["name"]) for tag, a in named] == [("textarea", "question")]
    assert any(tag == "button" and a.get("type") == "submit" for tag, a in form["controls"])
    # the notice is tied to the text box, so a screen reader reads it there too
    textarea = named[0][1]
    assert 'id="rs-ask-notice"' in page and textarea["aria-describedby"] == "rs-ask-notice"
    assert "do not include your name, date of birth, record or accession numbers" in page

    data = urllib.parse.urlencode({"question": "What does unremarkable mean?"}).encode()
    request = urllib.request.Request(form["attrs"]["action"], data=data, method="POST")  # as the browser sends it
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200 and b"Thank you" in answer.read()
    assert Endpoint.received == [
        ("/radiology/questions", "application/x-www-form-urlencoded", {"question": ["What does unremarkable mean?"]})
    ]


def test_without_an_endpoint_the_page_falls_back_to_mailto(project: Project) -> None:
    _configure(project, "      questions:\n        email: ask-radiology@northbrook-health.example")
    run = project.build("--strict")
    assert run.returncode == 0, run.output
    page = project.page("ask")
    assert "<form" not in page.split('id="rs-ask-notice"')[1]
    assert 'href="mailto:ask-radiology@northbrook-health.example?subject=A%20question%20for%20a%20radiologist"' in page
    assert "do not include your name, date of birth" in page


def test_a_bad_questions_option_is_named(project: Project) -> None:
    _configure(project, "      questions:\n        endpoint: forms.example/ask")
    for run in (project.check(), project.build()):
        assert run.returncode != 0 and "Traceback" not in run.output
        assert "questions: endpoint: 'forms.example/ask' is not a web address (write https://...)" in run.output
