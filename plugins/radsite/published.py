"""The one list of what a build writes from `content/`, derived from the visibility decision.

Deny by default: a file under `content/` reaches the site only when published text refers to it.
Published text is the kept body of a published item or page, rendered with the site's own
Markdown set-up (the same parser MkDocs uses, so reference-style images, raw `<img srcset>`,
`<picture><source>`, `<video poster>` and the rest are found as a browser would find them), and the
file fields (`image`, `photo`, `images`) the decision kept. Withheld text is never looked at: what
only it refers to is simply not on the list. The front end builds its file list from this and the
output audit checks the written site against it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html
import markdown

from radsite import cache
from radsite.content import markdown_budget
from radsite.content.item import ContentSet
from radsite.content.sources import Sources
from radsite.findings import Finding
from radsite.guard.attachments import attachment_findings
from radsite.guard.file_names import file_name_findings, tag_findings
from radsite.guard.phones import DEFAULT_REGION
from radsite.guard.readable import TEXT_SUFFIXES
from radsite.publish.images import ImageRefused, image_kind
from radsite.publish.media import MediaRefused, Probe, ffmpeg_version, is_media, probe
from radsite.visibility import Decision

Render = Callable[[str], str]  # Markdown -> HTML, as the site renders it
# MkDocs' own Markdown extensions plus the example's: for callers without a site's set-up (tests).
DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition")
# Attributes through which HTML makes a browser load or link a file.
URL_ATTRIBUTES = ("href", "src", "srcset", "poster", "data", "background", "longdesc", "cite", "formaction",
                  "{http://www.w3.org/1999/xlink}href", "xlink:href", "imagesrcset")  # fmt: skip
# Files published as they are, beside the cleaned images and media: documents a page may link, read
# by the PHI guard first (radsite.guard.attachments).
AS_IS = TEXT_SUFFIXES | {".pdf"}


@dataclass
class PublishedFiles:
    pages: set[str] = field(default_factory=set)  # plain pages MkDocs renders (src_uri)
    images: dict[str, str] = field(default_factory=dict)  # output src_uri -> source src_uri, re-encoded clean
    media: dict[str, tuple[str, Probe]] = field(default_factory=dict)  # output src_uri -> source, what its remux keeps
    as_is: dict[str, str] = field(default_factory=dict)  # output src_uri -> source src_uri, copied unchanged
    findings: list[Finding] = field(default_factory=list)  # referenced files RadSite will not publish

    @property
    def assets(self) -> set[str]:
        return set(self.images) | set(self.media) | set(self.as_is)


def markdown_render(extensions: Sequence[Any] = DEFAULT_EXTENSIONS, configs: Mapping[str, Any] | None = None) -> Render:
    """Markdown to HTML with one reused Python-Markdown instance: the build passes the site's own
    extensions (MkDocs' `markdown_extensions` and `mdx_configs`), check those of mkdocs.yml."""
    md = markdown.Markdown(extensions=markdown_budget.with_depth_limit(extensions), extension_configs=dict(configs or {}))

    def render(text: str) -> str:
        return markdown_budget.budgeted(lambda t: md.reset().convert(t), text)  # TooSlow past it

    return render


def published_files(decision: Decision, content: ContentSet, sources: Sources, render: Render,
                    read: Callable[[str], bytes], prefix: str, languages: Mapping[str, Decision] | None = None,
                    *, region: str = DEFAULT_REGION) -> PublishedFiles:  # fmt: skip
    """Pages and files this build publishes; `read(src_uri)` gives a content file's bytes.

    `languages` are the other languages' decisions (radsite.languages): a translation's page lives
    under /<lang>/, so a file its body refers to relatively is published there too, from the file
    beside its original; front-matter files resolve against the translation's own folder. A file
    published as it is (a PDF, a text file) is read by the PHI guard first (`region`: its phones).
    """
    result = PublishedFiles(pages={page.src_uri for page in decision.pages})
    referenced: dict[str, str] = {}  # asset src_uri -> the published file that refers to it (for messages)
    names = asset_names(content.assets)
    for published in decision.items:  # a page's address is part of every link to it (translations share it)
        result.findings += file_name_findings(published.item.path, published.item.page_uri, region)
        if tags := published.fields.get("tags"):
            result.findings += tag_findings(published.item.path, published.item.line("tags"), tags, published.collection, region)
    for page in decision.pages:
        result.findings += file_name_findings(page.path, page.src_uri, region)
    for language in (decision, *(languages or {}).values()):
        for published in language.items:
            item = published.item
            for src in file_fields(published.fields):
                referenced.setdefault(item.asset_uri(src), item.path)
            for target in _references_of(published.body, item.page_uri, render, names, result, item.path, item.doc.body_line):
                referenced.setdefault(target, item.path)
        for page in language.pages:
            for target in _references_of(page.doc.body, page.src_uri, render, names, result, page.path, page.doc.body_line):
                referenced.setdefault(target, page.path)
    others = tuple(f"{lang}/" for lang in languages or {})
    checked: set[str] = set()  # sources read once: a translation's copy of a file says nothing new
    for target, referrer in sorted(referenced.items()):
        original = target
        if target not in content.assets and target.startswith(others):
            original = target.split("/", 1)[1]  # es/exams/ct.png: the file beside the original, exams/ct.png
        if original not in content.assets:
            continue  # a page, a listing, or a missing file (MkDocs and the checks report those)
        source = sources.aliases.get(original, original)
        first = source not in checked
        checked.add(source)
        _classify(target, source, referrer, read, prefix, result, region, first)
    return result


def _classify(target: str, source: str, referrer: str, read: Callable[[str], bytes], prefix: str,
              result: PublishedFiles, region: str, first: bool) -> None:  # fmt: skip
    """Where the file goes (images, media, as is) or why it is refused; what is found in the file
    itself (its name, its text, its metadata) is reported the `first` time its source is met."""
    shown = f"{prefix}/{source}" if prefix else source
    if first:
        result.findings += file_name_findings(shown, source, region)  # errors: a name is part of the file's address
    data = read(source)
    if is_media(source):
        _classify_media(target, source, shown, referrer, data, result, first)
        return
    try:
        kind = image_kind(data, source)
    except ImageRefused as refused:
        result.findings.append(Finding(shown, None, "asset", f"{refused} (used by {referrer})"))
        return
    if kind is not None:
        result.images[target] = source
    elif posixpath.splitext(source)[1].lower() in AS_IS:
        if first:
            result.findings += attachment_findings(shown, source, data, region)  # errors: nothing is published
        result.as_is[target] = source
    else:
        result.findings.append(Finding(shown, None, "asset",
            f"is used by {referrer}, but RadSite publishes only images, PDFs, audio, video and text files "
            f"({', '.join(sorted(AS_IS))}); convert it, or link to it elsewhere"))  # fmt: skip


def _classify_media(target: str, source: str, shown: str, referrer: str, data: bytes, result: PublishedFiles,
                    first: bool) -> None:  # fmt: skip
    """Audio or video: published as a remux without metadata (publish.media), or refused with what to do."""
    found = cache.current().memo("media-probe", data, (source.rsplit(".", 1)[-1].lower(), ffmpeg_version()),
                                 lambda: _probe_or_refusal(data, source), count=False)  # fmt: skip
    if isinstance(found, str):
        result.findings.append(Finding(shown, None, "asset", f"{found} (used by {referrer})"))
        return
    result.media[target] = (source, found)
    if first and (found.metadata or found.dropped):
        carried = ", ".join([*found.metadata, *found.dropped])
        result.findings.append(Finding(shown, None, "media-metadata",
            f"carries more than its sound and pictures ({carried}); the site gets a copy without any of it, but the "
            "file here keeps it: remove it from the source too (`ffmpeg -i IN -map 0:v? -map 0:a? -c copy "
            "-map_metadata -1 OUT`)", level="warning"))  # fmt: skip


def _probe_or_refusal(data: bytes, source: str) -> Probe | str:
    try:
        return probe(data, source)
    except MediaRefused as refused:
        return str(refused)


def asset_names(assets: set[str]) -> set[str]:
    """The file names of the content's assets, lower-case: what `body_references` looks for first."""
    return {posixpath.basename(a).lower() for a in assets}


def _references_of(body: str, src_uri: str, render: Render, names: set[str], result: PublishedFiles, path: str,
                   body_line: int) -> set[str]:  # fmt: skip
    """`body_references`, a body too slow to render being an error of its file (it publishes nothing)."""
    try:
        return body_references(body, src_uri, render, names)
    except markdown_budget.TooSlow as slow:
        result.findings.append(slow.finding(path, body_line))
        return set()


def body_references(body: str, src_uri: str, render: Render, names: set[str]) -> set[str]:
    """The site paths a body's rendered HTML refers to; none, without rendering, when it names no asset."""
    return references(render(body), src_uri) if may_refer(body, names) else set()


def may_refer(markdown: str, names: set[str]) -> bool:
    """Cheap: a text that names no asset (and encodes nothing) refers to none, so it needs no rendering."""
    if not names:
        return False
    lowered = markdown.lower()
    return "%" in lowered or "&#" in lowered or "\\" in lowered or any(name in lowered for name in names)


def file_fields(value: Any) -> Iterator[str]:
    """Every `src` of a kept file field (image, photo, images.N), wherever the schema nests it."""
    if isinstance(value, dict):
        src = value.get("src")
        if isinstance(src, str) and src:
            yield src
        for child in value.values():
            if isinstance(child, dict | list):
                yield from file_fields(child)
    elif isinstance(value, list):
        for child in value:
            yield from file_fields(child)


def references(html: str, src_uri: str) -> set[str]:
    """Content src_uris an HTML fragment links or embeds, resolved as MkDocs resolves links from `src_uri`."""
    if not html.strip():
        return set()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return set()
    found: set[str] = set()
    for element in root.iter():
        attributes = getattr(element, "attrib", None)
        if not attributes:
            continue
        for name in URL_ATTRIBUTES:
            value = attributes.get(name)
            if not value:
                continue
            urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] if "srcset" in name else [value]
            for url in urls:
                if (target := resolve(url, src_uri)) is not None:
                    found.add(target)
    return found


def resolve(url: str, src_uri: str) -> str | None:
    """The content src_uri a relative URL in `src_uri` means, as MkDocs resolves a Markdown link; None
    for another site's URL, a fragment alone, or a path out of the site."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(src_uri), path)
    normal = posixpath.normpath(joined)
    return None if normal.startswith("..") or normal == "." else normal
