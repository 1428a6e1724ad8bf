"""The content-digest cache (radsite.cache): a warm build's site equals a cold build's, byte for byte.

One project is built again and again with its cache, after each kind of edit (an item's text, a
template, the config, the glossary, a referenced profile, the clock moved past a case's reveal);
each time a copy of the same project without a cache is built cold, and every file of the two
sites is compared (Pagefind's gzip files decompressed). The cache unit tests below use the real
loader and guard on the example content.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import pickle
import re
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from test_serve import Serve, free_port, poll

from conftest import BIN, ROOT, Project, make_project
from radsite import cache
from radsite.content.load import load
from radsite.guard import guard_files

REVEALED_ANSWER = "A round mass in the right mid-abdomen"  # cases/pediatric-abdominal-pain-ultrasound.md
AFTER_REVEAL = "2026-12-05T12:00"  # that case's reveal_at is 2026-12-04T09:00


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site; gzip files (Pagefind's) as their decompressed bytes."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files[path.relative_to(site).as_posix()] = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    return files


def cold_copy(project: Project, root: Path) -> Project:
    """The same mkdocs.yml, theme and content, without the cache or the site."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(project.root, root, ignore=shutil.ignore_patterns(".radsite", "site", "site.radsite-*"))
    return Project(root)


def cache_line(output: str) -> tuple[int, int]:
    found = re.search(r"RadSite cache: (\d+) entries reused, (\d+) computed", output)
    assert found, output
    return int(found[1]), int(found[2])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_item(p: Project) -> None:
    edit(p.content / "faq/what-is-a-lesion.md", "\n---\n", "\n---\n\nA sentence added by an editor today.\n\n")


def edit_template(p: Project) -> None:
    edit(p.root / "theme/radsite/item.html", "<h1>{{ page.title }}</h1>", "<h1>{{ page.title }}</h1><p>Edited template</p>")


def edit_config(p: Project) -> None:
    edit(p.root / "mkdocs.yml", "department: Northbrook University Hospital Radiology",
         "department: Northbrook General Radiology")  # fmt: skip


def edit_glossary(p: Project) -> None:
    edit(p.content / "glossary.yml", "Normal. Nothing worrying", "Normal. Nothing at all worrying")


def edit_profile(p: Project) -> None:
    edit(p.content / "people/samir-haddad.md", "title: Samir Haddad", "title: Samir K. Haddad")  # reviews exams/mri-knee


def add_dated_news(p: Project) -> None:  # withheld until its date, which the clock passes in the next edit
    p.write("news/dated-ahead.md", "---\ntitle: Dated ahead\nsummary: Soon.\ndate: 2026-12-02\n---\n"
            "Published on its date, sentineldatedahead.\n")  # fmt: skip


EDITS: list[tuple[str, Callable[[Project], None], dict[str, str]]] = [
    ("nothing", lambda p: None, {}),
    ("an item's text", edit_item, {}),
    ("a template", edit_template, {}),
    ("the config", edit_config, {}),
    ("the glossary", edit_glossary, {}),
    ("a referenced profile", edit_profile, {}),
    ("a news item dated ahead", add_dated_news, {}),
    ("the clock past a reveal_at and a date", lambda p: None, {"RADSITE_NOW": AFTER_REVEAL}),
]


