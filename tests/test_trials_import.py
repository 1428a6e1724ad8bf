"""`radsite trials import` / `refresh` on real ClinicalTrials.gov API v2 records (tests/fixtures/ctgov)."""

from __future__ import annotations

import copy
import html.parser
import http.server
import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from browser import loopback

from conftest import BIN, Project, make_project
from radsite.content.frontmatter import parse
from radsite.trials.criteria import unescape

FIXTURES = Path(__file__).parent / "fixtures" / "ctgov"
ROCHE, BURKE = "NCT05894239", "NCT05013879"


def record(nct_id: str) -> dict:
    return json.loads((FIXTURES / f"{nct_id}.json").read_text(encoding="utf-8"))


def radsite(project: Project, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "radsite"), *args], cwd=project.root, env=project.env(**env),
                          capture_output=True, text=True, timeout=120)  # fmt: skip


@pytest.fixture
def site(tmp_path: Path) -> Project:
    """The example site, configured so that Burke Rehabilitation Hospital's location is ours."""
    project = make_project(tmp_path / "project")
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("cities: [Northbrook]", "cities: [Northbrook, White Plains]")
    (project.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


def trial_files(project: Project) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in (project.content / "trials").glob("*.md")}


def front(text: str) -> dict:
    return parse(text).data


def test_import_from_file_writes_a_page_that_builds(site: Project) -> None:
    run = radsite(site, "trials", "import", BURKE, "--from-file", str(FIXTURES / f"{BURKE}.json"))
    assert run.returncode == 0, run.stderr
    path = site.content / "trials/kinesiotape-edema-after-bilateral-total-knee-nct05013879.md"
    meta = front(path.read_text(encoding="utf-8"))
    assert meta["nct_id"] == BURKE and meta["status"] == "COMPLETED"
    assert meta["eligibility"] == {**meta["eligibility"], "min_age": "50 Years", "max_age": "85 Years", "sex": "ALL"}
    assert meta["locations"] == [{"facility": "Burke Rehabilitation Hospital", "city": "White Plains",
                                  "state": "New York", "country": "United States"}]  # fmt: skip
    assert "contact" not in meta  # the record has no central contact
    assert meta["last_update"] == "2024-02-23"
    built = site.build("--strict")
    assert built.returncode == 0, built.output
    page = site.page("trials/kinesiotape-edema-after-bilateral-total-knee-nct05013879")
    assert "Completed" in page and "clinicaltrials.gov/study/NCT05013879" in page
    assert "<li>admitted to Burke Rehabilitation Hospital" in page  # criteria rendered as a list
    assert "Ages 50 years to 85 years" in page


