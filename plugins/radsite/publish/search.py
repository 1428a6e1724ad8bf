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
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from radsite import checkpoints
from radsite.findings import Finding
from radsite.publish.report import BuildReport

WAIT_S = 900  # Pagefind takes seconds; a quarter of an hour means it hangs
BUNDLE = "pagefind"  # the index and its UI, served from site/pagefind/
SIGNATURE = b"pagefind_dcd"  # every decompressed Pagefind file starts with this


def pagefind_executable() -> str:
    """The binary shipped by the `pagefind-bin` wheel (a dependency: no download at build time)."""
    from pagefind_bin import get_executable

    return str(get_executable())


class Indexing:
    """Pagefind indexing a site in its own process: the build audits the pages meanwhile (two cores)."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = Path(site_dir)
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [pagefind_executable(), "--site", str(self.site_dir), "--output-subdir", BUNDLE, "--quiet"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    def stop(self) -> None:
        """Kill Pagefind if it is still running (a no-op once `finish` has waited for it)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()

    def finish(self, report: BuildReport) -> list[Finding]:
        """Wait for Pagefind; a failure is a finding that names the cause and what to do. A checkpoint
        may end the wait (serve: a newer save; the caller's `stop()` of this object then kills it)."""
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
        bundle = self.site_dir / BUNDLE
        if self.proc.returncode != 0 or not (bundle / "pagefind-entry.json").exists():
            message = (stderr or stdout).strip().replace("\n", " ") or f"exit status {self.proc.returncode}"
            fix = "check that the pagefind-bin package is installed (make clean && make site)"
            return [Finding(str(self.site_dir), None, "search", f"Pagefind could not index the site: {message}; {fix}")]
        _sort_languages(bundle / "pagefind-entry.json")
        files = [p for p in bundle.rglob("*") if p.is_file()]
        report.sections["search"] = {
            "pages_indexed": sum(1 for _ in bundle.glob("fragment/*.pf_fragment")),
            "bundle_files": len(files),
            "bundle_bytes": sum(p.stat().st_size for p in files),
            "wall_s": round(time.monotonic() - self.started, 2),  # what Pagefind costs a build (bench/README.md)
        }
        return []


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
