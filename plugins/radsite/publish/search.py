"""Site search: Pagefind indexes the staging site after the pages are written.

Pagefind reads the built HTML (only the parts marked `data-pagefind-body`) and writes a static,
chunked index to `pagefind/`: a browser fetches only the chunks a query needs, so what one search
downloads stays small as the site grows. It indexes only what is in the staging folder, which holds
only what the visibility decision published. The output audit scans the index too, each file once
Pagefind has written it whole (`publish.idle_audit`).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from radsite import cache, checkpoints
from radsite.cache import digest
from radsite.findings import Finding
from radsite.publish.report import BuildReport

WAIT_S = 900  # Pagefind takes seconds; a quarter of an hour means it hangs
BUNDLE = "pagefind"  # the index and its UI, served from site/pagefind/
# Pagefind parses only the marked element, not the whole page (head, header, navigation): the same
# index (tests/test_search.py compares it with Pagefind's default), for about 40% less of its CPU
# time. Every page marks its indexed part so; nothing outside it (meta, filters) is read.
ROOT_SELECTOR = "[data-pagefind-body]"
SIGNATURE = b"pagefind_dcd"  # every decompressed Pagefind file starts with this


def pagefind_executable() -> str:
    """The binary shipped by the `pagefind-bin` wheel (a dependency: no download at build time)."""
    from pagefind_bin import get_executable

    return str(get_executable())


BUNDLE_ENTRY = b"the last bundle"  # one entry, replaced by each build: bundles are megabytes


def bundle_key(site_dir: Path, args: list[str], digest_of: Callable[[Path], bytes] | None = None) -> bytes:
    """Everything Pagefind's output is made from: its version and arguments, its configuration (files
    in the working folder, PAGEFIND_ variables) and every HTML file of the site, by its bytes
    (`digest_of(path)`: the output audit's, which then need not read a clean page again)."""
    from importlib.metadata import version

    parts = [version("pagefind_bin").encode(), repr([a for a in args[1:] if a != str(site_dir)]).encode()]
    parts += [f"{k}={v}".encode() for k, v in sorted(os.environ.items()) if k.upper().startswith("PAGEFIND")]
    for name in ("pagefind.yml", "pagefind.yaml", "pagefind.toml", "pagefind.json"):
        config = Path.cwd() / name
        parts.append(config.read_bytes() if config.is_file() else b"-")
    site_dir = Path(site_dir)
    for path in sorted(site_dir.rglob("*.html")):
        if path.is_file():
            parts += [path.relative_to(site_dir).as_posix().encode(),
                      digest_of(path) if digest_of else digest(path.read_bytes())]  # fmt: skip
    return digest(*parts)


class Indexing:
    """Pagefind indexing a site in its own process: the build audits the pages meanwhile (two cores).

    A site whose HTML is byte for byte the last build's (an hourly run with nothing new) gets the last
    build's bundle again, from the cache, instead of three seconds of Pagefind: its output is made
    from nothing but what `bundle_key` reads."""

    def __init__(self, site_dir: Path, digest_of: Callable[[Path], bytes] | None = None) -> None:
        self.site_dir = Path(site_dir)
        self.started = time.monotonic()
        args = [pagefind_executable(), "--site", str(self.site_dir), "--output-subdir", BUNDLE, "--quiet",
                "--root-selector", ROOT_SELECTOR]  # fmt: skip
        self.key = bundle_key(self.site_dir, args, digest_of)
        self.reused = self._reuse()
        self.proc: subprocess.Popen[str] | None = None
        if not self.reused:
            self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def _reuse(self) -> bool:
        found = cache.current().lookup("pagefind-bundle", BUNDLE_ENTRY, (), count=False)
        if not (isinstance(found, tuple) and len(found) == 2 and found[0] == self.key and isinstance(found[1], dict)):
            return False
        bundle = self.site_dir / BUNDLE
        for rel, data in found[1].items():
            target = bundle / rel
            if not isinstance(data, bytes) or not target.resolve().is_relative_to(bundle.resolve()):
                shutil.rmtree(bundle, ignore_errors=True)  # a foreign entry: Pagefind makes the bundle
                return False
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return True

    def stop(self) -> None:
        """Kill Pagefind if it is still running (a no-op once `finish` has waited for it)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()

    def finish(self, report: BuildReport) -> list[Finding]:
        """Wait for Pagefind; a failure is a finding that names the cause and what to do. A checkpoint
        may end the wait (serve: a newer save; the caller's `stop()` of this object then kills it)."""
        bundle = self.site_dir / BUNDLE
        if self.proc is None:
            self._report(report, bundle)
            return []
        deadline = self.started + WAIT_S
        while True:
            try:
                wait = 0.1 if checkpoints.active() else max(deadline - time.monotonic(), 0)
                stdout, stderr = self.proc.communicate(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                checkpoints.checkpoint()
                if time.monotonic() >= deadline:
                    self.proc.kill()
                    self.proc.communicate()
                    stdout, stderr = "", "no result after 15 minutes"
                    break
        if self.proc.returncode != 0 or not (bundle / "pagefind-entry.json").exists():
            message = (stderr or stdout).strip().replace("\n", " ") or f"exit status {self.proc.returncode}"
            fix = "check that the pagefind-bin package is installed (make clean && make site)"
            return [Finding(str(self.site_dir), None, "search", f"Pagefind could not index the site: {message}; {fix}")]
        _sort_languages(bundle / "pagefind-entry.json")
        files = {p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}
        cache.current().store("pagefind-bundle", BUNDLE_ENTRY, (), (self.key, files))
        self._report(report, bundle)
        return []

    def _report(self, report: BuildReport, bundle: Path) -> None:
        files = [p for p in bundle.rglob("*") if p.is_file()]
        report.sections["search"] = {
            "pages_indexed": sum(1 for _ in bundle.glob("fragment/*.pf_fragment")),
            "bundle_files": len(files),
            "bundle_bytes": sum(p.stat().st_size for p in files),
            "wall_s": round(time.monotonic() - self.started, 2),  # what Pagefind costs a build (bench/README.md)
            "reused": self.reused,  # the last build's bundle: the same HTML
        }


def _sort_languages(entry: Path) -> None:
    """Pagefind lists a site's languages in no fixed order; sorted, the same site gives the same bytes
    (the digest test, warm and cold builds). Its script reads the file as JSON: order means nothing to it."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    if isinstance(data, dict) and isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
        entry.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")


def decompressed_index(site_dir: Path) -> Iterator[tuple[Path, bytes]]:
    """Every index file of the bundle, decompressed: what an audit must read to check the index.

    Index, fragment, metadata and filter files are gzip-compressed; scanning them raw finds nothing.
    """
    for path in sorted((Path(site_dir) / BUNDLE).rglob("*.pf_*")):
        data = path.read_bytes()
        with contextlib.suppress(OSError, EOFError):  # a file that is not compressed is read as is
            data = gzip.decompress(data)
        yield path, data.removeprefix(SIGNATURE)
