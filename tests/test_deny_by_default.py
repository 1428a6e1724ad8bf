"""Deny by default: site/ holds what the visibility decision published, and nothing else.

Each attack of the deny-by-default issue is planted in a copy of the example, with a unique string,
and a real public build is searched file by file (gzip files, Pagefind's included, opened) for it.
What must fail instead fails with a message naming the file, without a traceback, and leaves the
previous site as it was.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import lxml.html
import pytest
from PIL import Image, PngImagePlugin, TiffImagePlugin
from test_privacy import digest, found_in, site_texts

from conftest import Project, make_project

CASE = """---
title: Planted case {n}
summary: A planted case. What do you see?
date: 2026-11-20
modality: ct
body_systems: [chest]
age: 40
history: Cough for a week.
images:
  - src: images/{n}-question.png
    alt: Axial CT of the chest.
difficulty: beginner
reveal_at: "2027-06-01T09:00"
authors: [amara-okafor]
diagnosis: "Diagnosis{n}secret"
quiz:
  question: What is it?
  choices: [Pneumonia, Lung cancer]
  answer: Pneumonia
  explanation: "Explanation{n}secret clears with antibiotics."
---
What do you see?

{marker}

## Findings{n}secretheading

The answer{n}secret text sits here.

![Annotated][ref{n}]

<img src="images/{n}-img.png" alt="x" srcset="images/{n}-srcset.png 2x">
<picture><source srcset="images/{n}-source.png"><img src="images/{n}-picture.png" alt="y"></picture>
<video poster="images/{n}-poster.png" src="images/{n}-video.mp4"></video>
<a href="images/{n}-linked.pdf">report</a>

