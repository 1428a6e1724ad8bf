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


@pytest.mark.parametrize(("text", "line", "key"), [
    ("---\ntitle: x\n---\ndraft: true\n---\nBody.\n", 4, "draft"),  # a second front matter: the first '---' closed it
    ("---\ntitle: x\n---\n\ndraft: true\n\nBody.\n", 5, "draft"),  # a withholding field in the body's first block
    ("---\ntitle: x\n---\nsummary: y\npublish_at: 2027-01-01\n...\nBody.\n", 5, "publish_at"),
    ("---\ntitle: x\n---\ntags:\n  - a\n  - b\nauthor: x\n---\nBody.\n", 4, "tags"),  # nested values
    ("---\ntitle: x\n---\nreveal_at: '2099-01-01T09:00'\nBody.\n", 4, "reveal_at"),
], ids=["second-front-matter", "draft-first-block", "dots-fence", "nested", "reveal-at"])  # fmt: skip
def test_fields_after_the_closing_fence_are_an_error(text: str, line: int, key: str) -> None:
    """Written after the closing fence a field is page text: `draft: true` there withholds nothing."""
    for newline in ("\n", "\r\n"):
        with pytest.raises(FrontMatterError) as raised:
            parse(text.replace("\n", newline))
        assert raised.value.line == line and raised.value.rule == "front-matter"
        assert f"'{key}:'" in raised.value.message and "move it above that line" in raised.value.message


def test_fields_without_an_opening_fence_are_an_error() -> None:
    with pytest.raises(FrontMatterError) as raised:
        parse("draft: true\ntitle: x\n\nBody.\n", require=False)
    assert raised.value.line == 1 and "without the front matter's opening '---'" in raised.value.message


@pytest.mark.parametrize("body", [
    "Note: bring your insurance card.\n\nMore text.\n",  # a label in prose, no fence after it
    "Note: bring your card\n---\n\nText.\n",  # a setext heading: capitals are no field's name
    "Draft: the plan is open for comments.\n",
    "Visit us: we are open daily.\n\n---\n",
], ids=["label", "setext-heading", "capital-draft", "label-then-rule"])  # fmt: skip
def test_prose_that_looks_like_a_field_is_left_alone(body: str) -> None:
    assert parse(f"---\ntitle: x\n---\n{body}").body == body
    assert parse(body, require=False).body == body
