"""What the privacy checks cost: PHI guard + image guard + metadata stripping + output audit.

Builds the generated corpus with the checks and with them replaced by no-ops, alternating, each
build in a fresh process (same corpus, same run), and also times each stage on its own against the
built site. Prints ratios, not a verdict.

    .venv/bin/python -m bench.bench_privacy --items 2000 --rounds 2

The clock is set so that about half the cases still hide their answers and every profile hides its
e-mail: the audit then has a realistic number of withheld phrases to look for.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from statistics import median
from typing import Any

from bench.corpus import generate
from radsite.source_checks import SourceChecks, check_sources

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-06-15T12:00"


def _project(dest: Path, items: int) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", dest / "theme")
    generate(dest / "content", items)
    return dest


@contextmanager
def _without_privacy_checks():
    """Replace the privacy stages by no-ops, for the comparison build only: the patient pages are
    still graded (not a privacy check) but nothing is guarded, the audit scans
    nothing, images are copied as they are."""
    from radsite import pipeline
    from radsite.plugin import plugin

    saved = (pipeline.BuildChecks, pipeline.BuildAudit, plugin.clean_image)
    pipeline.BuildChecks = _ChecksWithoutGuard  # type: ignore[misc,assignment]
    pipeline.BuildAudit = _NoAudit  # type: ignore[misc,assignment]
    plugin.clean_image = lambda data: data  # type: ignore[assignment]
    try:
        yield
    finally:
        pipeline.BuildChecks, pipeline.BuildAudit, plugin.clean_image = saved


class _ChecksWithoutGuard:
    """`BuildChecks` without the guard: grades the patient pages once loaded, as the build does."""

    def __init__(self, settings: Any, today: Any, shown_as: str) -> None:
        self._job = (settings, today, shown_as)
        self._result = SourceChecks()

    def loaded(self, content: Any) -> None:
        self._result = check_sources(content, *self._job, parts=("grades",))

    def result(self) -> SourceChecks:
        return self._result

    def cancel(self) -> None:
        pass


class _NoAudit:
    """`BuildAudit` that scans nothing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def digest(self, file: Path) -> bytes:  # what the search index's key asks of the audit
        return hashlib.blake2b(file.read_bytes(), digest_size=20).digest()

    def pages_written(self, stop: Any = None) -> None:
        pass

    def finish(self, stop: Any = None) -> list:
        return []

    def cancel(self) -> None:
        pass


def _build_in_subprocess(root: Path, *, checks: bool) -> float:
    flag = [] if checks else ["--without-checks"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # `-m bench.bench_privacy` from any working directory
    out = subprocess.run([sys.executable, "-m", "bench.bench_privacy", "--build", str(root), *flag],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True)  # fmt: skip
    return float(out.stdout.strip().splitlines()[-1])


def _build(root: Path) -> float:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    start = time.perf_counter()
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build`: item pages on two cores
    build(config)
    return time.perf_counter() - start


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2, help="builds of each kind, alternating")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)  # internal: one build, print seconds
    parser.add_argument("--without-checks", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.update(RADSITE_NOW=NOW, NO_MKDOCS_2_WARNING="1")
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    if args.build:
        os.chdir(args.build)
        if args.without_checks:
            with _without_privacy_checks():
                print(_build(args.build))
        else:
            print(_build(args.build))
        return
    from radsite.guard import guard_files
    from radsite.pipeline import collect_checks, prepare
    from radsite.publish.audit import audit, patterns
    from radsite.publish.images import clean_image
    from radsite.settings import from_mkdocs_yml

    with tempfile.TemporaryDirectory(prefix="radsite-bench-privacy-") as tmp:
        root = _project(Path(tmp) / "project", args.items)
        os.chdir(root)
        withouts, withs = [], []
        for round_ in range(args.rounds):  # ABBA order: neither kind always follows the other
            for checks in (False, True) if round_ % 2 == 0 else (True, False):
                (withs if checks else withouts).append(_build_in_subprocess(root, checks=checks))
        without, with_checks = min(withouts), min(withs)

        settings = from_mkdocs_yml(root / "mkdocs.yml")
        state = prepare(settings)
        collect_checks(state)
        site = root / "site"
        files = sum(1 for p in site.rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        t_guard, _ = _timed(lambda: guard_files(settings.content_dir, "content"))
        t_patterns, found = _timed(lambda: patterns(state.decision))
        t_audit, leaks = _timed(lambda: audit(site, state.decision))
        t_strip, _ = _timed(lambda: [clean_image((settings.content_dir / source).read_bytes())
                                     for source in state.files.images.values()])  # fmt: skip
        assert not leaks, leaks[:3]
        stages = t_guard + t_audit + t_strip
        count = len(found.sources) if found else 0
        print(f"corpus: {args.items} items, RADSITE_NOW={NOW}; site: {files} files, {size / 1e6:.0f} MB")
        print(f"withheld: {len(state.decision.withheld)} values -> {count} phrases ({t_patterns:.2f} s)")
        print(f"build without privacy checks: {without:6.1f} s best, {median(withouts):6.1f} s median "
              f"({', '.join(f'{t:.1f}' for t in withouts)})")  # fmt: skip
        print(f"build with privacy checks:    {with_checks:6.1f} s best, {median(withs):6.1f} s median "
              f"({', '.join(f'{t:.1f}' for t in withs)})")  # fmt: skip
        paired = median(w / wo for w, wo in zip(withs, withouts, strict=True))  # each round's two builds ran back to back
        print(f"ratio of the best builds {with_checks / without:.3f}, of the medians {median(withs) / median(withouts):.3f}, "
              f"median of each round's ratio {paired:.3f}")  # fmt: skip
        print(f"stages alone: PHI+image guard {t_guard:.2f} s, audit {t_audit:.2f} s (incl. patterns), "
              f"metadata strip {t_strip:.2f} s = {stages:.2f} s = {stages / without:.1%} of the build")  # fmt: skip


if __name__ == "__main__":
    main()
