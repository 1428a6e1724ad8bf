"""The CPU budget of one Markdown pass (radsite.content.markdown_budget), on real Python-Markdown."""

from __future__ import annotations

import signal
import threading
import time

import markdown
import pytest

from radsite.content import markdown_budget
from radsite.published import DEFAULT_EXTENSIONS, markdown_render


@pytest.fixture(autouse=True)
def short_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown_budget, "MAX_CPU_S", 0.3)
    monkeypatch.setattr(markdown_budget, "_slow", {})


def test_an_ordinary_body_renders_as_without_the_budget() -> None:
    text = "# Title\n\nSome *text* with a [link](x.md) and `code`.\n\n- one\n- two\n"
    assert markdown_render()(text) == markdown.Markdown(extensions=list(DEFAULT_EXTENSIONS)).convert(text)
    assert signal.getsignal(signal.SIGVTALRM) in (signal.SIG_DFL, None)  # nothing left armed


def test_a_quadratic_body_stops_at_the_budget_and_is_refused_at_once_the_next_time() -> None:
    text = "Intro.\n\n" + "[ a " * 6_000  # about 35 s of CPU unbudgeted on this machine
    render = markdown_render()
    started = time.process_time()
    with pytest.raises(markdown_budget.TooSlow) as caught:
        render(text)
    assert time.process_time() - started < 3
    assert caught.value.offset == 2 and "6,000 of the characters" in caught.value.message
    started = time.process_time()
    with pytest.raises(markdown_budget.TooSlow):
        render(text)  # the same text again: known, no second budget spent
    assert time.process_time() - started < 0.1
    finding = caught.value.finding("content/news/x.md", 7)
    assert (finding.path, finding.line, finding.rule, finding.level) == ("content/news/x.md", 9, "render", "error")


def test_the_handler_before_the_budget_is_put_back() -> None:
    def mine(signum: int, frame: object) -> None:
        pass

    old = signal.signal(signal.SIGVTALRM, mine)
    try:
        assert markdown_budget.budgeted(str.upper, "text") == "TEXT"
        assert signal.getsignal(signal.SIGVTALRM) is mine
        assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGVTALRM, old)


def test_an_inner_budget_leaves_the_outer_one_in_charge() -> None:
    with markdown_budget.cpu_budget("outer"):
        assert markdown_budget.budgeted(str.lower, "INNER") == "inner"
        assert signal.getitimer(signal.ITIMER_VIRTUAL)[0] > 0  # still armed: the outer budget
    assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)


def test_outside_the_main_thread_a_pass_runs_unbudgeted() -> None:
    results: list[str] = []
    thread = threading.Thread(target=lambda: results.append(markdown_budget.budgeted(str.upper, "x")))
    thread.start()
    thread.join()
    assert results == ["X"]


@pytest.mark.parametrize("text", ["*" * 3_000 + "x" + "*" * 3_000, "***" * 1_000 + "x" + "***" * 1_000,
                                  "**a " * 2_000 + "x" + " a**" * 2_000])  # fmt: skip
def test_emphasis_nested_past_the_depth_limit_is_refused_not_a_recursion_error(text: str) -> None:
    render = markdown_render()
    with pytest.raises(markdown_budget.TooDeep) as refused:
        render("A first paragraph.\n\n" + text)
    assert refused.value.finding("news/x.md", 6).line == 8  # the paragraph at fault
    assert markdown_budget.known_slow("A first paragraph.\n\n" + text) is refused.value  # refused at once next time
    assert render("Some *nested **strong** text*.") == "<p>Some <em>nested <strong>strong</strong> text</em>.</p>"


def test_the_depth_limit_holds_outside_the_main_thread_too() -> None:
    outcome: list[object] = []

    def work() -> None:
        try:
            markdown_render()("*" * 3_000 + "x" + "*" * 3_000)
        except markdown_budget.TooDeep as refused:
            outcome.append(refused)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert len(outcome) == 1 and isinstance(outcome[0], markdown_budget.TooDeep)


def test_a_page_nested_as_deep_as_real_pages_go_renders() -> None:
    body = "".join("    " * i + "- level\n" for i in range(30)) + "\n| a |\n|---|\n| *b **c** `d`* |\n"
    assert markdown_budget.tree_depth(markdown.Markdown().parser.parseDocument(body.split("\n")).getroot()) > 30
    assert "<strong>c</strong>" in markdown_render()(body)