[ref{n}]: images/{n}-ref.png
"""
TIFF_STRUCTURE = {256, 257, 258, 259, 262, 273, 277, 278, 279, 282, 283, 284, 296, 317, 338, 339}  # size, strips...
ANSWER_FILES = ("ref", "img", "srcset", "source", "picture", "poster", "linked")


def png(text: str = "") -> bytes:
    """A small real PNG; `text` goes into a tEXt chunk (metadata a published copy must lose)."""
    out = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    if text:
        info.add_text("Comment", text)
    Image.new("RGB", (8, 8), (90, 90, 90)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def plant_case(project: Project, n: str, marker: str = "<!-- answer -->", newline: str = "\n") -> None:
    text = CASE.format(n=n, marker=marker).replace("\n", newline)
    (project.content / f"cases/{n}.md").write_bytes(text.encode("utf-8"))
    project.write(f"cases/images/{n}-question.png", png())
    for kind in ANSWER_FILES:
        if kind == "linked":
            project.write(f"cases/images/{n}-linked.pdf", b"%PDF-1.4 linked" + n.encode())
        else:
            project.write(f"cases/images/{n}-{kind}.png", png())
    project.write(f"cases/images/{n}-video.mp4", b"\x00\x00\x00\x18ftypmp42")


def site_files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def assert_no_traceback(output: str) -> None:
    assert "Traceback" not in output, output


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """One public build of the example with every attack that must be withheld (not refused)."""
    project = make_project(tmp_path_factory.mktemp("attacked") / "project")
    plant_case(project, "crlf", newline="\r\n")
    plant_case(project, "cronly", newline="\r")
    plant_case(project, "upper", marker="<!-- Answer -->")
    plant_case(project, "tight", marker="<!--answer-->")
    plant_case(project, "bom")
    bom = project.content / "cases/bom.md"
    bom.write_bytes(b"\xef\xbb\xbf" + bom.read_bytes().replace(b"\n", b"\r\n"))
    draft = ("---\ntitle: Draft{n}secret news\nsummary: Not yet.\ndate: 2026-11-01\ndraft: true\n---\n"
             "The Planted{n} body{n}secret.\n")
    for ext in ("mdown", "mkd", "mkdn", "markdown"):
        project.write(f"news/draft-{ext}.{ext}", draft.format(n=ext))
    # A symlink inside the folder is the file it points to, once: a draft stays a draft.
    os.symlink("draft-mdown.mdown", project.content / "news/alias-of-draft.md")
    (project.content / "drafts").mkdir()
    project.write("drafts/folder-draft.md", draft.format(n="folder"))
    os.symlink("../drafts", project.content / "news/linked-folder")
    # Names that start with "_" are set aside (a Jekyll or Hugo editor's drafts folder), draft or not.
    page = "---\ntitle: Underscore{n}secret\nsummary: Set aside.\ndate: 2026-11-01\n---\nThe body{n}secret.\n"
    project.write("_drafts/open-day.md", page.format(n="folder_"))
    project.write("news/_unfinished.md", page.format(n="file_"))
    # A date of publication ahead, with no publish_at: withheld until that date.
    project.write("news/dated-ahead.md", page.format(n="dated").replace("2026-11-01", "2027-09-01"))
    # A file every field that carries one can hide: image (every collection), images (cases), photo (people).
    project.write("people/images/internal-photo.png", png())
    project.write("people/hidden-photo.md", "---\ntitle: Hidden Photo\nsummary: A profile.\nrole: Radiologist\n"
                  "photo: {src: images/internal-photo.png, alt: Portrait.}\n"
                  "image: {src: images/internal-image.png, alt: Banner.}\n"
                  "visibility: {photo: internal, image: internal}\n---\nA profile.\n")  # fmt: skip
    project.write("people/images/internal-image.png", png())
    project.write("news/images/internal-news-image.png", png())
    project.write("news/hidden-image.md", "---\ntitle: News with a hidden image\nsummary: A post.\ndate: 2026-11-02\n"
                  "image: {src: images/internal-news-image.png, alt: A poster.}\nvisibility: {image: internal}\n"
                  "---\nA post whose image is for staff.\n")  # fmt: skip
    case = (project.content / "cases/crlf.md").read_text(encoding="utf-8")
    project.write("cases/hidden-images.md", case.replace("Planted case crlf", "Hidden images case")
                  .replace("reveal_at:", "visibility: {images: internal}\nreveal_at:")
                  .replace("images/crlf-question.png", "images/hidden-question.png"))  # fmt: skip
    project.write("cases/images/hidden-question.png", png())
    # Unreferenced files are not published because they are there.
    project.write("news/images/nobody-uses-me.png", png())
    project.write("notes/editor-notes.txt", "unreferencedsecretnote")
    # Images with metadata of every kind, used by a published page.
    images = metadata_images()
    for name, data in images.items():
        project.write(f"news/images/{name}", data)
    body = "\n\n".join(f"![Picture {i}](images/{name})" for i, name in enumerate(images))
    project.write("news/metadata-gallery.md", "---\ntitle: Gallery\nsummary: Pictures.\ndate: 2026-11-03\n---\n"
                  f"Our new rooms.\n\n{body}\n")  # fmt: skip
    # A scaffold-like draft with warnings (a hard sentence) must not fail the public build.
    project.write("exams/hard-draft.md", "---\ntitle: Hard draft\nsummary: A draft.\ndraft: true\nmodality: ct\n"
                  "body_part: head\nduration: 10 minutes\neffective_dose_msv: 2\nreviewed_by: amara-okafor\n"
                  "last_reviewed: 2020-01-01\n---\n" + "".join(f"## {section}\n\nNotwithstanding multidisciplinary "
                  "considerations, comprehensive radiological characterisation necessitates contemporaneous evaluation.\n\n"
                  for section in ("What it is", "How to prepare", "What to expect", "Risks and benefits", "Radiation",
                                  "Contraindications", "Who reads the results and when")))  # fmt: skip
    run = project.build()
    assert run.returncode == 0, run.output
    assert_no_traceback(run.output)
    return project


def metadata_images() -> dict[str, bytes]:
    secret = "metadatasecret"
    out: dict[str, bytes] = {}
    picture = Image.new("RGB", (16, 16), (120, 60, 30))
    exif = Image.Exif()
    exif[0x010E] = f"desc-{secret}"  # ImageDescription
    exif[0x013B] = f"artist-{secret}"  # Artist
    exif.get_ifd(0x8825)[2] = (41.0, 52.0, 0.0)  # a GPS latitude
    for name, fmt, options in (("photo.jpg", "JPEG", {"comment": f"com-{secret}".encode(), "exif": exif}),
                               ("photo.jpe", "JPEG", {"comment": f"jpe-{secret}".encode()}),
                               ("photo.webp", "WEBP", {"exif": exif, "xmp": f"<x>{secret}</x>".encode()}),
                               ("photo.gif", "GIF", {"comment": f"gif-{secret}".encode()})):  # fmt: skip
        buffer = io.BytesIO()
        picture.save(buffer, format=fmt, **options)
        out[name] = buffer.getvalue()
    out["photo.png"] = png(f"png-{secret}")
    tiff = io.BytesIO()
    ifd = TiffImagePlugin.ImageFileDirectory_v2()
    ifd[270] = f"tiff-{secret}"
    ifd[315] = f"tiffartist-{secret}"
    picture.save(tiff, format="TIFF", tiffinfo=ifd)
    out["photo.tif"] = tiff.getvalue()
    return out


@pytest.mark.parametrize("n", ["crlf", "cronly", "upper", "tight", "bom"])
def test_unrevealed_answers_are_withheld_whatever_the_line_endings_and_marker(attacked: Project, n: str) -> None:
    leaks = found_in(attacked.site, [f"answer{n}secret", f"Findings{n}secretheading", f"Diagnosis{n}secret",
                                     f"Explanation{n}secret"])  # fmt: skip
    assert leaks == {k: [] for k in leaks}
    files = site_files(attacked.site)
    assert f"cases/images/{n}-question.png" in files  # the question's own image is published
    for kind in ANSWER_FILES:
        assert not any(f.startswith(f"cases/images/{n}-{kind}") for f in files), kind
    assert f"cases/images/{n}-video.mp4" not in files
    assert "What do you see?" in attacked.page(f"cases/{n}")


@pytest.mark.parametrize("ext", ["mdown", "mkd", "mkdn", "markdown"])
def test_drafts_in_every_markdown_extension_are_withheld(attacked: Project, ext: str) -> None:
    assert found_in(attacked.site, [f"body{ext}secret", f"Draft{ext}secret", f"Planted{ext}"]) == {
        f"body{ext}secret": [], f"Draft{ext}secret": [], f"Planted{ext}": []}  # fmt: skip


@pytest.mark.parametrize("n", ["folder_", "file_", "dated"])
def test_underscore_names_and_dates_ahead_are_not_published(attacked: Project, n: str) -> None:
    assert found_in(attacked.site, [f"body{n}secret", f"Underscore{n}secret"]) == {
        f"body{n}secret": [], f"Underscore{n}secret": []}  # fmt: skip


def test_an_underscore_name_set_aside_is_a_warning_naming_it(project: Project) -> None:
    project.write("_drafts/open-day.md", "---\ntitle: Open day\nsummary: Soon.\n---\nSoon.\n")
    for run in (project.check(), project.build()):
        assert run.returncode == 0, run.output
        assert "content/_drafts: warning: [not-published] is not published: a folder whose name starts with '_'" in run.output
    assert not (project.site / "_drafts").exists()


def test_snippets_and_assets_in_an_underscore_folder_are_set_aside_without_a_word(project: Project) -> None:
    project.write("_snippets/contact.md", "Call us on the number above.\n")  # no front matter: an include
    project.write("news/_notes.txt", "notes")
    run = project.check("--strict")
    assert run.returncode == 0 and "not-published" not in run.output, run.output


def test_symlinks_inside_are_their_target_once(attacked: Project) -> None:
    assert found_in(attacked.site, ["bodyfoldersecret", "Draftfoldersecret"]) == {
        "bodyfoldersecret": [], "Draftfoldersecret": []}  # fmt: skip
    assert not any("linked-folder" in f or "alias-of-draft" in f for f in site_files(attacked.site))


def test_withheld_file_fields_keep_their_files_out(attacked: Project) -> None:
    files = site_files(attacked.site)
    for name in ("people/images/internal-photo.png", "people/images/internal-image.png",
                 "news/images/internal-news-image.png", "cases/images/hidden-question.png"):  # fmt: skip
        assert name not in files
    assert "internal-photo" not in attacked.page("people/hidden-photo")


def test_files_nothing_published_refers_to_are_not_copied(attacked: Project) -> None:
    files = site_files(attacked.site)
    assert "news/images/nobody-uses-me.png" not in files
    assert found_in(attacked.site, ["unreferencedsecretnote"]) == {"unreferencedsecretnote": []}
    assert not any(f.endswith((".md", ".mdown", ".mkd", ".yml")) for f in files)


def test_published_images_carry_no_metadata_of_any_kind(attacked: Project) -> None:
    files = site_files(attacked.site)
    for name in metadata_images():
        assert f"news/images/{name}" in files, name
        data = (attacked.site / "news/images" / name).read_bytes()
        assert b"metadatasecret" not in data, name
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            structure = TIFF_STRUCTURE if name.endswith(".tif") else set()
            assert set(exif) <= structure and not exif.get_ifd(0x8825), (name, dict(exif))
            assert not {k for k in image.info if k not in ("dpi", "icc_profile", "transparency", "duration", "loop",
                        "background", "version", "compression", "loop", "jfif", "jfif_version", "jfif_unit",
                        "jfif_density", "progression", "progressive", "resolution")}, (name, image.info)  # fmt: skip
    assert found_in(attacked.site, ["metadatasecret"]) == {"metadatasecret": []}


def test_the_build_report_is_not_published_and_names_no_withheld_item_in_the_site(attacked: Project) -> None:
    assert not any("build-report" in f for f in site_files(attacked.site))
    report = attacked.root / ".radsite/build-report.json"
    assert report.is_file()  # for editors and CI, beside mkdocs.yml
    assert found_in(attacked.site, ["Hard draft", "hard-draft"]) == {"Hard draft": [], "hard-draft": []}


def test_every_published_content_file_is_used_by_a_built_page(attacked: Project) -> None:
    """The site's copies of content files are exactly what its pages (read with lxml) load or link."""
    site = attacked.site
    used: set[str] = set()
    for page in site.rglob("*.html"):
        root = lxml.html.fromstring(page.read_bytes())
        base = page.relative_to(site).parent.as_posix()
        for element in root.iter():
            for attribute in ("src", "href", "srcset", "poster", "content"):
                for value in (element.get(attribute) or "").split(","):
                    url = value.strip().split(" ")[0].split("#")[0]
                    if url and "://" not in url and not url.startswith(("mailto:", "tel:", "data:")):
                        used.add(os.path.normpath(os.path.join(base, url)).lstrip("./"))
                    elif url.startswith("https://radiology.northbrook-health.example/"):
                        used.add(url.removeprefix("https://radiology.northbrook-health.example/"))
    from_content = {f for f in site_files(site) if (attacked.content / f).exists() and not f.endswith(".md")}
    assert from_content, "the example publishes images"
    assert from_content <= used, from_content - used


