"""The visibility decision and the audit's patterns, on small real content folders (no build)."""

from __future__ import annotations

import datetime as dt
import gzip
import io
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image

from radsite.content.load import load
from radsite.pipeline import default_render
from radsite.publish.audit import Auditor, BuildAudit, audit, patterns, phrases, reduce
from radsite.published import published_files
from radsite.visibility import Policy, decide

TZ = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=TZ)

PERSON = """---
title: Ada Example
summary: A radiologist.
email: ada.example@northbrook-health.example
phone: "555-0199"
office: Room 4.112
visibility:
  phone: public
  office: internal
---
Ada reads chest imaging.
"""
CASE = """---
title: A case
summary: A case.
date: 2026-11-20
modality: ct
body_systems: [chest]
age: 40
history: Cough.
images:
  - src: x.png
    alt: Axial CT.
difficulty: beginner
reveal_at: "{reveal}"
authors: [ada-example]
diagnosis: Round pneumonia
quiz:
  question: What is it?
  choices: [Round pneumonia, Lung cancer]
  answer: Round pneumonia
  explanation: Children have no collateral air drift, so pneumonia can look round.
---
What do you see?

<!-- Answer -->

Round pneumonia in a child mimics a mass and clears with antibiotics within weeks.
"""
DRAFT = """---
title: Open house plans for the spring term
summary: Not yet.
date: 2026-12-05
draft: true
tags: [events]
---
We are planning an open house for the whole community next spring.
"""


def _content(tmp_path: Path, reveal: str = "2027-01-01T09:00") -> Path:
    root = tmp_path / "content"
    (root / "people").mkdir(parents=True)
    (root / "cases").mkdir()
    (root / "news").mkdir()
    (root / "people/ada-example.md").write_text(PERSON, encoding="utf-8")
    (root / "cases/round.md").write_text(CASE.format(reveal=reveal), encoding="utf-8")
    (root / "cases/x.png").write_bytes(PNG)
    (root / "news/open-house.md").write_text(DRAFT, encoding="utf-8")
    (root / "staff.md").write_text("---\ntitle: Staff rota\naudience: internal\n---\nRota text.\n", encoding="utf-8")
    return root


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("L", (4, 4), 128).save(out, format="PNG")
    return out.getvalue()


PNG = _png()


def _published_files(root: Path, decision):  # type: ignore[no-untyped-def]
    loaded = load(root, shown_as="content")
    return published_files(decision, loaded.content, loaded.sources, default_render(),
                           lambda uri: (root / uri).read_bytes(), "content")  # fmt: skip


def _decide(root: Path, audience: str = "public", now: dt.datetime = NOW, defaults: dict | None = None):
    loaded = load(root, shown_as="content")
    assert [f for f in loaded.findings if f.level == "error"] == []
    defaults = {"email": "internal", "phone": "internal"} if defaults is None else defaults
    return decide(loaded.content, Policy(audience, now, TZ, defaults))  # type: ignore[arg-type]


def test_field_defaults_apply_and_a_profile_may_override_them(tmp_path: Path) -> None:
    decision = _decide(_content(tmp_path))
    person = decision.get("people", "ada-example")
    assert person is not None
    assert "email" not in person.fields  # internal by the config default
    assert person.fields["phone"] == "555-0199"  # the profile says public
    assert "office" not in person.fields  # the profile says internal
    assert "visibility" not in person.fields
    reasons = {(w.reason, w.line) for w in decision.withheld if w.path == "content/people/ada-example.md"}
    assert reasons == {("internal field 'email'", 4), ("internal field 'office'", 6)}


def test_unrevealed_answer_is_cut_at_the_marker_whatever_its_case(tmp_path: Path) -> None:
    decision = _decide(_content(tmp_path))
    case = decision.get("cases", "round")
    assert case is not None and not case.revealed
    assert "antibiotics" not in case.body and "What do you see?" in case.body
    assert "diagnosis" not in case.fields
    assert "answer" not in case.fields["quiz"] and "explanation" not in case.fields["quiz"]
    assert sorted(case.fields["quiz"]["choices"]) == ["Lung cancer", "Round pneumonia"]  # in radsite.choice_order's order
    withheld = {w.reason: w.line for w in decision.withheld if w.path == "content/cases/round.md"}
    assert withheld == {  # diagnosis and quiz.answer are withheld too, but they are published choices
        "unrevealed answer field 'quiz.explanation'": 20,
        "unrevealed answer (after <!-- answer -->)": 24,
    }


