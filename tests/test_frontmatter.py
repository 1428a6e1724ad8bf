"""Front matter keeps a line number for every key, and its errors say where and what to do."""

from __future__ import annotations

import pytest

from radsite.content.frontmatter import FrontMatterError, parse


def test_lines_for_nested_keys_and_list_items() -> None:
    doc = parse("---\ntitle: A\nquiz:\n  question: Q\n  choices:\n    - a\n    - b\n---\nBody\n")
    assert doc.lines["title"] == 2
    assert doc.lines["quiz.question"] == 4
    assert doc.lines["quiz.choices.1"] == 7
    assert doc.body == "Body\n"
    assert doc.body_line == 9
    assert doc.line_of("quiz.answer") == 3  # falls back to the parent that was written


def test_dates_stay_strings_for_the_schema() -> None:
    doc = parse("---\ndate: 2026-11-01\nreveal_at: 2026-11-01 09:00:00\n---\n")
    assert doc.data == {"date": "2026-11-01", "reveal_at": "2026-11-01 09:00:00"}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty"),
        ("---\ntitle: a\n", 1, "never closed"),
        ("---\ntitle: [a\n---\n", 3, "YAML syntax error"),
        ("---\n- a\n- b\n---\n", 2, "not a mapping"),
        ("---\ntitle: a\nsummary: b\ntitle: c\n---\n", 4, "duplicate key 'title'"),
        ("# no front matter\n", 1, "no front matter"),
    ],
)
def test_errors_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(FrontMatterError) as e:
        parse(text)
    assert e.value.line == line
    assert words in e.value.message
