"""Page HTML through an allow-list (nh3): what a body may embed, and a warning for whatever it may not.

Editors, pasted report text and imported records all end up as raw HTML in a page, and from there
in the feeds. Python-Markdown passes raw HTML and `attr_list` attributes through, so the HTML a
body renders to goes through nh3 (ammonia on html5ever, the parser browsers use) before the theme
sees it: script, event handlers, `javascript:` links, forms, plugins and iframes from other hosts
are removed, each with a warning naming the file and line.

A page with nothing to remove keeps its HTML byte for byte (nh3 writes `<br>` for `<br />`, `—`
for `&mdash;`, ...): the original is returned only when two views agree that nothing would go.
ammonia's own parse (a pass that keeps every element and attribute, its attribute callback seeing
each as the browser decodes it) finds nothing off the list, and libxml2 (a second, independent
HTML parser) reads the same elements, attributes and text in the original as in the sanitised HTML. Otherwise the sanitised HTML
is published. The Content-Security-Policy of every page (theme/main.html) is the line behind this.

HTML comments are editors' notes: every one is removed, silently (writing them is normal practice),
so that none reaches the page source or the feeds. The one exception is a revealed case's answer
marker, which theme/radsite/cases.html and the feeds split the page on: the first one is kept,
written exactly as `<!-- answer -->` whatever case or spacing the editor used.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nh3
from lxml import etree  # no stubs in the lock

from radsite.content.answer import MARKER
from radsite.findings import Finding
from radsite.visibility import Decision, Published

RULE = "html"
WHERE_TO_READ = "README: What you may embed in a page"

# What Markdown and the configured extensions write (headings with ids, tables, admonitions,
# attr_list, md_in_html, abbr), plus what an editor may embed on purpose.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s", "samp",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul", "var", "wbr",
    "video", "audio", "source", "track",  # files of this site only (see _media_url)
    "iframe",  # from the hosts in `embed_hosts` only
})  # fmt: skip
# Removed with their content: what they hold is code or a form, not text for a reader.
REMOVED_WITH_CONTENT = frozenset({
    "script", "style", "template", "noscript", "textarea", "select", "title", "xmp", "noembed",
    "noframes", "object", "applet",
})  # fmt: skip
ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"id", "class", "title", "lang", "dir"}),
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "srcset", "sizes", "width", "height", "loading", "decoding"}),
    "th": frozenset({"colspan", "rowspan", "align", "style"}),  # style: text-align, from the tables extension
    "td": frozenset({"colspan", "rowspan", "align", "style"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"datetime"}),
    "ins": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "video": frozenset({"src", "poster", "controls", "width", "height", "preload", "muted", "loop", "playsinline"}),
    "audio": frozenset({"src", "controls", "preload", "muted", "loop"}),
    "source": frozenset({"src", "srcset", "type", "media", "sizes", "width", "height"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "iframe": frozenset({"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"}),
}
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster"})
_TEXT_ALIGN = re.compile(r"\s*text-align\s*:\s*(left|right|center|justify)\s*;?\s*", re.IGNORECASE)

# Every element name html5ever may build, so that the pass that keeps everything keeps it.
_FOREIGN_TAGS = frozenset({  # inside <svg> or <math>: reported as the <svg> or <math> they are in
    "foreignObject", "foreignobject", "desc", "annotation-xml", "annotation", "semantics", "mi", "mo", "mn",
    "ms", "mtext", "mglyph", "malignmark", "mrow", "mfrac", "msqrt", "mroot", "msup", "msub", "msubsup",
    "mtable", "mtr", "mtd", "animate", "animateMotion", "animateTransform", "set", "use", "g", "path",
    "circle", "rect", "line", "polyline", "polygon", "ellipse", "text", "tspan", "textPath", "defs",
    "symbol", "marker", "pattern", "mask", "clipPath", "linearGradient", "radialGradient", "stop", "filter",
    "feImage", "altGlyph", "altGlyphDef", "altGlyphItem", "glyphRef", "fePointLight", "feSpotLight",
    "feDistantLight", "feTurbulence", "view", "handler", "listener", "discard",
})  # fmt: skip
_KNOWN_TAGS = ALLOWED_TAGS | REMOVED_WITH_CONTENT | _FOREIGN_TAGS | frozenset({
    "address", "area", "article", "aside", "base", "basefont", "bdi", "bdo", "bgsound", "big", "blink",
    "body", "button", "canvas", "center", "data", "datalist", "dialog", "dir", "embed", "fieldset",
    "font", "footer", "form", "frame", "frameset", "head", "header", "hgroup", "html", "image", "input",
    "isindex", "keygen", "label", "legend", "link", "listing", "main", "map", "marquee", "menu",
    "menuitem", "meta", "meter", "multicol", "nav", "nobr", "optgroup", "option", "output", "param",
    "plaintext", "portal", "progress", "rb", "rp", "rt", "rtc", "ruby", "search", "section", "slot",
    "spacer", "strike", "tt", "svg", "math",
})  # fmt: skip
_RAW_TAG = re.compile(r"<([A-Za-z][^\t\n\f\r />]*)")
_BEFORE_COLON = re.compile(r":([A-Za-z0-9+.\-]+)")  # over reversed text: what precedes each colon
_MARK = "data-radsite-seen"  # set on every element in the pass that keeps everything, so the callback sees each
_C0_OR_SPACE = "".join(chr(n) for n in range(0x21))
# nh3's output, token by token: a comment, a tag (values always double-quoted), text (its `<` escaped).
_CANONICAL = re.compile(r'<!--.*?-->|<(/?)([A-Za-z][^\s/>]*)((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)\s*/?>|[^<]+|<', re.DOTALL)
ANSWER_MARKER = "<!-- answer -->"  # what theme/radsite/cases.html and publish/entries.py split a case on
# What may start a comment in HTML as a browser reads it: `<!--`, `<!x` and `<?x` (bogus comments), `</1`.
_MAYBE_COMMENT = re.compile(r"<[!?]|</(?![A-Za-z>])")


@dataclass(frozen=True)
class Source:
    """Where a page's HTML came from: the file as editors name it, and its Markdown body."""

    path: str  # "content/news/new-mri-scanner.md"
    body: str  # the body as written (front matter removed)
    first_line: int = 1  # the body's first line in the file
    keeps_answer_marker: bool = False  # a case: its first `<!-- answer -->` stays for the template to split on


