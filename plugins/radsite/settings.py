"""RadSite's settings, declared once: the `Settings` dataclass is the declaration of every option.

Each option is a field with its type, its default and a line of help (`option(...)`). From it follow
the MkDocs config class (`radsite.plugin.config.RadSiteConfig`), the parsing of the options, and
their error messages, one code path for `radsite check` and the build, so the two always agree
(and this module does not import MkDocs: the CLI reads mkdocs.yml without it).

Environment overrides (`RADSITE_AUDIENCE`, `RADSITE_NOW`) make a build reproducible: CI and tests
pin the clock instead of depending on when they run.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

import yaml

from radsite.audiences import Audiences, parse_audiences
from radsite.content.registry import COLLECTIONS
from radsite.syndicate.routing import Routing, parse_routing
from radsite.timeutil import parse_now, zone
from radsite.visibility import Audience, Policy

OPTION = "radsite-option"  # field metadata key: the option's name in mkdocs.yml


def _phone_region(value: str) -> str:
    import phonenumbers

    code = value.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"{value!r} is not a country code phone numbers are known for (e.g. US, GB, CA, AU, ES)")
    return code


def option(doc: str, *, name: str | None = None, check: Callable[[Any], Any] | None = None) -> dict[str, Any]:
    """Metadata that makes a Settings field an option of the `radsite` plugin (`name` if it is not the
    field's name); `doc` is what to write, shown in every message about it; `check` refines (or
    converts) a value of the right type."""
    return {OPTION: name, "doc": doc, "check": check}


def _zone_name(value: str) -> str:
    try:
        zone(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a time zone name") from None
    return value


def _instant(value: str | None) -> str | None:
    if value is not None:
        try:
            dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO 8601 date-time") from None
    return value


def _reading_ease(value: dict[str, float]) -> dict[str, float]:
    from radsite.derive.readability import SCALES

    for lang, floor in value.items():
        scale = SCALES.get(lang)
        if scale is None or not scale.higher_is_easier:
            known = ", ".join(k for k, v in SCALES.items() if v.higher_is_easier)
            raise ValueError(f"{lang!r} has no reading-ease scale (known: {known}; English uses max_grade)")
        if not 0 <= floor <= 100:
            raise ValueError(f"{lang}: {floor} is not on the 0 to 100 scale")
    return dict(value)


def _level(value: str) -> str:
    """`warn` or `error` in mkdocs.yml; findings call the first a warning."""
    return "error" if value == "error" else "warning"


def _hashtags(value: dict[str, str]) -> dict[str, str]:
    return {tag: text.lstrip("#") for tag, text in value.items() if text}


def _trial_sites(value: dict[str, list[str]]) -> dict[str, list[str]]:
    if unknown := sorted(set(value) - {"site_names", "cities"}):
        raise ValueError(f"unknown key {unknown[0]!r} (known: site_names, cities)")
    return value


def _collections(value: tuple[str, ...]) -> tuple[str, ...]:
    if unknown := [name for name in value if name not in COLLECTIONS]:
        near = difflib.get_close_matches(unknown[0], COLLECTIONS, n=1)
        raise ValueError(f"{unknown[0]!r} is not a collection" + (f" (did you mean {near[0]!r}?)" if near else ""))
    return value


def _hosts(value: tuple[str, ...]) -> tuple[str, ...]:
    if bad := [host for host in value if not host.strip() or "/" in host or ":" in host]:
        raise ValueError(f"{bad[0]!r} is not a host name (write the host only, e.g. www.youtube-nocookie.com)")
    return value


def _questions(value: dict[str, str]) -> dict[str, str]:
    """Where the /ask/ form sends a question: an https endpoint, or else an e-mail address."""
    if unknown := sorted(set(value) - {"endpoint", "email"}):
        raise ValueError(f"unknown key {unknown[0]!r} (known: endpoint, email)")
    endpoint = value.get("endpoint", "")
    if endpoint and not endpoint.startswith(("https://", "http://")):
        raise ValueError(f"endpoint: {endpoint!r} is not a web address (write https://...)")
    email = value.get("email", "")
    if email and ("@" not in email or any(c in email for c in ' <>"?')):
        raise ValueError(f"email: {email!r} is not an e-mail address")
    return value


def _languages(value: tuple[str, ...]) -> tuple[str, ...]:
    from radsite.content.sources import known_language

    if not value:
        raise ValueError("the list is empty; write at least the default language, e.g. [en]")
    if bad := [code for code in value if code != code.lower() or not known_language(code) or "_" in code or "-" in code]:
        raise ValueError(f"{bad[0]!r} is not a two- or three-letter language code (ISO 639), e.g. es")
    if len(set(value)) != len(value):
        raise ValueError("a language is listed twice")
    return value


def _at_least_zero(value: int) -> int:
    if value < 0:
        raise ValueError(f"{value} is below 0")
    return value


@dataclass(frozen=True)
class Settings:
    """One build's settings; every field with `option(...)` metadata is an option of the plugin."""

    content_dir: Path
    site_url: str = ""  # from mkdocs.yml's site_url, not a plugin option
    department: str = field(default="", metadata=option("the department's name, shown as the site's title"))
    audience: Audience = field(
        default="public", metadata=option("the audience this build is for, one of audiences:; RADSITE_AUDIENCE overrides it")
    )
    audiences: Audiences = field(
        default_factory=Audiences,
        metadata=option(
            "each audience with the audiences it includes, e.g. audiences: {public: [], clinicians: [public], "
            "staff: [clinicians]}",
            check=parse_audiences,
        ),
    )
    now: str | None = field(
        default=None,
        metadata=option("the build's clock in ISO 8601, e.g. now: 2026-12-01T09:00 (RADSITE_NOW overrides it)", check=_instant),
    )
    timezone: str = field(
        default="UTC", metadata=option("write an IANA time zone name, e.g. timezone: America/New_York", check=_zone_name)
    )
    field_visibility: dict[str, Audience] = field(
        default_factory=dict,
        metadata=option("write profile fields under it, each with the audience that may see it, e.g. phone: staff"),
    )
    questions: dict[str, str] = field(
        default_factory=dict,
        metadata=option("where the /ask/ form sends questions: questions: {endpoint: https://..., email: ...}", check=_questions),
    )
    home_counts: dict[str, int] = field(
        default_factory=dict, metadata=option("write how many items each home section shows, e.g. news: 3", name="home")
    )
    feeds: dict[str, bool] = field(
        default_factory=dict, metadata=option("write collections under it, false switches a feed off, e.g. people: false")
    )
    hashtags: dict[str, str] = field(
        default_factory=dict,
        metadata=option("write tags under it with their hashtag, e.g. neuroradiology: Neurorad", check=_hashtags),
    )
    feed_limit: int = field(
        default=100,
        metadata=option("write how many newest entries a feed keeps, e.g. feed_limit: 100 (0 for all)", check=_at_least_zero),
    )
    language: str = field(default="en", metadata=option("the language of feeds and social posts, e.g. language: en"))
    phone_region: str = field(
        default="US",
        metadata=option(
            "the country whose phone numbers the PHI guard reads without a +CC prefix (ISO 3166 code), e.g. phone_region: US",
            check=_phone_region,
        ),
    )
    syndication_state: Path = field(
        default=Path("syndication-state.json"),
        metadata=option("the file `radsite syndicate` records its posts in, e.g. syndication_state: syndication-state.json"),
    )
    syndication: Routing = field(
        default_factory=Routing,
        metadata=option(
            "the accounts of `radsite syndicate` and the entries each posts, e.g. syndication: {accounts: {patients: "
            "{network: mastodon, env_prefix: MASTODON_PATIENTS}}, collections: {faq: [patients]}} (README: Posting "
            "to Mastodon, Bluesky and LinkedIn)",
            check=parse_routing,
        ),
    )
    trials: dict[str, list[str]] = field(
        default_factory=dict,
        metadata=option(
            "the sites `radsite trials import` keeps: trials: {site_names: [...], cities: [...]}", check=_trial_sites
        ),
    )
    patient_collections: tuple[str, ...] = field(
        default_factory=lambda: tuple(name for name, c in COLLECTIONS.items() if c.patient_facing),  # the registry's
        metadata=option("the collections the glossary and reading grade apply to, e.g. [faq, exams, news]", check=_collections),
    )
    max_grade: float = field(
        default=8.0, metadata=option("the reading grade limit of patient pages, a number, e.g. max_grade: 8")
    )
    readability_level: Literal["warn", "warning", "error"] = field(
        default="warning", metadata=option("warn or error: whether a patient page over max_grade stops the build", check=_level)
    )
    min_reading_ease: dict[str, float] = field(
        default_factory=lambda: {"es": 55.0},
        metadata=option(
            "the lowest reading ease of patient pages per language other than English, on that language's scale "
            "(es: INFLESZ, higher is easier; 55 is 'normal'), e.g. min_reading_ease: {es: 55}",
            check=_reading_ease,
        ),
    )
    review_max_age_days: int = field(
        default=365,
        metadata=option(
            "write after how many days a medical review is stale, e.g. review_max_age_days: 365", check=_at_least_zero
        ),
    )
    languages: tuple[str, ...] = field(
        default=("en",),
        metadata=option(
            "the site's languages, the default first, e.g. languages: [en, es] (README: Languages)", check=_languages
        ),
    )
    translation_notes: bool = field(
        default=False,
        metadata=option("true or false: whether a translation older than its original's review says so on its page"),
    )
    render_in_parallel: bool = field(default=True, metadata=option("true or false: whether item pages are rendered on two cores"))
    embed_hosts: tuple[str, ...] = field(
        default=(), metadata=option("https hosts a page may embed in an iframe, e.g. [www.youtube-nocookie.com]", check=_hosts)
    )

    def feed_enabled(self, collection: str) -> bool:
        return bool(self.feeds.get(collection, True))

    def policy(self, environ: Mapping[str, str] = os.environ) -> Policy:
        """The visibility policy of one build; the environment wins over the config file."""
        audience = environ.get("RADSITE_AUDIENCE") or self.audience
        if self.audiences.canonical(audience) is None:
            named = f"RADSITE_AUDIENCE={audience!r}" if environ.get("RADSITE_AUDIENCE") else repr(audience)
            raise ValueError(f"audience: {self.audiences.unknown(audience).replace(repr(audience), named, 1)}")
        tz = zone(self.timezone)
        now = parse_now(environ.get("RADSITE_NOW") or self.now, tz)
        return Policy(audience, now, tz, dict(self.field_visibility), self.audiences)


