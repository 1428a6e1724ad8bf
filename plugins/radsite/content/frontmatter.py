"""Front matter that remembers where every key was written.

Errors must name the line an editor has to change, so the YAML is composed into nodes (which keep
their positions) before it is turned into Python values. Timestamps are left as strings: the
schemas parse them, so a date-time is read the same way whether YAML recognised it or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from radsite.content.sources import first_control, normalise_text

FENCE = "---"
MAX_DEPTH = 20  # nesting of mappings and lists; real front matter needs 4
MAX_NODES = 20_000  # values in one front matter; real front matter has under 300
MAX_DIGITS = 100  # an integer longer than this is no field's value (Python refuses over 4,300 digits)
_INT = "tag:yaml.org,2002:int"
# Keys that withhold an item (radsite.content.schemas.base, cases' reveal_at): written after the closing
# fence they are text, and the item is published as if they were not there.
WITHHOLDING_KEYS = frozenset({"draft", "publish_at", "reveal_at", "audience", "visibility"})
_KEY_LINE = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_FIELD = re.compile(r"[a-z_][a-z0-9_]*")  # how every schema's field is named; prose rarely starts so


class FrontMatterError(Exception):
    """A document whose front matter cannot be read; `line` is 1-based in the source file."""

    def __init__(self, line: int, message: str, rule: str = "yaml") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.rule = rule


@dataclass
class Document:
    data: dict
    lines: dict[str, int] = field(default_factory=dict)  # dotted key ("quiz.answer", "images.0.alt") -> line
    body: str = ""
    body_line: int = 1  # line number of the first body line
    has_front_matter: bool = True
    text: str = ""  # the whole source, for checks that read it line by line (the PHI guard)

    def line_of(self, dotted: str) -> int:
        """The line of a key, or of its nearest parent that was written, or of the opening fence."""
        parts = dotted.split(".") if dotted else []
        while parts:
            key = ".".join(parts)
            if key in self.lines:
                return self.lines[key]
            parts.pop()
        return 1


class _Loader(yaml.SafeLoader):
    """SafeLoader without the implicit timestamp type: dates stay strings for the schemas."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# Composing nodes is most of the cost of loading content (profiled in bench/README.md): libyaml's
# parser does it several times faster than PyYAML's pure-Python one, with the same node positions.
if getattr(yaml, "__with_libyaml__", False):

    class _Composer(yaml.CSafeLoader):
        """libyaml's parser with `_Loader`'s resolvers (no implicit timestamps)."""

    _Composer.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
else:  # pragma: no cover - PyYAML built without libyaml
    _Composer = _Loader  # type: ignore[misc,assignment]


