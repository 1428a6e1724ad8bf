"""Glossary definitions on patient pages: the first use of each report word gets its definition.

One matcher is built per build (a dictionary of every term, alias and simple plural) and each
page's HTML is walked once. Text inside headings, links, code,
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
from radsite.locales import translate

# Elements whose text never gets a definition (void elements cannot hold text, so are not listed).
SKIP = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "script", "style",
                  "button", "dfn", "abbr", "label", "select", "option", "textarea", "summary", "svg",
                  "title", "template", "figcaption", "time"})  # fmt: skip
# Definitions stay out of the search index (Material's lunr and Pagefind): the A-Z page has them.
NOT_INDEXED = "data-search-exclude data-pagefind-ignore"
HINT = "Glossary word: press to show its meaning"
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


_WORD = re.compile(r"[^\W\d_][\w-]*")  # a word, hyphenated words whole: "x-ray", "BI-RADS"


@dataclass
class GlossaryMatcher:
    """Built once per build from the glossary; `annotate` is called once per page.

    Matching walks the words of each text once and looks each up in a dictionary of term forms
    (term, aliases, simple plurals); a word that starts a multi-word form ("incidental finding")
    tries those forms, longest first. One alternation regex of every form was 30 times slower.
    """

    single: dict[str, int]  # casefolded one-word form -> index into terms
    multi: dict[str, list[tuple[re.Pattern[str], int]]]  # first word -> (form pattern, index), longest first
    terms: list[Term]
    href: Callable[[str], str | None]  # 'faq/slug' -> site path of the item, None when unpublished
    lang: str = "en"  # the language of the pages it marks: its own words in it (radsite.locales)

    @classmethod
    def build(cls, glossary: Glossary, href: Callable[[str], str | None]) -> GlossaryMatcher:
        single: dict[str, int] = {}
        multi: dict[str, list[tuple[int, re.Pattern[str], int]]] = {}
        for index, term in enumerate(glossary.terms):
            for name in term.names:
                for form in plurals(name):
                    words = form.casefold().split()
                    if len(words) == 1:
                        single.setdefault(words[0], index)
                        continue
                    pattern = re.compile(r"\s+".join(map(re.escape, words)) + r"(?![\w-])", re.IGNORECASE)
                    multi.setdefault(words[0], []).append((len(form), pattern, index))
        ordered = {w: [(p, i) for _, p, i in sorted(forms, key=lambda f: -f[0])] for w, forms in multi.items()}
        return cls(single, ordered, glossary.terms, href)

    def annotate(self, page_html: str, page_url: str) -> str:
        """The page's HTML with the first use of each term turned into a definition button."""
        if not self.single and not self.multi:
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
        if len(used) == len(self.terms):
            return text
        pieces: list[str] = []
        done = 0  # text[:done] is in pieces already
        skip = 0  # words before this offset belong to a longer term
        for word in _WORD.finditer(text):
            start = word.start()
            if start < skip or (start and text[start - 1] in "&#"):
                continue  # inside a longer term, or an entity (&amp;)
            key = word.group(0).casefold()
            found: tuple[int, int] | None = None  # (end, index)
            for pattern, index in self.multi.get(key, ()):
                if m := pattern.match(text, start):
                    found = (m.end(), index)
                    break
            if found is None and (single := self.single.get(key)) is not None:
                found = (word.end(), single)
            if found is None:
                continue
            end, index = found
            skip = end
            if index in used:
                continue
            used.add(index)
            pieces.append(text[done:start])
            pieces.append(self._markup(text[start:end], index, page_url))
            done = end
        if not pieces:
            return text
        pieces.append(text[done:])
        return "".join(pieces)

    def _markup(self, shown: str, index: int, page_url: str) -> str:
        term = self.terms[index]
        popover = f"rs-def-{index}"
        more = ""
        target = self.href(term.link) if term.link else None
        if target is not None:
            relative = posixpath.relpath(target, page_url.rstrip("/") or ".") + ("/" if target.endswith("/") else "")
            words = translate("More about {term}", self.lang, term=term.term)
            more = f' <a href="{html.escape(relative)}">{html.escape(words)}</a>'
        return (
            f'<button type="button" class="rs-term" popovertarget="{popover}" '
            f'aria-describedby="{popover}-hint">{shown}</button>'
            f'<span class="rs-def" id="{popover}" popover role="note" {NOT_INDEXED}>'
            f'<strong class="rs-def__term">{html.escape(term.term)}</strong>: {html.escape(term.definition)}{more}'
            f"</span>"
            f'<span id="{popover}-hint" class="rs-def__hint" hidden {NOT_INDEXED}>{translate(HINT, self.lang)}</span>'
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
