"""PHI guard, DICOM refusal and image metadata: on labelled text, through `radsite check` and real builds."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from conftest import Project
from radsite.guard.images import is_dicom
from radsite.guard.phi import ALL, scan_line
from radsite.guard.rules import DATE_GATE, NAME_HINTS, RULES, patient_dates

CORPUS = Path(__file__).parent / "data" / "phi_corpus.txt"
NAME_RULES = [rule for rule in RULES if rule.category == "name"]
FORMAT = re.compile(r"^(?P<path>\S+?):(?P<line>\d+):(?P<col>\d+): error: \[phi-(?P<cat>[a-z]+)\] .+ phi-ok: why -->$")


def labelled() -> list[tuple[str, str]]:
    rows = []
    for raw in CORPUS.read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.startswith("#"):
            label, text = (part.strip() for part in raw.split("|", 1))
            rows.append((label, text))
    return rows


def test_labelled_corpus_recall_and_precision() -> None:
    rows = labelled()
    positives = [(label, text) for label, text in rows if label != "clean"]
    clean = [text for label, text in rows if label == "clean"]
    assert len(positives) >= 100 and len(clean) >= 100
    assert {label for label, _ in positives} == ALL  # every category has instances
    true_pos = false_neg = false_pos = 0
    misses, false_alarms = [], []
    for label, text in positives:
        hits = scan_line(text)
        if any(h.category == label for h in hits):
            true_pos += 1
        else:
            false_neg += 1
            misses.append((label, text))
        false_pos += sum(h.category != label for h in hits)
    for text in clean:
        hits = scan_line(text)
        false_pos += len(hits)
        false_alarms += [(h.category, text) for h in hits]
    recall = true_pos / (true_pos + false_neg)
    precision = true_pos / (true_pos + false_pos)
    print(f"\nPHI guard on {len(positives)} identifiers and {len(clean)} clean lines: "
          f"recall {recall:.1%}, precision {precision:.1%}")  # fmt: skip
    for label, text in misses:
        print(f"  missed [{label}] {text}")
    for category, text in false_alarms:
        print(f"  false alarm [{category}] {text}")
    assert recall >= 0.95
    assert precision >= 0.90


def test_a_rule_gate_never_rejects_a_line_its_patterns_would_match() -> None:
    """The gates only save time: on every labelled line, and on variants in other letter cases, a
    rule whose gate rejects the line has no match there."""
    lines = [text for _, text in labelled()]
    lines += [variant for text in lines for variant in (text.upper(), text.lower(), text.title())]
    for text in lines:
        lower = text.lower()
        for rule in RULES:
            if rule.gate is not None and not rule.gate.search(lower):
                assert rule.pattern.search(text) is None, (rule.category, text)
        if not DATE_GATE.search(lower):
            assert patient_dates(text) == [], text
        if not any(hint in text for hint in NAME_HINTS) and "year" not in text:
            assert all(rule.pattern.search(text) is None for rule in NAME_RULES), text


CASE_WITH_PHI = """---
title: Knee pain after a fall
summary: A knee radiograph after a fall.
date: 2026-11-01
modality: x-ray
body_systems: [musculoskeletal]
age: 45
sex: female
history: "Fell on 2024-03-12, patient seen in the ED the same day."
images:
  - src: images/twisting-knee-injury-mri.png
    alt: Frontal radiograph of the right knee.
difficulty: beginner
authors: [amara-okafor]
---
Mrs. Whitcombe fell on the ice.

Her MRN 84736251 is on the film. <!-- phi-ok: -->

