"""The patient-page parts on their own: dose comparison, glossary matching, prose extraction, JSON for
<script>, the terminal summary. Everything else is proven through real builds in test_patient.py."""

from __future__ import annotations

import json
import random
import re
import textwrap

import pytest
import textstat

from radsite.content.glossary import Glossary, GlossaryEntry, Term
from radsite.derive.glossary_links import GlossaryMatcher, plurals
from radsite.derive.radiation import background_equivalent, dose_comparison
from radsite.derive.readability import Syllables, grade, prose, sentence_count, word_count
from radsite.derive.structured_data import dumps
from radsite.findings import Finding
from radsite.publish.report import BuildReport


@pytest.mark.parametrize(
    ("dose", "plain"),
    [(0.001, "3 hours"), (0.1, "12 days"), (0.4, "7 weeks"), (1.5, "6 months"), (2, "8 months"),
     (7, "2 years"), (10, "3 years"), (25, "8 years"), (3, "12 months")],
)  # fmt: skip
def test_dose_is_compared_with_background_radiation_in_sensible_units(dose: float, plain: str) -> None:
    assert background_equivalent(dose) == plain
    assert dose_comparison(dose) == f"about the same as {plain} of natural background radiation"


def test_singular_units() -> None:
    assert background_equivalent(3 / 365.25) == "1 day"
    assert background_equivalent(3 / 365.25 / 24) == "1 hour"


def test_simple_plurals() -> None:
    assert plurals("nodule") == ["nodule", "nodules"]
    assert plurals("opacity") == ["opacity", "opacities"]
    assert plurals("mass") == ["mass", "masses"]
    assert plurals("day") == ["day", "days"]


def _matcher(links: dict[str, str] | None = None) -> GlossaryMatcher:
    terms = [
        Term(term="nodule", aliases=["nodular"], definition="A small round spot."),
        Term(term="incidental finding", definition="Something seen by chance.", link="faq/incidental"),
        Term(term="finding", definition="Anything the radiologist notes."),
        Term(term="opacity", definition="A whiter area."),
    ]
    glossary = Glossary("content/glossary.yml", [GlossaryEntry(t, i + 1) for i, t in enumerate(terms)])
    return GlossaryMatcher.build(glossary, lambda link: (links or {}).get(link))


def test_first_use_of_each_term_gets_one_definition() -> None:
    page = "<p>Two Nodules were seen. A nodule is small. Many opacities.</p>"
    out = _matcher().annotate(page, "faq/x/")
    assert out.count('class="rs-term"') == 2
    assert ">Nodules</button>" in out  # case kept, plural matched
    assert ">opacities</button>" in out
    assert "A nodule is small" in out  # the second use stays plain
    assert 'popovertarget="rs-def-0"' in out and 'id="rs-def-0" popover' in out


def test_longest_term_wins_and_terms_never_nest() -> None:
    page = "<p>An incidental finding, another incidental finding, then a finding.</p>"
    out = _matcher({"faq/incidental": "faq/incidental/"}).annotate(page, "faq/x/")
    assert ">incidental finding</button>" in out and "another incidental finding, then" in out
    assert ">finding</button>" in out.split("then a ", 1)[1]  # the shorter term, on its own later
    assert '<a href="../incidental/">More about incidental finding</a>' in out


def test_never_inside_headings_links_code_or_attributes() -> None:
    page = textwrap.dedent("""\
        <h2 id="nodule">Nodule</h2>
        <p><a href="nodule/" title="nodule">a nodule link</a> <code>nodule</code></p>
        <pre><code>nodule</code></pre>
        <p><img alt="a nodule" src="n.png"> Then a nodule.</p>""")
    out = _matcher().annotate(page, "faq/x/")
    assert out.count('class="rs-term"') == 1
    assert "Then a <button" in out
    assert '<h2 id="nodule">Nodule</h2>' in out and "<code>nodule</code>" in out


def test_unpublished_link_is_left_out() -> None:
    out = _matcher({}).annotate("<p>An incidental finding.</p>", "faq/x/")
    assert "More about" not in out


