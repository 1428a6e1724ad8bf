"""Build RadSite and mkdocs-material's blog plugin on the same generated texts, side by side.

    python -m bench.run --sizes 1000 2000 5000      # or: make bench

For each size: generate the corpus (bench/corpus.py), build it with RadSite (this repo's mkdocs.yml
and theme/), convert the same texts into blog posts and build them with Material's blog plugin (plus
its lunr `search`, Material's default search), then measure both. Prints a table and writes
bench/results.json; every target of the "Scale" issue is reported as met or not met.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from bench.corpus import generate
from bench.hugo import hugo_available, hugo_project

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOW = "2026-11-28T12:00"  # the corpus dates items in 2026; every answer is revealed by then
COLLECTIONS = ("cases", "news", "faq", "exams", "trials", "people")
QUERIES = ("contrast", "fracture")  # a word on most pages, and a rarer one
BLOG_MKDOCS = """site_name: Bench department
site_url: https://bench.example/
theme:
  name: material
  font: false
plugins:
  - search
  - blog
"""


@dataclass
class Build:
    tool: str
    items: int
    wall_s: float
    cpu_s: float  # user + system time of the build and its children (Pagefind): robust to a busy machine
    items_per_s: float
    peak_rss_mb: float
    pages: int
    median_item_html_kb: float
    search: dict = field(default_factory=dict)
    listing_html_kb: dict = field(default_factory=dict)  # each collection's listing page (RadSite lists all)


def run_measured(cmd: list[str], cwd: Path, **extra_env: str) -> tuple[float, float, float]:
    """Wall time, CPU time and peak RSS (the largest process of the build's tree, from wait4) of one command."""
    env = {**os.environ, "RADSITE_NOW": NOW, "NO_MKDOCS_2_WARNING": "1", **extra_env}
    log = cwd / "build.log"
    start = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed in {cwd} (exit {proc.returncode}); see {log}:\n"
                         + log.read_text()[-3000:])  # fmt: skip
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def median_kb(paths: list[Path]) -> float:
    return round(statistics.median(p.stat().st_size for p in paths) / 1024, 1) if paths else 0.0


# --- RadSite -----------------------------------------------------------------------------------


def radsite_project(root: Path, items: int) -> dict[str, int]:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", root / "theme")
    return generate(root / "content", items)


def build_radsite(root: Path, items: int, browser) -> Build:
    wall, cpu, rss = run_measured([str(BIN / "mkdocs"), "build"], root)
    site = root / "site"
    item_pages = [p for c in COLLECTIONS for p in (site / c).glob("*/index.html")]
    search = {"kind": "pagefind", "queries": {q: pagefind_payload(site, q, browser) for q in QUERIES}}
    search["max_query_kb"] = max(v["search_kb"] for v in search["queries"].values())
    listings = {c: round((site / c / "index.html").stat().st_size / 1024, 1) for c in COLLECTIONS}
    return Build("radsite", items, round(wall, 2), round(cpu, 2), round(items / wall, 1), round(rss, 1),
                 sum(1 for _ in site.rglob("*.html")), median_kb(item_pages), search, listings)  # fmt: skip


@dataclass
class Rebuild:
    """A warm build: the same project built again with its content-digest cache (radsite.cache)."""

    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    pagefind_s: float | None = None  # Pagefind's share of the wall time (the build report's search section)


def measured(cmd: list[str], root: Path, **env: str) -> dict:
    wall, cpu, rss = run_measured(cmd, root, **env)
    try:
        report = json.loads((root / ".radsite" / "build-report.json").read_text(encoding="utf-8"))
        pagefind = report["search"].get("wall_s")
    except (OSError, ValueError, KeyError, TypeError):
        pagefind = None
    return asdict(Rebuild(round(wall, 2), round(cpu, 2), round(rss, 1), pagefind))


def edit_one_item(root: Path, n: int = 0) -> None:
    """An editor's save: one sentence more in one FAQ answer (the n-th edit adds the n-th sentence)."""
    item = sorted((root / "content" / "faq").glob("*.md"))[0]
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("\n---\n", f"\n---\n\nAn editor's new sentence, number {n}.\n\n", 1), encoding="utf-8")


