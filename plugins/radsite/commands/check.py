"""`radsite check`: validate the content without building (what CI runs on every pull request).

It reports everything the build would, at the same level: errors stop every build (and make this
exit 1); warnings never stop the deploy build, and `--strict` (the pull-request job) fails on them
so editors fix them before merging. Besides the content checks of the build, it finds what MkDocs
itself would warn about without a line number (body links and images), and URL collisions.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from radsite.content import markdown_budget
from radsite.content.links import Body, LinkRules, Renderer, link_findings, nav_findings, site_files
from radsite.content.load import Loaded
from radsite.derive.browse import build_browse
from radsite.derive.collisions import page_collisions
from radsite.derive.directory import Directory
from radsite.derive.listings import home, listings
from radsite.derive.pages import generated_pages
from radsite.derive.patient import patient_data
from radsite.derive.patient_pages import patient_pages
from radsite.findings import Finding, errors
from radsite.pipeline import BuildState, validate
from radsite.publish.sanitize import Sanitizer, page_sources
from radsite.published import markdown_render
from radsite.settings import OptionsError, Settings, config_text, from_mkdocs_yml, read_mkdocs_yml
from radsite.visibility import Policy, decide

GLOSSARY_FILE = "glossary.yml"  # read by the build, never one of its files


def register(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser("check", help="validate the content without building the site")
    add_site_options(check)
    check.add_argument("--strict", action="store_true",
                       help="fail on warnings too (the pull-request job; deploy builds publish with warnings)")  # fmt: skip
    check.set_defaults(run=run)


def add_site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, help="content folder (default: docs_dir of mkdocs.yml)")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml")


def settings_or_exit(args: argparse.Namespace) -> Settings:
    """`load_settings` for the commands other than check: a bad option ends the command with its message."""
    try:
        return load_settings(args)
    except ValueError as e:  # OptionsError too: the same messages as the build
        raise SystemExit(f"{e}\nradsite: fix mkdocs.yml first; nothing was done") from None


def load_settings(args: argparse.Namespace) -> Settings:
    if args.config.exists():
        return from_mkdocs_yml(args.config, content_dir=args.content)  # OptionsError: the build's own messages
    if args.content is None:
        raise SystemExit(f"radsite: no {args.config} here; pass --config FILE (the site's mkdocs.yml) or --content DIR")
    return Settings(content_dir=args.content)


def run(args: argparse.Namespace) -> int:
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    try:
        settings = load_settings(args)
    except Exception as e:  # bad plugin options: the build stops on them too
        return _report(_option_findings(args.config, e), annotate, strict=args.strict)
    try:
        policy = settings.policy()
    except ValueError as e:  # the clock or audience, from the options or the environment
        return _report(_policy_findings(args.config, e), annotate, strict=args.strict)
    if not settings.content_dir.is_dir():
        print(f"radsite: content folder {settings.content_dir} does not exist", file=sys.stderr)
        return 2
    loaded = validate(settings, policy, _site_render(args.config))
    findings = list(loaded.findings)
    if not errors(findings) and args.config.exists():  # the build stops at load errors, before rendering
        try:
            findings += site_findings(settings, policy, loaded, args.config)
        except Exception as e:  # a bug of ours, not the editor's: say so in one line
            findings.append(Finding(args.config.as_posix(), None, "check",
                                    f"the link and URL checks stopped ({type(e).__name__}: {e}); "
                                    "run `make site` to see the build's own messages, and report this"))  # fmt: skip
    return _report(findings, annotate, strict=args.strict)


def _report(findings: list[Finding], annotate: bool, *, strict: bool) -> int:
    findings = sorted(findings, key=lambda f: (f.path, f.line or 0, f.col or 0))
    for finding in findings:
        print(finding.format())
        if annotate:
            print(finding.github())
    if errors(findings):
        return 1
    if strict and findings:
        count = len(findings)
        print(f"radsite check --strict: {count} warning{'s' * (count != 1)}; the deploy build would publish, "
              "but fix them before merging", file=sys.stderr)  # fmt: skip
        return 1
    return 0


def _option_findings(config: Path, error: Exception) -> list[Finding]:
    """An option error as a finding: the exception's own findings when it carries them."""
    if isinstance(error, OptionsError):  # one finding per problem, each already naming its line
        return [_problem_finding(config, message) for _, message in error.problems]
    carried = getattr(error, "findings", None)
    if isinstance(carried, list) and carried and all(isinstance(f, Finding) for f in carried):
        return carried
    shown = config.as_posix()
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        return [Finding(shown, error.problem_mark.line + 1, "yaml",
                        f"YAML syntax error: {error.problem}; fix this line of {shown}")]  # fmt: skip
    message = str(error).strip() or type(error).__name__
    if message.startswith(f"{shown}:"):
        message = message[len(shown) + 1 :].strip()
    return [Finding(shown, getattr(error, "line", None), "options",
                    f"{message} (radsite plugin options in {shown})")]  # fmt: skip


