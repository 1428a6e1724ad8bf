"""What glossary definitions and reading-grade checks add to a build, as a ratio measured in one run.

Generates the benchmark corpus (default 2,000 items) with the example glossary, then builds it with
the real `mkdocs`, side by side and interleaved (off, on, off, on): once with the patient features off (`patient_collections: []`:
no glossary definitions, no reading grade) and once on (faq, exams, news). It also times the two
parts on their own, in process: `assess` (reading grade + review age of every patient item) and the
glossary matcher over every patient page's HTML. Not a timed test; results go to bench/out/ and
bench/README-patients.md.

    .venv/bin/python -m bench.bench_patient --items 2000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from bench.corpus import generate

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "patient"


def prepare(dest: Path, items: int) -> dict[str, int]:
    counts = generate(dest / "content", items)
    terms = yaml.safe_load((ROOT / "content" / "glossary.yml").read_text(encoding="utf-8"))
    for term in terms:
        term.pop("link", None)  # links name example items the corpus does not have
    (dest / "content" / "glossary.yml").write_text(yaml.safe_dump(terms, sort_keys=False), encoding="utf-8")
    shutil.copytree(ROOT / "theme", dest / "theme", dirs_exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    off = config.replace("      audience: public\n", "      audience: public\n      patient_collections: []\n")
    assert off != config
    (dest / "mkdocs-off.yml").write_text(off, encoding="utf-8")
    return counts


def build(dest: Path, config: str, site: str) -> float:
    env = {**os.environ, "RADSITE_NOW": "2026-11-28T12:00", "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--quiet", "-f", config, "-d", site],
                   cwd=dest, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - start


def parts(dest: Path, site_off: Path) -> dict[str, float]:
    """The patient work alone, in process: the checks and the glossary matcher."""
    from radsite.derive.patient import assess, patient_data
    from radsite.pipeline import prepare as prepare_state
    from radsite.settings import from_mkdocs_yml

    os.environ["RADSITE_NOW"] = "2026-11-28T12:00"
    settings = from_mkdocs_yml(dest / "mkdocs.yml")
    state = prepare_state(settings)
    start = time.perf_counter()
    assess(state.loaded.content, settings, state.decision.policy.now.date())
    checks = time.perf_counter() - start
    start = time.perf_counter()
    data = patient_data(state.decision, state.loaded.glossary, settings.patient_collections)
    pages = [p for p in state.decision.items if p.collection in settings.patient_collections]
    htmls = [(p.url, (site_off / p.url / "index.html").read_text(encoding="utf-8")) for p in pages]
    compile_and_read = time.perf_counter() - start
    start = time.perf_counter()
    marked = sum(data.matcher.annotate(html, url).count('class="rs-term"') for url, html in htmls)
    glossary = time.perf_counter() - start
    return {"patient_pages": len(pages), "terms_marked": marked, "readability_and_review_s": round(checks, 2),
            "glossary_s": round(glossary, 2), "read_pages_s": round(compile_and_read, 2)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--rounds", type=int, default=2, help="off/on build pairs; the ratio uses the fastest of each")
    args = parser.parse_args()
    dest = args.out
    if dest.exists():
        shutil.rmtree(dest)
    counts = prepare(dest, args.items)
    offs, ons = [], []
    for _ in range(args.rounds):  # interleaved, so a busy moment of the machine hits both
        offs.append(build(dest, "mkdocs-off.yml", "site-off"))
        ons.append(build(dest, "mkdocs.yml", "site-on"))
    off, on = min(offs), min(ons)
    result = {"items": args.items, "counts": counts, "rounds": args.rounds,
              "build_off_s": [round(t, 1) for t in offs], "build_on_s": [round(t, 1) for t in ons],
              "ratio_on_over_off": round(on / off, 3), **parts(dest, dest / "site-off")}  # fmt: skip
    (dest.parent / "bench_patient.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
