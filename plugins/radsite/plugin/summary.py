"""The build's last line tells the truth: "all checks passed" only when nothing warned.

MkDocs counts warnings only with `--strict`, and the deploy build is not strict any more (warnings
never stop it), so RadSite counts every warning logged under `mkdocs` itself, from the moment the
plugin is loaded (MkDocs' config warnings included) until the summary line of a build is printed.
"""

from __future__ import annotations

import logging
from pathlib import Path


class WarningCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.WARNING:
            self.count += 1

    def attach(self) -> WarningCount:
        logger = logging.getLogger("mkdocs")
        if self not in logger.handlers:
            logger.addHandler(self)
        return self


WARNINGS = WarningCount().attach()  # at import: the plugin module is imported while MkDocs reads its config


def summary_line(site_dir: Path | str | None) -> str:
    """The line after a successful build; the count restarts for the next build (serve)."""
    count, WARNINGS.count = WARNINGS.count, 0
    if count:
        return (f"RadSite: published with {count} warning{'s' * (count != 1)} (listed above; `radsite check` "
                f"names file and line); the site is now in {site_dir}")  # fmt: skip
    return f"RadSite: all checks passed; the site is now in {site_dir}"


def reset() -> None:
    """A build failed: its warnings are not the next build's."""
    WARNINGS.count = 0
