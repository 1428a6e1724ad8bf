"""The PHI guard on the names of the files a site publishes: a name is part of every address of it.

An export from a PACS or a phone is often named after the patient: `DOE^JANE_19610412.png` (DICOM
writes a person's name as Family^Given), `Smith_John_MRN48213377.jpg`. The picture is re-encoded
clean, but its name goes out as it is, in the page, the feeds and the sitemap. So the path of each
file a published page uses (its folders too) is read the way a reader reads a name: underscores,
carets and dots between words are spaces, a label glued to its number is two words, a hyphen
between letters is a space (between digits it stays: dates, SSNs). Then it goes through the rules a
body line goes through, with the categories of the folder's collection. A camera's own name
(`IMG_20260412_093011`, `PXL_...`, `Screenshot 2026-04-12 at 09.30.11`) holds the time it was
taken, not a patient's date: its numbers are left out.
"""

from __future__ import annotations

import posixpath
import re

from radsite import cache
from radsite.findings import Finding
from radsite.guard.attachments import what
from radsite.guard.phi import categories_for, scan_line

DICOM_NAME = re.compile(r"[^\W\d_]\^[^\W\d_]")  # Family^Given, as DICOM's PN writes it
CAMERA = re.compile(r"^(?:img|pxl|dsc[nf]?|vid|mvi|pano|screenshot|screen shot|whatsapp image|photo)(?=[\s_-]*\d)[\s\d_.:at-]*",
                    re.IGNORECASE)  # fmt: skip
# Words before a name that make it a patient's even in lower case ('patient-john-smith', 'baby-boy-jones');
# a bare lower-case name is most often a radiologist's photo ('helen-brooks.jpg'), so it is not read as one.
CUES = frozenset({"patient", "pt", "baby", "mr", "mrs", "ms", "miss", "mx"})
_GLUED = re.compile(r"(?<=[^\W\d_]{2})(?=\d)|(?<=\d)(?=[^\W\d_]{2})")  # a label off its number, not A1234 apart
_SEPARATORS = re.compile(r"[_^+~=,;]+|(?<=[^\W\d_])[.-]+(?=\w)|(?<=\d)[.-]+(?=[^\W\d_])|(?<=\w)\.(?=[^\W\d_])")


def file_name_findings(shown: str, source: str, region: str) -> list[Finding]:
    """Errors for what the guard finds in a published file's path under content/, or in a published
    page's (`source`: its src_uri, from its slug or its file's name; `shown`: the file in messages).
    Kept in the content-digest cache: a warm build reads no name again."""
    return cache.current().memo("guard-name", source.encode("utf-8"), (shown, region),
                                lambda: _findings(shown, source, region), count=False)  # fmt: skip


def _findings(shown: str, source: str, region: str) -> list[Finding]:
    collection = source.split("/", 1)[0] if "/" in source else None
    stem, _extension = posixpath.splitext(source)
    found: list[Finding] = []
    for part in stem.split("/"):
        if (kind := name_holds(part, categories_for(collection), region)) is not None:
            found.append(_finding(shown, part, kind))
    return found


def name_holds(part: str, categories: frozenset[str], region: str) -> str | None:
    """What one name of an address (a file's, a folder's, a slug, a tag) holds that the guard finds, or None."""
    if DICOM_NAME.search(part):
        return "a person's name written as DICOM writes it (Family^Given)"
    words = readable(part)
    hits = scan_line(words, categories, region) if words else []
    if not hits and words and "name" in categories:  # names are often lower case in a file's name
        hits = [hit for hit in scan_line(words.title(), ("name",), region) if hit.text.split()[0].lower() in CUES]
    return what(hits[0].category) if hits else None


def tag_findings(path: str, line: int, tags: list[str], collection: str, region: str) -> list[Finding]:
    """A tag is the address of its page and feeds (/tags/<tag>/): read like a file's name. The message
    gives the tag's place in the list, not the tag (CI logs can be public)."""
    found = []
    for index, tag in enumerate(tags, 1):
        kind = cache.current().memo("guard-tag", tag.encode("utf-8"), (collection, region),
                                    lambda: name_holds(tag, categories_for(collection), region), count=False)  # noqa: B023
        if kind is not None:
            found.append(Finding(path, line, "phi-file-name", f"tag {index} of this line holds {kind}, and a tag is the address "
                                 "of its page and feeds (/tags/<tag>/) and is shown on every page it tags: use a tag "
                                 "that names a topic, e.g. 'lung-cancer-screening'"))  # fmt: skip
    return found


def readable(name: str) -> str:
    """A file or folder name as words: 'Smith_John_MRN48213377' -> 'Smith John MRN 48213377'."""
    name = CAMERA.sub("", name)
    return " ".join(_GLUED.sub(" ", _SEPARATORS.sub(" ", name)).split())


def _finding(shown: str, part: str, kind: str) -> Finding:
    return Finding(shown, None, "phi-file-name",
        f"its name ('{part}') holds {kind}, and a published file's name is part of its address in every page "
        "and feed that uses it: rename the file or set another `slug` (and change the references to it) to say "
        "what it shows, e.g. 'chest-x-ray-pneumonia.png'")  # fmt: skip
