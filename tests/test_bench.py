"""The benchmark's parts (not its timings): the corpus is valid and stable, the blog twin builds,
and targets are reported as met or not met from the numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import BIN, Project, make_project

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.corpus import generate
from bench.run import blog_project, targets


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_corpus_is_deterministic_and_passes_check(tmp_path: Path) -> None:
    project: Project = make_project(tmp_path / "project", example_content=False)
    mix = generate(project.content, 60)
    assert sum(mix.values()) == 60 and mix["cases"] == 24 and mix["news"] == 15
    first = _tree(project.content)
    generate(project.content, 60)
    assert _tree(project.content) == first
    run = project.check()
    assert run.returncode == 0, run.output  # every cross-reference resolves, every field is valid


def test_blog_twin_builds_one_post_per_item(tmp_path: Path) -> None:
    content = tmp_path / "content"
    generate(content, 30)
    posts = blog_project(tmp_path / "blog", content)
    assert posts == 30
    proc = subprocess.run([str(BIN / "mkdocs"), "build"], cwd=tmp_path / "blog", capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    pages = list((tmp_path / "blog" / "site" / "blog").glob("2026/*/*/*/index.html"))
    assert len(pages) == 30
    assert (tmp_path / "blog" / "site" / "search" / "search_index.json").exists()


def test_targets_are_reported_met_or_not() -> None:
    def build(cpu: float, wall: float, **extra: object) -> dict:
        return {"cpu_s": cpu, "wall_s": wall, **extra}

    runs = {
        1000: {"radsite": build(10, 20)},
        2000: {"radsite": build(20, 40), "material_blog": build(60, 200)},
        5000: {
            "radsite": build(60, 90, median_item_html_kb=20, peak_rss_mb=300, search={"max_query_kb": 350}),
            "check_s": 3, "check_cpu_s": 2,
        },
    }  # fmt: skip
    status = {t["target"]: t["status"] for t in targets(runs)}
    assert status["speed-up over the blog plugin at 2,000 items, CPU time (x)"] == "NOT met"  # 3x
    assert status["speed-up over the blog plugin at 2,000 items, wall time (x)"] == "met"  # 5x
    assert status["t(5,000) / t(1,000), CPU time (linear build)"] == "NOT met"  # 6
    assert status["t(5,000) / t(1,000), wall time (linear build)"] == "met"  # 4.5
    assert status["one search query at 5,000 items (KB)"] == "NOT met"
    assert status["median item page at 5,000 items (KB)"] == "met"
    assert targets({})[0]["status"] == "not measured"


def test_privacy_benchmark_runs_both_builds_and_the_stages() -> None:
    """Its no-op stand-ins must keep up with the pipeline they replace: a small corpus, one round."""
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-m", "bench.bench_privacy", "--items", "40", "--rounds", "1"],
                          cwd=root, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "ratio of the best builds" in proc.stdout and "stages alone: PHI+image guard" in proc.stdout