WARM = ("no change", "one item edited", "one template edited")


def warm_rebuilds(root: Path) -> dict[str, dict]:
    """After the cold build (which filled the cache): rebuild with nothing changed, then after one
    item's text changed, then after the item template changed."""
    mkdocs = [str(BIN / "mkdocs"), "build"]
    rows = {"no change": measured(mkdocs, root)}
    edit_one_item(root)
    rows["one item edited"] = measured(mkdocs, root)
    template = root / "theme" / "radsite" / "item.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("<h1>{{ page.title }}</h1>", "<h1 class=edited>{{ page.title }}</h1>", 1), encoding="utf-8")
    rows["one template edited"] = measured(mkdocs, root)
    return rows


PROCESS_VARIANTS = {  # bench/processes.py: what runs in the build's own process instead of a fork
    "forked render (default)": "",
    "no fork at all": "render",
}


def process_rows(root: Path, rounds: int = 2) -> dict[str, dict]:
    """One-item rebuilds with the cache warm, with each forked mechanism in turn run in process:
    what each process still buys (the difference to the default row). The variants alternate for
    `rounds` rounds and each keeps its fastest build: the shared machine's drift hits them all."""
    best: dict[str, dict] = {}
    edits = 0
    for _ in range(rounds):
        for name, parts in PROCESS_VARIANTS.items():
            edits += 1
            edit_one_item(root, edits)
            row = measured([sys.executable, "-m", "bench.processes", parts], root, PYTHONPATH=str(ROOT))
            if name not in best or row["wall_s"] < best[name]["wall_s"]:
                best[name] = row
    return best


def build_hugo(root: Path, items: int) -> Build:
    wall, cpu, rss = run_measured(["hugo", "--quiet", "--destination", "public"], root)
    pages = [p for c in COLLECTIONS for p in (root / "public" / c).glob("*/index.html")]
    return Build("hugo", items, round(wall, 2), round(cpu, 2), round(items / wall, 1), round(rss, 1),
                 sum(1 for _ in (root / "public").rglob("*.html")), median_kb(pages))  # fmt: skip


def pagefind_payload(site: Path, query: str, browser) -> dict:
    """What a browser downloads to run one query on the search page, measured in Debian's Chromium.

    `search_kb` counts what the search adds to a page visit: Pagefind's files (its JS, WebAssembly,
    entry, index chunks, result fragments) and the search page's own script; `page_kb` everything.
    """
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import serve  # the tests' loopback server

    responses = []
    with serve(site) as url:
        page = browser.new_page()
        page.on("response", lambda r: responses.append(r))
        page.goto(f"{url}search/?q={query}")
        page.get_by_role("status").filter(has_text="for “").wait_for(timeout=60_000)
        page.wait_for_load_state("networkidle")
        results = page.get_by_role("list", name="Search results").get_by_role("listitem").count()
        sizes = [(r.url, len(r.body())) for r in responses if r.status == 200]
        page.close()
    search = [(u, n) for u, n in sizes if "/pagefind/" in u or u.endswith("/search.js")]
    by_kind: dict[str, float] = {}
    for u, n in search:
        kind = next((k for k in ("fragment", "index", "wasm", "pf_meta", "filter") if k in u.rsplit("/", 2)[-2:][0] + u), "js")
        by_kind[kind] = round(by_kind.get(kind, 0) + n / 1024, 1)
    return {
        "search_kb": round(sum(n for _, n in search) / 1024, 1),
        "search_kb_by_kind": by_kind,
        "search_requests": len(search),
        "page_kb": round(sum(n for _, n in sizes) / 1024, 1),
        "results_shown": results,
    }


def time_check(root: Path) -> dict[str, float]:
    wall, cpu, _ = run_measured([str(BIN / "radsite"), "check"], root)
    return {"check_s": round(wall, 2), "check_cpu_s": round(cpu, 2)}


# --- mkdocs-material's blog plugin on the same texts ---------------------------------------------