def built_before(project: Project) -> str:
    """Build the unchanged example first: a refused build must leave this site as it is."""
    run = project.build()
    assert run.returncode == 0, run.output
    return digest(project.site)


def refused_build(project: Project, before: str) -> str:
    """A build that must be refused: exit 1, no traceback, the previous site untouched."""
    return_ = project.build()
    assert return_.returncode != 0, return_.output
    assert_no_traceback(return_.output)
    assert digest(project.site) == before
    check = project.check()
    assert check.returncode == 1, check.output
    assert_no_traceback(check.output)
    return return_.output + check.output


def test_symlinks_out_of_content_html_files_and_refused_images_are_errors(project: Project, tmp_path: Path) -> None:
    before = built_before(project)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: Outside\n---\noutsidesecret\n", encoding="utf-8")
    os.symlink(outside / "secret.md", project.content / "news/linked-page.md")
    os.symlink(outside, project.content / "news/linked-outside")
    project.write("about-raw.html", "<html><body>rawhtmlsecret<script>alert(1)</script></body></html>")
    project.write("news/images/drawing.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>')
    project.write("news/images/fake.png", b"<html>not an image</html>")
    project.write("news/svg-post.md", "---\ntitle: A drawing\nsummary: A drawing.\ndate: 2026-11-04\n---\n"
                  "![A drawing](images/drawing.svg) ![Fake](images/fake.png)\n")  # fmt: skip
    output = refused_build(project, before)
    for name in ("content/news/linked-page.md", "content/news/linked-outside", "content/about-raw.html",
                 "content/news/images/drawing.svg", "content/news/images/fake.png"):  # fmt: skip
        assert name in output, name
    assert "[symlink]" in output and "[html-page]" in output and "[asset]" in output


def test_a_dicom_file_without_preamble_under_an_image_name_is_refused(project: Project) -> None:
    before = built_before(project)
    pydicom = pytest.importorskip("pydicom")
    from pydicom.dataset import Dataset
    from pydicom.uid import generate_uid

    dataset = Dataset()
    dataset.PatientName = "Planted^Patient"
    dataset.PatientID = "MRN7788123"
    dataset.SOPInstanceUID = generate_uid()
    dataset.Modality = "CT"
    for name, implicit, little in (("raw-ile.png", True, True), ("raw-ele.jpg", False, True), ("raw-ebe.dat", False, False)):
        buffer = io.BytesIO()
        pydicom.dcmwrite(buffer, dataset, implicit_vr=implicit, little_endian=little, enforce_file_format=False)
        project.write(f"news/images/{name}", buffer.getvalue())
    output = refused_build(project, before)
    for name in ("raw-ile.png", "raw-ele.jpg", "raw-ebe.dat"):
        assert f"content/news/images/{name}" in output and "[dicom]" in output
    assert "Planted" not in output and "MRN7788123" not in output


def test_near_misses_of_the_answer_marker_are_errors(project: Project) -> None:
    before = built_before(project)
    misses = {
        "plural": "<!-- answers -->", "typo": "<!-- anwser -->", "inline": "So. <!-- answer -->",
        "code": "```\n<!-- answer -->\n```",
        # read as a reader reads them: over lines, as entities, split or disguised letters, other words
        "lines": "<!--\n  answer\n-->", "entities": "&lt;!-- answer --&gt;", "zwsp": "<!-- ans\u200bwer -->",
        "spaced": "<!-- a n s w e r -->", "cyrillic": "<!-- \u0430nswer -->", "solution": "<!-- solution -->",
        "spoiler": "<!-- SPOILER below -->", "respuesta": "<!-- Respuesta -->", "solucion": "<!-- solución -->",
    }  # fmt: skip
    for n, marker in misses.items():
        plant_case(project, n, marker=marker)
    output = refused_build(project, before)
    for n in misses:
        assert f"content/cases/{n}.md:" in output and "[answer-marker]" in output, n


def test_a_file_no_decision_published_fails_the_audit(project: Project) -> None:
    """The audit's second line: a hook writing a stray file into the site fails the build."""
    (project.root / "hooks.py").write_text(
        "import os\n\ndef on_post_build(config):\n"
        "    open(os.path.join(config.site_dir, 'stray.txt'), 'w').write('stray')\n", encoding="utf-8")  # fmt: skip
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    (project.root / "mkdocs.yml").write_text(config + "\nhooks:\n  - hooks.py\n", encoding="utf-8")
    run = project.build()
    assert run.returncode != 0
    assert "[unlisted]" in run.output and "stray.txt" in run.output
    assert_no_traceback(run.output)
    assert not (project.site / "stray.txt").exists()


def test_the_loader_sees_every_extension_mkdocs_renders() -> None:
    from mkdocs.utils import markdown_extensions

    from radsite.content.sources import MARKDOWN_EXTENSIONS

    assert set(markdown_extensions) == set(MARKDOWN_EXTENSIONS)


def test_site_texts_helper_opens_gzip(attacked: Project) -> None:
    """The searches above read Pagefind's gzip files too: the index holds the published case."""
    texts = site_texts(attacked.site)
    assert any(name.startswith("pagefind/") and "planted case" in text.lower() for name, text in texts.items())


def test_every_file_field_of_every_schema_can_be_withheld(tmp_path: Path) -> None:
    """For each collection and each of its fields that carry a file (an Image, or a list of them),
    an example item marks that field internal: its file leaves the published list, and comes back
    when the field is public. Fields are found from the schemas, so a new one is covered too."""
    import shutil
    import typing

    import yaml
    from test_visibility import NOW, TZ

    from radsite.content.load import load
    from radsite.content.registry import COLLECTIONS
    from radsite.content.schemas.base import Image as ImageField
    from radsite.pipeline import default_render
    from radsite.published import published_files
    from radsite.visibility import Policy, decide

    def carries_files(annotation: object) -> bool:
        return annotation is ImageField or any(carries_files(a) for a in typing.get_args(annotation))

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parents[1] / "content", content)
    checked = []
    for name, spec in COLLECTIONS.items():
        fields = [f for f, info in spec.model.model_fields.items() if carries_files(info.annotation)]
        example = sorted(p for p in (content / name).glob("*.md") if not p.name.endswith(".es.md"))[0]
        front, body = example.read_text(encoding="utf-8").split("\n---\n", 1)
        data = yaml.safe_load(front.removeprefix("---\n"))
        for field_name in fields:
            probe = f"{name}-{field_name}-probe.png"
            (content / name / probe).write_bytes(png())
            value: object = {"src": probe, "alt": "A probe image."}
            data_probe = {**data, "slug": "probe-item", field_name: [value] if typing.get_origin(
                spec.model.model_fields[field_name].annotation) is list else value}  # fmt: skip
            for level, expect in (("internal", False), ("public", True)):
                item = {**data_probe, "visibility": {**(data.get("visibility") or {}), field_name: level}}
                (content / name / "probe-item.md").write_text(
                    "---\n" + yaml.safe_dump(item, allow_unicode=True) + "---\n" + body, encoding="utf-8")  # fmt: skip
                loaded = load(content, shown_as="content")
                assert not [f for f in loaded.findings if f.level == "error" and "probe" in f.path], loaded.findings
                decision = decide(loaded.content, Policy("public", NOW, TZ, {}))
                files = published_files(decision, loaded.content, loaded.sources, default_render(),
                                        lambda uri: (content / uri).read_bytes(), "content")  # fmt: skip
                assert (f"{name}/{probe}" in files.assets) is expect, (name, field_name, level)
            (content / name / "probe-item.md").unlink()
            checked.append((name, field_name))
    assert {("people", "photo"), ("cases", "images"), ("news", "image")} <= set(checked)
    assert {name for name, _ in checked} == set(COLLECTIONS)  # `image` is on every schema


