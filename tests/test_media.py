"""Published audio and video carry their sound and pictures and nothing else (radsite.publish.media).

Real media files, made here by FFmpeg with a planted string in every place a file can carry text
(container tags, stream tags, a GPS position, chapters, a subtitle track, cover art, the H.264
stream's own SEI text), linked from a news item of the example site and published by a real
`mkdocs build`: the planted string is then searched for in every file of the site, and the
published copies are read back with ffprobe.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import Project

PLANT = "Zqxwv PLANTEDMEDIA"
GPS = "+40.7128-074.0060/"
NEWS = """---
title: A video about your MRI
summary: What happens during an MRI scan, in two minutes.
date: 2026-11-20
---
Watch the video before your visit.

{embed}
"""


@pytest.fixture(autouse=True)
def _ffmpeg_installed() -> None:
    if shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None:
        pytest.fail("Debian's ffmpeg is not installed (apt-get install ffmpeg); .ci/run installs it")


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True, capture_output=True, timeout=60)


def tags(kind: str) -> list[str]:
    """Metadata with the planted string, in every field a phone, a camera or a dictation tool fills."""
    return ["-metadata", f"title={PLANT} title", "-metadata", f"comment={PLANT} comment", "-metadata",
            f"artist={PLANT} artist", "-metadata", f"location={GPS}", f"-metadata:s:{kind}:0",
            f"title={PLANT} stream", f"-metadata:s:{kind}:0", f"handler_name={PLANT} handler"]  # fmt: skip


def chapters(folder: Path) -> Path:
    path = folder / "chapters.txt"
    path.write_text(f";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=500\ntitle={PLANT} chapter\n", encoding="utf-8")
    return path


def make_mp4(folder: Path) -> bytes:
    """H.264 and AAC with tags, GPS, a chapter and a subtitle track (x264 writes its own SEI text)."""
    srt = folder / "subs.srt"
    srt.write_text(f"1\n00:00:00,000 --> 00:00:00,900\n{PLANT} caption\n", encoding="utf-8")
    out = folder / "made.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=1", "-f", "lavfi", "-i", "sine=duration=1",
           "-i", str(srt), "-i", str(chapters(folder)), "-map", "0", "-map", "1", "-map", "2", "-map_metadata", "3",
           "-map_chapters", "3", *tags("v"), "-c:v", "libx264", "-c:a", "aac", "-c:s", "mov_text", str(out))  # fmt: skip
    return out.read_bytes()


def make_mp3(folder: Path) -> bytes:
    """MP3 with ID3 tags and cover art (a picture of its own: never published)."""
    cover = folder / "cover.png"
    ffmpeg("-f", "lavfi", "-i", "color=c=red:size=16x16", "-frames:v", "1", str(cover))
    out = folder / "made.mp3"
    ffmpeg("-f", "lavfi", "-i", "sine=duration=1", "-i", str(cover), "-map", "0", "-map", "1", *tags("a"),
           "-c:a", "libmp3lame", "-c:v", "png", "-disposition:v", "attached_pic", "-id3v2_version", "3",
           "-write_id3v1", "1", str(out))  # fmt: skip
    return out.read_bytes()


def make_webm(folder: Path) -> bytes:
    out = folder / "made.webm"
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=1", "-f", "lavfi", "-i", "sine=duration=1",
           *tags("v"), "-c:v", "libvpx-vp9", "-c:a", "libopus", str(out))  # fmt: skip
    return out.read_bytes()


def make_wav(folder: Path) -> bytes:
    out = folder / "made.wav"
    ffmpeg("-f", "lavfi", "-i", "sine=duration=1", *tags("a"), str(out))
    return out.read_bytes()


def make_ogg(folder: Path) -> bytes:
    out = folder / "made.ogg"
    ffmpeg("-f", "lavfi", "-i", "sine=duration=1", *tags("a"), "-c:a", "libopus", str(out))
    return out.read_bytes()


MAKERS = {"mp4": make_mp4, "mp3": make_mp3, "webm": make_webm, "wav": make_wav, "ogg": make_ogg}
EMBEDS = {
    "mp4": '<video controls src="media/talk.mp4"></video>',
    "mp3": '<audio controls><source src="media/talk.mp3" type="audio/mpeg"></audio>',
    "webm": "[the video](media/talk.webm)",
    "wav": '<audio controls src="media/talk.wav"></audio>',
    "ogg": "[listen](media/talk.ogg)",
}


def probe(path: Path) -> dict:
    done = subprocess.run(["ffprobe", "-v", "error", "-of", "json", "-show_streams", "-show_format", "-show_chapters",
                           str(path)], capture_output=True, check=True, timeout=60)  # fmt: skip
    return json.loads(done.stdout)


def planted_anywhere(site: Path) -> list[str]:
    needles = (PLANT.encode(), b"PLANTEDMEDIA", GPS.encode(), b"40.7128", b"x264 - core")
    return [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
            and any(n in p.read_bytes() for n in needles)]  # fmt: skip


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict[str, bytes]]:
    """The example site with one item linking a media file of each kind, built once."""
    from conftest import make_project

    root = tmp_path_factory.mktemp("media")
    project = make_project(root / "project")
    made = {kind: make(root) for kind, make in MAKERS.items()}
    embeds = []
    for kind, data in made.items():
        assert PLANT.encode() in data, kind  # the source really carries it
        project.write(f"news/media/talk.{kind}", data)
        embeds.append(EMBEDS[kind])
    project.write("news/mri-video.md", NEWS.format(embed="\n\n".join(embeds)))
    run = project.build()
    assert run.returncode == 0, run.output[-3000:]
    assert "Traceback" not in run.output
    return project, made


def test_the_planted_text_reaches_no_output_file(published: tuple[Project, dict[str, bytes]]) -> None:
    project, _ = published
    assert planted_anywhere(project.site) == []


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_the_copy_holds_only_sound_and_pictures(published: tuple[Project, dict[str, bytes]], kind: str) -> None:
    project, _ = published
    copy = project.site / "news" / "media" / f"talk.{kind}"
    assert copy.is_file()
    info = probe(copy)
    assert {s["codec_type"] for s in info["streams"]} <= {"video", "audio"}
    assert not any(s.get("disposition", {}).get("attached_pic") for s in info["streams"])
    assert info.get("chapters") == []
    shown = {k.lower() for k in info["format"].get("tags", {})} | {k.lower() for s in info["streams"] for k in s.get("tags", {})}
    technical = {"major_brand", "minor_version", "compatible_brands", "language", "handler_name", "vendor_id", "encoder"}
    assert shown <= technical | {"duration"}
    assert float(info["format"]["duration"]) > 0.5  # it still plays: the sound and pictures are all there
    assert f'media/talk.{kind}"' in project.page("news/mri-video") or f"media/talk.{kind}" in project.page("news/mri-video")


def test_the_source_keeps_its_metadata_and_the_editor_is_told(published: tuple[Project, dict[str, bytes]]) -> None:
    project, made = published
    assert (project.content / "news" / "media" / "talk.mp3").read_bytes() == made["mp3"]  # the source is never changed
    run = project.check()
    assert run.returncode == 0, run.output[-3000:]
    assert "talk.mp3: warning: [media-metadata]" in run.output
    assert "cover art" in run.output and "ffmpeg -i IN" in run.output


def test_a_warm_build_writes_the_same_bytes_as_a_cold_one(published: tuple[Project, dict[str, bytes]]) -> None:
    project, _ = published
    first = {kind: (project.site / "news" / "media" / f"talk.{kind}").read_bytes() for kind in MAKERS}
    shutil.rmtree(project.root / ".radsite" / "cache")
    assert project.build().returncode == 0
    again = {kind: (project.site / "news" / "media" / f"talk.{kind}").read_bytes() for kind in MAKERS}
    assert first == again


def refused(project: Project, name: str, data: bytes, *expected: str, **env: str) -> None:
    assert project.build(**env).returncode == 0
    before = sorted(p.relative_to(project.site).as_posix() for p in project.site.rglob("*"))
    project.write(f"news/media/{name}", data)
    project.write("news/mri-video.md", NEWS.format(embed=f"[the file](media/{name})"))
    for run_it in (project.check, project.build):
        run = run_it(**env)
        assert run.returncode == 1, run.output[-3000:]
        assert "Traceback" not in run.output
        for text in (f"news/media/{name}", *expected):
            assert text in run.output, (text, run.output[-3000:])
    assert sorted(p.relative_to(project.site).as_posix() for p in project.site.rglob("*")) == before


def test_a_file_named_like_a_video_that_is_none_is_refused(project: Project) -> None:
    refused(project, "talk.mp4", b"<html><script>alert(1)</script></html>", "FFmpeg cannot read it")


def test_a_video_browsers_do_not_play_is_refused(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "old.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=1", "-c:v", "mpeg4", str(out))
    refused(project, "old.mp4", out.read_bytes(), "mpeg4", "browsers do not play", "H.264")


def test_without_ffmpeg_a_media_file_is_an_error_that_says_how_to_install_it(project: Project, tmp_path: Path) -> None:
    data = make_wav(tmp_path)
    bare = tmp_path / "bin"
    bare.mkdir()
    for tool in ("git",):  # a PATH with the tools a build may call, but no FFmpeg
        if found := shutil.which(tool):
            (bare / tool).symlink_to(found)
    refused(project, "talk.wav", data, "needs FFmpeg", "apt-get install ffmpeg", PATH=str(bare))


def test_the_published_copies_play_in_chromium(published: tuple[Project, dict[str, bytes]], browser) -> None:
    """What a patient's browser does with the page: each player loads its file and knows its length."""
    from browser import serve

    project, _ = published
    with serve(project.site) as url:
        page = browser.new_page()
        try:
            page.goto(f"{url}/news/mri-video/")
            read = "ms => ms.map(m => [m.currentSrc, m.readyState, m.duration, m.error && m.error.code])"
            for _ in range(100):  # polled from here: the site's CSP allows no script from a string
                players = page.eval_on_selector_all("video, audio", read)
                if all(ready >= 1 or error for _src, ready, _d, error in players):
                    break
                page.wait_for_timeout(200)
        finally:
            page.close()
    assert len(players) == 3, players
    for src, _ready, duration, error in players:
        assert error is None and duration > 0.5, (src, duration, error)


def test_a_file_saved_under_another_formats_name_is_refused_by_check_too(project: Project, tmp_path: Path) -> None:
    """A WAV named .mp3 is sound FFmpeg reads, but no MP3 file can carry it: check says so, as the build does."""
    refused(project, "talk.mp3", make_wav(tmp_path), "pcm_s16le", "cannot carry", "rename it")