def _site_render(config: Path) -> Callable[[str], str] | None:
    """Markdown as the site renders it (its mkdocs.yml extensions), for the published list; None: the defaults."""
    if not config.exists():
        return None
    try:
        renderer = Renderer(read_mkdocs_yml(config).get("markdown_extensions") or [])
        return markdown_render(renderer.names, renderer.configs)
    except Exception:  # an extension that does not load: the build says so; check uses the defaults
        return None


def _problem_finding(config: Path, message: str) -> Finding:
    """'mkdocs.yml:12: plugins: radsite: ...' as a finding at that line; an environment variable's
    problem names the variable, a YAML error its line."""
    if message.startswith("environment: "):
        variable, _, rest = message.removeprefix("environment: ").partition(": ")
        return Finding(variable.split("=", 1)[0], None, "env", rest)
    where, _, rest = message.partition(": ")
    if rest.startswith("not valid YAML"):
        problem = rest.removeprefix("not valid YAML").split("; fix", 1)[0].strip(" ()")
        path, _, line = where.partition(":")
        return Finding(path, int(line) if line.isdigit() else None, "yaml",
                       f"YAML syntax error: {problem}; fix this line of {path}")  # fmt: skip
    path, _, line = where.partition(":")
    if line.isdigit():
        return Finding(path, int(line), "options", rest)
    return Finding(config.as_posix(), None, "options", message)


def _policy_findings(config: Path, error: ValueError) -> list[Finding]:
    """`now` / `audience` come from RADSITE_NOW / RADSITE_AUDIENCE first: name the one that is wrong."""
    for variable, option in (("RADSITE_NOW", "now:"), ("RADSITE_AUDIENCE", "audience:")):
        if os.environ.get(variable) and str(error).startswith(option):
            message = str(error).removeprefix(option).strip()
            return [Finding(variable, None, "env", f"{message}: fix or unset the environment variable")]
    return _option_findings(config, error)


def site_findings(settings: Settings, policy: Policy, loaded: Loaded, config: Path) -> list[Finding]:
    """What the build finds once content is loaded: URL collisions (errors) and body links (warnings)."""
    data = read_mkdocs_yml(config)
    decision = decide(loaded.content, policy)
    lists = listings(decision)
    state = BuildState(settings=settings, loaded=loaded, decision=decision, listings=lists,
                       home=home(lists, settings.home_counts), browse=build_browse(lists),
                       patient=patient_data(decision, loaded.glossary, settings.patient_collections),
                       directory=Directory(decision))  # fmt: skip
    pages = generated_pages(state, "", "") + patient_pages(state)
    found = page_collisions(decision, pages)
    # A file published text uses is published (radsite.published): every asset may be a link target.
    content_files = (loaded.content.assets - {GLOSSARY_FILE}) | {p.src_uri for p in pages}
    content_files |= {p.src_uri for p in decision.pages if p.src_uri != "index.md"}
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    custom_dir = theme.get("custom_dir") if theme else None
    files = site_files(content_files, str(config.parent / custom_dir) if custom_dir else None)
    bodies = [Body(p.item.path, p.item.page_uri, p.body, p.item.doc.body_line) for p in decision.items]
    bodies += [Body(p.path, p.src_uri, p.doc.body, p.doc.body_line) for p in decision.pages]
    renderer = Renderer(data.get("markdown_extensions") or [])
    found += link_findings(bodies, files, LinkRules.from_mkdocs_yml(data), renderer)
    sanitizer, sources = Sanitizer(settings.embed_hosts, settings.site_url), page_sources(decision)
    for body in bodies:  # what the build's allow-list would take out (warnings)
        if (source := sources.get(body.src_uri)) is not None and markdown_budget.known_slow(body.text) is None:
            found += sanitizer.sanitize(renderer.html(body), source).findings  # (a slow body: link_findings said so)
    if data.get("nav"):
        text = config_text(config)
        found += nav_findings(data["nav"], files, LinkRules.from_mkdocs_yml(data, "nav"), config.as_posix(), text)
    return found