def test_prose_skips_code_tables_headings_and_keeps_lines() -> None:
    body = textwrap.dedent("""\
        ## Heading words

        First paragraph [with a link](../x.md) and `code`.

        ```
        code block that is very long and complicated and multisyllabic
        ```

        | table | cell |
        | --- | --- |

        - a list item
        <!-- a comment -->
        """)
    passages = prose(body, first_line=10)
    assert [(p.line, p.text) for p in passages] == [
        (12, "First paragraph with a link and ."),
        (21, "a list item."),
    ]
    assert grade(passages).words == 9


EDGE_TEXTS = [
    "",
    "   ",
    "One.",
    "Hi there. Ok. Yes, it is fine!",
    "Don't worry: it's the patient's scan, isn't it?",
    "'Quoted' words and 'single quotes' and rock 'n' roll.",
    "A well-known, non-invasive test -- really.",
    "Dr. Smith saw 3.5 mm at 10:30 a.m.! Then e.g. nothing?",
    "Ellipsis... and more!!! Why?? Because.",
    "Ünïcödé wörds — and “smart quotes” and ‘single’ ones.",
    "x-ray, CT/MRI & PET; 5% of 2,000 people.",
    "Mr. O'Neil's results: T2-weighted, 12 × 8 mm. Follow-up in 6 months.",
    "a. b. c. d e f. g h i j.",
]


def test_reading_counts_equal_textstats(example_passages: list[str]) -> None:
    """The grade counts words and sentences with textstat's rules, compiled once: same numbers."""
    rng = random.Random(7)
    alphabet = "ab cd ef tsdvlr'  -.!?,;:()“”’é9 \n"
    scrambled = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(60))) for _ in range(2000)]
    for text in EDGE_TEXTS + example_passages + scrambled:
        assert word_count(text) == textstat.lexicon_count(text), text
        assert sentence_count(text) == textstat.sentence_count(text), text


def test_syllables_equal_textstats(example_passages: list[str]) -> None:
    """The CMU dictionary is read only for the words asked, and gives textstat's counts."""
    tricky = ["x-ray", "don't", "O'Neil's", "hypodense", "zzyzx", "Ünïcödé", "T2-weighted", "reading", "the", "a"]
    words = sorted({w for text in example_passages for w in re.findall(r"[\w'-]+", text.lower())}) + tricky
    counter = Syllables(words)
    assert len(counter.cmu) > 1000  # most words of the example site are in the dictionary
    assert [counter(w) for w in words] == [textstat.syllable_count(w) for w in words]
    assert grade([]).words == 0


@pytest.fixture(scope="module")
def example_passages() -> list[str]:
    from pathlib import Path

    from radsite.content.frontmatter import split

    root = Path(__file__).resolve().parents[1] / "content"
    texts = []
    for path in sorted(root.rglob("*.md")):
        _, body, _, first = split(path.read_text(encoding="utf-8"))  # every page's prose, not only patients'
        texts += [p.text for p in prose(body, first_line=first)]
    assert len(texts) > 300
    return texts


def test_json_for_a_script_element_cannot_close_it() -> None:
    text = dumps({"name": "</script><script>alert(1)</script> & <!--"})
    assert "</" not in text and "<!--" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"


def test_terminal_summary_lists_warnings_with_path_and_line() -> None:
    report = BuildReport(counts={"faq": 2, "exams": 1})
    report.findings = [Finding("content/faq/a.md", 7, "review", "old", "warning"),
                       Finding("content/faq/b.md", 3, "readability", "hard", "warning")]  # fmt: skip
    report.sections["readability"] = {"max_grade": 8.0, "pages": {
        "faq/a/": {"path": "content/faq/a.md", "grade": 5.0},
        "faq/b/": {"path": "content/faq/b.md", "grade": 9.1}}}  # fmt: skip
    summary = report.summary()
    assert "published 2 faq, 1 exams" in summary
    assert "Warnings: 1 readability, 1 review" in summary
    assert "content/faq/a.md:7: warning: [review] old" in summary
    assert "highest 9.1 (content/faq/b.md), limit 8" in summary