@dataclass(frozen=True)
class Option:
    """One plugin option, as declared by its Settings field."""

    name: str  # in mkdocs.yml
    attr: str  # on Settings
    hint: Any  # the field's type
    default: Any
    doc: str  # what to write, shown in every message about the option
    check: Callable[[Any], Any] | None

    def parse(self, value: Any) -> Any:
        """The typed value, or ValueError naming the (nested) option, what was found and what to write."""
        try:
            parsed = _typed(self.hint, value, self.name)
            return self.check(parsed) if self.check else parsed
        except _Mistyped as e:
            raise ValueError(f"{e.where}: {_shown(e.value)} is not {e.expected} ({self.doc})") from None
        except ValueError as e:
            raise ValueError(f"{self.name}: {e} ({self.doc})") from None


def _declared() -> dict[str, Option]:
    hints = typing.get_type_hints(Settings)
    return {
        (f.metadata[OPTION] or f.name): Option(f.metadata[OPTION] or f.name, f.name, hints[f.name], _default(f),
                                               f.metadata["doc"], f.metadata["check"])
        for f in fields(Settings) if OPTION in f.metadata
    }  # fmt: skip


def _default(f: Any) -> Any:
    return f.default_factory() if f.default is MISSING and f.default_factory is not MISSING else f.default


