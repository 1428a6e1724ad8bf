"""Published audio and video carry their sound and pictures and nothing else.

A phone's video holds where it was shot (its GPS position), the phone's make and serial, a title
and comments the editor never sees; an MP3 exported from a dictation tool holds the speaker, the
album art and an ID3 comment; a camera can write text into the H.264 stream itself (SEI messages).
As with images (radsite.publish.images), nothing is removed block by block: every published
media file is remuxed by FFmpeg into a fresh file of its own format that holds only its audio and
video streams, copied bit for bit, with no container or stream metadata, no chapters, no cover
art, no subtitle or data streams (a GoPro's GPS track is a data stream) and, for H.264, H.265 and
AV1, no user-data units. `-fflags +bitexact` keeps FFmpeg's own version and the time out of the
file, so the same source always gives the same bytes. Captions belong in a `.vtt` file beside the
video, which the PHI guard reads (radsite.guard.attachments).

FFmpeg runs as a program (Debian's `ffmpeg` package, Homebrew's...), called once per source
digest (the cache keeps the result). A site without FFmpeg builds as before until a published
page uses a media file: then that file is an error saying how to install it, since a copy with
its metadata is never published.
"""

from __future__ import annotations

import functools
import json
import os
import posixpath
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Extension -> FFmpeg's muxer for a file of that kind.
MUXERS = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".m4a": "ipod", ".webm": "webm", ".ogg": "ogg",
          ".ogv": "ogg", ".oga": "ogg", ".opus": "ogg", ".mp3": "mp3", ".wav": "wav"}  # fmt: skip
MEDIA_EXTENSIONS = frozenset(MUXERS)
# What browsers play, by stream kind: anything else is refused with what to export instead.
VIDEO_CODECS = frozenset({"h264", "hevc", "vp8", "vp9", "av1"})
AUDIO_CODECS = frozenset({"aac", "mp3", "opus", "vorbis", "flac", "pcm_s16le", "pcm_s24le", "pcm_s32le",
                          "pcm_f32le", "pcm_u8"})  # fmt: skip
# What each kind of file can carry (a WebM holds no H.264, an MP3 file no PCM): the check refuses the
# rest, so a file the build could not remux never gets past `radsite check`.
CARRIED = {
    "mp4": VIDEO_CODECS - {"vp8"} | {"aac", "mp3", "opus", "flac"},
    "mov": VIDEO_CODECS - {"vp8"} | {"aac", "mp3", "opus", "flac", "pcm_s16le", "pcm_s24le", "pcm_s32le", "pcm_f32le"},
    "ipod": frozenset({"h264", "aac"}),
    "webm": frozenset({"vp8", "vp9", "av1", "opus", "vorbis"}),
    "ogg": frozenset({"opus", "vorbis", "flac"}),
    "mp3": frozenset({"mp3"}),
    "wav": frozenset({"pcm_s16le", "pcm_s24le", "pcm_s32le", "pcm_f32le", "pcm_u8", "mp3"}),
}
# Units of a video stream that carry free text or user data, by codec (FFmpeg's filter_units).
USER_DATA_UNITS = {"h264": "6", "hevc": "39|40", "av1": "5"}  # SEI; prefix and suffix SEI; metadata OBUs
# Tags FFmpeg writes itself, whatever the source held: not worth a warning about the source.
TECHNICAL_TAGS = frozenset({"major_brand", "minor_version", "compatible_brands", "encoder", "handler_name",
                            "vendor_id", "language", "duration", "creation_time"})  # fmt: skip
MAX_BYTES = 200_000_000  # a patient video of a few minutes is far smaller; longer ones belong on a video host
PROBE_TIMEOUT_S = 20  # reading a file's streams takes well under a second; a file built to stall FFmpeg does not
REMUX_TIMEOUT_S = 120  # copying 200 MB of packets takes seconds
INSTALL = "install FFmpeg (`apt-get install ffmpeg`, `brew install ffmpeg`, `winget install ffmpeg`)"


class MediaRefused(Exception):
    """A media file a published page uses that RadSite will not publish; the message says what to do."""


@dataclass(frozen=True)
class Probe:
    """What a media file holds, as FFmpeg reads it: the streams a clean copy keeps, and the names of
    the metadata the source carries (for a warning; none of it is published)."""

    streams: tuple[tuple[int, str, str], ...]  # (index, "video" or "audio", codec)
    metadata: tuple[str, ...] = field(default=())
    dropped: tuple[str, ...] = field(default=())  # streams left out: "subtitle", "data", "cover art"


def is_media(name: str) -> bool:
    return posixpath.splitext(name)[1].lower() in MEDIA_EXTENSIONS


