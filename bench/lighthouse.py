"""Lighthouse (mobile) scores of the example site: home, an exam guide, a case and the directory.

Builds the example site into bench/out/lighthouse-site, serves it on 127.0.0.1 (text gzip-compressed,
as GitHub Pages does), installs npm
`lighthouse@12.2.3` into bench/out/lighthouse-npm (only when this script runs; never a test tool),
and runs it against Debian's Chromium with the flags from FIELD-NOTES. Not a test: the scores are
recorded in bench/out/lighthouse.json and printed as a Markdown table for bench/README-patients.md.

    .venv/bin/python -m bench.lighthouse
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
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
LIGHTHOUSE_VERSION = "12.2.3"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")  # fmt: skip
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {"home": "", "exam guide": "exams/ct-head/", "case": "cases/sudden-headache-ct/", "directory": "people/",
         "patient question": "faq/what-is-a-lesion/", "locations": "locations/"}  # fmt: skip


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

    def send_head(self):  # type: ignore[no-untyped-def]
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


def audit(lighthouse: Path, url: str, report: Path) -> dict[str, int]:
    """Mobile is Lighthouse's default form factor (simulated slow 4G, a mid-range phone's CPU)."""
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run([str(lighthouse), url, "--quiet", f"--chrome-flags={CHROME_FLAGS}", "--output=json",
                    f"--output-path={report}", f"--only-categories={','.join(CATEGORIES)}"],
                   env=env, check=True, timeout=300)  # fmt: skip
    data = json.loads(report.read_text())
    return {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    site = build_site(args.out / "lighthouse-site")
    lighthouse = install_lighthouse(args.out / "lighthouse-npm")
    scores: dict[str, dict[str, int]] = {}
    with serve(site) as base:
        for name, path in PAGES.items():
            scores[name] = audit(lighthouse, base + path, args.out / f"lighthouse-{name.replace(' ', '-')}.json")
            print(name, scores[name], flush=True)
    (args.out / "lighthouse.json").write_text(json.dumps(scores, indent=2) + "\n")
    print("\n| page | " + " | ".join(CATEGORIES) + " |\n|---|" + "---|" * len(CATEGORIES))
    for name, s in scores.items():
        print(f"| {name} ({PAGES[name] or '/'}) | " + " | ".join(str(s[c]) for c in CATEGORIES) + " |")


if __name__ == "__main__":
    main()