class _Mistyped(Exception):
    def __init__(self, where: str, value: Any, expected: str) -> None:
        super().__init__(where)
        self.where, self.value, self.expected = where, value, expected


def _typed(hint: Any, value: Any, where: str) -> Any:
    """`value` checked against a Settings type (and converted: list -> tuple, str -> Path)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _typed(inner, value, where)
    if origin is Literal:
        if value in args:
            return value
        raise _Mistyped(where, value, "one of " + ", ".join(map(str, args)))
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise _Mistyped(where, value, "true or false")
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise _Mistyped(where, value, "a whole number")
    if hint is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise _Mistyped(where, value, "a number")
    if hint is str:
        if isinstance(value, str):
            return value
        raise _Mistyped(where, value, "text")
    if hint is Path:
        if isinstance(value, str | Path) and str(value):
            return Path(value)
        raise _Mistyped(where, value, "a file path")
    if origin is dict:
        if not isinstance(value, dict):
            raise _Mistyped(where, value, "a mapping of names to values")
        return {str(k): _typed(args[1], v, f"{where}.{k}") for k, v in value.items()}
    if origin in (list, tuple):
        if not isinstance(value, list | tuple):
            raise _Mistyped(where, value, "a list")
        items = [_typed(args[0], v, f"{where}.{i}") for i, v in enumerate(value)]
        return tuple(items) if origin is tuple else items
    return value


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "nothing" if value is None else repr(value)


OPTIONS: dict[str, Option] = _declared()


class OptionsError(ValueError):
    """Options of the `radsite` plugin that cannot be used; `str()` is one line per problem, each
    naming the file and line in mkdocs.yml, the option and what to write instead."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems  # (option, "mkdocs.yml:12: option: what is wrong; what to write")
        super().__init__("\n".join(message for _, message in problems))


