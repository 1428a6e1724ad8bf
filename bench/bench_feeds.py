"""Feeds for a 10,000-item site: how long the feed step of a build takes (target: at most 2 s).

Not a timed test: run it by hand, once, and note the result in bench/README-feeds.md.

    .venv/bin/python -m bench.bench_feeds [--items 10000]

Setup (not timed): the corpus is generated, loaded and decided, and each item's body is rendered
to HTML with Python-Markdown, standing in for the HTML MkDocs hands the feed step in a build.
Timed: building the entries (post texts, absolute URLs, images) and writing every feed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import markdown

from bench.corpus import generate
from radsite.content.load import load
from radsite.publish.entries import feed_entries
from radsite.publish.feeds import write_feeds
from radsite.settings import Settings
from radsite.visibility import decide


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--limits", type=int, nargs="+", default=[100, 0], help="feed_limit values (0: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root / "content", args.items)
        settings = Settings(content_dir=root / "content", site_url="https://radiology.example/",
                            department="Bench Radiology", timezone="America/New_York", now="2026-11-28T12:00",
                            hashtags={"neuroradiology": "Neurorad", "ct": "CT", "mri": "MRI"})  # fmt: skip
        loaded = load(settings.content_dir)
        decision = decide(loaded.content, settings.policy({}))
        md = markdown.Markdown(extensions=["tables", "attr_list", "md_in_html"])
        html = {p.item.page_uri: md.reset().convert(p.body) for p in decision.items}

        print(f"items: {len(decision.items)} published of {args.items}")
        for limit in args.limits:
            limited = replace(settings, feed_limit=limit)
            t0 = time.perf_counter()
            entries = feed_entries(decision, limited, html, limit=limit)
            t1 = time.perf_counter()
            counts = write_feeds(entries, limited, root / f"site-{limit}")
            t2 = time.perf_counter()
            size = sum(p.stat().st_size for p in (root / f"site-{limit}/feeds").iterdir())
            print(
                f"feed_limit {limit or 'none'}: {len(entries)} entries built; "
                f"feeds: {', '.join(f'{k} {v}' for k, v in counts.items())}; {size / 1e6:.1f} MB written"
            )
            print(f"    entries {t1 - t0:.2f} s + write {t2 - t1:.2f} s = {t2 - t0:.2f} s (target <= 2 s)")


if __name__ == "__main__":
    main()
