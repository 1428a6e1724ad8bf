"""What is under `content/`: one walk, one classification, shared by the loader, the guard and the build.

MkDocs would publish every file it finds (and follow symlinks to do so). RadSite publishes only what
the visibility decision derives from the files listed here, so this list must see at least what
MkDocs sees: every Markdown extension MkDocs renders, files reached through symlinks, and the
things that look like content but that RadSite never publishes (HTML files, symlinks out of the
folder), which are errors rather than silent omissions.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from radsite.findings import Finding

# Every extension MkDocs renders as a Markdown page (mkdocs.utils.markdown_extensions; a test compares).
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# Pages written as HTML would be copied verbatim by MkDocs: no visibility, no sanitising, no guard.
HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml", ".xht")
# `name.<lang>.md`: a two- or three-letter ISO 639 code before the Markdown extension (radsite.languages).
_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3})$")
SKIP_DIRS = frozenset({".git", "__pycache__", ".obsidian"})
MAX_FILE_BYTES = 1_000_000  # a Markdown file larger than this is refused before it is parsed


def normalise_text(text: str) -> str:
    """One form for every source text, before anything splits or searches it.

    Python-Markdown normalises CRLF and CR itself, but our own parsing (front matter, the answer
    marker) must see the same lines Markdown renders, and a BOM must not hide the first fence.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# C0 controls but tab and newline (NUL is refused: it means a binary or UTF-16 file), DEL, C1, and
# what no XML may carry and no UTF-8 file can hold, but a YAML or JSON escape can write (`"\ud800"`,
# `"\uFFFE"`): lone surrogates and the non-characters U+FFFE and U+FFFF
_CONTROL = re.compile("[\x01-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def first_control(text: str) -> str | None:
    """The first character of `text` that a feed, a sitemap or a UTF-8 file cannot carry, if any."""
    found = _CONTROL.search(text)
    return found.group() if found else None


def without_controls(text: str) -> tuple[str, list[tuple[int, str]]]:
    """`text` without invisible control characters (pasted from other programs; XML, and so every
    feed, cannot carry them), and the (line, character) of each one removed."""
    found = [(text.count("\n", 0, m.start()) + 1, m.group()) for m in _CONTROL.finditer(text)]
    return (_CONTROL.sub("", text), found) if found else (text, [])


def is_markdown(name: str) -> bool:
    return name.lower().endswith(MARKDOWN_EXTENSIONS)


def known_language(code: str) -> bool:
    """Whether `code` names a language (babel's CLDR data), so `notes.v2.md` is not taken for one."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def translation_of(src_uri: str) -> tuple[str, str] | None:
    """(the original's src_uri, the language) of a translation's file name, else None."""
    if not is_markdown(src_uri):
        return None
    base, ext = posixpath.splitext(src_uri)
    match = _SUFFIX.match(base)
    if match is None or not known_language(match["lang"]):
        return None
    return f"{match['stem']}{ext}", match["lang"]


@dataclass
class Sources:
    """The files under the content folder, as src_uris (POSIX paths relative to it)."""

    files: list[str] = field(default_factory=list)  # every regular file, symlinked ones at their own path once
    findings: list[Finding] = field(default_factory=list)  # symlinks out of the folder, HTML pages
    aliases: dict[str, str] = field(default_factory=dict)  # a symlinked asset inside the folder -> its target
    # `name.<lang>.md` -> (`name.md`, lang): translations, read by radsite.languages (and guarded as files)
    translations: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def markdown(self) -> list[str]:
        return [f for f in self.files if is_markdown(f)]


def walk(content_dir: Path, prefix: str) -> Sources:
    """List the content folder. Symlinks are followed only inside it; each file is listed once.

    A symlink whose target resolves outside the folder is an error (its target would be published
    as if an editor had written it). A symlink to a file or folder inside the folder is skipped:
    the target is listed at its own place, where its visibility is decided. Hidden files and
    folders are not content (MkDocs excludes them too); nor is a name that starts with "_", which
    Jekyll and Hugo editors use for drafts (`_drafts/`): a warning says so when it holds a page.
    """
    root = Path(content_dir)
    real_root = root.resolve()
    sources = Sources()

    def shown(rel: str) -> str:
        return f"{prefix}/{rel}" if prefix else rel

    for dirpath, dirnames, filenames in os.walk(root):  # followlinks=False: symlinked folders are entries
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        keep = []
        for name in sorted(dirnames):
            if name in SKIP_DIRS or name.startswith("."):
                continue
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if name.startswith("_"):
                if _holds_a_page(os.path.join(dirpath, name)):
                    sources.findings.append(_set_aside(shown(rel), "folder"))
                continue
            if os.path.islink(os.path.join(dirpath, name)):
                _symlink(root, real_root, rel, shown(rel), sources)
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if name.startswith("_"):
                if _is_a_page(os.path.join(dirpath, name)):
                    sources.findings.append(_set_aside(shown(rel), "file"))
                continue
            full = os.path.join(dirpath, name)
            if os.path.islink(full):
                _symlink(root, real_root, rel, shown(rel), sources)
                continue
            if not os.path.isfile(full):
                continue  # a socket or FIFO: nothing to read
            if name.lower().endswith(HTML_EXTENSIONS):
                sources.findings.append(Finding(shown(rel), None, "html-page",
                    "RadSite does not publish HTML files (MkDocs would copy them as they are, past every check); "
                    "write the page in Markdown (.md) instead, or move the file out of the content folder"))  # fmt: skip
                continue
            sources.files.append(rel)
            if (translated := translation_of(rel)) is not None:
                sources.translations[rel] = translated
    return sources


def _is_a_page(path: str) -> bool:
    """A Markdown file with front matter: a page someone may have meant to publish (snippets, partials
    and assets in a `_` folder are set aside without a word, or `check --strict` would fail for ever)."""
    if not is_markdown(path) or not os.path.isfile(path):
        return False
    try:
        with open(path, "rb") as file:
            return file.read(8).removeprefix(b"\xef\xbb\xbf").startswith(b"---")
    except OSError:
        return False


def _holds_a_page(folder: str) -> bool:
    return any(_is_a_page(os.path.join(d, n)) for d, _, names in os.walk(folder) for n in names)


def _set_aside(shown: str, what: str) -> Finding:
    return Finding(shown, None, "not-published",
        f"is not published: a {what} whose name starts with '_' is set aside, as a drafts folder is in Jekyll "
        "and Hugo; rename it without the '_' to publish it", level="warning")  # fmt: skip


def _symlink(root: Path, real_root: Path, rel: str, shown: str, sources: Sources) -> None:
    try:
        target = (root / rel).resolve()
    except (RuntimeError, OSError):  # a loop of links (Python 3.13 raises OSError, 3.11 RuntimeError)
        sources.findings.append(Finding(shown, None, "symlink",
            "is a symbolic link that leads back to itself (a loop of links); remove it"))  # fmt: skip
        return
    if not target.exists():
        sources.findings.append(Finding(shown, None, "symlink",
            "is a broken symbolic link; remove it or point it at a file inside the content folder"))  # fmt: skip
    elif not target.is_relative_to(real_root):
        sources.findings.append(Finding(shown, None, "symlink",
            f"is a symbolic link to {target}, outside the content folder; RadSite publishes only files that "
            "are in the content folder: copy the file in, or remove the link"))  # fmt: skip
    elif target.is_file() and not is_markdown(rel) and not is_markdown(target.name):
        sources.aliases[rel] = target.relative_to(real_root).as_posix()  # an image shared between folders
    # Otherwise a link inside the folder: its target is listed (and decided) where it really is, once.