def parse_options(options: Any, *, source: str = "mkdocs.yml", lines: Mapping[str, int] | None = None) -> dict[str, Any]:
    """Settings attributes from the plugin's options: every problem at once, or OptionsError.

    `lines` maps option names to their line in `source`, for the messages. What the build and
    `radsite check` both run.
    """
    lines = lines or {}

    def where(name: str) -> str:
        line = lines.get(name.split(".")[0]) or lines.get("")
        return f"{source}:{line}" if line else source

    if options is None:
        options = {}
    if not isinstance(options, Mapping):
        raise OptionsError([("", f"{where('')}: plugins: radsite: the options are {_shown(options)}, not a mapping; "
                                 "write them indented under '- radsite:', one 'name: value' per line")])  # fmt: skip
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for name, value in options.items():
        known = OPTIONS.get(str(name))
        if known is None:
            near = difflib.get_close_matches(str(name), OPTIONS, n=1, cutoff=0.6)
            hint = f"did you mean {near[0]!r}?" if near else f"known options: {', '.join(sorted(OPTIONS))}"
            problems.append((str(name), f"{where(str(name))}: plugins: radsite: unknown option {str(name)!r}; {hint}"))
            continue
        try:
            values[known.attr] = known.parse(value)
        except ValueError as e:
            problems.append((known.name, f"{where(known.name)}: plugins: radsite: {e}"))
    problems += [(name, f"{where(name)}: plugins: radsite: {message}") for name, message in _audience_names(values)]
    if problems:
        raise OptionsError(sorted(problems, key=lambda problem: lines.get(problem[0].split(".")[0], 0)))
    return values


def _audience_names(values: dict[str, Any]) -> list[tuple[str, str]]:
    """`audience` and `field_visibility` name audiences that `audiences` (or its default) declares."""
    audiences: Audiences = values.get("audiences") or Audiences()
    problems = []
    if "audience" in values and audiences.canonical(values["audience"]) is None:
        problems.append(("audience", f"audience: {audiences.unknown(values['audience'])}"))
    for name, level in (values.get("field_visibility") or {}).items():
        if audiences.canonical(level) is None:
            problems.append(("field_visibility", f"field_visibility.{name}: {audiences.unknown(level)}"))
    return problems


def settings_from_options(options: Mapping[str, Any], content_dir: Path, *, site_url: str = "") -> Settings:
    """Settings from options MkDocs has loaded (RadSiteConfig has validated them with `parse_options`)."""
    return Settings(content_dir=Path(content_dir), site_url=site_url, **parse_options(dict(options)))


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: `!!python/name:` and `!ENV` tags become plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_LenientLoader.add_multi_constructor("", _any_tag)


MAX_CONFIG_BYTES = 1_000_000  # an mkdocs.yml is a few KB; /dev/zero given as one must not fill the memory


class ConfigTooLarge(OSError):
    pass


def config_text(path: Path) -> str:
    """The text of an mkdocs.yml, read no further than MAX_CONFIG_BYTES."""
    with open(path, "rb") as file:
        data = file.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigTooLarge(f"it is over {MAX_CONFIG_BYTES:,} bytes (an mkdocs.yml is a few KB): is it the right file?")
    return data.decode("utf-8")


MAX_CONFIG_VALUES = 1_000_000  # values of mkdocs.yml with its aliases written out; a real one has hundreds


def config_shape_problem(text: str) -> tuple[int, str] | None:
    """(line, message) when an mkdocs.yml would cost more than it says, else None.

    YAML aliases (`*name`) are allowed in mkdocs.yml (a shared nav entry, repeated options), but
    a few hundred bytes of nested ones stand for billions of values; MkDocs itself writes every
    value out (a debug line of each option, whether or not debug is on), and runs out of memory
    after a minute. Counted here without writing anything out: each node's size once, by identity.
    """
    try:
        root = yaml.compose(text, Loader=_LenientLoader)
    except RecursionError:
        return 1, "mkdocs.yml is nested too deep to read (thousands of levels); flatten it"
    except yaml.YAMLError:
        return None  # a syntax error has its own message, from the reader that meets it
    if root is None:
        return None
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else (
            node.value if isinstance(node, yaml.SequenceNode) else [])  # fmt: skip
        if not children_done:
            if id(node) in on_path:
                return node.start_mark.line + 1, "a YAML alias here refers to a value that contains it; write the value out"
            on_path.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        on_path.discard(id(node))
        sizes[id(node)] = size = 1 + sum(sizes[id(child)] for child in children)
        if size > MAX_CONFIG_VALUES:
            return (node.start_mark.line + 1, f"YAML aliases (*name) here stand for over {MAX_CONFIG_VALUES:,} values "
                    "(MkDocs would write them all out); write the value out once, without nested aliases")  # fmt: skip
    return None


