"""Edit-to-refresh under `mkdocs serve`: the time from an editor's save to the served page showing it.

    python -m bench.serve_refresh --items 5000 --edits 3

Generates the bench corpus (`bench.corpus`), starts `mkdocs serve` on it, waits for the first build,
then saves an edit of one FAQ and polls the served page over HTTP until it shows the new sentence;
each edit's seconds are printed and the median is the figure (issue 19's target: 1.5 s at 5,000
items). A body edit is previewed first (radsite.plugin.serve_preview), then the whole site is
rebuilt; an edit saved during that rebuild cancels it. `--pauses 2 8 15` spaces the saves so
that they land in different phases of the rebuild; `--title` saves a new title instead (front
matter). A measurement, never a test.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.run import NOW, edit_one_item, radsite_project

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except OSError:
        return ""


def peak_rss_mb(pid: int) -> float | None:
    """The serve process's peak resident memory (VmHWM), its cache in memory included."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), None)
    return None if kb is None else round(kb / 1024, 1)


def retitle(root: Path, n: int) -> None:
    """An editor's other common save: a new title for the same FAQ (front matter, not the body)."""
    item = sorted((root / "content" / "faq").glob("*.md"))[0]
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("\ntitle: ", f"\ntitle: Retitled number {n}. ", 1), encoding="utf-8")


def measure(root: Path, items: int, edits: int, pauses: tuple[float, ...] = (2.0,), *, title: bool = False) -> list[float]:
    radsite_project(root, items)
    port = _free_port()
    log = (root / "serve.log").open("w")
    env = {**os.environ, "RADSITE_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=root, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    faq = sorted((root / "content" / "faq").glob("*.md"))[0].stem
    url = f"http://127.0.0.1:{port}/faq/{faq}/"
    times = []
    try:
        deadline = time.monotonic() + 1200
        while "<html" not in _page(url):  # the first (cold) build
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit(f"serve did not come up; see {root / 'serve.log'}")
            time.sleep(0.5)
        for n in range(1, edits + 1):
            time.sleep(pauses[(n - 1) % len(pauses)])  # the next save lands in another phase of the rebuild
            start = time.monotonic()
            (retitle if title else edit_one_item)(root, 1000 + n)
            while f"number {1000 + n}." not in _page(url):
                if time.monotonic() - start > 600:
                    raise SystemExit("the edit never showed")
                time.sleep(0.05)
            times.append(round(time.monotonic() - start, 2))
            print(f"edit {n}: {times[-1]} s", flush=True)
        print(f"serve's peak RSS: {peak_rss_mb(proc.pid)} MB", flush=True)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--pauses", type=float, nargs="+", default=[2.0],
                        help="seconds from one edit showing to the next save, in turn (default 2)")
    parser.add_argument("--title", action="store_true", help="save a new title (front matter) instead of a new sentence")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "radsite-serve-bench")
    args = parser.parse_args()
    times = measure(args.work, args.items, args.edits, tuple(args.pauses), title=args.title)
    print(f"{args.items} items: edit-to-refresh median {statistics.median(times)} s over {len(times)} edits")


if __name__ == "__main__":
    main()