@dataclass(frozen=True)
class Sanitized:
    html: str
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Removal:
    """Something the allow-list takes out: an element, or one attribute of an element."""

    tag: str
    attribute: str | None = None
    value: str = ""
    reason: str = ""


class Sanitizer:
    """The allow-list of one build: embeddable iframe hosts and the site's own host (for media)."""

    def __init__(self, embed_hosts: Iterable[str] = (), site_url: str = "") -> None:
        self.embed_hosts = frozenset(h.strip().lower() for h in embed_hosts if h.strip())
        self.site_host = (urlsplit(site_url).hostname or "").lower()
        self._cleaner = nh3.Cleaner(
            tags=set(ALLOWED_TAGS),
            clean_content_tags=set(REMOVED_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
            attribute_filter=self._keep,
            url_schemes=set(LINK_SCHEMES),
            strip_comments=False,  # comments go in _without_comments, which keeps a case's answer marker
            link_rel=None,
        )  # fmt: skip
        self._all: nh3.Cleaner | None = None
        self._all_tags: set[str] = set(_KNOWN_TAGS)
        self._all_schemes: set[str] = set(LINK_SCHEMES)
        self._seen: list[tuple[str, str, str]] = []

    def sanitize(self, html: str, source: Source) -> Sanitized:
        """The HTML a body rendered to, made safe; a warning for each removal, at its line in the source."""
        removals = self.removals(html)
        clean = _without_comments(_drop_emptied_iframes(self._cleaner.clean(html)), source.keeps_answer_marker)
        kept_marker = ANSWER_MARKER in clean
        rest = html.replace(ANSWER_MARKER, "", 1) if kept_marker else html
        if not removals and not _MAYBE_COMMENT.search(rest) and _view(html) == _view(clean):
            return Sanitized(html)
        locate = _Locator(source.body, source.first_line)
        findings = [
            Finding(source.path, locate.line(r), RULE, f"{_what(r)} removed: {r.reason} ({WHERE_TO_READ})", "warning")
            for r in removals
        ]
        return Sanitized(clean, findings)

    def removals(self, html: str) -> list[Removal]:
        """Every element and attribute off the allow-list, as ammonia's parse of `html` sees them."""
        seen: list[tuple[str, str, str]] = []
        self._seen = seen
        self._keeping_all(html).clean(html)
        found: list[Removal] = []
        for tag, attribute, value in seen:
            if attribute == _MARK:
                inside_foreign = tag in _FOREIGN_TAGS and any(r.tag in ("svg", "math") for r in found)
                if tag not in ALLOWED_TAGS and not inside_foreign:
                    found.append(Removal(tag, reason=_tag_reason(tag)))
            elif tag in ALLOWED_TAGS and (reason := self.attribute_reason(tag, attribute, value)):
                found.append(Removal(tag, attribute, value, reason))
        return found

    def _keeping_all(self, html: str) -> nh3.Cleaner:
        """A cleaner that keeps every element and attribute of `html` and shows each to `_record`.

        Every element name and URL scheme written in `html` must be allowed, or ammonia would drop
        it unseen; the sets only grow during a build, so the cleaner is rebuilt only for a new name.
        """
        tags = {_ascii_lower(name).replace("\0", "\ufffd") for name in set(_RAW_TAG.findall(html))}
        schemes = _schemes_in(html)
        if self._all is None or not tags <= self._all_tags or not schemes <= self._all_schemes:
            self._all_tags |= tags
            self._all_schemes |= schemes
            self._all = nh3.Cleaner(
                tags=set(self._all_tags), clean_content_tags=set(), generic_attribute_prefixes={""},
                url_schemes=set(self._all_schemes), strip_comments=False, link_rel=None, attribute_filter=self._record,
                set_tag_attribute_values={tag: {_MARK: ""} for tag in self._all_tags},
            )  # fmt: skip
        return self._all

    def _record(self, tag: str, attribute: str, value: str) -> str:
        self._seen.append((tag, attribute, value))
        return value

    def attribute_reason(self, tag: str, attribute: str, value: str) -> str | None:
        """Why this attribute must go, or None when it may stay."""
        if attribute not in ATTRIBUTES["*"] and attribute not in ATTRIBUTES.get(tag, ()):
            if attribute.startswith("on"):
                return "event handlers are script, which pages may not carry"
            if attribute == "style":
                return "pages are styled by the theme; only text-align on table cells is kept"
            return f"{attribute}= is not on the allow-list for <{tag}>"
        if attribute == "style" and not _TEXT_ALIGN.fullmatch(value):
            return "only text-align is kept in the style of a table cell"
        if attribute not in URL_ATTRIBUTES:
            return None
        urls = [c.strip().split()[0] for c in value.split(",") if c.strip()] if attribute == "srcset" else [value]
        for url in urls:
            reason = self._url_reason(tag, attribute, url)
            if reason:
                return reason
        return None

    def _url_reason(self, tag: str, attribute: str, url: str) -> str | None:
        scheme, host = _scheme_and_host(url)
        if tag == "iframe":
            if scheme != "https" or host not in self.embed_hosts:
                listed = ", ".join(sorted(self.embed_hosts)) or "none yet"
                return (f"only https pages from the hosts in `embed_hosts` of the radsite plugin in mkdocs.yml "
                        f"may be embedded (listed: {listed}); this one is from {host or 'no host'}")  # fmt: skip
            return None
        if tag in ("video", "audio", "source", "track") and attribute in ("src", "poster"):
            if scheme or host:
                if scheme in ("http", "https") and host and host == self.site_host:
                    return None
                return "video and audio must be files of this site: put the file beside the page, use a relative path"
            return None
        if tag in ("img", "source") and attribute in ("src", "srcset") and (scheme or host):
            if scheme in ("http", "https") and host and host == self.site_host:
                return None
            if scheme in ("http", "https", ""):
                return ("images must be files of this site: a picture loaded from another site tells that site who "
                        "reads the page, and RadSite cannot check it or strip its metadata; save it beside the page "
                        "and use a relative path")  # fmt: skip
        allowed = LINK_SCHEMES if (tag, attribute) == ("a", "href") else frozenset({"http", "https"})
        if scheme and scheme not in allowed:
            return (f"{scheme}: URLs can run script or hide content; link to a page of this site or an "
                    f"{'http(s), mailto: or tel:' if tag == 'a' else 'http(s)'} address")  # fmt: skip
        return None

    def _keep(self, tag: str, attribute: str, value: str) -> str | None:
        return None if self.attribute_reason(tag, attribute, value) else value


def page_sources(decision: Decision) -> dict[str, Source]:
    """The source of every page whose body an editor wrote, by the page's src_uri in the built site.

    Item pages are generated at `<collection>/<slug>.md` from the item's file; the home page carries
    the body of `index.md`. Pages RadSite writes itself (listings, glossary, search) have none.
    """
    sources = {page.src_uri: Source(page.path, page.doc.body, page.doc.body_line) for page in decision.pages}
    for uri, published in decision.by_page_uri.items():
        sources[uri] = item_source(published)
    return sources


def item_source(published: Published) -> Source:
    """The source of an item's page: its file's body (a collection with an answer: the marker splits it)."""
    item = published.item
    splits = bool(type(item.meta).answer_fields)
    return Source(item.path, item.doc.body, item.doc.body_line, keeps_answer_marker=splits)


def _what(r: Removal) -> str:
    return f"<{r.tag}>" if r.attribute is None else f"{r.attribute}= of <{r.tag}>"


_TAG_REASONS = {
    "script": "scripts may not run in pages",
    "style": "pages are styled by the theme",
    "svg": "inline SVG can carry script: save the drawing as a file and show it with ![alt text](drawing.svg)",
    "math": "write the formula as text, or show it as an image with alt text",
    "form": "forms are not allowed in pages; link to the form instead",
    "input": "forms are not allowed in pages; link to the form instead",
    "button": "forms are not allowed in pages; link to the form instead",
    "object": "plugins are not allowed: use <video> or <audio> with a file of this site",
    "embed": "plugins are not allowed: use <video> or <audio> with a file of this site",
    "link": "pages cannot load style sheets or other documents",
    "meta": "pages cannot set their own head",
    "base": "pages cannot change where their links point",
}


def _tag_reason(tag: str) -> str:
    return _TAG_REASONS.get(tag, f"<{tag}> is not on the allow-list")


def _scheme_and_host(url: str) -> tuple[str, str]:
    """A URL's scheme and host as a browser reads them (outer blanks and C0 controls, tabs and newlines
    ignored; a backslash is a slash, so `/\\host/x` is another host's file)."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip(_C0_OR_SPACE).replace("\\", "/")
    parts = urlsplit(cleaned)
    return parts.scheme.lower(), (parts.hostname or "").lower()


def _schemes_in(html: str) -> set[str]:
    """Every word that could be a URL scheme in `html`, as written or with its character references decoded.

    A scheme is the run of scheme characters before a colon (tabs and newlines ignored, as browsers
    do); the text is read backwards so that the search starts only at colons.
    """
    found: set[str] = set()
    for text in {html, htmllib.unescape(html)}:
        for m in _BEFORE_COLON.finditer(re.sub(r"[\t\n\r]", "", text)[::-1]):
            run = m.group(1)[::-1].lower()
            found |= {run, run.lstrip("0123456789+.-")}
    return found


def _ascii_lower(name: str) -> str:
    return name.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"))


def _drop_emptied_iframes(clean: str) -> str:
    """An iframe whose address was removed is removed whole; what an allowed one holds is never shown.

    nh3's output is read token by token, so an `<iframe` inside an attribute value or a comment
    is never taken for an element.
    """
    if "<iframe" not in clean:
        return clean
    out: list[str] = []
    at = 0
    while at < len(clean):
        token = _CANONICAL.match(clean, at)
        assert token is not None  # the last alternative matches any one character
        at = token.end()
        if token.group(2) == "iframe" and not token.group(1):
            end = clean.find("</iframe>", at)  # the content of an iframe is raw text, up to its end tag
            at = len(clean) if end < 0 else end + len("</iframe>")
            attributes = token.group(3)
            if re.search(r'\ssrc="', attributes):
                out.append(f"<iframe{attributes}></iframe>")
            continue
        out.append(token.group(0))
    return "".join(out)


def _without_comments(clean: str, keep_answer_marker: bool) -> str:
    """nh3's output without its comments, but for the first answer marker when the page splits on one.

    Read token by token (see _CANONICAL), so `<!--` inside an attribute value is left alone; a bogus
    comment (`<?x>`, `<!x>`) comes out of nh3 as a comment and goes with the others.
    """
    if "<!--" not in clean:
        return clean
    out: list[str] = []
    at = 0
    keep = keep_answer_marker
    while at < len(clean):
        token = _CANONICAL.match(clean, at)
        assert token is not None  # the last alternative matches any one character
        at = token.end()
        text = token.group(0)
        if text.startswith("<!--"):  # only a whole comment starts so: text has its `<` escaped
            if keep and MARKER.fullmatch(text):
                out.append(ANSWER_MARKER)
                keep = False
            continue
        out.append(text)
    return "".join(out)


_VIEW_PARSER = etree.HTMLParser(recover=True, remove_comments=False, remove_pis=False, default_doctype=False)


def _view(html: str) -> list[tuple[object, ...]]:
    """libxml2's reading of some HTML (its own HTML5 tokenizer): elements, attributes, text, comments, in order."""
    root = etree.fromstring(f"<html><body>{html}</body></html>", _VIEW_PARSER)
    if root is None:  # nothing but blanks
        return []
    return [(e.tag, tuple(e.attrib.items()), e.text, e.tail) for e in root.iter()]


class _Locator:
    """Finds the source line of each removal: the n-th removal of a kind is at the n-th place it is written."""

    def __init__(self, body: str, first_line: int) -> None:
        self.lines = body.splitlines()
        self.decoded = [htmllib.unescape(line) for line in self.lines]
        self.first_line = first_line
        self.used: dict[str, int] = {}

    def line(self, removal: Removal) -> int:
        for pattern in _needles(removal):
            hits = [n for n, (raw, dec) in enumerate(zip(self.lines, self.decoded, strict=True))
                    if re.search(pattern, raw, re.IGNORECASE) or re.search(pattern, dec, re.IGNORECASE)]  # fmt: skip
            if hits:
                turn = self.used.get(pattern, 0)
                self.used[pattern] = turn + 1
                return self.first_line + hits[min(turn, len(hits) - 1)]
        return self.first_line


def _needles(r: Removal) -> list[str]:
    if r.attribute is None:
        names = {"img": ["img", "image"]}.get(r.tag, [r.tag])
        return [rf"<\s*{re.escape(name)}(?![\w-])" for name in names]
    # The attribute with its value first; the value alone when it is distinctive (Markdown writes a
    # link's href from `[text](url)`); a short value ("1") alone only last: it is on many lines.
    value, attribute = r.value.strip()[:40], re.escape(r.attribute)
    with_value = [rf"(?<![\w-]){attribute}\s*=\s*[\"']?{re.escape(value)}"] if value else []
    distinctive = [re.escape(value)] if len(value) >= 8 else []
    short = [re.escape(value)] if 0 < len(value) < 8 else []
    return [*with_value, *distinctive, rf"(?<![\w-]){attribute}\s*=", rf"(?<![\w-]){attribute}(?![\w-])", *short]
