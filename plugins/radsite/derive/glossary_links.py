"""Glossary definitions on patient pages: the first use of each report word gets its definition.

One matcher is compiled per build (a single regular expression of every term, alias and simple
plural, longest first) and each page's HTML is walked once. Text inside headings, links, code,
buttons and other terms is left alone. The definition is a native popover opened by a <button>:
keyboard users reach it with Tab, screen readers announce the button and its expanded state, and
Escape closes it; nothing depends on hover.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from radsite.content.glossary import Glossary, Term

# Elements whose text never gets a definition (void elements cannot hold text, so are not listed).
SKIP = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "script", "style",
                  "button", "dfn", "abbr", "label", "select", "option", "textarea", "summary", "svg",
                  "title", "template", "figcaption", "time"})  # fmt: skip
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")


def plurals(word: str) -> list[str]:
    """The word and its simple English plurals: nodule(s), effusion(s), opacity/opacities, mass/masses."""
    forms = [word]
    lower = word.casefold()
    if lower.endswith("y") and len(lower) > 2 and lower[-2] not in "aeiou":
        forms.append(word[:-1] + "ies")
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        forms.append(word + "es")
    else:
        forms.append(word + "s")
    return forms


@dataclass
class GlossaryMatcher:
    """Compiled once per build from the glossary; `annotate` is called once per page."""

    pattern: re.Pattern[str] | None
    by_form: dict[str, int]  # casefolded form -> index into terms
    terms: list[Term]
    href: Callable[[str], str | None]  # 'faq/slug' -> site path of the item, None when unpublished

    @classmethod
    def build(cls, glossary: Glossary, href: Callable[[str], str | None]) -> GlossaryMatcher:
        by_form: dict[str, int] = {}
        for index, term in enumerate(glossary.terms):
            for name in term.names:
                for form in plurals(name):
                    by_form.setdefault(form.casefold(), index)
        if not by_form:
            return cls(None, {}, glossary.terms, href)
        forms = sorted(by_form, key=lambda f: (-len(f), f))
        alternation = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
        pattern = re.compile(rf"(?<![\w&#-])(?:{alternation})(?![\w-])", re.IGNORECASE)
        return cls(pattern, by_form, glossary.terms, href)

    def annotate(self, page_html: str, page_url: str) -> str:
        """The page's HTML with the first use of each term turned into a definition button."""
        if self.pattern is None:
            return page_html
        used: set[int] = set()
        out: list[str] = []
        skipping: list[str] = []
        position = 0
        for tag in _TAG.finditer(page_html):
            text = page_html[position : tag.start()]
            out.append(self._mark(text, used, page_url) if not skipping and text.strip() else text)
            out.append(tag.group(0))
            _track(tag.group(0), skipping)
            position = tag.end()
        rest = page_html[position:]
        out.append(self._mark(rest, used, page_url) if not skipping and rest.strip() else rest)
        return "".join(out)

    def _mark(self, text: str, used: set[int], page_url: str) -> str:
        assert self.pattern is not None

        def replace(match: re.Match[str]) -> str:
            index = self.by_form.get(re.sub(r"\s+", " ", match.group(0)).casefold())
            if index is None or index in used:
                return match.group(0)
            used.add(index)
            return self._markup(match.group(0), index, page_url)

        return self.pattern.sub(replace, text)

    def _markup(self, shown: str, index: int, page_url: str) -> str:
        term = self.terms[index]
        popover = f"rs-def-{index}"
        more = ""
        target = self.href(term.link) if term.link else None
        if target is not None:
            relative = posixpath.relpath(target, page_url.rstrip("/") or ".") + ("/" if target.endswith("/") else "")
            more = f' <a href="{html.escape(relative)}">More about {html.escape(term.term)}</a>'
        return (
            f'<button type="button" class="rs-term" popovertarget="{popover}" '
            f'aria-describedby="{popover}-hint">{shown}</button>'
            f'<span class="rs-def" id="{popover}" popover role="note">'
            f'<strong class="rs-def__term">{html.escape(term.term)}</strong>: {html.escape(term.definition)}{more}'
            f"</span>"
            f'<span id="{popover}-hint" class="rs-def__hint" hidden>Glossary word: press to show its meaning</span>'
        )


def _track(tag: str, skipping: list[str]) -> None:
    """Keep the stack of open elements whose text is not annotated."""
    if tag.startswith("<!--"):
        return
    match = _TAG_NAME.match(tag)
    if not match:
        return
    name = match.group(1).lower()
    if name not in SKIP or tag.rstrip().endswith("/>"):
        return
    if tag.startswith("</"):
        if name in skipping:
            while skipping and skipping.pop() != name:
                pass
    else:
        skipping.append(name)
