"""Hugo (Debian's `hugo`) on the corpus's texts: the yardstick for a static build's floor.

Each item becomes a Hugo page (title, date, the same Markdown body) rendered with a minimal layout;
Hugo does no validation, guard, feeds or search, so it bounds what rendering the texts costs.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

HUGO_CONFIG = 'baseURL = "https://bench.example/"\ntitle = "Bench department"\ndisableKinds = ["taxonomy", "term"]\n'
PAGE = "<!doctype html><html lang=en><head><title>{{ .Title }}</title></head><body>%s</body></html>\n"
SINGLE = PAGE % "<main><h1>{{ .Title }}</h1>{{ .Content }}</main>"
LIST = PAGE % '<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>'


def hugo_available() -> bool:
    return shutil.which("hugo") is not None


def hugo_project(root: Path, content: Path, collections: tuple[str, ...]) -> int:
    """The corpus's items as Hugo pages under `root`; returns how many."""
    if root.exists():
        shutil.rmtree(root)
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (root / "layouts" / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (root / "layouts" / "_default" / "list.html").write_text(LIST, encoding="utf-8")
    (root / "layouts" / "index.html").write_text(LIST, encoding="utf-8")
    shutil.copytree(content / "images", root / "static" / "images")
    count = 0
    for collection in collections:
        folder = root / "content" / collection
        folder.mkdir(parents=True)
        for path in sorted((content / collection).glob("*.md")):
            _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
            meta = yaml.safe_load(front)
            date = meta.get("date") or meta.get("last_update") or meta.get("last_reviewed") or dt.date(2026, 1, 1)
            head = yaml.safe_dump({"title": str(meta["title"]), "date": str(date)}, sort_keys=False)
            (folder / path.name).write_text(f"---\n{head}---\n{body}", encoding="utf-8")
            count += 1
    return count
