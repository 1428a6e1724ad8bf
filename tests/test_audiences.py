"""Audiences (issue 23): one repository, a site per audience, and each carries only what it may.

Real builds of the example with planted, unique strings; every output file is searched, as in
tests/test_privacy.py. The public build has no clinician or staff material, the clinicians build
has the clinician items and the public ones but no staff material, the staff build has all of it.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_privacy import _front, _needles, found_in, site_texts

from conftest import Project, make_project
from radsite.audiences import Audiences, parse_audiences
from radsite.content.load import load
from radsite.visibility import Policy, decide

ROOT = Path(__file__).resolve().parents[1]

CLINICIAN = ["sentinelclinicianitem", "sentinelclinicianfield", "sentinelclinicianpage", "sentinelexamnote"]
STAFF = ["sentinelstaffitem", "sentinelstafffield", "sentinellegacyinternal", "sentinelstaffpage"]

PLANTED = {
    "news/planted-for-clinicians.md": """---
title: Referrer update
summary: For referring clinicians only.
date: 2026-11-10
audience: clinicians
---
The sentinelclinicianitem protocol starts on Monday.
""",
    "news/planted-for-staff.md": """---
title: Rota change
summary: For staff only.
date: 2026-11-11
audience: staff
---
The sentinelstaffitem rota starts on Monday.
""",
    "news/planted-legacy-internal.md": """---
title: Old internal note
summary: Written before audiences existed.
date: 2026-11-12
audience: internal
---
The sentinellegacyinternal note still means staff only.
""",
    "people/planted-referrer-contact.md": """---
title: Planted Referrer Contact
summary: A profile with fields for two audiences.
role: Radiologist
email: sentinelclinicianfield@northbrook-health.example
office: "Room sentinelstafffield"
visibility:
  email: clinicians
  office: staff
---
A profile whose e-mail is for clinicians and whose office is for staff.
""",
    "planted-clinician-page.md": """---
title: Clinician notes page
audience: clinicians
---
A plain page with sentinelclinicianpage in it.
""",
    "planted-staff-page.md": """---
