"""Serve's preview (issue 19): a saved item's body shows at once, rendered as the whole build renders
it, and the whole build follows; whatever a preview cannot show exactly is the whole build at once.

Real `mkdocs serve` processes on 127.0.0.1 (test_serve.serving); the cancel of a whole build runs a
real in-process MkDocs build; the epochs of MkDocs' live-reload server are checked on a stand-in."""

from __future__ import annotations

import gzip
import re
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from test_serve import Serve, poll, serving

from conftest import Project

pytestmark = pytest.mark.timeout(300)

FAQ = "faq/degenerative-changes.md"  # no translation: a preview can show it
PAGE = "faq/degenerative-changes/index.html"
CASE = "cases/pediatric-abdominal-pain-ultrasound.md"  # its answer is embargoed at the tests' NOW


@pytest.fixture(autouse=True)
def _no_checkpoint_left() -> Iterator[None]:
    """A preview installed in this process (the in-process tests) is uninstalled after the test:
    its checkpoint and switch interval are the serve process's, not the next test's."""
    interval = sys.getswitchinterval()
    yield
    from radsite import checkpoints

    checkpoints.install(None)
    sys.setswitchinterval(interval)


@pytest.fixture
def temp(tmp_path: Path) -> Path:
    """The TMPDIR of the server: MkDocs' site folder and RadSite's staging folders go there."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


def site_of(serve: Serve) -> Path:
    found = re.findall(r"the site is now in (\S+)", serve.output)
    assert found, serve.output
    return Path(found[-1])


def count(serve: Serve, pattern: str) -> int:
    return len(re.findall(pattern, serve.output))


def save(project: Project, rel: str, old: str, new: str, *, crlf: bool = False) -> None:
    path = project.content / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_bytes((text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))


def append(project: Project, rel: str, sentence: str) -> None:
    path = project.content / rel
    path.write_text(path.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")


def every_text(site: Path) -> str:
    """Every output file as text, gzip files (Pagefind's) decoded."""
    parts = []
    for file in sorted(site.rglob("*")):
        if file.is_file():
            data = file.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            parts.append(data.decode("utf-8", "replace"))
    return "\n".join(parts)


def wait_whole_build(serve: Serve, published_before: int) -> None:
    poll(lambda: count(serve, r"RadSite: (all checks passed|published with)") > published_before, timeout=120, interval=0.05)


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_a_saved_body_is_previewed_as_the_whole_build_writes_it(project: Project, temp: Path, crlf: bool) -> None:
    with serving(project, temp) as serve:
        site = site_of(serve)
        built = count(serve, r"RadSite: (all checks passed|published with)")
        save(project, FAQ, "\n---\n", "\n---\n\nA sentence saved in serve, number 8128.\n\n", crlf=crlf)
        poll(lambda: count(serve, r"RadSite: previewed") == 1, interval=0.02)
        previewed = (site / PAGE).read_bytes()
        assert b"number 8128." in previewed
        assert "number 8128." in serve.get("/" + PAGE.removesuffix("index.html"))[1]
        wait_whole_build(serve, built)
        assert (site / PAGE).read_bytes() == previewed  # the whole build wrote the same bytes
        assert "ERROR" not in serve.output


def test_an_embargoed_answer_saved_in_serve_reaches_no_file(project: Project, temp: Path) -> None:
    with serving(project, temp) as serve:
        site = site_of(serve)
        built = count(serve, r"RadSite: (all checks passed|published with)")
        save(project, CASE, "<!-- answer -->", "The question, reworded: zebra 5151.\n\n<!-- answer -->\n\nquokkaplanted 7777.")
        poll(lambda: count(serve, r"RadSite: previewed") == 1, interval=0.05)
        assert "zebra 5151" in (site / "cases/pediatric-abdominal-pain-ultrasound/index.html").read_text(encoding="utf-8")
        assert "quokkaplanted" not in every_text(site)
        wait_whole_build(serve, built)
        assert "quokkaplanted" not in every_text(site)


def test_a_front_matter_edit_is_previewed_as_the_whole_build_writes_it(project: Project, temp: Path) -> None:
    """A new title, summary or tag is what an editor previews most after the text: the page shows it
    at once; the pages that list the item catch up with the whole build."""
    with serving(project, temp) as serve:
        site = site_of(serve)
        built = count(serve, r"RadSite: (all checks passed|published with)")
        save(project, FAQ, "title: ", "title: Renamed 4242, ")
        poll(lambda: count(serve, r"RadSite: previewed") == 1, interval=0.02)
        previewed = (site / PAGE).read_bytes()
        assert b"Renamed 4242" in previewed
        wait_whole_build(serve, built)
        assert (site / PAGE).read_bytes() == previewed
        assert "Renamed 4242" in (site / "faq/index.html").read_text(encoding="utf-8")  # the listing caught up
        assert "ERROR" not in serve.output


def _draft(p: Project) -> None:
    save(p, FAQ, "title: ", "draft: true\ntitle: ")


def _new_address(p: Project) -> None:
    save(p, FAQ, "title: ", "slug: degenerative-change\ntitle: ")


def _unknown_reference(p: Project) -> None:
    save(p, FAQ, "related_exams: [mri-knee]", "related_exams: [no-such-exam]")  # an error of the whole build


def _new_file(p: Project) -> None:
    text = (p.content / FAQ).read_text(encoding="utf-8")
    p.write("faq/another-question.md", text.replace("title: ", "slug: another-question\ntitle: Another: ", 1))


def _phi(p: Project) -> None:
    append(p, FAQ, "Seen for patient Jane Doe, MRN: 48213377.")


def _translated(p: Project) -> None:
    append(p, "faq/nodule-in-my-report.md", "A sentence the Spanish page has no word of.")


def _template(p: Project) -> None:
    path = p.root / "theme" / "radsite" / "item.html"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    append(p, FAQ, "And a sentence.")


@pytest.mark.parametrize("change", [_draft, _new_address, _unknown_reference, _new_file, _phi, _translated, _template],
                         ids=["draft", "new-address", "unknown-reference", "new-file", "phi", "translated",
                              "template"])  # fmt: skip
def test_what_a_preview_cannot_show_exactly_is_the_whole_build(project: Project, temp: Path, change: Any) -> None:
    with serving(project, temp) as serve:
        change(project)
        poll(lambda: count(serve, r"RadSite: the whole site is rebuilt \(") == 1, interval=0.05)
        poll(lambda: count(serve, r"Reloading browsers|The rebuild failed") >= 1)
        assert count(serve, r"RadSite: previewed") == 0


def test_two_saves_in_a_row_end_in_the_whole_site_with_both(project: Project, temp: Path) -> None:
    with serving(project, temp) as serve:
        site = site_of(serve)
        append(project, FAQ, "First saved sentence 1001.")
        poll(lambda: count(serve, r"RadSite: previewed") == 1, interval=0.02)
        append(project, FAQ, "Second saved sentence 1002.")  # most likely during the whole build
        poll(lambda: count(serve, r"RadSite: previewed") == 2, interval=0.02)
        poll(lambda: "Second saved sentence 1002." in serve.get("/faq/degenerative-changes/")[1])
        built = count(serve, r"RadSite: (all checks passed|published with)")
        poll(lambda: count(serve, r"RadSite: (all checks passed|published with)") >= max(built, 2), timeout=120)
        page = (site / PAGE).read_text(encoding="utf-8")
        assert "1001." in page and "1002." in page
        assert not list(temp.glob("*radsite-staging*")) and "ERROR" not in serve.output


class FakeServer:
    """The attributes of MkDocs' LiveReloadServer a preview reads and sets."""

    def __init__(self, root: Path) -> None:
        self.root = str(root)
        self._want_rebuild = False
        self._epoch_cond = threading.Condition()
        self._rebuild_cond = threading.Condition()
        self._wanted_epoch = 10
        self._visible_epoch = 5  # a rebuild began: requests wait until the two are equal
        self.builder = lambda: None


def test_after_a_preview_requests_stop_waiting_and_a_newer_save_cancels(tmp_path: Path) -> None:
    from radsite.plugin.serve_preview import ServePreview, Superseded

    server = FakeServer(tmp_path)
    preview = ServePreview(lambda last: None)
    preview.install(server)
    preview.last = cast(Any, object())  # a good build came before
    preview.preview = lambda: ["faq/x/index.html"]  # type: ignore[method-assign]
    seen: list[tuple[int, int, bool]] = []

    def whole() -> None:
        seen.append((server._visible_epoch, server._wanted_epoch, preview.cancellable))
        server._want_rebuild = True  # a save comes in during the whole build
        preview.check()

    server.builder = lambda: preview.rebuild(whole)
    server.builder()
    assert seen == [(10, 10, True)]  # served at once, cancellable
    assert server._wanted_epoch == server._visible_epoch == 10  # cancelled: no second reload
    assert not preview.cancellable
    server._want_rebuild = False
    preview.rebuild(lambda: None)  # a whole build that ends: the loop reloads the browsers once more
    assert server._wanted_epoch > server._visible_epoch
    preview.last = None  # no good build yet (or the last one failed): as MkDocs does, requests wait
    server._visible_epoch, server._wanted_epoch = 5, 10
    preview.rebuild(lambda: seen.append((server._visible_epoch, server._wanted_epoch, preview.cancellable)))
    assert seen[-1] == (5, 10, False)
    preview.cancellable = True
    server._want_rebuild = True
    with pytest.raises(Superseded):
        preview.check()


def test_a_cancelled_whole_build_leaves_the_site_and_no_folder(project: Project) -> None:
    """A real in-process build stopped at a page event by a newer save: the site before it stays whole."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from radsite.plugin.serve_preview import Superseded

    assert project.build().returncode == 0
    before = sorted(p.relative_to(project.site).as_posix() for p in project.site.rglob("*"))
    config = load_config(config_file=str(project.root / "mkdocs.yml"))
    plugin = config.plugins["radsite"]
    server = FakeServer(project.site)
    plugin.preview.install(server)
    plugin.preview.cancellable = True
    server._want_rebuild = True
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(project.root)
        for key, value in project.env().items():
            mp.setenv(key, value)
        with pytest.raises(Superseded):
            build(config)
    assert sorted(p.relative_to(project.site).as_posix() for p in project.site.rglob("*")) == before
    assert not [p for p in project.root.iterdir() if "radsite-staging" in p.name]
    assert not plugin.lock


def test_stamps_see_a_save_and_not_an_editors_hidden_files(tmp_path: Path) -> None:
    from radsite.plugin.serve_preview import stamps

    (tmp_path / "faq").mkdir()
    (tmp_path / ".git").mkdir()
    item = tmp_path / "faq" / "a.md"
    item.write_text("one", encoding="utf-8")
    before = stamps([tmp_path])
    (tmp_path / "faq" / ".a.md.swp").write_text("swap", encoding="utf-8")
    (tmp_path / ".git" / "index").write_text("git", encoding="utf-8")
    assert stamps([tmp_path]) == before
    replacement = tmp_path / "faq" / "a.md.tmp"  # an editor's atomic save: same size, a new inode
    replacement.write_text("two", encoding="utf-8")
    replacement.replace(item)
    assert set(stamps([tmp_path])) == set(before) and stamps([tmp_path]) != before


def test_a_save_of_the_previewed_file_cancels_the_whole_build_before_the_watcher_sees_it(tmp_path: Path) -> None:
    from radsite.plugin.serve_preview import CHECK_EVERY, ServePreview, Superseded, stamps

    server = FakeServer(tmp_path)
    preview = ServePreview(lambda last: None)
    preview.install(server)
    item = tmp_path / "a.md"
    item.write_text("one", encoding="utf-8")
    preview._watching = stamps([item])
    preview.cancellable = True
    preview.check()  # nothing saved: the build goes on
    item.write_text("two, longer", encoding="utf-8")
    time.sleep(CHECK_EVERY)  # it looks at most that often
    with pytest.raises(Superseded):
        preview.check()
    assert server._want_rebuild  # the server's loop starts the next rebuild at once