def test_warm_builds_equal_cold_builds_after_each_kind_of_edit(tmp_path: Path) -> None:
    warm = make_project(tmp_path / "warm")
    first = warm.build("--strict", "-v")
    assert first.returncode == 0, first.output
    reused, computed = cache_line(first.output)
    assert reused < computed  # cold: only files with the same bytes as another (the example's avatars) hit
    first_case = (warm.site / "cases/pediatric-abdominal-pain-ultrasound/index.html").read_text(encoding="utf-8")
    assert any((warm.root / ".radsite/cache").rglob("*")), "the cold build filled the cache"
    env: dict[str, str] = {}
    for name, change, more_env in EDITS:
        change(warm)
        env.update(more_env)
        run = warm.build("--strict", "-v", **env)
        assert run.returncode == 0, (name, run.output)
        reused, computed = cache_line(run.output)
        assert reused > 40, (name, reused)  # the example's items and images came from the cache
        assert computed <= 3, (name, computed)  # at most the edited file: loaded, guarded and graded again
        cold = cold_copy(warm, tmp_path / "cold")
        run = cold.build("--strict", **env)
        assert run.returncode == 0, (name, run.output)
        ours, theirs = site_files(warm.site), site_files(cold.site)
        assert sorted(ours) == sorted(theirs), name
        different = [rel for rel in ours if ours[rel] != theirs[rel]]
        assert not different, (name, different[:5])
    texts = {rel: data.decode("utf-8", "replace") for rel, data in site_files(warm.site).items()}
    exam = texts["exams/mri-knee/index.html"]  # each edit reached the warm site
    assert "Edited template" in exam and "Samir K. Haddad" in exam
    assert "added by an editor" in texts["faq/what-is-a-lesion/index.html"]
    assert "Northbrook General Radiology" in texts["feeds/news.xml"]
    assert any("Nothing at all worrying" in text for text in texts.values())
    revealed = (warm.site / "cases/pediatric-abdominal-pain-ultrasound/index.html").read_text(encoding="utf-8")
    assert REVEALED_ANSWER in revealed  # withheld by the first builds, published once its time came
    assert REVEALED_ANSWER not in first_case
    assert "sentineldatedahead" in texts["news/dated-ahead/index.html"] and "sentineldatedahead" in texts["feeds/news.xml"]


def page_line(output: str) -> tuple[int, int]:
    found = re.search(r"RadSite pages: (\d+) reused, (\d+) rendered", output)
    assert found, output
    return int(found[1]), int(found[2])


def add_item(p: Project) -> None:
    source = (p.content / "news/breast-imaging-saturday-hours.md").read_text(encoding="utf-8")
    added = source.replace("title: Saturday mammograms at the Breast Imaging Center", "title: Evening MRI slots open")
    (p.content / "news/evening-mri-slots.md").write_text(added, encoding="utf-8")


def delete_item(p: Project) -> None:
    (p.content / "news/childrens-imaging-room-opens.md").unlink()


def withhold_item(p: Project) -> None:  # named by the mammography guide
    edit(p.content / "faq/can-someone-come-with-me.md", "\n---\n", "\ndraft: true\n---\n")


def rename_nav_entry(p: Project) -> None:
    edit(p.root / "mkdocs.yml", "- Your questions: faq/index.md", "- Questions you ask: faq/index.md")


def withhold_profile_field(p: Project) -> None:  # Samir Haddad reviews exams/mri-knee
    edit(p.content / "people/samir-haddad.md", "  office: internal\n", "  office: internal\n  role: internal\n")


MORE_EDITS: list[tuple[str, Callable[[Project], None]]] = [
    ("a new item", add_item),
    ("an item deleted", delete_item),
    ("an item withheld", withhold_item),
    ("a nav title", rename_nav_entry),
    ("a referenced profile's withheld field", withhold_profile_field),
]


def test_warm_builds_equal_cold_builds_after_items_come_and_go(tmp_path: Path) -> None:
    """Edits that change what other pages show: a listing gains or loses an item, a FAQ withheld
    disappears from the exam guides and the glossary that named it, the nav is renamed on every page."""
    warm = make_project(tmp_path / "warm")
    assert warm.build().returncode == 0
    for name, change in MORE_EDITS:
        change(warm)
        run = warm.build("-v")
        assert run.returncode == 0, (name, run.output)
        reused, rendered = page_line(run.output)
        assert rendered >= 1, (name, rendered)  # the edit reached at least one page
        if name != "a nav title":  # every page shows the nav: all of them are rendered again
            assert reused > rendered, (name, reused, rendered)  # the other pages came from the cache
        cold = cold_copy(warm, tmp_path / "cold")
        assert cold.build().returncode == 0, name
        ours, theirs = site_files(warm.site), site_files(cold.site)
        assert sorted(ours) == sorted(theirs), (name, sorted(set(ours) ^ set(theirs))[:5])
        different = [rel for rel in ours if ours[rel] != theirs[rel]]
        assert not different, (name, different[:5])
    texts = {rel: data.decode("utf-8", "replace") for rel, data in site_files(warm.site).items()}
    assert "news/evening-mri-slots/index.html" in texts
    assert "news/childrens-imaging-room-opens/index.html" not in texts
    assert any("Evening MRI slots open" in text for rel, text in texts.items() if rel != "news/evening-mri-slots/index.html")
    assert not [rel for rel, text in texts.items() if "can-someone-come-with-me" in text]  # every mention gone
    assert not [rel for rel, text in texts.items() if "Attending Radiologist, Musculoskeletal" in text]
    assert "Questions you ask" in texts["exams/mri-knee/index.html"]