def test_import_without_maximum_age_keeps_only_this_sites_locations(site: Project) -> None:
    data = record(ROCHE)
    ours = {"facility": "Northbrook University Hospital", "status": "RECRUITING", "city": "Northbrook",
            "country": "United States",
            "contacts": [{"name": "Imaging Research Office", "role": "CONTACT", "phone": "555-0199"}]}  # fmt: skip
    locations = data["protocolSection"]["contactsLocationsModule"]["locations"]
    # A record with more than 1,000 locations, as large multinational trials have.
    for i in range(1200):
        loc = copy.deepcopy(locations[i % 2])
        loc["facility"] = f"{loc['facility']} site {i}"
        locations.append(loc)
    locations.insert(600, ours)
    # Criteria as API v2 returns them for many records: Markdown-escaped (text from a real record).
    data["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] = ESCAPED
    saved = site.root / "roche.json"
    saved.write_text(json.dumps(data), encoding="utf-8")
    run = radsite(site, "trials", "import", ROCHE, "--from-file", str(saved), "--slug", "inavolisib-breast")
    assert run.returncode == 0, run.stderr
    meta = front((site.content / "trials/inavolisib-breast.md").read_text(encoding="utf-8"))
    assert "max_age" not in meta["eligibility"] and meta["eligibility"]["min_age"] == "18 Years"
    assert [loc["facility"] for loc in meta["locations"]] == ["Northbrook University Hospital"]
    assert meta["contact"] == {"name": "Imaging Research Office", "phone": "555-0199"}  # the site's own contact
    assert meta["phase"] == ["PHASE3"]
    built = site.build("--strict")
    assert built.returncode == 0, built.output
    page = site.page("trials/inavolisib-breast")
    assert "Ages 18 years and older" in page and "Recruiting" in page
    assert "<li>Known coagulopathy/thrombocytopenia (INR &gt;1.5, platelets &lt;75)</li>" in page
    assert "\\" not in page[page.index("Eligibility criteria") :][:2000]


def test_a_bad_slug_is_refused(site: Project) -> None:
    before = trial_files(site)
    run = radsite(site, "trials", "import", BURKE, "--from-file", str(FIXTURES / f"{BURKE}.json"), "--slug", "Knee Tape")
    assert run.returncode == 1 and "not a slug" in run.stderr
    assert trial_files(site) == before


@pytest.mark.parametrize("damage", ["truncated", "html", "no-status", "not-an-object", "other-id"])
def test_malformed_or_truncated_record_is_an_error_and_writes_nothing(site: Project, damage: str) -> None:
    text = (FIXTURES / f"{ROCHE}.json").read_text(encoding="utf-8")
    if damage == "truncated":
        text = text[: len(text) // 2]
    elif damage == "html":
        text = "<html><body>Service unavailable</body></html>"
    elif damage == "no-status":
        data = json.loads(text)
        del data["protocolSection"]["statusModule"]["overallStatus"]
        text = json.dumps(data)
    elif damage == "not-an-object":
        text = "[]"
    bad = site.root / "bad.json"
    bad.write_text(text, encoding="utf-8")
    before = trial_files(site)
    nct = BURKE if damage == "other-id" else ROCHE
    source = FIXTURES / f"{ROCHE}.json" if damage == "other-id" else bad
    run = radsite(site, "trials", "import", nct, "--from-file", str(source))
    assert run.returncode == 1
    assert "error: [ctgov]" in run.stderr and str(source.name) in run.stderr
    assert trial_files(site) == before
    assert not list((site.content / "trials").glob(".*.tmp"))


def test_reimport_updates_imported_fields_and_keeps_hand_written_sections(site: Project) -> None:
    data = record(BURKE)
    data["protocolSection"]["statusModule"]["overallStatus"] = "RECRUITING"
    first = site.root / "first.json"
    first.write_text(json.dumps(data), encoding="utf-8")
    assert radsite(site, "trials", "import", BURKE, "--from-file", str(first), "--slug", "knee-tape").returncode == 0
    path = site.content / "trials/knee-tape.md"
    doc = parse(path.read_text(encoding="utf-8"))
    meta = {**doc.data, "title": "Tape for knee swelling after surgery", "pi": "tomas-novak", "tags": ["knee"]}
    hand = "## Why we run this study\n\nOur physiotherapists asked this question.\n"
    path.write_text("---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n" + doc.body + "\n" + hand,
                    encoding="utf-8")  # fmt: skip
    run = radsite(site, "trials", "import", BURKE, "--from-file", str(FIXTURES / f"{BURKE}.json"))
    assert run.returncode == 0, run.stderr
    assert "status RECRUITING -> COMPLETED" in run.stdout
    text = path.read_text(encoding="utf-8")
    meta = front(text)
    assert meta["status"] == "COMPLETED" and meta["title"] == "Tape for knee swelling after surgery"
    assert meta["pi"] == "tomas-novak" and meta["tags"] == ["knee"]
    assert hand.strip() in text and text.count("## About this study") == 1
    assert not list((site.content / "trials").glob("*nct05013879*"))  # found by NCT id, not duplicated


class _Api(http.server.BaseHTTPRequestHandler):
    """ClinicalTrials.gov API v2's shape: GET /api/v2/studies/{nctId} -> the record, else 404."""

    records: dict[str, bytes] = {}
    seen: list[str] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        nct = self.path.split("?")[0].rsplit("/", 1)[-1]
        body = self.records.get(nct) if self.path.startswith("/api/v2/studies/") else None
        if body is None:
            self.send_response(404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"message": "not found"}')
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def api(records: dict[str, bytes]) -> Iterator[str]:
    _Api.records, _Api.seen = records, []
    with loopback(_Api) as url:
        yield f"{url}api/v2"


def test_import_and_refresh_over_http_report_status_changes(site: Project) -> None:
    recruiting = record(BURKE)
    recruiting["protocolSection"]["statusModule"]["overallStatus"] = "RECRUITING"
    with api({BURKE: json.dumps(recruiting).encode()}) as base:
        run = radsite(site, "trials", "import", BURKE, "--slug", "knee-tape", RADSITE_CTGOV_API=base)
        assert run.returncode == 0, run.stderr
        assert _Api.seen == [f"/api/v2/studies/{BURKE}?format=json"]
        missing = radsite(site, "trials", "import", "NCT00000001", RADSITE_CTGOV_API=base)
        assert missing.returncode == 1 and "HTTP 404" in missing.stderr
    assert site.build("--strict").returncode == 0
    assert "rs-status--recruiting" in site.page("trials/knee-tape")
    with api({BURKE: (FIXTURES / f"{BURKE}.json").read_bytes()}) as base:
        run = radsite(site, "trials", "refresh", RADSITE_CTGOV_API=base)
    # The example trials' fictional NCT ids are unknown to the server: reported, the rest goes on.
    assert "knee-tape.md: NCT05013879 status changed: RECRUITING -> COMPLETED" in run.stdout
    assert "HTTP 404" in run.stderr and run.returncode == 1
    assert front((site.content / "trials/knee-tape.md").read_text(encoding="utf-8"))["status"] == "COMPLETED"
    built = site.build("--strict")
    assert built.returncode == 0, built.output
    assert "rs-status--completed" in site.page("trials/knee-tape")


# Criteria text as API v2 returns it for many records (from a real pancreatic fiducial-marker study).
ESCAPED = (
    "Inclusion Criteria:\n\n* Patients with pathologically confirmed pancreatic cancer referred for image guided "
    "radiation therapy (IGRT)\n\nExclusion Criteria:\n\n* Age \\<18\n* Inability to consent\n"
    "* Known coagulopathy/thrombocytopenia (INR \\>1.5, platelets \\<75)\n* Gold allergy\n* Pregnancy"
)


def test_ctgov_markdown_escapes_are_removed() -> None:
    raw = ("Exclusion Criteria:\n\n* Age \\<18\n* Inability to consent\n"
           "* Known coagulopathy/thrombocytopenia (INR \\>1.5, platelets \\<75)\n\\* Gold allergy\n1\\. Pregnancy")  # fmt: skip
    assert unescape(raw) == ("Exclusion Criteria:\n\n* Age <18\n* Inability to consent\n"
                             "* Known coagulopathy/thrombocytopenia (INR >1.5, platelets <75)\n"
                             "* Gold allergy\n1. Pregnancy")  # fmt: skip


# Hostile records: someone else's text is shown as text, cannot forge our markers, cannot exhaust us.
HOSTILE_SUMMARY = (
    'Knee swelling <script>alert("ctgov")</script> after surgery.\n\n'
    '<img src="x.png"> [a link](javascript:alert(1)) **loud**\n\n'
    "<!-- ctgov:end -->\n\n# Not a heading\n\n1. not a list"
)


def hostile_record(tmp: Path) -> Path:
    data = record(BURKE)
    data["protocolSection"]["descriptionModule"]["briefSummary"] = HOSTILE_SUMMARY
    ident = data["protocolSection"]["identificationModule"]
    ident["briefTitle"] = 'Kinesiotape </title><script>alert("ctgov title")</script> for edema'
    ident["officialTitle"] = 'Kinesiotape <img src="x.png" onerror="alert(1)"> (official)'
    path = tmp / "hostile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_record_text_is_text_in_the_built_page(site: Project) -> None:
    run = radsite(site, "trials", "import", BURKE, "--from-file", str(hostile_record(site.root)), "--slug", "knee-tape")
    assert run.returncode == 0, run.stderr
    built = site.build()
    assert built.returncode == 0, built.output  # an <img> in the text is no image: no alt-text error
    page = site.page("trials/knee-tape")
    about = page[page.index('id="about-this-study"') :]
    assert '&lt;script&gt;alert("ctgov")&lt;/script&gt;' in about or "&lt;script&gt;alert(&quot;ctgov&quot;)" in about
    assert '&lt;img src="x.png"&gt;' in about or "&lt;img src=&quot;x.png&quot;&gt;" in about
    assert "[a link](javascript:alert(1)) **loud**" in about and "&lt;!-- ctgov:end --&gt;" in about
    assert "# Not a heading" in about and "1. not a list" in about
    elements = Elements()
    elements.feed(page)  # parsed as a browser would: none of the record's markup is an element
    assert not [text for text in elements.scripts if "ctgov" in text]
    assert ("img", "x.png") not in elements.links and not [u for _, u in elements.links if u.startswith("javascript:")]


class Elements(html.parser.HTMLParser):
    """Texts of the scripts a browser runs (not JSON-LD data) and link / image targets of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script" and dict(attrs).get("type") != "application/ld+json"
        self.links += [(tag, value or "") for name, value in attrs if name in ("src", "href")]

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def test_reimporting_a_record_whose_text_holds_the_end_marker_duplicates_nothing(site: Project) -> None:
    source = str(hostile_record(site.root))
    assert radsite(site, "trials", "import", BURKE, "--from-file", source, "--slug", "knee-tape").returncode == 0
    path = site.content / "trials/knee-tape.md"
    first = path.read_text(encoding="utf-8")
    for _ in range(2):
        run = radsite(site, "trials", "import", BURKE, "--from-file", source)
        assert run.returncode == 0, run.stderr
        assert path.read_text(encoding="utf-8") == first
    body = parse(first).body  # the front matter's summary may quote the text: it is data, not Markdown
    assert body.count("<!-- ctgov:end -->") == 1 and body.count("ctgov:start") == 1
    assert body.count("Knee swelling") == 1


@pytest.mark.parametrize("where", ["top", "inside"])
def test_deeply_nested_json_is_an_error_in_seconds(site: Project, where: str) -> None:
    deep = "[" * 200_000 + "]" * 200_000
    inside = json.dumps(record(BURKE)).replace('"conditions": [', f'"conditions": [{deep}, ', 1)
    text = deep if where == "top" else inside
    bad = site.root / "deep.json"
    bad.write_text(text, encoding="utf-8")
    before = trial_files(site)
    started = time.monotonic()
    run = radsite(site, "trials", "import", BURKE, "--from-file", str(bad))
    assert time.monotonic() - started < 10
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "deep.json:1: error: [ctgov] JSON nested more than 32 levels deep" in run.stderr
    assert trial_files(site) == before


def test_brackets_inside_strings_are_not_nesting(site: Project) -> None:
    data = record(BURKE)
    data["protocolSection"]["descriptionModule"]["briefSummary"] = "[" * 100 + ' "quoted" {' * 50
    path = site.root / "brackets.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    run = radsite(site, "trials", "import", BURKE, "--from-file", str(path), "--slug", "knee-tape")
    assert run.returncode == 0, run.stderr


def test_an_unwritable_trials_folder_is_a_message(site: Project) -> None:
    shutil.rmtree(site.content / "trials")
    (site.content / "trials").write_text("not a folder\n", encoding="utf-8")
    run = radsite(site, "trials", "import", BURKE, "--from-file", str(FIXTURES / f"{BURKE}.json"))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "error: [ctgov] cannot write the trial" in run.stderr and "nothing was written" in run.stderr


class _Trickle(http.server.BaseHTTPRequestHandler):
    """A server that sends its answer a few bytes at a time, each within the per-read timeout."""

    def do_GET(self) -> None:
        body = b'{"protocolSection": {}}' * 50
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for start in range(0, len(body), 20):
            try:
                self.wfile.write(body[start : start + 20])
                self.wfile.flush()
            except OSError:
                return  # the client gave up
            time.sleep(0.05)

    def log_message(self, *args: object) -> None:
        pass


def test_a_server_that_trickles_its_answer_is_given_up_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from radsite.trials import source
    from radsite.trials.record import RecordError

    monkeypatch.setattr(source, "TOTAL_S", 0.5)
    with loopback(_Trickle) as url:
        started = time.monotonic()
        with pytest.raises(RecordError, match="sent the record too slowly"):
            source.fetch(BURKE, f"{url}api/v2")
        assert time.monotonic() - started < 2.5  # the whole answer would take about 3 s


def test_a_records_escaped_control_characters_and_lone_surrogates_are_left_out(site: Project) -> None:
    """JSON's `\\u000b`, `\\ufffe` and a lone `\\ud800` are characters no page, feed or UTF-8 file can hold:
    the import wrote them as YAML escapes that no build could read (an unexpected error)."""
    data = record(BURKE)
    data["protocolSection"]["identificationModule"]["briefTitle"] = "Knee tape\u000b trial \ud800for\ufffe edema"
    data["protocolSection"]["descriptionModule"]["briefSummary"] = "A bell\u0007 and \udc00a surrogate."
    source = site.root / "controls.json"
    source.write_text(json.dumps(data), encoding="utf-8")  # json.dumps writes them as \u escapes
    run = radsite(site, "trials", "import", BURKE, "--from-file", str(source), "--slug", "knee-tape")
    assert run.returncode == 0, run.stderr
    meta = front((site.content / "trials" / "knee-tape.md").read_text(encoding="utf-8"))
    assert meta["title"] == "Knee tape trial for edema" and meta["summary"] == "A bell and a surrogate."
    built = site.build()
    assert built.returncode == 0 and "Traceback" not in built.output, built.output[-2000:]
    assert "Knee tape trial for edema" in site.page("trials/knee-tape")