def test_a_case_with_reveal_at_and_no_marker_is_an_error_whatever_the_body_holds(project: Project) -> None:
    """Without the marker the whole body is the question, published now: where the answer starts is
    asked for, not guessed, so an answer under a heading, in <details>, after a rule or in prose is caught."""
    before = built_before(project)
    unmarked = {"none": "", "rule": "---", "details": "<details><summary>Answer</summary>",
                "admonition": '??? note "Answer"', "prose": "The answer is below."}  # fmt: skip
    for n, separator in unmarked.items():
        plant_case(project, n, marker=separator)
    original = (project.content / "cases" / "none.md").read_text(encoding="utf-8")
    project.write("cases/none.es.md", original.split("\n---\n", 1)[0].split("\n", 1)[0] + "\ntitle: Caso\n---\n"
                  "¿Qué ve? La respuesta{n}secret está aquí.\n")  # a translation inherits reveal_at  # fmt: skip
    output = refused_build(project, before)
    for n in unmarked:
        assert f"content/cases/{n}.md:" in output, n
    assert "content/cases/none.es.md:" in output
    assert output.count("reveal_at is set, but the body has no '<!-- answer -->' line") >= 2 * (len(unmarked) + 1)


def test_a_draft_or_a_case_without_reveal_at_needs_no_marker(project: Project) -> None:
    plant_case(project, "draftcase", marker="")
    path = project.content / "cases" / "draftcase.md"
    path.write_text(path.read_text(encoding="utf-8").replace("difficulty: beginner", "difficulty: beginner\ndraft: true"),
                    encoding="utf-8")  # fmt: skip
    plant_case(project, "atonce", marker="")
    path = project.content / "cases" / "atonce.md"
    path.write_text(path.read_text(encoding="utf-8").replace('reveal_at: "2027-06-01T09:00"\n', ""), encoding="utf-8")
    run = project.check()
    assert "[answer-marker]" not in run.output, run.output[-3000:]