def entries(project: Project) -> list[tuple[bytes, bytes]]:
    """(key, stored bytes) of every entry of the project's cache database."""
    with contextlib.closing(sqlite3.connect(project.root / ".radsite/cache" / cache.DATABASE)) as db:
        return db.execute("SELECT key, value FROM entries ORDER BY key").fetchall()


def overwrite(project: Project, key: bytes, value: bytes) -> None:
    with contextlib.closing(sqlite3.connect(project.root / ".radsite/cache" / cache.DATABASE)) as db, db:
        db.execute("UPDATE entries SET value = ? WHERE key = ?", (value, key))


def test_a_damaged_or_foreign_page_entry_is_rendered_again(tmp_path: Path) -> None:
    """Every stored page, damaged or swapped for another page's entry: the next build renders them all again."""
    project = make_project(tmp_path / "p")
    assert project.build().returncode == 0
    cold = site_files(project.site)
    pages = []
    for row_key, blob in entries(project):
        key, value = pickle.loads(blob)
        if isinstance(value, tuple) and len(value) == 3 and isinstance(value[2], str):  # a template entry
            pages.append((row_key, key, value))
    assert len(pages) > 40
    for n, (row_key, _, value) in enumerate(pages):
        if n % 2:
            overwrite(project, row_key, b"\x80\x05 not a whole pickle")
        else:
            other_key = pages[(n + 1) % len(pages)][1]
            overwrite(project, row_key, pickle.dumps((other_key, (value[0], value[1], "<html>another page</html>"))))
    run = project.build("-v")
    assert run.returncode == 0, run.output
    reused, rendered = page_line(run.output)
    assert reused == 0 and rendered > 40, (reused, rendered)
    assert site_files(project.site) == cold


def test_the_cache_only_speeds_the_build_up(tmp_path: Path) -> None:
    """A damaged entry, a foreign entry, a damaged database and a deleted cache folder: each build
    still publishes the same site."""
    project = make_project(tmp_path / "p")
    assert project.build("--strict").returncode == 0
    cold = site_files(project.site)
    rows = entries(project)
    assert len(rows) > 40
    overwrite(project, rows[0][0], b"not a pickle")  # damaged
    key_of_second, _ = pickle.loads(rows[1][1])
    overwrite(project, rows[2][0], pickle.dumps((key_of_second, "a value from another entry")))  # foreign
    run = project.build("--strict")
    assert run.returncode == 0, run.output
    assert site_files(project.site) == cold
    database = project.root / ".radsite/cache" / cache.DATABASE
    for file in database.parent.glob(cache.DATABASE + "*"):
        file.write_bytes(b"this is not a database, and never was " * 100)
    run = project.build("--strict", "-v")
    assert run.returncode == 0, run.output
    assert site_files(project.site) == cold
    assert entries(project), "the damaged database was set aside and the cache started again"
    shutil.rmtree(project.root / ".radsite/cache")
    assert project.build("--strict").returncode == 0
    assert site_files(project.site) == cold


# --- the cache itself, with the real loader and guard --------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> cache.Cache:
    store = cache.Cache(tmp_path / "cache", b"salt")
    cache.activate(store)
    yield store
    cache.activate(None)