def test_answer_is_revealed_at_reveal_at_exactly(tmp_path: Path) -> None:
    root = _content(tmp_path, reveal="2026-11-28T12:00")
    case = _decide(root).get("cases", "round")
    assert case is not None and case.revealed and "antibiotics" in case.body
    assert case.fields["diagnosis"] == "Round pneumonia"


def test_dropped_items_keep_their_prose_and_url_but_not_dates_or_codes(tmp_path: Path) -> None:
    decision = _decide(_content(tmp_path))
    draft = next(w for w in decision.withheld if w.path == "content/news/open-house.md")
    assert draft.reason == "draft"
    assert "Open house plans for the spring term" in draft.values and "news/open-house/" in draft.values
    assert not any("2026" in v or v == "events" for v in draft.values)
    page = next(w for w in decision.withheld if w.path == "content/staff.md")
    assert page.reason == "internal item" and "staff/" in page.values and "Staff rota" in page.values
    files = _published_files(tmp_path / "content", decision)
    assert "staff.md" not in files.pages and {i.item.src_uri for i in decision.items}.isdisjoint({"news/open-house.md"})


def test_internal_build_keeps_everything(tmp_path: Path) -> None:
    decision = _decide(_content(tmp_path), audience="internal")
    assert decision.withheld == [] and "staff.md" in _published_files(tmp_path / "content", decision).pages
    draft = decision.get("news", "open-house")
    assert draft is not None and draft.draft
    person = decision.get("people", "ada-example")
    assert person is not None and person.fields["email"] and person.fields["office"]


def test_reduction_ignores_markup_escaping_and_wrapping() -> None:
    assert reduce(b"<p>Round&nbsp;<em>pneumonia</em>\n in a CHILD</p>") == b" round pneumonia in a child "
    assert reduce(b'<a class="x" href="news/open-house/">Go</a>') == b" class x href news open house go "
    assert reduce("Caf\u00e9 au lait".encode()) == b" caf au lait "
    assert reduce(b'{"text": "Caf\\u00e9 au\\nlait\\tspots"}') == b" text caf au lait spots "
    assert phrases("MRI") == set()  # too short to be distinctive
    assert phrases("ada.example@northbrook-health.example") == {" ada example northbrook health example "}
    twelve = " ".join(f"w{i}" for i in range(12))
    fourteen = " ".join(f"w{i}" for i in range(14))
    assert phrases(twelve) == {" w0 w1 w2 w3 w4 w5 ", " w6 w7 w8 w9 w10 w11 "}  # every 6th word
    assert " w8 w9 w10 w11 w12 w13 " in phrases(fourteen)  # and the last 6
    greek = "Alpha beta gamma delta epsilon zeta eta. Theta iota kappa lambda mu nu xi omicron pi."
    assert " theta iota kappa lambda mu nu " in phrases(greek)  # and at every sentence start


def test_phrases_the_published_sources_contain_are_not_patterns(tmp_path: Path) -> None:
    decision = _decide(_content(tmp_path))
    found = patterns(decision)
    assert found is not None
    assert not found.distinctive(" round pneumonia ")  # the diagnosis is also a published quiz choice
    assert found.distinctive(" room 4 112 ")
    phrase = next(p for p in found.sources if p.startswith(" children have no collateral"))
    assert found.distinctive(phrase)


def test_audit_names_file_and_source_and_opens_gzip(tmp_path: Path) -> None:
    decision = _decide(_content(tmp_path))
    site = tmp_path / "site.radsite-staging"
    (site / "pagefind/fragment").mkdir(parents=True)
    (site / "index.html").write_text("<p>Ada is in <b>Room</b> 4.112.</p>", encoding="utf-8")
    (site / "pagefind/fragment/en_1.pf_fragment").write_bytes(
        gzip.compress(b'{"content":"Children have no collateral air drift, so pneumonia can look round."}')
    )
    (site / "clean.html").write_text("<p>Round pneumonia. Ada reads chest imaging.</p>", encoding="utf-8")
    findings = audit(site, decision, shown_as="site")
    leaked = {(f.path, f.rule) for f in findings}
    assert leaked == {("site/index.html", "leak"), ("site/pagefind/fragment/en_1.pf_fragment", "leak")}
    messages = " ".join(f.message for f in findings)
    assert "internal field 'office' of content/people/ada-example.md:6" in messages
    assert "unrevealed answer field 'quiz.explanation' of content/cases/round.md:20" in messages