def test_a_hidden_answer_repeated_in_its_own_published_text_is_an_error(project: Project) -> None:
    """The audit lets through text the published sources hold; a case's own summary or history copying
    its hidden explanation or answer is that, so the source is refused instead. Shorter shared runs
    (a caption and the answer describing one image) are not a copy."""
    before = built_before(project)
    explanation = "Echosecret consolidation in the right lower lobe clears with antibiotics within two weeks."
    answer = "Echoessecret the appendix is dilated to nine millimetres with fat stranding around it."
    for n, field, copied in (("echo", "summary", explanation), ("echoes", "history", answer)):
        plant_case(project, n)
        path = project.content / f"cases/{n}.md"
        text = path.read_text(encoding="utf-8").replace('explanation: "Explanation', f'explanation: "{explanation} Explanation')
        text = text.replace("<!-- answer -->", f"<!-- answer -->\n\n{answer}")
        path.write_text(text.replace(f"{field}: ", f"{field}: {copied} ", 1), encoding="utf-8")
    plant_case(project, "echoing")  # seven words of its hidden explanation in its summary: no copy
    path = project.content / "cases/echoing.md"
    text = path.read_text(encoding="utf-8").replace('explanation: "Explanation', f'explanation: "{explanation} Explanation')
    path.write_text(text.replace("summary: ", "summary: Consolidation in the right lower lobe clears. ", 1), encoding="utf-8")
    output = refused_build(project, before)
    assert "content/cases/echo.md:3: error: [answer-repeated]" in output and "field 'summary' copies it" in output
    assert "content/cases/echoes.md:8: error: [answer-repeated]" in output and "field 'history' copies it" in output
    assert "echoing.md" not in output
    assert "secret" not in output.replace("answer-repeated", "")


def test_a_draft_flag_after_the_closing_fence_is_an_error(project: Project) -> None:
    """`draft: true` written after the front matter's `---` is page text: the item would be published."""
    before = built_before(project)
    project.write("news/stray.md", "---\ntitle: Stray\nsummary: A stray draft.\ndate: 2026-11-01\n---\ndraft: true\n"
                                   "---\nStraysecret body.\n")  # fmt: skip
    output = refused_build(project, before)
    assert "content/news/stray.md:6: error: [front-matter] 'draft:' is written after the front matter's closing" in output
