"""Guard: privacy checks on the sources (PHI in text, DICOM and GPS in images, answer markers).

`radsite check` and the build run the same guard on the text the loader read (radsite.source_checks):
the check in line, the build in a second process beside the render. Either way a build with PHI
publishes nothing, and the previous site stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from radsite.content.item import ContentSet
from radsite.findings import Finding
from radsite.guard.images import scan_images
from radsite.guard.phi import PhiResult, scan_files
from radsite.visibility import ANSWER_MARKER

_ANSWERISH = re.compile(r"<!--[^>]*\banswers?\b", re.IGNORECASE)


def guard(content: ContentSet, content_dir: Path, prefix: str) -> PhiResult:
    """All source guards; the result's exceptions go to the build report."""
    sources = [(i.path, i.doc.text, i.collection) for i in content.items]  # the text load() already read
    sources += [(p.path, p.doc.text, None) for p in content.pages]
    result = scan_files(sources)
    result.findings += list(scan_images(content_dir, prefix))
    result.findings += list(answer_markers(content))
    return result


def answer_markers(content: ContentSet) -> Iterator[Finding]:
    """A mistyped `<!-- answer -->` would publish a case's answer before `reveal_at`."""
    for item in content.items:
        if not type(item.meta).answer_fields:
            continue
        for offset, line in enumerate(item.doc.body.splitlines()):
            if _ANSWERISH.search(line) and not ANSWER_MARKER.fullmatch(line):
                yield Finding(item.path, item.doc.body_line + offset, "answer-marker",
                    "write the answer marker exactly as '<!-- answer -->' on a line of its own; as written, "
                    "the answer below it would be published before reveal_at")  # fmt: skip