title: Staff notes page
audience: staff
---
A plain page with sentinelstaffpage in it.
""",
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = make_project(tmp_path_factory.mktemp("audiences") / "project")
    for rel, text in PLANTED.items():
        project.write(rel, text)
    exam = project.content / "exams/mri-knee.md"
    exam.write_text(exam.read_text(encoding="utf-8").replace(
        "    - Routine knee protocol without contrast", "    - Routine sentinelexamnote knee protocol without contrast", 1
    ), encoding="utf-8")  # fmt: skip
    return project


def _build(project: Project, audience: str) -> Path:
    run = project.build(RADSITE_AUDIENCE=audience)  # the sentinels read at a high grade: warnings
    assert run.returncode == 0, run.output
    return project.site


def _present(site: Path, needles: list[str]) -> set[str]:
    return {needle for needle, files in found_in(site, needles).items() if files}


def example_hidden(hidden: set[str]) -> list[str]:
    """Text of the example's items and pages for the `hidden` audiences, read with plain YAML, that
    no source the build may show also says."""
    needles: list[str] = []
    shown: list[str] = []
    for file in sorted((ROOT / "content").rglob("*.md")):
        text = file.read_text(encoding="utf-8")
        meta, body = _front(text)
        if meta.get("audience") in hidden:
            needles += _needles(body) + _needles(str(meta.get("summary", "")))
        else:
            shown.append(text)
    return [n for n in needles if not any(n in text for text in shown)]


def test_public_build_has_no_clinician_or_staff_material(planted: Project) -> None:
    site = _build(planted, "public")
    assert _present(site, CLINICIAN + STAFF) == set()
    assert not (site / "news/planted-for-clinicians").exists() and not (site / "planted-clinician-page").exists()
    assert "Planted Referrer Contact" in planted.page("people/planted-referrer-contact")  # the public part stays
    # the example's clinician-only items and the exams' clinician section stay out too
    assert _present(site, ["Which patients need a kidney test", "conditional pacemakers", "Triple-phase liver"]) == set()
    assert _present(site, ["extension 4-22", "4-2299 |"]) == set()  # internal extensions: staff only
    needles = example_hidden({"clinicians", "staff", "internal"})
    assert len(needles) > 5 and _present(site, needles) == set()


def test_clinicians_build_has_clinician_items_and_no_staff_material(planted: Project) -> None:
    site = _build(planted, "clinicians")
    assert _present(site, CLINICIAN) == set(CLINICIAN)
    assert _present(site, STAFF) == set()
    assert _present(site, ["extension 4-22"]) == set()
    staff_only = example_hidden({"staff", "internal"})
    assert len(staff_only) > 2 and _present(site, staff_only) == set()
    clinician_only = example_hidden({"clinicians"})
    assert clinician_only and _present(site, clinician_only) == set(clinician_only)
    exam = planted.page("exams/mri-knee")
    assert "Implants and devices" in exam and "sentinelexamnote" in exam
    which = planted.page("which-exam")
    assert "Notes for ordering" in which and 'href="../exams/mri-knee/"' in which
    # searchable by clinical question: each is a heading of its own inside what Pagefind indexes
    body = which[which.index("<div data-pagefind-body>") :]
    assert '<h3 id="q-head-injury">Head injury</h3>' in body and '<h3 id="q-locking-or-giving-way">' in body
    assert (site / "faq/contrast-and-kidney-function/index.html").exists()
    assert (site / "news/conditional-pacemaker-mri-days/index.html").exists()
    feed = (site / "feeds/all.xml").read_text(encoding="utf-8")
    assert "sentinelclinicianitem" in feed and ">clinicians</radsite:audience>" in feed  # never syndicated


def test_staff_build_has_everything_and_internal_still_means_staff(planted: Project) -> None:
    site = _build(planted, "staff")
    assert _present(site, CLINICIAN + STAFF) == set(CLINICIAN + STAFF)
    assert any("extension 4-2240" in html.unescape(text) for text in site_texts(site).values())
    every = example_hidden({"clinicians", "staff", "internal"})
    texts = [html.unescape(text) for text in site_texts(site).values()]
    assert [n for n in every if not any(n in t for t in texts)] == []
    before = site_texts(site)
    site = _build(planted, "internal")  # the old name builds the very same site
    assert site_texts(site).keys() == before.keys()
    assert _present(site, CLINICIAN + STAFF) == set(CLINICIAN + STAFF)


def test_outside_numbers_and_the_ordering_route_are_public(planted: Project) -> None:
    _build(planted, "public")
    page = planted.page("clinicians")
    assert page.count('href="tel:+1555014') >= 7  # a consult line per subspecialty
    for words in ("Neuroradiology", "Weekdays 8:00 to 17:00", "E-order portal", "Fax", "What an order must contain",
                  "Turnaround times", 'href="https://orders.northbrook-health.example/"'):  # fmt: skip
        assert words in page, words
    assert "4-2240" not in page.replace("014-2240", "")


def test_an_undeclared_audience_is_an_error_naming_file_line_field_and_the_declared(project: Project) -> None:
    project.write("news/typo.md", "---\ntitle: Typo\nsummary: A typo.\ndate: 2026-11-01\naudience: clinician\n---\nText.\n")
    project.write("people/typo-field.md", "---\ntitle: Typo Field\nsummary: A typo.\nemail: a@b.example\n"
                  "visibility:\n  email: referrers\n---\nText.\n")  # fmt: skip
    declared = "(audiences: public, clinicians, staff (also called internal))"
    for run in (project.check(), project.build()):
        assert run.returncode != 0
        expected = f"content/news/typo.md:5: error: [audience] audience: 'clinician' is not a declared audience {declared}"
        assert expected in run.output
        assert "content/people/typo-field.md:6: error: [audience] visibility.email: 'referrers' is not a declared" in run.output
        assert "Traceback" not in run.output
    assert not project.site.exists()


def test_an_undeclared_build_audience_is_named(project: Project) -> None:
    run = project.build(RADSITE_AUDIENCE="clinician")
    assert run.returncode != 0 and "Traceback" not in run.output
    assert "RADSITE_AUDIENCE='clinician' is not a declared audience" in run.output
    run = project.check(RADSITE_AUDIENCE="clinician")
    assert run.returncode != 0 and "RADSITE_AUDIENCE" in run.output and "Traceback" not in run.output


def test_audiences_include_each_other() -> None:
    audiences = parse_audiences({"public": [], "clinicians": ["public"], "staff": ["clinicians"]})
    assert audiences.sees("public") == {"public"}
    assert audiences.sees("clinicians") == {"public", "clinicians"}
    assert audiences.sees("internal") == audiences.sees("staff") == {"public", "clinicians", "staff"}
    assert audiences.widest == "staff" and audiences.canonical("internal") == "staff"
    assert audiences.canonical("clinician") is None
    # without a declaration: public and internal, as before audiences existed
    assert Audiences().sees("internal") == {"public", "internal"} and Audiences().widest == "internal"
    # a site that declares only the public has no preview build, and `internal` names nothing
    only = parse_audiences({"public": []})
    assert only.widest is None and only.canonical("internal") is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ({"clinicians": []}, "declare the public audience too"),
        ({"public": [], "clinicians": ["everyone"]}, "clinicians: includes 'everyone', which is not declared"),
        ({"public": [], "Clinicians": []}, "'Clinicians' is not an audience name"),
        ({"public": [], "clinicians": "public"}, "clinicians: write the audiences it includes as a list"),
        (["public"], "write each audience with the audiences it includes"),
    ],
)
def test_a_bad_audiences_option_says_what_to_write(value: object, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_audiences(value)


def test_a_bad_audiences_option_stops_the_build_with_its_line(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("clinicians: [public]", "clinicians: [publik]"),
                      encoding="utf-8")  # fmt: skip
    line = next(n for n, row in enumerate(config.read_text().splitlines(), 1) if row.strip().startswith("audiences:"))
    for run in (project.check(), project.build()):
        assert run.returncode != 0 and "Traceback" not in run.output
        assert f"mkdocs.yml:{line}" in run.output and "includes 'publik', which is not declared" in run.output


def test_an_undeclared_name_is_withheld_but_from_staff(tmp_path: Path) -> None:
    """Deny by default: until the typo is fixed (the build stops on it anyway), no audience but staff sees it."""
    (tmp_path / "news").mkdir()
    (tmp_path / "news/typo.md").write_text("---\ntitle: Typo\nsummary: A typo.\ndate: 2026-11-01\n"
                                           "audience: clinician\n---\nText with sentineltypo.\n", encoding="utf-8")  # fmt: skip
    content = load(tmp_path, shown_as="content").content
    audiences = parse_audiences({"public": [], "clinicians": ["public"], "staff": ["clinicians"]})
    tz = ZoneInfo("America/New_York")
    now = dt.datetime(2026, 11, 28, 12, tzinfo=tz)
    shown = {}
    for audience in ("public", "clinicians", "staff", "internal"):
        decision = decide(content, Policy(audience, now, tz, {}, audiences))
        shown[audience] = [p.slug for p in decision.items]
        assert [f.format() for f in decision.findings] == [
            "content/news/typo.md:5: error: [audience] audience: 'clinician' is not a declared audience "
            "(audiences: public, clinicians, staff (also called internal)); use one of them, or declare it "
            "under audiences: of the radsite plugin in mkdocs.yml"
        ]
    assert shown == {"public": [], "clinicians": [], "staff": ["typo"], "internal": ["typo"]}
    withheld = decide(content, Policy("clinicians", now, tz, {}, audiences)).withheld
    assert [(w.reason, "Text with sentineltypo.\n" in w.values) for w in withheld] == [("clinician item", True)]