def split(text: str) -> tuple[str | None, str, int, int]:
    """Split a Markdown source into (front matter or None, body, front matter first line, body line)."""
    text = normalise_text(text)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != FENCE:
        return None, text, 0, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() in (FENCE, "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), 2, index + 2
    raise FrontMatterError(
        1, "front matter opened with '---' is never closed (add a line '---' after the last field)"
    )


def parse(text: str, *, require: bool = True) -> Document:
    """Parse a Markdown source into its front matter (with key lines) and body."""
    text = normalise_text(text)
    if not text.strip():
        raise FrontMatterError(1, "file is empty (start it with front matter between two '---' lines)")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FrontMatterError(line, "the file contains a NUL byte (it is binary, or was saved in UTF-16): "
                                     "save it as UTF-8 text", rule="encoding")
    yaml_text, body, first_line, body_line = split(text)
    if yaml_text is None:
        _refuse_stray_fields(body, 1, fenced=False)
        if require:
            raise FrontMatterError(1, "no front matter (start the file with '---', the fields, then '---')")
        return Document(data={}, body=body, body_line=1, has_front_matter=False, text=text)
    offset = first_line - 1
    try:
        node = yaml.compose(yaml_text, Loader=_Composer)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = (mark.line + 1 + offset) if mark else first_line
        problem = e.problem or "invalid YAML"
        hint = " (check indentation and quote values that contain ':' or '#')"
        raise FrontMatterError(line, f"YAML syntax error: {problem}{hint}") from None
    except yaml.YAMLError as e:  # a reader error: a control character YAML does not accept
        mark = getattr(e, "position", None)
        line = yaml_text[:mark].count("\n") + 1 + offset if isinstance(mark, int) else first_line
        raise FrontMatterError(line, "front matter contains a character YAML does not accept (a control "
                                     "character); delete it or save the file as plain UTF-8 text") from None
    _refuse_stray_fields(body, body_line)
    if node is None:
        return Document(data={}, body=body, body_line=body_line, text=text)
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(
            node.start_mark.line + 1 + offset,
            "front matter is not a mapping of fields (write one 'field: value' per line)",
        )
    check_shape(node, offset)
    lines: dict[str, int] = {}
    _record_lines(node, "", offset, lines)
    loader = _Loader("")
    try:
        data = loader.construct_document(node)
    except yaml.constructor.ConstructorError as e:  # pragma: no cover - exotic tags only
        mark = e.problem_mark
        raise FrontMatterError((mark.line + 1 + offset) if mark else first_line, str(e.problem)) from None
    except (ValueError, OverflowError) as e:  # a value YAML resolves but Python refuses to build
        raise FrontMatterError(first_line, f"a value could not be read ({e}); quote values that are text") from None
    finally:
        loader.dispose()
    return Document(data=data, lines=lines, body=body, body_line=body_line, text=text)


def _refuse_stray_fields(body: str, body_line: int, *, fenced: bool = True) -> None:
    """Fields written after the closing fence are body text: a `draft: true` there withholds nothing.
    The body's first block is taken for front matter when it is `key: value` lines closed by a fence
    of their own (a second front matter), or when one of its keys withholds the item."""
    lines = body.splitlines()
    start = next((index for index, line in enumerate(lines) if line.strip()), len(lines))
    end, keys = start, []
    key_lines: dict[str, int] = {}
    while end < len(lines) and lines[end].rstrip() not in (FENCE, "..."):
        match = _KEY_LINE.match(lines[end])
        if match:
            keys.append(match.group("key"))
            key_lines.setdefault(match.group("key"), body_line + end)
        elif not (keys and lines[end][:1] in (" ", "\t", "-")):  # a list or a nested value under a key
            break
        end += 1
    if not keys:
        return
    closed = end < len(lines) and lines[end].rstrip() in (FENCE, "...") and all(_FIELD.fullmatch(key) for key in keys)
    withholding = [key for key in keys if key in WITHHOLDING_KEYS]
    if closed or withholding:
        key = (withholding or keys)[0]
        if not fenced:
            raise FrontMatterError(key_lines[key], f"'{key}:' is written without the front matter's opening "
                                   "'---', so it is page text and does nothing: add a line '---' above the fields "
                                   "(and one below them)", rule="front-matter")  # fmt: skip
        raise FrontMatterError(key_lines[key], f"'{key}:' is written after the front matter's closing '---' "
                               f"(line {body_line - 1}), so it is page text and does nothing: move it above that "
                               "line, into the front matter", rule="front-matter")  # fmt: skip


def check_shape(root: yaml.Node, offset: int, max_nodes: int = MAX_NODES, what: str = "front matter") -> None:
    """Refuse, before anything is built from it, front matter that would cost more than it says.

    A YAML alias makes a node appear in two places: a few hundred bytes of nested aliases expand
    to gigabytes. Front matter never needs one, so any alias is refused; so is nesting deeper than
    MAX_DEPTH and more than MAX_NODES values. Walked without recursion: depth is what is checked.
    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + 1 + offset
        if id(node) in seen:
            raise FrontMatterError(line, f"YAML aliases (*name) are not allowed in {what}; "
                                         "write the value out where it is needed")
        seen.add(id(node))
        if len(seen) > max_nodes:
            raise FrontMatterError(line, f"{what} has more than {max_nodes:,} values; "
                                         "move long data to a separate page or file")
        if isinstance(node, yaml.ScalarNode) and (char := first_control(node.value.replace("\r", ""))):  # "\r": a break
            raise FrontMatterError(line, f"a value holds the invisible character U+{ord(char):04X} (an escape "
                                         "such as \\x0b or \\u000b in quotes writes one), which no page, feed "
                                         "or sitemap can carry; delete it", rule="encoding")
        if isinstance(node, yaml.ScalarNode) and node.tag == _INT and len(node.value) > MAX_DIGITS:
            raise FrontMatterError(line, f"a number of {len(node.value):,} characters; no field needs one "
                                         "that long (quote it if it is text)")
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            if depth > MAX_DEPTH:
                raise FrontMatterError(line, f"{what} is nested more than {MAX_DEPTH} levels deep; "
                                             "flatten it (no real field needs this)")
            children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
            stack.extend((child, depth + 1) for child in children)


def _record_lines(node: yaml.Node, prefix: str, offset: int, lines: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}"
            line = key_node.start_mark.line + 1 + offset
            if key in lines:
                raise FrontMatterError(
                    line, f"duplicate key {key_node.value!r} (first given on line {lines[key]}; keep one)"
                )
            lines[key] = line
            _record_lines(value_node, key + ".", offset, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            key = f"{prefix}{index}"
            lines[key] = child.start_mark.line + 1 + offset
            _record_lines(child, key + ".", offset, lines)