@functools.lru_cache(maxsize=1)
def ffmpeg_version() -> str | None:
    """FFmpeg's version line (part of every cache key: another FFmpeg may write other bytes), or None."""
    if not (shutil.which("ffmpeg") and shutil.which("ffprobe")):
        return None
    try:
        done = subprocess.run(["ffmpeg", "-version"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "replace").split("\n", 1)[0].strip() or None


def probe(data: bytes, name: str) -> Probe:
    """The file's streams, or MediaRefused: not media FFmpeg can read, nothing a browser plays, too large."""
    if ffmpeg_version() is None:
        raise MediaRefused(f"is audio or video, which RadSite publishes only as a copy without its metadata (GPS "
                           f"position, titles, comments); making that copy needs FFmpeg: {INSTALL}, then build again")
    if len(data) > MAX_BYTES:
        raise MediaRefused(f"is {len(data) / 1e6:.0f} MB, more than the {MAX_BYTES // 1_000_000} MB RadSite publishes "
                           "as a media file: shorten it or lower its bit rate, or put it on a video host and link to it")
    with tempfile.TemporaryDirectory(prefix="radsite-media-") as folder:
        path = _write(folder, "in", data, name)  # a file: FFmpeg seeks (an MP4's index may come last)
        done = _run(["ffprobe", "-v", "error", "-of", "json", "-show_streams", "-show_format", path], PROBE_TIMEOUT_S)
    if done is None:
        raise MediaRefused(f"could not be read by FFmpeg within {PROBE_TIMEOUT_S} s (or FFmpeg could not start); "
                           "export it again (MP4 with H.264 and AAC, or MP3)")
    info = _json(done.stdout) if done.returncode == 0 else None
    if info is None:
        raise MediaRefused(f"is named like audio or video ({_extension(name)}) but FFmpeg cannot read it as such; "
                           "export it again (MP4 with H.264 and AAC, or MP3)")
    return _streams(info, name)


def _streams(info: dict, name: str) -> Probe:
    kept: list[tuple[int, str, str]] = []
    dropped: list[str] = []
    metadata = {str(k).lower() for k in (info.get("format") or {}).get("tags") or {}}
    for stream in info.get("streams") or []:
        if not isinstance(stream, dict):
            continue
        kind, codec = str(stream.get("codec_type") or ""), str(stream.get("codec_name") or "")
        metadata |= {str(k).lower() for k in stream.get("tags") or {}}
        if (stream.get("disposition") or {}).get("attached_pic"):
            dropped.append("cover art")  # a picture in the file (an album's, or a photo): never published
        elif (kind == "video" and codec not in VIDEO_CODECS) or (kind == "audio" and codec not in AUDIO_CODECS):
            raise MediaRefused(f"has a {kind} stream in {codec or 'an unknown format'}, which browsers do not play; "
                               "export it as MP4 (H.264 video, AAC sound) or WebM (VP9, Opus), or MP3 for sound")
        elif kind in ("video", "audio"):
            kept.append((int(stream.get("index", len(kept))), kind, codec))
        else:
            dropped.append(kind or "unknown")
    extension = _extension(name)
    if foreign := sorted({codec for _i, _kind, codec in kept} - CARRIED[MUXERS[extension]]):
        raise MediaRefused(f"is a {extension} file holding {', '.join(foreign)}, which a {extension} file cannot carry "
                           "(it was saved under another format's name); export it again, or rename it for what it is")
    if not kept:
        raise MediaRefused("holds no sound or pictures a browser plays (FFmpeg finds no audio or video stream in it); "
                           "export it again as MP4 or MP3")
    if info.get("chapters"):
        metadata.add("chapters")
    return Probe(tuple(kept), tuple(sorted(metadata - TECHNICAL_TAGS)), tuple(sorted(set(dropped))))


def clean_media(data: bytes, name: str, found: Probe) -> bytes:
    """The file remuxed with its audio and video streams alone (see the module docstring)."""
    muxer = MUXERS[_extension(name)]
    command = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
    with tempfile.TemporaryDirectory(prefix="radsite-media-") as folder:
        source = _write(folder, "in", data, name)
        target = os.path.join(folder, "out" + _extension(name))
        command += ["-i", source]
        for index, _kind, _codec in found.streams:
            command += ["-map", f"0:{index}"]
        command += ["-c", "copy", "-map_metadata", "-1", "-map_metadata:s", "-1", "-map_chapters", "-1",
                    "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]  # fmt: skip
        for out_index, (_index, _kind, codec) in enumerate(found.streams):
            if codec in USER_DATA_UNITS:
                command += [f"-bsf:{out_index}", f"filter_units=remove_types={USER_DATA_UNITS[codec]}"]
        command += ["-f", muxer, target]
        done = _run(command, REMUX_TIMEOUT_S)
        if done is None or done.returncode != 0 or not os.path.isfile(target):
            why = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] if done is not None else ["timed out"]
            raise MediaRefused(f"could not be copied without its metadata (FFmpeg: {' '.join(why) or 'no output'}); "
                               "export it again (MP4 with H.264 and AAC, or MP3)")
        return Path(target).read_bytes()


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(command, capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None


def _write(folder: str, stem: str, data: bytes, name: str) -> str:
    """The bytes in a file of the folder, with the extension of `name` (FFmpeg reads a muxer's hints from it)."""
    path = os.path.join(folder, stem + _extension(name))
    Path(path).write_bytes(data)
    return path


def _json(text: bytes) -> dict | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _extension(name: str) -> str:
    return posixpath.splitext(name)[1].lower()
