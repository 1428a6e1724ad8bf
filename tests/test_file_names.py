"""A published file's name is part of its address: the PHI guard reads it (radsite.guard.file_names)."""

from __future__ import annotations

import pytest

from conftest import Project
from radsite.guard.file_names import file_name_findings, readable

PATIENT_NAMES = [
    "DOE^JANE_19610412", "Smith_John_MRN48213377_CT", "jane-doe-dob-1961-04-12", "mrn-48213377",
    "ssn_078-05-1120", "1.2.840.113619.2.55.3.604688119.969.1268071029.320", "patient_john_smith",
    "baby-boy-jones", "mrs-jane-doe-xray", "GARCIA^MARIA^LUISA", "accession_A12345678_chest",
]  # fmt: skip
CLEAN_NAMES = [
    "IMG_20260412_093011", "PXL_20260412_093011123", "Screenshot 2026-04-12 at 09.30.11", "DSC_0042",
    "chest-x-ray-pa", "figure-1", "ct-head-axial-3", "mri-knee-2026", "open-day-2026-11-20", "team-photo",
    "abdominal-distension-x-ray", "brain_mri_t2_flair", "logo@2x", "hero-1200x630", "new-mri-scanner",
    "sudden-headache-ct-higher", "what-happens-during-an-mri-scan",
]  # fmt: skip


@pytest.mark.parametrize("name", PATIENT_NAMES)
def test_a_name_that_carries_an_identifier_is_an_error(name: str) -> None:
    found = file_name_findings("content/cases/images/x", f"cases/images/{name}.png", "US")
    assert [f.rule for f in found] == ["phi-file-name"], (name, readable(name))
    assert found[0].level == "error" and "rename the file" in found[0].message


@pytest.mark.parametrize("name", CLEAN_NAMES)
def test_what_cameras_and_editors_name_files_passes(name: str) -> None:
    assert file_name_findings("x", f"cases/images/{name}.png", "US") == [], readable(name)


def test_a_radiologists_photo_is_named_after_the_radiologist() -> None:
    assert file_name_findings("x", "people/images/helen-brooks.png", "US") == []
    assert file_name_findings("x", "news/images/dr-helen-brooks.png", "US") == []


def test_the_folders_count_too() -> None:
    assert file_name_findings("x", "cases/DOE^JANE/scan.png", "US")


def test_check_and_build_refuse_a_published_name_and_slug_and_the_site_stays(project: Project) -> None:
    assert project.build().returncode == 0
    before = sorted(p.relative_to(project.site).as_posix() for p in project.site.rglob("*"))
    image = next(iter(sorted(project.content.glob("cases/images/*.png")))).read_bytes()
    project.write("news/images/DOE^JANE_19610412.png", image)
    project.write("news/scan-of-the-week.md", "---\ntitle: Scan of the week\nsummary: A scan.\ndate: 2026-11-20\n"
                  "---\n![A scan](images/DOE^JANE_19610412.png)\n")  # fmt: skip
    project.write("news/slugged.md", "---\ntitle: A visit\nsummary: A visit.\ndate: 2026-11-20\n"
                  "slug: baby-boy-jones-visit\n---\nA visit to the department.\n")  # fmt: skip
    project.write("news/images/unused-mrn-48213377.png", image)  # used by no page: never published, never read
    for run_it in (project.check, project.build):
        run = run_it()
        assert run.returncode == 1, run.output[-3000:]
        assert "Traceback" not in run.output
        assert "content/news/images/DOE^JANE_19610412.png: error: [phi-file-name]" in run.output
        assert "content/news/slugged.md: error: [phi-file-name]" in run.output
        assert "unused-mrn" not in run.output
    assert sorted(p.relative_to(project.site).as_posix() for p in project.site.rglob("*")) == before


@pytest.mark.parametrize("tag", ["patient-jane-doe", "mrn-48213377", "baby-boy-jones"])
def test_a_tag_is_an_address_too(tag: str) -> None:
    from radsite.guard.file_names import tag_findings

    found = tag_findings("content/news/x.md", 4, ["lung-cancer-screening", tag], "news", "US")
    assert [(f.line, f.rule) for f in found] == [(4, "phi-file-name")], found
    assert "tag 2 of this line holds" in found[0].message and tag not in found[0].message


def test_the_example_tags_pass() -> None:
    from radsite.guard.file_names import tag_findings

    tags = ["mammography", "breast-imaging", "news", "ct", "mri", "lung-cancer-screening", "patient-tips", "x-ray",
            "report-words", "incidental-findings", "pet-ct", "grand-rounds", "journal-club", "alumni", "careers"]  # fmt: skip
    assert tag_findings("content/news/x.md", 4, tags, "news", "US") == []


def test_check_and_build_refuse_a_tag_that_names_a_patient(project: Project) -> None:
    project.write("news/tagged.md", "---\ntitle: A visit\nsummary: A visit.\ndate: 2026-11-20\n"
                  "tags: [news, patient-jane-doe]\n---\nA visit to the department.\n")  # fmt: skip
    for run in (project.check(), project.build()):
        assert run.returncode == 1, run.output[-3000:]
        assert "content/news/tagged.md:5: error: [phi-file-name] tag 2 of this line holds" in run.output
        assert "jane-doe" not in run.output