def test_a_file_gone_since_it_was_listed_is_skipped(tmp_path: Path) -> None:
    """Metadata stripping writes an image to a temporary name and renames it while the audit runs."""
    decision = _decide(_content(tmp_path))
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>Ada is in Room 4.112.</p>", encoding="utf-8")
    auditor = Auditor(site, decision, shown_as="site")
    auditor.scan([site / "scan.png.radsite-tmp", *auditor.unscanned()])
    assert [f.path for f in auditor.findings()] == ["site/index.html"]
    assert auditor.unscanned() == []


def test_the_build_audit_scans_the_pages_then_everything_written_until_it_finishes(tmp_path: Path) -> None:
    """Made before the pages exist: told that they are written, it scans them; a file written after
    that (a feed), or a page changed after its scan, is scanned at the end."""
    decision = _decide(_content(tmp_path))
    site = tmp_path / "site.radsite-staging"
    site.mkdir()
    idle = BuildAudit(Auditor(site, decision, shown_as="site"), "pagefind")
    (site / "index.html").write_text("<p>Ada is in <b>Room</b> 4.112.</p>", encoding="utf-8")
    (site / "clean.html").write_text("<p>Round pneumonia.</p>", encoding="utf-8")
    idle.pages_written()
    (site / "clean.html").write_text("<p>Children have no collateral air drift.</p>", encoding="utf-8")
    (site / "feed.xml").write_text("<item>Ada is in Room 4.112.</item>", encoding="utf-8")
    findings = idle.finish()
    by_path = {f.path: f.message for f in findings}
    assert sorted(by_path) == ["site/clean.html", "site/feed.xml", "site/index.html"]
    assert "internal field 'office' of content/people/ada-example.md:6" in by_path["site/index.html"]
    assert "'quiz.explanation' of content/cases/round.md:20" in by_path["site/clean.html"]
    assert idle.finish() == findings  # finished: asking again changes nothing


def test_the_build_audit_scans_everything_when_finished_without_being_told_the_pages_are_written(
    tmp_path: Path,
) -> None:
    decision = _decide(_content(tmp_path))
    (tmp_path / "site").mkdir()
    idle = BuildAudit(Auditor(tmp_path / "site", decision, shown_as="site"), "pagefind")
    (tmp_path / "site/index.html").write_text("<p>Ada is in Room 4.112.</p>", encoding="utf-8")
    assert [f.path for f in idle.finish()] == ["site/index.html"]


def test_a_file_only_a_withheld_answer_shows_is_dropped_one_also_shown_elsewhere_is_kept(tmp_path: Path) -> None:
    root = _content(tmp_path)
    for name in ("answer-only.png", "shared.png"):
        (root / "cases" / name).write_bytes(PNG)
    case = (root / "cases/round.md").read_text(encoding="utf-8")
    case = case.replace("What do you see?", "What do you see? ![Before](shared.png)")
    case += "\n![Annotated](answer-only.png) ![Again](shared.png)\n"
    (root / "cases/round.md").write_text(case, encoding="utf-8")
    files = _published_files(root, _decide(root))
    assert "cases/answer-only.png" not in files.assets
    assert {"cases/shared.png", "cases/x.png"} <= files.assets
    revealed = _published_files(root, _decide(root, now=dt.datetime(2027, 2, 1, tzinfo=TZ)))
    assert "cases/answer-only.png" in revealed.assets


def test_audit_finds_a_withheld_list_printed_one_item_per_line(tmp_path: Path) -> None:
    """A short withheld answer is one phrase; printed as a list it runs over several lines."""
    root = _content(tmp_path)
    case = (root / "cases/round.md").read_text(encoding="utf-8")
    answer = "Round pneumonia in a child mimics a mass and clears with antibiotics within weeks."
    (root / "cases/round.md").write_text(
        case.replace(answer, "- Spherical opacity\n- Posterior segment\n- Febrile toddler"), encoding="utf-8"
    )
    decision = _decide(root)
    site = tmp_path / "site"
    site.mkdir()
    chrome = "<header>Northbrook Radiology</header>\n"
    (site / "a.html").write_text(chrome + "<p>Spherical opacity</p>\n", encoding="utf-8")  # alone: common words
    (site / "b.html").write_text(
        chrome + "<ul>\n<li>Spherical opacity</li>\n<li>Posterior segment</li>\n<li>Febrile toddler</li>\n</ul>\n",
        encoding="utf-8",
    )
    assert [f.path for f in audit(site, decision, shown_as="site")] == ["site/b.html"]
