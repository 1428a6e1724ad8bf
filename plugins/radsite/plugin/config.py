"""The `radsite` plugin's options in mkdocs.yml, derived from their one declaration (radsite.settings).

MkDocs validates a plugin's options through its config class; RadSiteConfig hands them to
`radsite.settings.parse_options`, the function `radsite check` uses, so a bad option gets the same
message (mkdocs.yml, line, option, what to write) from both.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.base import BaseConfigOption, Config, ConfigErrors, ConfigWarnings, ValidationError
from mkdocs.exceptions import Abort

from radsite.settings import OPTIONS, OptionsError, config_shape_problem, option_lines, parse_options, shown_path

# Material features that work only through its JavaScript, which RadSite does not send (theme/main.html).
NEEDS_MATERIAL_JAVASCRIPT = frozenset({
    "announce.dismiss", "content.code.annotate", "content.code.copy", "content.footnote.tooltips",
    "content.tabs.link", "content.tooltips", "header.autohide", "navigation.instant",
    "navigation.instant.prefetch", "navigation.instant.preview", "navigation.instant.progress",
    "navigation.top", "navigation.tracking", "search.highlight", "search.share", "search.suggest", "toc.follow",
})  # fmt: skip


class _Declared(BaseConfigOption[Any]):
    """An option declared in radsite.settings; RadSiteConfig.validate checks all of them at once."""

    def __init__(self, default: Any) -> None:
        super().__init__()
        self.default = default


class RadSiteConfig(Config):
    """Every field of radsite.settings.Settings that is an option, with its default from there."""

    _schema = tuple((name, _Declared(declared.default)) for name, declared in OPTIONS.items())
    render_in_parallel: bool  # item pages on two cores (plugin/forked_render); read by the plugin
    embed_hosts: list[str]  # iframes a page may embed (publish/sanitize); read by the plugin

    def validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        options = {key: value for key, value in self.items() if key != "enabled"}
        path = self.config_file_path
        try:
            text = Path(path).read_text(encoding="utf-8") if path else ""
            lines = option_lines(text) if path else {}
        except (OSError, ValueError, yaml.YAMLError):
            text, lines = "", {}  # MkDocs has read the file already; messages then name it without a line
        if problem := config_shape_problem(text):  # an error returned here would still be written out
            raise Abort(f"{shown_path(Path(path)) if path else 'mkdocs.yml'}:{problem[0]}: error: {problem[1]}")
        try:
            parse_options(options, source=shown_path(Path(path)) if path else "mkdocs.yml", lines=lines)
        except OptionsError as e:
            return [(name, ValidationError(message)) for name, message in e.problems], []
        return [], []


for _name, _option in RadSiteConfig._schema:  # attribute access (config.render_in_parallel), as MkDocs' own classes
    _option.__set_name__(RadSiteConfig, _name)
    setattr(RadSiteConfig, _name, _option)


def features_without_javascript(features: Iterable[str], palette: object, config_file: str | None) -> list[str]:
    """A warning per theme setting that cannot work without Material's JavaScript, naming its line."""
    text = Path(config_file).read_text(encoding="utf-8").splitlines() if config_file else []
    shown = "mkdocs.yml"
    if config_file:
        path = Path(config_file).resolve()
        shown = path.relative_to(Path.cwd()).as_posix() if path.is_relative_to(Path.cwd()) else str(path)

    def where(needle: str) -> str:
        number = next((n for n, row in enumerate(text, 1) if needle in row), None)
        return f"{shown}:{number}" if number else shown

    warnings = [f"{where(name)}: theme.features: {name} needs Material's JavaScript, which RadSite does not "
                "send (theme/main.html); remove it from mkdocs.yml"
                for name in features if name in NEEDS_MATERIAL_JAVASCRIPT]  # fmt: skip
    if isinstance(palette, list) and len(palette) > 1:
        warnings.append(f"{where('palette')}: theme.palette: switching between {len(palette)} palettes needs "
                        "Material's JavaScript, which RadSite does not send; keep one palette")  # fmt: skip
    return warnings
