"""Lighthouse (mobile) scores of the example site: home, an exam guide, a FAQ, a case, the directory, ...

Builds the example site into bench/out/lighthouse-site, serves it on 127.0.0.1 (text gzip-compressed,
as GitHub Pages does), installs npm
`lighthouse@12.2.3` into bench/out/lighthouse-npm (only when this script runs; never a test tool),
and runs it against Debian's Chromium with the flags from FIELD-NOTES. Not a test: the scores are
recorded in bench/out/lighthouse.json and printed as a Markdown table for bench/README-patients.md.
On a shared machine the performance score moves from run to run: `--runs 3` audits each page three
times and reports the median of each score and metric (and the lowest performance score seen).

    .venv/bin/python -m bench.lighthouse --runs 3
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
LIGHTHOUSE_VERSION = "12.2.3"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")  # fmt: skip
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {"home": "", "exam guide": "exams/ct-head/", "case": "cases/sudden-headache-ct/", "directory": "people/",
         "patient question": "faq/what-is-a-lesion/", "locations": "locations/", "follow": "follow/"}  # fmt: skip
# what the performance score is made of, read from each report to find the real costs
METRICS = {"FCP ms": "first-contentful-paint", "LCP ms": "largest-contentful-paint", "TBT ms": "total-blocking-time",
           "CLS": "cumulative-layout-shift", "KB": "total-byte-weight"}  # fmt: skip


def build_site(dest: Path) -> Path:
    """The example site, built with the pinned clock like the tests."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "theme", dest / "theme")
    shutil.copytree(ROOT / "content", dest / "content")
    env = {**os.environ, "RADSITE_NOW": "2026-11-28T12:00", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--quiet"],
                   cwd=dest, env=env, check=True)  # fmt: skip
    return dest / "site"


def install_lighthouse(prefix: Path) -> Path:
    binary = prefix / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(prefix),
                        f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)  # fmt: skip
    return binary


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzip-compressed as GitHub Pages serves them (http.server compresses nothing)."""

    TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in self.TEXT or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzip, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def audit(lighthouse: Path, url: str, report: Path) -> dict[str, float]:
    """Mobile is Lighthouse's default form factor (simulated slow 4G, a mid-range phone's CPU)."""
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run([str(lighthouse), url, "--quiet", f"--chrome-flags={CHROME_FLAGS}", "--output=json",
                    f"--output-path={report}", f"--only-categories={','.join(CATEGORIES)}"],
                   env=env, check=True, timeout=300)  # fmt: skip
    data = json.loads(report.read_text())
    scores: dict[str, float] = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    for label, key in METRICS.items():
        value = data["audits"][key]["numericValue"]
        scores[label] = round(value / 1024 if label == "KB" else value, 3 if label == "CLS" else 0)
    return scores


def median(runs: list[dict[str, float]]) -> dict[str, float]:
    """Each score and metric's median over the runs, and the worst performance score."""
    out = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    out["performance min"] = min(run["performance"] for run in runs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--runs", type=int, default=1, help="audits per page; the median is reported")
    parser.add_argument("--pages", nargs="*", choices=PAGES, default=list(PAGES), help="which pages (default: all)")
    parser.add_argument("--no-build", action="store_true", help="audit the site built last time")
    args = parser.parse_args()
    site = args.out / "lighthouse-site" / "site" if args.no_build else build_site(args.out / "lighthouse-site")
    lighthouse = install_lighthouse(args.out / "lighthouse-npm")
    scores: dict[str, dict[str, float]] = {}
    with serve(site) as base:
        for name in args.pages:
            report = args.out / f"lighthouse-{name.replace(' ', '-')}.json"
            runs = [audit(lighthouse, base + PAGES[name], report) for _ in range(args.runs)]
            scores[name] = median(runs)
            print(name, [r["performance"] for r in runs], scores[name], flush=True)
    (args.out / "lighthouse.json").write_text(json.dumps(scores, indent=2) + "\n")
    columns = [*CATEGORIES, "performance min", *METRICS]
    print("\n| page | " + " | ".join(columns) + " |\n|---|" + "---|" * len(columns))
    for name, s in scores.items():
        print(f"| {name} ({PAGES[name] or '/'}) | " + " | ".join(f"{s[c]:g}" for c in columns) + " |")


if __name__ == "__main__":
    main()