The scanner serial SN: 4471-XA is in the corner. <!-- phi-ok: fictional demo value for the quiz -->
"""


def _case(project: Project, text: str = CASE_WITH_PHI, name: str = "phi-case") -> None:
    project.write(f"cases/{name}.md", text)


def test_check_reports_phi_with_line_column_and_category(project: Project) -> None:
    _case(project)
    project.write("news/phi-news.md", "---\ntitle: A visit\nsummary: A visit.\ndate: 2026-11-01\n---\n"
                  "Thanks to pt: J. Whitfield, who wrote to jwhit@example.com.\n")  # fmt: skip
    run = project.check()
    assert run.returncode == 1
    lines = [ln for ln in run.stdout.splitlines() if "[phi-" in ln and "[phi-ok]" not in ln]
    parsed = [FORMAT.match(ln) for ln in lines]
    assert all(parsed), lines
    found = {(m["path"], int(m["line"]), int(m["col"]), m["cat"]) for m in parsed if m}
    assert ("content/cases/phi-case.md", 9, 19, "date") in found  # history, in the front matter
    assert ("content/cases/phi-case.md", 16, 1, "name") in found
    assert ("content/news/phi-news.md", 6, 11, "name") in found
    assert ("content/news/phi-news.md", 6, 42, "email") in found
    # the line with an empty phi-ok is still an error, and the missing reason is one too
    assert ("content/cases/phi-case.md", 18, 5, "mrn") in found
    assert "content/cases/phi-case.md:18:34: error: [phi-ok] a phi-ok exception needs a reason" in run.stdout
    assert not any(m["line"] == "20" for m in parsed if m)  # excepted with a reason
    assert "84736251" not in run.output and "Whitcombe" not in run.output  # messages never repeat PHI


def test_profiles_and_trial_contacts_are_legitimate(project: Project) -> None:
    run = project.check()
    assert run.returncode == 0, run.output
    people = (project.content / "people/daniel-reyes.md").read_text(encoding="utf-8")
    assert "@" in people and "555-" in people  # the example profiles do carry staff contacts
    # the same contact line in a news post is PHI-like and reported
    project.write("news/contact.md", "---\ntitle: Hi\nsummary: Hi.\ndate: 2026-11-01\n---\n"
                  "Call Mr. Reyes on 617-555-0111.\n")  # fmt: skip
    run = project.check()
    assert "content/news/contact.md:6:6: error: [phi-name]" in run.stdout
    assert "content/news/contact.md:6:19: error: [phi-phone]" in run.stdout


def test_build_with_phi_stops_before_the_site_is_touched(project: Project) -> None:
    assert project.build().returncode == 0
    before = (project.site / "index.html").read_bytes()
    _case(project)
    run = project.build()
    assert run.returncode != 0
    assert "[phi-name]" in run.output and "nothing was built" in run.output
    assert (project.site / "index.html").read_bytes() == before


def test_exceptions_are_listed_in_the_build_report(project: Project) -> None:
    text = (
        CASE_WITH_PHI.replace("Mrs. Whitcombe fell", "The patient fell")
        .replace("<!-- phi-ok: -->", "<!-- phi-ok: the number is the hospital's public test pattern -->")
        .replace('history: "Fell on 2024-03-12, patient seen in the ED the same day."', "history: Fell on the ice.")
    )
    _case(project, text)
    run = project.build()
    assert run.returncode == 0, run.output
    report = json.loads(project.report.read_text(encoding="utf-8"))
    assert {(e["path"], e["line"], e["reason"], tuple(e["categories"])) for e in report["phi_exceptions"]} == {
        ("content/cases/phi-case.md", 18, "the number is the hospital's public test pattern", ("mrn",)),
        ("content/cases/phi-case.md", 20, "fictional demo value for the quiz", ("device",)),
    }
    page = project.page("cases/phi-case")
    assert "phi-ok" not in page  # an HTML comment, never shown


def test_mistyped_answer_marker_is_an_error(project: Project) -> None:
    case = project.content / "cases/pediatric-abdominal-pain-ultrasound.md"
    case.write_text(case.read_text(encoding="utf-8").replace("<!-- answer -->", "<!-- answers -->"), encoding="utf-8")
    run = project.check()
    assert run.returncode == 1
    assert "content/cases/pediatric-abdominal-pain-ultrasound.md:34: error: [answer-marker]" in run.stdout


# --- DICOM and image metadata ---------------------------------------------------------------------


def pydicom_files() -> list[Path]:
    from pydicom.data import get_testdata_file

    names = ["CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "JPEG2000.dcm", "rtdose.dcm"]
    return [Path(get_testdata_file(name)) for name in names]


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_every_shipped_pydicom_file_with_a_preamble_is_recognised() -> None:
    from pydicom import dcmread
    from pydicom.data import get_testdata_file

    folder = Path(get_testdata_file("CT_small.dcm")).parent
    with_preamble = []
    for file in sorted(folder.glob("*.dcm")):
        try:
            preamble = dcmread(file, force=True, stop_before_pixels=True).preamble
        except Exception:  # a deliberately broken test file: pydicom cannot say
            continue
        if preamble is not None:
            with_preamble.append(file)
    assert len(with_preamble) > 50
    assert [f.name for f in with_preamble if not is_dicom(f)] == []
    assert not is_dicom(Path(__file__)) and not is_dicom(CORPUS)


def test_dicom_is_refused_whatever_its_extension(project: Project) -> None:
    for index, source in enumerate(pydicom_files()):
        name = f"scan-{index}.dcm" if index % 2 else f"scan-{index}.png"
        shutil.copy(source, project.content / "cases/images" / name)
    shutil.copy(pydicom_files()[0], project.content / "about-image.png")
    run = project.check()
    assert run.returncode == 1
    for index in range(len(pydicom_files())):
        name = f"scan-{index}.dcm" if index % 2 else f"scan-{index}.png"
        assert f"content/cases/images/{name}: error: [dicom]" in run.stdout
    assert "content/about-image.png: error: [dicom]" in run.stdout
    assert project.build().returncode != 0
    assert not project.site.exists()


def _jpeg_with_gps(path: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0132] = "2026:11:01 10:00:00"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (42.0, 21.0, 30.0), 3: "W", 4: (71.0, 3.0, 25.0)})
    Image.new("RGB", (64, 48), (120, 90, 60)).save(path, "JPEG", exif=exif.tobytes(), quality=90)


def test_jpeg_with_gps_is_published_without_any_metadata(project: Project) -> None:
    source = project.content / "news/images/team-photo.jpg"
    _jpeg_with_gps(source)
    original = hashlib.sha256(source.read_bytes()).hexdigest()
    project.write("news/team-photo.md", "---\ntitle: Our team\nsummary: The team.\ndate: 2026-11-01\nimage:\n"
                  "  src: images/team-photo.jpg\n  alt: The radiology team in front of the hospital.\n---\nHello.\n")  # fmt: skip
    run = project.build()
    assert run.returncode == 0, run.output
    assert "content/news/images/team-photo.jpg: warning: [image-gps]" in run.output
    published = project.site / "news/images/team-photo.jpg"
    with Image.open(published) as image:
        assert image.size == (64, 48)
        assert not image.getexif()
        assert not {"exif", "xmp", "photoshop"} & set(image.info)
        assert not [m for m, _ in image.applist if m in ("APP1", "APP13")]
    assert b"PhoneMaker" not in published.read_bytes()
    assert hashlib.sha256(source.read_bytes()).hexdigest() == original  # the source is never modified
    report = json.loads(project.report.read_text(encoding="utf-8"))
    assert "news/images/team-photo.jpg" in report["images_cleaned"]


@pytest.mark.parametrize("kind", ["PNG", "WEBP"])
def test_png_and_webp_metadata_is_stripped_too(project: Project, kind: str) -> None:
    exif = Image.Exif()
    exif[0x010F] = "ScannerMaker"
    name = f"news/images/chart.{kind.lower()}"
    Image.new("RGB", (32, 32), (10, 20, 30)).save(project.content / name, kind, exif=exif.tobytes())
    project.write("news/chart.md", "---\ntitle: A chart\nsummary: A chart.\ndate: 2026-11-01\nimage:\n"
                  f"  src: images/chart.{kind.lower()}\n  alt: A bar chart of waiting times.\n---\nHello.\n")  # fmt: skip
    assert project.build().returncode == 0
    published = project.site / name
    with Image.open(published) as image:
        assert not image.getexif() and "exif" not in image.info
    assert b"ScannerMaker" not in published.read_bytes()


def test_check_on_two_cores_reports_exactly_what_one_process_does(project: Project) -> None:
    """`radsite check` guards the files in a child while it loads and grades them: the same findings,
    exceptions and grades as guarding and grading the loaded content in line."""
    import datetime as dt

    from radsite.content.load import load
    from radsite.settings import from_mkdocs_yml
    from radsite.source_checks import check_sources, load_and_check_on_two_cores

    _case(project)
    project.write("faq/hard.md", VALID_HARD_FAQ)
    settings = from_mkdocs_yml(project.root / "mkdocs.yml")
    loaded = load(settings.content_dir, shown_as="content")
    today = dt.date(2026, 11, 28)
    inline = check_sources(loaded.content, settings, today, "content")
    reloaded, split = load_and_check_on_two_cores(settings, today, "content")
    assert [f.format() for f in reloaded.findings] == [f.format() for f in loaded.findings]
    assert sorted(f.format() for f in split.findings) == sorted(f.format() for f in inline.findings)
    assert any(f.rule.startswith("phi-") for f in split.findings)
    assert any(f.rule == "readability" for f in split.findings)
    assert split.phi_exceptions == inline.phi_exceptions and split.grades == inline.grades and split.grades


def test_a_build_guards_again_a_file_saved_after_the_guard_read_it(project: Project) -> None:
    """The build's guard reads the files while the build loads them: a file saved in between is
    guarded as loaded (what is rendered), and the findings of the text it replaced are dropped."""
    import datetime as dt

    from radsite.content.load import load
    from radsite.settings import from_mkdocs_yml
    from radsite.source_checks import BuildChecks, as_loaded, check_sources

    clean = CASE_WITH_PHI.split("Mrs. Whitcombe")[0].replace("Fell on 2024-03-12, patient", "Fell,") + "A fall.\n"
    _case(project, name="was-clean", text=clean)
    _case(project, name="was-phi")
    settings = from_mkdocs_yml(project.root / "mkdocs.yml")
    guarded = check_sources(None, settings, dt.date(2026, 11, 28), "content", parts=("guard_files",))
    assert {f.path for f in guarded.findings if f.rule.startswith("phi-")} == {"content/cases/was-phi.md"}

    _case(project, name="was-clean")  # now with a name, an MRN and a serial number
    _case(project, name="was-phi", text=clean)
    loaded = load(settings.content_dir, shown_as="content")
    verdict = as_loaded(guarded, loaded.content)
    assert {f.path for f in verdict.findings if f.rule.startswith("phi-")} == {"content/cases/was-clean.md"}
    assert [e.path for e in verdict.phi_exceptions] == ["content/cases/was-clean.md"]
    assert as_loaded(verdict, loaded.content) is verdict  # nothing changed since: nothing guarded again

    checks = BuildChecks(settings, dt.date(2026, 11, 28), "content")  # as a build runs them: the same verdict
    checks.loaded(loaded.content)
    result = checks.result()
    assert sorted(f.format() for f in result.findings) == sorted(
        f.format() for f in check_sources(loaded.content, settings, dt.date(2026, 11, 28), "content").findings
    )


def test_check_guards_a_file_that_does_not_load(project: Project) -> None:
    """A schema error does not hide PHI in the same file: one run reports both, in check and build."""
    project.write("cases/broken.md", "---\ntitle: A case\nmodality: XR\nreveal_at: next tuesday\n---\n"
                  "The patient, Mr. Jonathan Smithers, MRN 4456123, fell.\n")  # fmt: skip
    check = project.check()
    build = project.build()
    for run in (check, build):
        assert run.returncode != 0
        assert re.search(r"content/cases/broken.md:4: error: \[schema\] reveal_at", run.output), run.output
        assert "content/cases/broken.md:6:14: error: [phi-name]" in run.output, run.output
        assert "content/cases/broken.md:6:37: error: [phi-mrn]" in run.output, run.output


VALID_HARD_FAQ = """---
title: What does a heterogeneously enhancing lesion mean?
summary: It describes how a lesion takes up contrast.
category: report-words
short_answer: It describes uneven contrast uptake.
reviewed_by: amara-okafor
last_reviewed: 2026-10-01
---
Heterogeneously enhancing lesions demonstrate nonuniform intravenous contrast accumulation, characteristically
reflecting intralesional vascularity heterogeneity, necrotic degeneration, hemorrhagic transformation, and
cellularity variations, necessitating comprehensive multidisciplinary correlation with histopathological evaluation.
"""


class _FailingChecks:
    """The source checks' child, made to fail or to hang (a subclass of the real one)."""

    @staticmethod
    def make(behaviour: str):
        import time

        from radsite.source_checks import BackgroundChecks

        class Checks(BackgroundChecks):
            def run(self, *args):  # type: ignore[override]
                if behaviour == "raise":
                    raise ValueError("a bug in a rule")
                if behaviour == "die":
                    os._exit(7)
                time.sleep(60)

        return Checks(None, None, None, "content")  # type: ignore[arg-type]


def test_source_checks_that_fail_in_their_process_fail_with_the_cause() -> None:
    with pytest.raises(RuntimeError, match=r"(?s)source checks .* failed: Traceback.*ValueError: a bug in a rule"):
        _FailingChecks.make("raise").result()
    with pytest.raises(RuntimeError, match=r"ended without a result \(exit status 7\)"):
        _FailingChecks.make("die").result()


def test_a_build_that_fails_elsewhere_stops_the_source_checks() -> None:
    checks = _FailingChecks.make("hang")
    pid = checks._work._fork.pid  # type: ignore[union-attr]
    checks.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