def read_mkdocs_yml(path: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data, read without MkDocs (its Python tags become plain values)."""
    data = yaml.load(config_text(Path(path)), Loader=_LenientLoader) or {}
    return data if isinstance(data, dict) else {}


def option_lines(text: str) -> dict[str, int]:
    """Line of each option under `plugins: - radsite:` in an mkdocs.yml ("" is the `radsite` line)."""
    root = yaml.compose(text, Loader=_LenientLoader)
    lines: dict[str, int] = {}
    for key, value in root.value if isinstance(root, yaml.MappingNode) else []:
        if key.value != "plugins" or not isinstance(value, yaml.SequenceNode):
            continue
        for entry in value.value:
            for name, options in entry.value if isinstance(entry, yaml.MappingNode) else []:
                if name.value == "radsite":
                    lines[""] = name.start_mark.line + 1
                    for option_key, _ in options.value if isinstance(options, yaml.MappingNode) else []:
                        lines[str(option_key.value)] = option_key.start_mark.line + 1
    return lines


def shown_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when it is inside it."""
    resolved = Path(path).resolve()
    return resolved.relative_to(Path.cwd()).as_posix() if resolved.is_relative_to(Path.cwd()) else str(path)


def from_mkdocs_yml(path: Path, content_dir: Path | None = None) -> Settings:
    """Settings from the `radsite` entry of an mkdocs.yml, read without importing MkDocs.

    Raises OptionsError (a ValueError whose text is ready to print) for a file that is not YAML or
    options the build would refuse.
    """
    path = Path(path)
    shown = shown_path(path)
    try:
        text = config_text(path)
        if problem := config_shape_problem(text):
            raise OptionsError([("", f"{shown}:{problem[0]}: {problem[1]}")])
        data = yaml.load(text, Loader=_LenientLoader) or {}
        lines = option_lines(text)
    except OSError as e:
        raise OptionsError([("", f"{shown}: cannot read it ({e.strerror or e})")]) from None
    except UnicodeDecodeError:
        raise OptionsError([("", f"{shown}: not UTF-8 text; save it as UTF-8")]) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{shown}:{mark.line + 1}" if mark is not None else shown
        raise OptionsError([("", f"{where}: not valid YAML ({getattr(e, 'problem', None) or e}); fix the syntax")]) from None
    if not isinstance(data, dict):
        raise OptionsError([("", f"{shown}: expected 'name: value' settings, found {_shown(data)}")])
    options: Any = {}
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and "radsite" in entry:
            options = entry["radsite"]
    if isinstance(options, dict):
        options = {k: v for k, v in options.items() if k != "enabled"}  # MkDocs' own switch for any plugin
    values = parse_options(options, source=shown, lines=lines)
    docs_dir = path.parent / str(data.get("docs_dir", "docs"))
    settings = Settings(content_dir=Path(content_dir or docs_dir), site_url=str(data.get("site_url") or ""), **values)
    check_environment(os.environ, settings.audiences)
    state = settings.syndication_state
    return replace(settings, syndication_state=state if state.is_absolute() else path.parent / state)


def check_environment(environ: Mapping[str, str], audiences: Audiences | None = None) -> None:
    """RADSITE_AUDIENCE and RADSITE_NOW override mkdocs.yml: refuse bad ones before anything runs."""
    problems = []
    audiences = audiences or Audiences()
    audience = environ.get("RADSITE_AUDIENCE")
    if audience and audiences.canonical(audience) is None:
        problems.append(("RADSITE_AUDIENCE", f"environment: RADSITE_AUDIENCE={audience!r} is not a declared audience "
                         f"({audiences.describe()}); set one of them or unset it"))  # fmt: skip
    now = environ.get("RADSITE_NOW")
    if now:
        try:
            _instant(now)
        except ValueError as e:
            problems.append(("RADSITE_NOW", f"environment: RADSITE_NOW={now!r}: {e} (e.g. 2026-12-01T09:00); fix or unset it"))
    if problems:
        raise OptionsError(problems)