def test_a_warm_load_reuses_every_file_and_loads_the_same(store: cache.Cache, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    cold = load(content, shown_as="content")
    assert store.misses > 40 and store.hits == 0
    store.flush()  # as a build does at its end
    cache.activate(fresh := cache.Cache(store.folder, b"salt"))  # a new process: from disk only
    warm = load(content, shown_as="content")
    assert fresh.hits == store.misses and fresh.misses == 0
    assert [(i.path, i.meta, i.doc) for i in warm.content.items] == [(i.path, i.meta, i.doc) for i in cold.content.items]
    assert [f.format() for f in warm.findings] == [f.format() for f in cold.findings]


def test_an_edited_file_is_loaded_again_with_its_error(store: cache.Cache, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    load(content, shown_as="content")
    store.hits = store.misses = 0
    edit(content / "faq/what-is-a-lesion.md", "title:", "titel:")
    loaded = load(content, shown_as="content")
    assert store.misses == 1
    assert any(f.path == "content/faq/what-is-a-lesion.md" and f.level == "error" for f in loaded.findings)
    edit(content / "faq/what-is-a-lesion.md", "titel:", "title:")  # back as it was: the first entry again
    store.hits = store.misses = 0
    assert not [f for f in load(content, shown_as="content").findings if f.level == "error"]
    assert store.misses == 0


def test_the_guard_finds_phi_in_an_edited_file_and_not_in_its_old_entry(store: cache.Cache, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    before = guard_files(content, "content")
    assert not [f for f in before.findings if f.level == "error"]
    edit(content / "cases/sudden-headache-ct.md", "\n---\n", "\n---\n\nPatient MRN: 12345678 came in.\n\n")
    after = guard_files(content, "content")
    assert [f.path for f in after.findings if f.level == "error"] == ["content/cases/sudden-headache-ct.md"]
    assert guard_files(content, "content").findings == after.findings  # from the cache, the same


def test_salt_options_and_a_changed_value_miss(tmp_path: Path) -> None:
    one = cache.Cache(tmp_path, b"one")
    assert one.memo("k", b"data", ("a",), lambda: [1]) == [1]
    assert one.memo("k", b"data", ("a",), lambda: [2]) == [1]  # hit
    assert one.memo("k", b"data", ("b",), lambda: [3]) == [3]  # another option
    assert one.memo("k", b"datA", ("a",), lambda: [4]) == [4]  # other bytes
    assert cache.Cache(tmp_path, b"two").memo("k", b"data", ("a",), lambda: [5]) == [5]  # another salt
    got = one.memo("k", b"data", ("a",), lambda: [6])
    got.append("changed by a caller")
    assert one.memo("k", b"data", ("a",), lambda: [7]) == [1]  # kept pickled: callers cannot change it
    lock = tmp_path / "requirements.lock"
    lock.write_text("nh3==0.2.17\n")
    before = cache.fingerprint(lock)
    lock.write_text("nh3==0.2.18\n")
    assert cache.fingerprint(lock) != before  # an upgrade of a dependency: every entry misses


def test_prune_removes_only_entries_unused_for_a_month(tmp_path: Path) -> None:
    store = cache.Cache(tmp_path, b"salt")
    store.memo("k", b"old", (), lambda: "old")
    store.memo("k", b"used", (), lambda: "used")
    store.flush()
    database = tmp_path / cache.DATABASE
    month_ago = time.time() - 31 * 86400
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute("UPDATE entries SET used = ?", (month_ago,))
    reader = cache.Cache(tmp_path, b"salt")
    assert reader.memo("k", b"used", (), lambda: "recomputed") == "used"  # a read keeps it fresh
    reader.prune()
    with contextlib.closing(sqlite3.connect(database)) as db:
        assert db.execute("SELECT COUNT(*) FROM entries").fetchone() == (1,)
    assert cache.Cache(tmp_path, b"salt").memo("k", b"used", (), lambda: "recomputed") == "used"


def test_a_read_marks_an_entry_used_again_only_once_a_day(tmp_path: Path) -> None:
    """An hourly build reads thousands of entries; rewriting each one's last-used time every build cost
    a quarter of a second. A read refreshes it only when it is a day old (pruning counts in months)."""
    store = cache.Cache(tmp_path, b"salt")
    store.memo("k", b"fresh", (), lambda: "fresh")
    store.memo("k", b"stale", (), lambda: "stale")
    store.flush()
    database = tmp_path / cache.DATABASE
    day_and_more = time.time() - cache.USED_REFRESH_S - 60
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute("UPDATE entries SET used = ? WHERE key = ?", (day_and_more, store.key("k", b"stale", ())))
        before = dict(db.execute("SELECT key, used FROM entries").fetchall())
    reader = cache.Cache(tmp_path, b"salt")
    assert reader.memo("k", b"fresh", (), lambda: "recomputed") == "fresh"
    assert reader.memo("k", b"stale", (), lambda: "recomputed") == "stale"
    reader.flush()
    with contextlib.closing(sqlite3.connect(database)) as db:
        after = dict(db.execute("SELECT key, used FROM entries").fetchall())
    changed = [k for k in before if after[k] != before[k]]
    assert len(changed) == 1 and before[changed[0]] == day_and_more and after[changed[0]] > day_and_more


def test_entries_are_on_disk_only_once_flushed_and_a_forked_child_writes_its_own(tmp_path: Path) -> None:
    """New entries are written together (one transaction); a forked child opens its own connection
    and its entries reach the parent's next reading."""
    store = cache.Cache(tmp_path, b"salt")
    store.memo("k", b"one", (), lambda: 1)
    assert cache.Cache(tmp_path, b"salt").memo("k", b"one", (), lambda: "not yet on disk") == "not yet on disk"
    store.flush()
    assert cache.Cache(tmp_path, b"salt").memo("k", b"one", (), lambda: "again") == 1
    pid = os.fork()
    if pid == 0:  # the child: store, flush, leave at once
        store.memo("k", b"two", (), lambda: 2)
        store.flush()
        os._exit(0)
    assert os.waitpid(pid, 0)[1] == 0
    assert cache.Cache(tmp_path, b"salt").memo("k", b"two", (), lambda: "missing") == 2
    assert store.memo("k", b"one", (), lambda: "again") == 1  # the parent's connection still works


def test_serve_keeps_the_cache_in_memory_across_rebuilds(project: Project, tmp_path: Path) -> None:
    """The plugin instance survives serve's rebuilds, and so does its cache: with the cache folder
    deleted after the first build, the rebuild after an edit still reuses every unchanged file."""
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "-v", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.root, env=project.env(TMPDIR=str(tmp_path)), text=True, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    serve = Serve(proc, f"http://127.0.0.1:{port}")
    reader = threading.Thread(target=lambda: serve.lines.extend(iter(proc.stdout.readline, "")), daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        after_first = serve.wait_for(r"RadSite cache: \d+ entries reused")
        serve.wait_for(r"Serving on http://127\.0\.0\.1")
        shutil.rmtree(project.root / ".radsite/cache")
        edit_item(project)
        after_rebuild = serve.wait_for(r"RadSite cache: \d+ entries reused", after_first)
        reused, computed = cache_line(serve.lines[after_rebuild - 1])
        assert reused > 40 and computed <= 3, serve.output  # only the edited item (loaded, guarded, graded), from memory the rest

        def edited() -> bool:
            status, body = serve.get("/faq/what-is-a-lesion/")
            return status == 200 and "added by an editor" in body

        poll(edited)
    finally:
        proc.kill()
        proc.wait(30)


def test_the_audit_scans_again_only_what_changed_or_what_a_new_withheld_value_could_match(
    store: cache.Cache, tmp_path: Path
) -> None:
    """A file that matched no withheld phrase is not scanned again while its bytes and the phrases
    stay; changed bytes are scanned, and a new withheld value makes every file scanned again."""
    from test_visibility import _content, _decide

    from radsite.publish.audit import Auditor

    content = _content(tmp_path)
    decision = _decide(content)
    site = tmp_path / "site"
    site.mkdir()
    (site / "clean.html").write_text("<p>Quiet corridor seven, by the lifts.</p>", encoding="utf-8")
    (site / "quiz.html").write_text("<p>Round pneumonia. A published quiz choice.</p>", encoding="utf-8")
    (site / "other.html").write_text("<p>Another page.</p>", encoding="utf-8")
    first = Auditor(site, decision, shown_as="site")
    first.scan(first.unscanned())
    assert first.findings() == [] and first.skipped == 0
    first.remember_clean()
    again = Auditor(site, decision, shown_as="site")
    again.scan(again.unscanned())
    assert again.skipped == 3 and again.findings() == []  # the same bytes, the same phrases
    (site / "clean.html").write_text("<p>Ada is in Room 4.112.</p>", encoding="utf-8")  # changed bytes: a leak
    changed = Auditor(site, decision, shown_as="site")
    changed.scan(changed.unscanned())
    assert changed.skipped == 2 and [f.path for f in changed.findings()] == ["site/clean.html"]
    (site / "clean.html").write_text("<p>Quiet corridor seven, by the lifts.</p>", encoding="utf-8")
    person = content / "people/ada-example.md"
    edit(person, "office: Room 4.112", "office: Quiet corridor seven")  # now withheld: the old verdict no longer holds
    newly = Auditor(site, _decide(content), shown_as="site")
    newly.scan(newly.unscanned())
    assert newly.skipped == 0 and [f.path for f in newly.findings()] == ["site/clean.html"]


def search_section(project: Project) -> dict:
    import json

    return json.loads(project.report.read_text(encoding="utf-8"))["search"]


def test_a_site_with_the_same_html_gets_the_last_search_bundle(tmp_path: Path) -> None:
    """An hourly run with nothing new: Pagefind's three seconds are skipped, and the site is the same."""
    project = make_project(tmp_path / "p")
    assert project.build().returncode == 0
    assert search_section(project)["reused"] is False
    first = site_files(project.site)
    assert project.build().returncode == 0
    assert search_section(project)["reused"] is True
    assert site_files(project.site) == first and (project.site / "pagefind/pagefind-entry.json").is_file()
    edit_item(project)
    assert project.build().returncode == 0
    assert search_section(project)["reused"] is False  # one page's HTML changed: Pagefind indexes again
    cold = cold_copy(project, tmp_path / "cold")
    assert cold.build().returncode == 0
    assert site_files(project.site) == site_files(cold.site)


def test_a_bundle_entry_that_writes_outside_the_bundle_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from radsite.publish import search

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body data-pagefind-body><p>Hello</p></body></html>", encoding="utf-8")
    store = cache.Cache(None, remember=True)
    cache.activate(store)
    try:
        args = [search.pagefind_executable(), "--site", str(site), "--output-subdir", search.BUNDLE, "--quiet"]
        store.store("pagefind-bundle", search.BUNDLE_ENTRY, (), (search.bundle_key(site, args), {"../../escaped.txt": b"x"}))
        indexing = search.Indexing(site)
        try:
            assert not indexing.reused and indexing.proc is not None  # Pagefind makes the bundle
            assert not (tmp_path / "escaped.txt").exists() and not (site.parent.parent / "escaped.txt").exists()
        finally:
            indexing.stop()
    finally:
        cache.activate(None)


def test_a_public_build_after_a_staff_build_is_the_cold_public_build(tmp_path: Path) -> None:
    """One cache serves every audience (RADSITE_AUDIENCE): what a staff build rendered and stored
    (drafts, internal pages, withheld fields) must never stand in for a public page. Staff, then
    public, then clinicians, then public again: each warm build equals the cold one, file for file."""
    warm = make_project(tmp_path / "warm")
    audiences = ["staff", "public", "clinicians", "public"]
    for audience in audiences:
        run = warm.build(RADSITE_AUDIENCE=audience)
        assert run.returncode == 0, (audience, run.output[-2000:])
        cold = cold_copy(warm, tmp_path / "cold")
        assert cold.build(RADSITE_AUDIENCE=audience).returncode == 0, audience
        ours, theirs = site_files(warm.site), site_files(cold.site)
        assert sorted(ours) == sorted(theirs), (audience, sorted(set(ours) ^ set(theirs))[:5])
        different = [rel for rel in ours if ours[rel] != theirs[rel]]
        assert not different, (audience, different[:5])
        staff_only = [rel for rel, data in ours.items() if b"On-call rota notes" in data]
        assert bool(staff_only) == (audience == "staff"), (audience, staff_only[:3])