def blog_project(root: Path, content: Path) -> int:
    """The corpus's items as blog posts (`date:` front matter, an excerpt marker, the same body)."""
    if root.exists():
        shutil.rmtree(root)
    posts = root / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    shutil.copytree(content / "images", posts / "images")
    (root / "mkdocs.yml").write_text(BLOG_MKDOCS, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Bench department\n\nWelcome.\n", encoding="utf-8")
    (root / "docs" / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    count = 0
    for collection in COLLECTIONS:
        for path in sorted((content / collection).glob("*.md")):
            _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
            meta = yaml.safe_load(front)
            date = meta.get("date") or meta.get("last_update") or meta.get("last_reviewed") or dt.date(2026, 1, 1)
            image = (meta.get("image") or {}).get("src") or next((i["src"] for i in meta.get("images") or []), None)
            text = body.replace("<!-- answer -->", "")
            figure = f"![{meta['title']}](images/{Path(image).name})\n\n" if image else ""
            post = (f"---\ndate: {date}\n---\n\n# {meta['title']}\n\n{meta.get('summary', '')}\n\n"
                    f"<!-- more -->\n\n{figure}{text}")  # fmt: skip
            (posts / f"{collection}-{path.stem}.md").write_text(post, encoding="utf-8")
            count += 1
    return count


def build_blog(root: Path, items: int) -> Build:
    wall, cpu, rss = run_measured([str(BIN / "mkdocs"), "build"], root)
    site = root / "site"
    post_pages = [p for p in (site / "blog").glob("*/*/*/*/index.html") if re.match(r"\d{4}$", p.parts[-5])]
    index = site / "search" / "search_index.json"
    search = {"kind": "lunr", "search_kb": round(index.stat().st_size / 1024, 1) if index.exists() else None,
              "note": "search_index.json: the whole index, downloaded by every visitor who searches"}  # fmt: skip
    search["max_query_kb"] = search["search_kb"]
    return Build("material_blog", items, round(wall, 2), round(cpu, 2), round(items / wall, 1), round(rss, 1),
                 sum(1 for _ in site.rglob("*.html")), median_kb(post_pages), search)  # fmt: skip


# --- targets, report ------------------------------------------------------------------------------


def targets(runs: dict[int, dict]) -> list[dict]:
    def get(n: int, tool: str, key: str):
        return (runs.get(n) or {}).get(tool, {}).get(key)

    def target(name: str, value, limit: float, op: str) -> dict:
        if value is None:
            return {"target": name, "value": None, "limit": limit, "status": "not measured"}
        met = value >= limit if op == ">=" else value <= limit
        return {"target": name, "value": value, "limit": f"{op} {limit}", "status": "met" if met else "NOT met"}

    # Ratios of CPU time: the machine is shared, so wall time also measures the neighbours' load
    # (both are in results.json and in the table).
    rad2, blog2 = get(2000, "radsite", "cpu_s"), get(2000, "material_blog", "cpu_s")
    rad1, rad5 = get(1000, "radsite", "cpu_s"), get(5000, "radsite", "cpu_s")
    wall2 = (get(2000, "radsite", "wall_s"), get(2000, "material_blog", "wall_s"))
    wall15 = (get(1000, "radsite", "wall_s"), get(5000, "radsite", "wall_s"))
    search5 = (get(5000, "radsite", "search") or {}).get("max_query_kb")
    warm2 = ((runs.get(2000) or {}).get("warm") or {}).get("one item edited", {}).get("wall_s")
    hugo2 = get(2000, "hugo", "wall_s")
    return [
        target("one-item rebuild / cold build at 2,000 items, wall time", ratio(warm2, wall2[0]), 0.2, "<="),
        target("one-item rebuild / Hugo cold build at 2,000 items, wall time (x)", ratio(warm2, hugo2), 3, "<="),
        target("speed-up over the blog plugin at 2,000 items, CPU time (x)", ratio(blog2, rad2), 5, ">="),
        target("speed-up over the blog plugin at 2,000 items, wall time (x)", ratio(wall2[1], wall2[0]), 5, ">="),
        target("t(5,000) / t(1,000), CPU time (linear build)", ratio(rad5, rad1), 5.5, "<="),
        target("t(5,000) / t(1,000), wall time (linear build)", ratio(wall15[1], wall15[0]), 5.5, "<="),
        target("median item page at 5,000 items (KB)", get(5000, "radsite", "median_item_html_kb"), 50, "<="),
        target("peak RSS at 5,000 items (MB)", get(5000, "radsite", "peak_rss_mb"), 1024, "<="),
        target("radsite check at 5,000 items, CPU time (s)", (runs.get(5000) or {}).get("check_cpu_s"), 5, "<="),
        target("radsite check at 5,000 items, wall time (s)", (runs.get(5000) or {}).get("check_s"), 5, "<="),
        target("one search query at 5,000 items (KB)", search5, 300, "<="),
    ]


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def versions() -> dict[str, str]:
    from importlib.metadata import version

    found = {name: version(name) for name in ("mkdocs", "mkdocs-material", "pagefind_bin", "playwright")}
    if hugo_available():
        found["hugo"] = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
    return found


def table(runs: dict[int, dict]) -> str:
    head = f"{'items':>6} {'tool':<14} {'wall s':>8} {'CPU s':>8} {'items/s':>8} {'RSS MB':>8} {'item KB':>8} {'search KB':>10}"
    lines = [head, "-" * len(head)]
    for n, run in sorted(runs.items()):
        for tool in ("radsite", "hugo", "material_blog"):
            b = run.get(tool)
            if b:
                lines.append(f"{n:>6} {tool:<14} {b['wall_s']:>8} {b['cpu_s']:>8} {b['items_per_s']:>8} {b['peak_rss_mb']:>8} "
                             f"{b['median_item_html_kb']:>8} {b['search'].get('max_query_kb')!s:>10}")  # fmt: skip
        if "check_s" in run:
            lines.append(f"{n:>6} {'radsite check':<14} {run['check_s']:>8} {run['check_cpu_s']:>8}")
        for name, r in {**run.get("warm", {}), **run.get("processes", {})}.items():
            lines.append(f"{n:>6} {'warm: ' + name:<34} {r['wall_s']:>8} {r['cpu_s']:>8} {'':>8} {r['peak_rss_mb']:>8}")
    return "\n".join(lines)


README = ROOT / "bench" / "README.md"
START, END = "<!-- results:start (written by bench/run.py) -->", "<!-- results:end -->"


def markdown(result: dict) -> str:
    """The results as Markdown, for bench/README.md: the numbers there come only from this script."""
    runs = {int(n): r for n, r in result["runs"].items()}
    lines = [
        f"Run {result['when']} on {result['machine']['cpus']} cores ({result['machine']['platform']}), "
        f"load average at the end {', '.join(f'{x:.1f}' for x in result['machine']['load_average_at_end'])}; "
        + ", ".join(f"{k} {v}" for k, v in result["versions"].items())
        + ".",
        "",
        "| items | tool | wall s | CPU s | items/s (wall) | peak RSS MB | median item page KB | search KB |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, run in sorted(runs.items()):
        for tool in ("radsite", "hugo", "material_blog"):
            b = run.get(tool)
            if b:
                kb = b["search"].get("max_query_kb")
                what = {"radsite": "one query", "hugo": "no search"}.get(tool, "whole lunr index")
                lines.append(f"| {n:,} | {tool} | {b['wall_s']} | {b['cpu_s']} | {b['items_per_s']} | {b['peak_rss_mb']} "
                             f"| {b['median_item_html_kb']} | {kb} ({what}) |")  # fmt: skip
        lines.append(f"| {n:,} | `radsite check` | {run['check_s']} | {run['check_cpu_s']} | | | | |")
        for name, r in run.get("warm", {}).items():
            pagefind = f"Pagefind {r['pagefind_s']} s" if r.get("pagefind_s") is not None else ""
            lines.append(f"| {n:,} | radsite warm: {name} | {r['wall_s']} | {r['cpu_s']} | | {r['peak_rss_mb']} | {pagefind} | |")
    if any(run.get("processes") for run in runs.values()):
        lines += ["", "What each forked process buys, cache warm, one FAQ edited before each build (bench/processes.py):",
                  "", "| items | build | wall s | CPU s | peak RSS MB |", "| ---: | --- | ---: | ---: | ---: |"]  # fmt: skip
        for n, run in sorted(runs.items()):
            for name, r in run.get("processes", {}).items():
                lines.append(f"| {n:,} | {name} | {r['wall_s']} | {r['cpu_s']} | {r['peak_rss_mb']} |")
    lines += ["", "| target | measured | limit | status |", "| --- | ---: | ---: | --- |"]
    for t in result["targets"]:
        status = f"**{t['status']}**" if t["status"] != "met" else "met"
        lines.append(f"| {t['target']} | {t['value']} | {t['limit']} | {status} |")
    lines += ["", "What one Pagefind query downloads (KB, uncompressed transfer, by kind of file):", ""]
    for n, run in sorted(runs.items()):
        for query, q in run["radsite"]["search"]["queries"].items():
            kinds = ", ".join(f"{k} {v}" for k, v in sorted(q["search_kb_by_kind"].items()))
            lines.append(f"- {n:,} items, `{query}`: {q['search_kb']} KB in {q['search_requests']} requests ({kinds}); "
                         f"the whole search page visit {q['page_kb']} KB")  # fmt: skip
    lines += ["", "RadSite listing pages (KB), the first page of each (50 cards a page):", ""]
    for n, run in sorted(runs.items()):
        sizes = ", ".join(f"{c} {kb}" for c, kb in run["radsite"]["listing_html_kb"].items())
        lines.append(f"- {n:,} items: {sizes}")
    return "\n".join(lines)


def write_readme(result: dict, path: Path = README) -> None:
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"bench: {path} has no {START} ... {END} section to write the results into")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{markdown(result)}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000])
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "radsite-bench")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--no-blog", action="store_true", help="skip the mkdocs-material blog builds")
    parser.add_argument("--no-warm", action="store_true", help="skip the warm rebuilds and the process rows")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the process rows (each keeps its fastest)")
    parser.add_argument("--readme-only", action="store_true", help="rewrite bench/README.md from --out, no builds")
    args = parser.parse_args(argv)
    if args.readme_only:
        write_readme(json.loads(args.out.read_text(encoding="utf-8")))
        return 0

    sys.path.insert(0, str(ROOT / "tests"))
    from browser import chromium

    runs: dict[int, dict] = {}
    with chromium() as browser:
        for n in args.sizes:
            print(f"bench: {n} items ...", flush=True)
            rad_root = args.work / f"radsite-{n}"
            mix = radsite_project(rad_root, n)
            run: dict = {"mix": mix, **time_check(rad_root)}
            run["radsite"] = asdict(build_radsite(rad_root, n, browser))
            print(f"  radsite: {run['radsite']['wall_s']} s", flush=True)
            if not args.no_warm:
                run["warm"] = warm_rebuilds(rad_root)
                run["processes"] = process_rows(rad_root, args.rounds)
                warm = ", ".join(f"{name} {row['wall_s']} s" for name, row in run["warm"].items())
                print(f"  radsite warm: {warm}", flush=True)
            if hugo_available():
                hugo_root = args.work / f"hugo-{n}"
                run["hugo"] = asdict(build_hugo(hugo_root, hugo_project(hugo_root, rad_root / "content", COLLECTIONS)))
                print(f"  hugo: {run['hugo']['wall_s']} s", flush=True)
                shutil.rmtree(hugo_root, ignore_errors=True)
            if not args.no_blog:
                blog_root = args.work / f"blog-{n}"
                posts = blog_project(blog_root, rad_root / "content")
                run["material_blog"] = asdict(build_blog(blog_root, posts))
                print(f"  material blog: {run['material_blog']['wall_s']} s", flush=True)
                shutil.rmtree(blog_root, ignore_errors=True)
            shutil.rmtree(rad_root, ignore_errors=True)
            runs[n] = run

    result = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_at_end": os.getloadavg(),
        },
        "versions": versions(),
        "queries": list(QUERIES),
        "runs": {str(n): r for n, r in runs.items()},
        "targets": targets(runs),
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(table(runs))
    for t in result["targets"]:
        print(f"{t['status']:>12}  {t['target']}: {t['value']} ({t['limit']})")
    print(f"bench: wrote {args.out}")
    if args.out.resolve() == (ROOT / "bench" / "results.json").resolve():
        write_readme(result)
        print(f"bench: wrote the results into {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
