"""`radsite syndicate` against a Mastodon + Bluesky server on 127.0.0.1 (tests/social_server.py),
with faults injected; in every scenario each new entry ends up posted exactly once."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import grapheme
import pytest
import yaml
from PIL import Image as PILImage
from social_server import JWT, LINKEDIN_TOKEN, ORG_URN, PASSWORD, PATIENTS_TOKEN, TOKEN, Fault, Running

from conftest import ROOT, Project
from radsite.cli import main
from radsite.publish.entries import Enclosure, FeedEntry
from radsite.publish.feeds import write_feeds
from radsite.publish.posttext import ANSWER_LEAD, hashtags, post_texts
from radsite.settings import Settings, from_mkdocs_yml
from radsite.syndicate.bluesky import facets, rkey
from radsite.syndicate.mastodon import idempotency_key

SITE = "https://radiology.test/"
TZ = ZoneInfo("America/New_York")
TAGS = {"neuroradiology": "Neurorad", "ct": "CT", "mri": "MRI"}
BIN = Path(sys.executable).parent
LONG = ("Teaching case of the week 🩻: a thunderclap headache, naïve readers welcome. " * 8).strip()


def entry(n: int, *, image: Enclosure | None = None, social: str | None = None) -> FeedEntry:
    link = f"{SITE}news/post-{n}/"
    title = f"Post {n}: café-Röntgen 👩‍⚕️ reading"
    summary = f"Summary {n} with accents (é, ü) and an emoji 🧠."
    published = dt.datetime(2026, 11, n, 9, 0, tzinfo=TZ)
    tags = ("neuroradiology", "ct", "unmapped-tag")
    return FeedEntry(id=link, collection="news", slug=f"post-{n}", kind="item", title=title, link=link,
                     published=published, updated=published, summary=summary, content=f"<p>Body {n}</p>",
                     categories=tags, authors=("Dr. Test",), image=image,
                     posts=post_texts(title, summary, social, link, hashtags(tags, TAGS)))  # fmt: skip


def png(path: Path, size: tuple[int, int], *, noise: bool = False, fmt: str = "PNG") -> int:
    """A real image file (noise does not compress: a big file); its size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if noise:
        image = PILImage.frombytes("RGB", size, random.Random(1).randbytes(size[0] * size[1] * 3))
    else:
        image = PILImage.linear_gradient("L").resize(size).convert("RGB")
    image.save(path, fmt)
    return path.stat().st_size


def make_site(root: Path, count: int) -> Path:
    """A built site with `count` news entries: one with a small image, one with an image over 1 MB."""
    site = root / "site"
    images = site / "news/images"
    small_size = png(images / "small.png", (64, 48))
    big_size = png(images / "big.png", (700, 700), noise=True)
    assert big_size > 1_000_000
    small = Enclosure(f"{SITE}news/images/small.png", small_size, "image/png", "A small gradient")
    big = Enclosure(f"{SITE}news/images/big.png", big_size, "image/png", "Noise, too big for Bluesky")
    entries = [entry(n, image=small if n == 1 else big if n == 2 else None, social=LONG if n == 3 else None)
               for n in range(1, count + 1)]  # fmt: skip
    settings = Settings(content_dir=root / "content", site_url=SITE, department="Test Radiology")
    write_feeds(entries, settings, site)
    return site


def known_networks(tmp_path: Path, *networks: str) -> Path:
    """A state file from earlier runs that posted nothing yet: the entries in the feed are new."""
    state = tmp_path / "state.json"
    names = networks or ("mastodon", "bluesky")
    state.write_text(json.dumps({"version": 1, "networks": {n: {} for n in names}}), encoding="utf-8")
    return state


def read_state(tmp_path: Path) -> dict:
    return json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".state.json."))


@pytest.fixture
def server():
    with Running() as running:
        yield running


def run_cli(tmp_path: Path, server: Running, *args: str, monkeypatch, capsys) -> tuple[int, str, str]:
    for key, value in server.env().items():
        monkeypatch.setenv(key, value)
    code = main(["syndicate", "--site", str(tmp_path / "site"), "--state", str(tmp_path / "state.json"),
                 "--config", str(tmp_path / "no-mkdocs.yml"), "--backoff", "0.05", *args])  # fmt: skip
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_each_posted_once(server: Running, count: int, tmp_path: Path) -> None:
    s = server.state
    assert s.violations == []
    keys = [status["idempotency_key"] for status in s.statuses]
    assert sorted(keys) == sorted(idempotency_key(f"{SITE}news/post-{n}/") for n in range(1, count + 1))
    assert len(s.statuses) == count
    expected = {rkey(f"{SITE}news/post-{n}/", dt.datetime(2026, 11, n, 9, tzinfo=TZ)) for n in range(1, count + 1)}
    assert set(s.records) == expected and len(s.record_order) == count
    state = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    for network in ("mastodon", "bluesky"):
        assert [r["status"] for r in state["networks"][network].values()] == ["posted"] * count


def test_posts_each_entry_once_oldest_first_and_a_rerun_posts_nothing(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path)
    make_site(tmp_path, 4)
    code, out, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert_each_posted_once(server, 4, tmp_path)
    s = server.state
    assert [st["idempotency_key"] for st in s.statuses] == [idempotency_key(f"{SITE}news/post-{n}/") for n in (1, 2, 3, 4)]
    assert s.record_order == sorted(s.record_order)  # TIDs sort by time: oldest posted first
    # issue 24: each image is posted with its alt text; Bluesky's over 1 MB was scaled down to fit;
    # the entries without one get a link card on Bluesky
    first, second, third, fourth = (s.records[k]["embed"] for k in s.record_order)
    assert first["$type"] == "app.bsky.embed.images" and first["images"][0]["alt"] == "A small gradient"
    small = (tmp_path / "site/news/images/small.png").stat().st_size
    assert first["images"][0]["image"]["size"] == small and first["images"][0]["image"]["mimeType"] == "image/png"
    assert first["images"][0]["aspectRatio"] == {"width": 64, "height": 48}
    big = second["images"][0]
    assert big["alt"] == "Noise, too big for Bluesky" and big["image"]["mimeType"] == "image/jpeg"
    assert big["image"]["size"] <= 1_000_000 and big["aspectRatio"]["width"] == big["aspectRatio"]["height"]
    for card, n in ((third, 3), (fourth, 4)):
        assert card["$type"] == "app.bsky.embed.external" and card["external"]["uri"] == f"{SITE}news/post-{n}/"
        assert card["external"]["title"].startswith(f"Post {n}:")
    assert len(s.blobs) == 2
    media = [[(m["description"], m["mime"]) for m in st["media_attachments"]] for st in s.statuses]
    assert media == [[("A small gradient", "image/png")], [("Noise, too big for Bluesky", "image/png")], [], []]
    # the long post was cut to fit, counted in graphemes, link and hashtags kept
    third = s.records[s.record_order[2]]["text"]
    assert grapheme.length(third) <= 300 < len(LONG) and "…" in third
    assert third.endswith(f"{SITE}news/post-3/\n\n#Neurorad #CT")
    assert any(f["features"][0]["$type"].endswith("#tag") for f in s.records[s.record_order[2]]["facets"])
    # credentials appear nowhere
    written = out + err + (tmp_path / "state.json").read_text(encoding="utf-8")
    for secret in (TOKEN, PASSWORD, JWT):
        assert secret not in written
    code, out, _ = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and "0 new posts" in out
    assert_each_posted_once(server, 4, tmp_path)


def test_a_500_then_success(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path)
    make_site(tmp_path, 3)
    server.state.fault("statuses", Fault(status=500))
    server.state.fault("createRecord", Fault(), Fault(status=503))
    code, _, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert "HTTP 500; retry 1/5" in err and "HTTP 503; retry 1/5" in err
    assert_each_posted_once(server, 3, tmp_path)


def test_a_429_waits_as_long_as_retry_after_says(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path)
    make_site(tmp_path, 2)
    server.state.fault("statuses", Fault(), Fault(status=429, retry_after="1"))
    server.state.fault("createRecord", Fault(status=429, retry_after="1"))
    code, _, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert err.count("HTTP 429; retry 1/5 in 1 s") == 2  # Retry-After, not the 0.05 s backoff
    assert_each_posted_once(server, 2, tmp_path)


def test_connection_dropped_after_the_server_stored_the_post(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path)
    make_site(tmp_path, 3)
    server.state.fault("statuses", Fault(), Fault(drop_after_store=True))
    server.state.fault("createRecord", Fault(drop_after_store=True))
    code, _, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert err.count("connection failed") == 2
    assert server.state.hits["statuses"] == 4  # the resend carried the same Idempotency-Key
    assert_each_posted_once(server, 3, tmp_path)


def test_an_expired_bluesky_session_is_renewed_mid_run(tmp_path, server, monkeypatch, capsys) -> None:
    """An access token runs out during a long run: the server answers ExpiredToken, the client gets
    a new token with refreshSession and carries on, still posting each entry once."""
    known_networks(tmp_path)
    make_site(tmp_path, 4)
    server.state.expire_tokens_after(3)  # upload + create of the first post, then it expires
    code, _, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert "the session expired; renewed it" in err
    assert server.state.sessions == 2  # signed in once, refreshed once: no second sign-in
    assert server.state.refresh_jwt == "jwt-refresh-next"
    assert_each_posted_once(server, 4, tmp_path)


def test_gives_up_after_the_limit_with_nothing_lost(tmp_path, server, monkeypatch, capsys) -> None:
    """Mastodon keeps failing: it stops for this run, Bluesky is not held back, the next run continues."""
    known_networks(tmp_path)
    make_site(tmp_path, 3)
    server.state.fault("statuses", Fault(), *[Fault(status=502)] * 3)
    code, _, err = run_cli(tmp_path, server, "--retries", "2", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 3
    assert "gave up after 3 attempts" in err and "the next run continues from" in err and "news/post-2/" in err
    assert "rejected" not in err
    assert len(server.state.statuses) == 1 and len(server.state.records) == 3
    assert read_state(tmp_path)["networks"]["mastodon"][f"{SITE}news/post-2/"]["status"] == "pending"
    code, _, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert_each_posted_once(server, 3, tmp_path)


@pytest.mark.parametrize("endpoint", ["statuses", "createRecord"])
def test_process_killed_mid_run(tmp_path, server, endpoint) -> None:
    """SIGKILL while the server holds the second post (stored, not yet answered); the rerun posts it no twice."""
    known_networks(tmp_path)
    make_site(tmp_path, 4)
    server.state.fault(endpoint, Fault(), Fault(delay_after_store=60))
    args = [str(BIN / "radsite"), "syndicate", "--site", str(tmp_path / "site"), "--state", str(tmp_path / "state.json"),
            "--config", str(tmp_path / "none.yml"), "--backoff", "0.05"]  # fmt: skip
    env = {**os.environ, **server.env()}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    stored = (lambda: len(server.state.statuses)) if endpoint == "statuses" else (lambda: len(server.state.records))
    while stored() < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stored() == 2
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    state = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    network = "mastodon" if endpoint == "statuses" else "bluesky"
    assert state["networks"][network][f"{SITE}news/post-2/"]["status"] == "pending"
    server.state.by_key.clear()  # the rerun comes more than an hour later: Mastodon has forgotten the key
    rerun = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert_each_posted_once(server, 4, tmp_path)
    assert leftovers(tmp_path) == []


def test_mark_all_posted_then_only_new_entries_are_posted(tmp_path, server, monkeypatch, capsys) -> None:
    make_site(tmp_path, 2)
    code, out, _ = run_cli(tmp_path, server, "--mark-all-posted", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and "Recorded 4 posts" in out
    assert server.state.hits == {}
    make_site(tmp_path, 3)  # the next build has one new entry
    code, out, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert [s["idempotency_key"] for s in server.state.statuses] == [idempotency_key(f"{SITE}news/post-3/")]
    assert len(server.state.records) == 1 and server.state.violations == []


def test_half_an_account_is_an_error_naming_what_is_missing(tmp_path, server, monkeypatch, capsys) -> None:
    make_site(tmp_path, 1)
    for key in ("MASTODON_TOKEN", "BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("MASTODON_BASE_URL", server.url)
    code = main(["syndicate", "--site", str(tmp_path / "site"), "--state", str(tmp_path / "state.json"),
                 "--to", "mastodon", "--config", str(tmp_path / "none.yml")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "mastodon: set MASTODON_TOKEN in the environment" in err and "half an account" in err
    assert server.state.hits == {} and not (tmp_path / "state.json").exists()


def test_no_account_configured_is_a_notice_and_success_as_in_the_workflow(tmp_path, server) -> None:
    """The publish workflow's step, as written there, in a repository without secrets (CI passes them empty)."""
    make_site(tmp_path, 2)
    workflow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in workflow["jobs"]["syndicate"]["steps"] if "radsite syndicate" in s.get("run", "")]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MASTODON_", "BLUESKY_"))}
    env |= {name: "" for name in step["env"]}  # ${{ secrets.X }} of a secret that is not set
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv/bin").symlink_to(BIN)
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "no social account is configured" in done.stdout and "nothing was posted" in done.stdout
    assert "mastodon: no account configured" in done.stdout and "bluesky: no account configured" in done.stdout
    assert "Traceback" not in done.stderr
    # nothing recorded: the first run with an account will be that account's first run
    assert not (tmp_path / "syndication-state.json").exists() and server.state.hits == {}


def test_one_network_configured_posts_there_and_notes_the_other(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path, "bluesky")
    make_site(tmp_path, 2)
    for key, value in server.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("MASTODON_BASE_URL")
    monkeypatch.delenv("MASTODON_TOKEN")
    code = main(["syndicate", "--site", str(tmp_path / "site"), "--state", str(tmp_path / "state.json"),
                 "--config", str(tmp_path / "none.yml")])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0 and "mastodon: no account configured" in out and "Done: 2 new posts (bluesky 2)" in out
    assert server.state.statuses == [] and len(server.state.records) == 2
    assert "mastodon" not in read_state(tmp_path)["networks"]


def test_dry_run_prints_the_posts_of_the_example_site(built_example: Project, tmp_path, server, capsys) -> None:
    state = tmp_path / "state.json"
    base = ["syndicate", "--site", str(built_example.site), "--dry-run", "--state", str(state),
            "--config", str(tmp_path / "none.yml")]  # fmt: skip
    assert main(base) == 0
    out = capsys.readouterr().out
    assert "mastodon: first run: " in out and "Dry run: 0 posts would be sent" in out and "===" not in out
    code = main([*base, "--post-newest", "1000"])
    out = capsys.readouterr().out
    assert code == 0 and not state.exists() and server.state.hits == {}
    assert out.count("=== mastodon: ") == out.count("=== bluesky: ") > 20
    assert "Idempotency-Key: radsite-" in out and '"$type": "app.bsky.embed.external"' in out
    assert "Our new MRI scanner is open!" in out
    assert "draft-open-house" not in out and "winter-hours-2027" not in out


def test_facets_use_utf8_byte_offsets() -> None:
    text = "Café 👩‍⚕️ https://radiology.test/x/ #Neurorad"
    found = facets(text)
    raw = text.encode("utf-8")
    link, tag = found
    assert raw[link["index"]["byteStart"] : link["index"]["byteEnd"]] == b"https://radiology.test/x/"
    assert link["index"]["byteStart"] == len("Café 👩‍⚕️ ".encode()) == 20  # 7 code points before it, 20 bytes
    assert raw[tag["index"]["byteStart"] : tag["index"]["byteEnd"]] == b"#Neurorad"
    assert tag["features"] == [{"$type": "app.bsky.richtext.facet#tag", "tag": "Neurorad"}]


def test_record_keys_and_idempotency_keys_are_stable() -> None:
    when = dt.datetime(2026, 11, 1, 9, tzinfo=TZ)
    key = rkey(f"{SITE}news/a/", when)
    assert key == rkey(f"{SITE}news/a/", when) and key != rkey(f"{SITE}news/b/", when)
    assert len(key) == 13 and key[0] in "234567abcdefghij"
    assert idempotency_key("x") == idempotency_key("x") != idempotency_key("y")


def test_never_posts_from_an_internal_build(tmp_path, server, monkeypatch, capsys) -> None:
    settings = Settings(content_dir=tmp_path / "content", site_url=SITE)
    write_feeds([entry(1)], settings, tmp_path / "site", audience="internal")
    code, _, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and "only a public build may be posted" in err
    assert server.state.hits == {} and not (tmp_path / "state.json").exists()


def test_a_refused_token_stops_with_the_servers_words(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path)
    make_site(tmp_path, 2)
    monkeypatch.setenv("MASTODON_TOKEN", "tok-XYZ-not-valid-123")
    for key, value in server.env().items():
        if key != "MASTODON_TOKEN":
            monkeypatch.setenv(key, value)
    code = main(["syndicate", "--site", str(tmp_path / "site"), "--state", str(tmp_path / "state.json"),
                 "--to", "mastodon", "--config", str(tmp_path / "none.yml")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 4 and "HTTP 401" in err and "tok-XYZ" not in err and "MASTODON_* credentials" in err
    assert server.state.statuses == []


def test_retry_after_as_seconds_or_http_date() -> None:
    import httpx

    from radsite.syndicate.http import retry_after

    now = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
    assert retry_after(httpx.Response(429, headers={"Retry-After": "7"}), now) == 7
    date = httpx.Response(503, headers={"Retry-After": "Sat, 28 Nov 2026 12:00:30 GMT"})
    assert retry_after(date, now) == 30
    reset = httpx.Response(429, headers={"ratelimit-reset": str(int(now.timestamp()) + 12)})
    assert retry_after(reset, now) == 12
    assert retry_after(httpx.Response(500), now) is None


# -- issue 17: a first run, rejections, resume by the entry's own id, slow and strange servers


def write_entries(root: Path, entries: list[FeedEntry]) -> Path:
    settings = Settings(content_dir=root / "content", site_url=SITE, department="Test Radiology")
    write_feeds(entries, settings, root / "site")
    return root / "site"


def case_entries(*, same_text: bool) -> list[FeedEntry]:
    """A case's question and, once revealed, its answer: two entries with the same link."""
    link = f"{SITE}cases/knee-01/"
    asked = dt.datetime(2026, 11, 2, 9, tzinfo=TZ)
    revealed = dt.datetime(2026, 11, 6, 9, tzinfo=TZ)
    social = "Knee pain after a twist: what do you see?" if same_text else None

    def one(entry_id: str, kind: str, title: str, summary: str, when: dt.datetime) -> FeedEntry:
        return FeedEntry(id=entry_id, collection="cases", slug="knee-01", kind=kind, title=title, link=link,
                         published=when, updated=when, summary=summary, content="<p>Case</p>", categories=(),
                         authors=(), image=None, posts=post_texts(title, summary, social, link, []))  # fmt: skip

    return [one(link, "item", "Knee pain after a twist", "What do you see?", asked),
            one(f"{link}#answer", "answer", "Answer revealed: Knee pain after a twist", "The answer: ACL tear.",
                revealed)]  # fmt: skip


def test_first_run_records_the_feed_and_posts_nothing(tmp_path, server, monkeypatch, capsys) -> None:
    make_site(tmp_path, 4)
    code, out, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert server.state.posts() == 0 and "statuses" not in server.state.hits
    assert out.count("recorded the 4 entries already in the feed as posted and sent none") == 2
    assert "--post-newest N or --since DATE" in out and "Done: 0 new posts" in out
    state = read_state(tmp_path)["networks"]
    assert {r["status"] for n in ("mastodon", "bluesky") for r in state[n].values()} == {"marked"}
    assert len(state["mastodon"]) == len(state["bluesky"]) == 4
    make_site(tmp_path, 5)  # the next build has one new entry: that one is posted
    code, out, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert server.state.keys_sent == [idempotency_key(f"{SITE}news/post-5/")] and len(server.state.records) == 1
    assert "first run" not in out


@pytest.mark.parametrize(("option", "posted"), [(("--post-newest", "2"), {3, 4}), (("--since", "2026-11-03"), {3, 4}),
                                                (("--since", "2026-11-03T09:00:01-05:00"), {4}),
                                                (("--post-newest", "1", "--since", "2026-11-02"), {2, 3, 4})])  # fmt: skip
def test_first_run_posts_only_what_is_asked(tmp_path, server, monkeypatch, capsys, option, posted) -> None:
    make_site(tmp_path, 4)
    code, out, err = run_cli(tmp_path, server, *option, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    wanted = sorted(idempotency_key(f"{SITE}news/post-{n}/") for n in posted)
    assert sorted(server.state.keys_sent) == wanted and len(server.state.records) == len(posted)
    assert f"recorded {4 - len(posted)} entries of the feed as already posted; posting {len(posted)}" in out
    # the same option again: what it chose is posted already, so nothing is sent twice
    code, out, err = run_cli(tmp_path, server, *option, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert sorted(server.state.keys_sent) == wanted and "posting 0 entries that the first run recorded" in out


def test_after_a_first_run_some_recorded_entries_can_still_be_posted(tmp_path, server, monkeypatch, capsys) -> None:
    """As the first run's message says: --post-newest later posts the newest of what it recorded."""
    make_site(tmp_path, 4)
    code, out, _ = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and "run with --post-newest N or --since DATE" in out and server.state.posts() == 0
    code, out, _ = run_cli(tmp_path, server, "--dry-run", "--post-newest", "2", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and "Dry run: 4 posts would be sent" in out and server.state.posts() == 0
    code, out, err = run_cli(tmp_path, server, "--post-newest", "2", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert "posting 2 entries that the first run recorded without posting (the newest 2)" in out
    assert server.state.keys_sent == [idempotency_key(f"{SITE}news/post-{n}/") for n in (3, 4)]
    assert len(server.state.records) == 2
    # --mark-all-posted records are a deliberate "never post these": not reopened
    run_cli(tmp_path, server, "--mark-all-posted", monkeypatch=monkeypatch, capsys=capsys)
    make_site(tmp_path, 5)
    run_cli(tmp_path, server, "--mark-all-posted", monkeypatch=monkeypatch, capsys=capsys)
    code, out, _ = run_cli(tmp_path, server, "--since", "2026-11-05", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and "posting 0 entries" in out and len(server.state.statuses) == 2


def test_a_bad_since_date_is_a_message(tmp_path, server, monkeypatch, capsys) -> None:
    make_site(tmp_path, 1)
    code, _, err = run_cli(tmp_path, server, "--since", "last tuesday", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and "--since 'last tuesday': not an ISO 8601 date" in err


def test_a_rejected_entry_is_recorded_skipped_reported_and_retried_on_request(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path)
    make_site(tmp_path, 3)
    server.state.fault("statuses", Fault(status=422, message="Validation failed: Text contains a blocked link"))
    server.state.fault("createRecord", Fault(), Fault(status=400, message="InvalidRequest"))
    code, out, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 4  # a person has to look at it, once
    assert "HTTP 422: Validation failed: Text contains a blocked link" in err
    assert "recorded as rejected" in err and "--retry-rejected" in err and "going on with the next entries" in err
    assert "Nothing is lost" not in err + out and "run again" not in err + out
    assert "2 rejected and not posted" in out
    assert [st["idempotency_key"] for st in server.state.statuses] == [
        idempotency_key(f"{SITE}news/post-{n}/") for n in (2, 3)]  # fmt: skip
    assert len(server.state.records) == 2  # post-1 and post-3: post-2 was refused
    state = read_state(tmp_path)["networks"]
    assert state["mastodon"][f"{SITE}news/post-1/"]["status"] == "rejected"
    assert "Validation failed" in state["mastodon"][f"{SITE}news/post-1/"]["reason"]
    assert state["bluesky"][f"{SITE}news/post-2/"]["reason"] == "HTTP 400: InvalidRequest"
    # every later run reports it, stays green, and does not send it again
    code, out, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and "Done: 0 new posts" in out
    assert f"not posted: {SITE}news/post-1/ was rejected (HTTP 422: Validation failed" in err
    assert f"not posted: {SITE}news/post-2/ was rejected (HTTP 400: InvalidRequest" in err
    assert len(server.state.statuses) == 2 and len(server.state.records) == 2
    # fixed on the server's side: retried on request, each once
    code, out, err = run_cli(tmp_path, server, "--retry-rejected", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert "Done: 2 new posts (mastodon 1, bluesky 1)" in out
    assert_each_posted_once(server, 3, tmp_path)


@pytest.mark.parametrize("same_text", [False, True])
def test_a_case_answer_with_the_question_link_is_posted_on_resume(tmp_path, server, monkeypatch, capsys, same_text) -> None:
    """The answer entry was pending (a run killed before its request left): the resume check must not
    take the question's post, which has the same link (and here even the same text), for it."""
    known_networks(tmp_path)
    question, answer = case_entries(same_text=same_text)
    write_entries(tmp_path, [question])
    code, _, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    write_entries(tmp_path, [question, answer])
    state = read_state(tmp_path)
    for network in ("mastodon", "bluesky"):
        state["networks"][network][answer.id] = {"status": "pending", "at": "2026-11-06T14:00:01Z"}
    (tmp_path / "state.json").write_text(json.dumps(state), encoding="utf-8")
    code, out, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert "Done: 2 new posts (mastodon 1, bluesky 1)" in out
    s = server.state
    assert s.keys_sent == [idempotency_key(question.id), idempotency_key(answer.id)]
    assert set(s.records) == {rkey(question.id, question.published), rkey(answer.id, answer.published)}
    recorded = read_state(tmp_path)["networks"]["mastodon"]
    assert recorded[answer.id]["id"] != recorded[question.id]["id"]
    assert s.violations == []


def test_an_answer_the_server_already_has_is_found_by_its_own_text(tmp_path, server, monkeypatch, capsys) -> None:
    """Killed after the server stored the answer: the resume finds that status, not the question's."""
    known_networks(tmp_path, "mastodon")
    question, answer = case_entries(same_text=False)
    write_entries(tmp_path, [question, answer])
    server.state.fault("statuses", Fault(), Fault(drop_after_store=True), Fault(drop_after_store=True))
    code, _, err = run_cli(tmp_path, server, "--to", "mastodon", "--retries", "0", monkeypatch=monkeypatch,
                           capsys=capsys)  # fmt: skip
    assert code == 3 and "connection failed" in err
    assert read_state(tmp_path)["networks"]["mastodon"][answer.id]["status"] == "pending"
    code, _, err = run_cli(tmp_path, server, "--to", "mastodon", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    s = server.state
    assert len(s.statuses) == 2 and len(s.keys_sent) == 2  # found by the lookup: not even resent
    assert read_state(tmp_path)["networks"]["mastodon"][answer.id]["id"] == s.statuses[1]["id"]


def test_one_idempotency_key_per_entry_on_every_retry(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path, "mastodon")
    make_site(tmp_path, 2)
    server.state.fault("statuses", Fault(status=503), Fault(status=408), Fault(drop_after_store=True),
                       Fault(status=429, retry_after="0"))  # fmt: skip
    code, _, err = run_cli(tmp_path, server, "--to", "mastodon", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert "HTTP 408; retry 2/5" in err
    first, second = (idempotency_key(f"{SITE}news/post-{n}/") for n in (1, 2))
    assert server.state.keys_sent == [first] * 5 + [second]  # after the drop, the same key gets the stored status
    assert len(server.state.statuses) == 2


def test_a_slow_server_is_waited_for_never_posted_to_twice(tmp_path, server, monkeypatch, capsys) -> None:
    """Slower than the client's timeout: Mastodon checks the key before it stores, so a resend while
    it still works would duplicate; the client checks for the post instead. Bluesky's record key
    cannot be created twice, so a resend is safe there."""
    known_networks(tmp_path)
    make_site(tmp_path, 2)
    server.state.fault("statuses", Fault(delay_before_store=1.5))
    server.state.fault("createRecord", Fault(delay_before_store=1.5))
    code, _, err = run_cli(tmp_path, server, "--timeout", "0.5", "--backoff", "0.4", monkeypatch=monkeypatch,
                           capsys=capsys)  # fmt: skip
    assert code == 0, err
    assert "not sending it again while the server may still be processing it" in err
    time.sleep(1.5)  # let the abandoned Bluesky request finish: it must not add a record
    assert server.state.keys_sent == [idempotency_key(f"{SITE}news/post-{n}/") for n in (1, 2)]
    assert_each_posted_once(server, 2, tmp_path)


def test_no_answer_at_all_leaves_it_pending_and_the_next_run_finds_it(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path, "mastodon")
    make_site(tmp_path, 2)
    server.state.fault("statuses", Fault(delay_before_store=2.5))
    code, _, err = run_cli(tmp_path, server, "--to", "mastodon", "--timeout", "0.3", "--retries", "1",
                             "--backoff", "0.1", monkeypatch=monkeypatch, capsys=capsys)  # fmt: skip
    assert code == 3
    assert "Left as pending: the next run looks for it before sending it again" in err and "--timeout" in err
    assert read_state(tmp_path)["networks"]["mastodon"][f"{SITE}news/post-1/"]["status"] == "pending"
    assert server.state.stored.wait(10)
    code, _, err = run_cli(tmp_path, server, "--to", "mastodon", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert [st["idempotency_key"] for st in server.state.statuses] == [
        idempotency_key(f"{SITE}news/post-{n}/") for n in (1, 2)]  # fmt: skip
    assert len(server.state.keys_sent) == 2  # the first was found, not resent


def test_the_default_timeout_outlasts_a_slow_server() -> None:
    import argparse

    from radsite.commands import syndicate as command

    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    args = parser.parse_args(["syndicate"])
    assert args.timeout >= 60  # well beyond a healthy server's seconds; the old 30 s duplicated posts


@pytest.mark.parametrize(("endpoint", "network", "env"),
                         [("statuses", "mastodon", "MASTODON_BASE_URL"), ("createSession", "bluesky", "BLUESKY_SERVICE"),
                          ("createRecord", "bluesky", "BLUESKY_SERVICE")])  # fmt: skip
def test_an_html_answer_is_a_clear_error(tmp_path, server, monkeypatch, capsys, endpoint, network, env) -> None:
    known_networks(tmp_path)
    make_site(tmp_path, 2)
    server.state.fault(endpoint, Fault(html_body=True))
    code, out, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 4
    assert f"{network}: " in err and "answered HTTP 200 with text/html ('<!DOCTYPE html>" in err
    assert f"check that {env} is the {network} server's own address" in err and "Traceback" not in err
    other = "bluesky" if network == "mastodon" else "mastodon"
    assert f"Done: 2 new posts ({other} 2)" in out  # the other network is not held back
    code, out, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert_each_posted_once(server, 2, tmp_path)


def test_leftover_temporary_state_files_are_removed(tmp_path, server, monkeypatch, capsys) -> None:
    state = known_networks(tmp_path)
    make_site(tmp_path, 1)
    for name in (".state.json.k3j_9xa2.tmp", ".state.json.q8w7e6r5"):  # this version's and the previous one's
        (tmp_path / name).write_text('{"version": 1, "netw', encoding="utf-8")
    (tmp_path / ".state.json.notes").write_text("not ours", encoding="utf-8")
    code, _, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert leftovers(tmp_path) == [".state.json.notes"]
    assert json.loads(state.read_text(encoding="utf-8"))["version"] == 1


def test_a_failed_write_keeps_the_old_state_whole_and_leaves_no_temporary_file(tmp_path, server, monkeypatch, capsys) -> None:
    state = known_networks(tmp_path)
    make_site(tmp_path, 2)
    before = state.read_bytes()
    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        if os.path.isfile(f"/proc/self/fd/{fd}"):
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_disk)
    code, _, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and "cannot write the state file (No space left on device)" in err and "Traceback" not in err
    assert state.read_bytes() == before and leftovers(tmp_path) == []
    assert server.state.posts() == 0  # nothing is sent before its pending record is on disk


def test_a_broken_state_file_is_a_message(tmp_path, server, monkeypatch, capsys) -> None:
    make_site(tmp_path, 1)
    (tmp_path / "state.json").write_text('{"version": 1, "networks": {"mastodon": []}}', encoding="utf-8")
    code, _, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and "state.json:1: error: [syndicate] not a RadSite syndication state" in err
    assert server.state.hits == {}


def test_sigterm_mid_post_stops_cleanly_and_the_rerun_posts_it_once(tmp_path, server) -> None:
    """A cancelled CI job sends SIGTERM: a message, not a traceback; the state is whole and says pending."""
    known_networks(tmp_path, "mastodon")
    make_site(tmp_path, 3)
    server.state.fault("statuses", Fault(), Fault(delay_after_store=60))
    args = [str(BIN / "radsite"), "syndicate", "--site", str(tmp_path / "site"), "--state", str(tmp_path / "state.json"),
            "--config", str(tmp_path / "none.yml"), "--to", "mastodon"]  # fmt: skip
    env = {**os.environ, **server.env()}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(server.state.statuses) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143 and "interrupted" in err and "Traceback" not in err
    assert read_state(tmp_path)["networks"]["mastodon"][f"{SITE}news/post-2/"]["status"] == "pending"
    assert leftovers(tmp_path) == []
    rerun = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert [st["idempotency_key"] for st in server.state.statuses] == [
        idempotency_key(f"{SITE}news/post-{n}/") for n in (1, 2, 3)
    ]


@pytest.mark.parametrize("address", ["mastodon.example", "https://exa mple.org", "https://host:port/", "ftp://x.org"])
def test_an_address_that_is_not_one_is_a_message(tmp_path, server, monkeypatch, capsys, address) -> None:
    known_networks(tmp_path)
    make_site(tmp_path, 1)
    for key, value in server.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("MASTODON_BASE_URL", address)
    code = main(["syndicate", "--site", str(tmp_path / "site"), "--state", str(tmp_path / "state.json"),
                 "--config", str(tmp_path / "none.yml")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and f"MASTODON_BASE_URL={address!r} is not a server address" in err
    assert server.state.hits == {}


def test_a_redirect_stops_that_network_with_where_it_points(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path)
    make_site(tmp_path, 2)
    server.state.fault("statuses", Fault(status=301, location="https://mastodon.example/api/v1/statuses"))
    code, out, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 4 and "sends requests to https://mastodon.example/api/v1/statuses" in err
    assert "rejected" not in read_state(tmp_path)["networks"]["mastodon"].get(f"{SITE}news/post-1/", {}).get(
        "status", ""
    )  # not the entry's fault: nothing recorded against it
    assert "Done: 2 new posts (bluesky 2)" in out and server.state.statuses == []


# -- issue 24 item 1: images on posts


def image_site(root: Path, name: str, write: Callable[[Path], None], mime: str) -> Path:
    """A site with one news entry whose image is `name`, written by `write`."""
    path = root / "site/news/images" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    write(path)
    image = Enclosure(f"{SITE}news/images/{name}", path.stat().st_size, mime, "Alt text of the picture")
    settings = Settings(content_dir=root / "content", site_url=SITE, department="Test Radiology")
    write_feeds([entry(1, image=image)], settings, root / "site")
    return root / "site"


def test_mastodon_waits_until_the_upload_is_processed(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path, "mastodon")
    make_site(tmp_path, 1)
    server.state.media_processing = 2  # 202 on upload, then 206, 206, 200
    code, _, err = run_cli(tmp_path, server, "--to", "mastodon", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    (status,) = server.state.statuses
    assert [m["description"] for m in status["media_attachments"]] == ["A small gradient"]
    assert server.state.violations == []  # never attached before it was processed


def test_an_image_type_the_networks_refuse_is_converted(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path)
    image_site(tmp_path, "scan.bmp", lambda p: png(p, (120, 90), fmt="BMP"), "image/bmp")
    code, _, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    s = server.state
    assert [(m["mime"], m["description"]) for m in s.statuses[0]["media_attachments"]] == [
        ("image/jpeg", "Alt text of the picture")
    ]
    (record,) = s.records.values()
    image = record["embed"]["images"][0]
    assert image["image"]["mimeType"] == "image/jpeg" and image["aspectRatio"] == {"width": 120, "height": 90}
    assert s.violations == []


def test_a_picture_named_png_that_is_a_jpeg_is_sent_as_what_it_is(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path)
    image_site(tmp_path, "mislabelled.png", lambda p: png(p, (80, 80), fmt="JPEG"), "image/png")
    code, _, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert server.state.statuses[0]["media_attachments"][0]["mime"] == "image/jpeg"
    assert server.state.violations == []  # the server decodes it: the declared type matches the content


def test_an_unreadable_image_is_left_out_not_a_failed_run(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path)
    image_site(tmp_path, "broken.png", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100)), "image/png")
    code, out, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert "cannot read the image broken.png" in err and "posting without it" in err and "Traceback" not in err
    assert server.state.statuses[0]["media_attachments"] == [] and server.state.media == {}
    (record,) = server.state.records.values()
    assert record["embed"]["$type"] == "app.bsky.embed.external"  # the link card instead
    assert "Done: 2 new posts" in out


def test_a_refused_upload_posts_without_the_image(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path)
    make_site(tmp_path, 1)
    server.state.fault("media", Fault(status=422, message="Validation failed: File file size must be less than 8 MB"))
    server.state.fault("uploadBlob", Fault(status=400, message="BlobTooLarge"))
    code, _, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert "uploading the image of" in err and "less than 8 MB; posting without it" in err
    assert "BlobTooLarge; posting it with a link card instead" in err
    assert server.state.statuses[0]["media_attachments"] == []
    (record,) = server.state.records.values()
    assert record["embed"]["$type"] == "app.bsky.embed.external"
    assert_each_posted_once(server, 1, tmp_path)


def test_an_upload_retried_after_a_drop_still_makes_one_post(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path)
    make_site(tmp_path, 2)
    server.state.fault("media", Fault(status=503))
    server.state.fault("uploadBlob", Fault(status=502))
    server.state.fault("statuses", Fault(drop_after_store=True))
    code, _, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert_each_posted_once(server, 2, tmp_path)
    assert [len(st["media_attachments"]) for st in server.state.statuses] == [1, 1]


def test_a_state_entry_with_an_unknown_status_is_a_message_not_a_repost(tmp_path, server, monkeypatch, capsys) -> None:
    make_site(tmp_path, 1)
    record = {"status": "posted ", "at": "2026-11-01T09:00:00Z"}
    (tmp_path / "state.json").write_text(
        "\ufeff" + json.dumps({"version": 1, "networks": {"mastodon": {f"{SITE}news/post-1/": record}}}),
        encoding="utf-8",
    )
    code, _, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and "status: 'posted ' is not one of pending, posted, marked, rejected" in err
    assert server.state.hits == {}


def test_a_bluesky_sign_in_refusal_of_any_code_stops_bluesky_only(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path)
    make_site(tmp_path, 1)
    server.state.fault("createSession", Fault(status=400, message="AuthFactorTokenRequired"))
    code, out, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 4 and "HTTP 400: AuthFactorTokenRequired (check BLUESKY_HANDLE and BLUESKY_APP_PASSWORD)" in err
    assert "bluesky" not in read_state(tmp_path)["networks"] or not read_state(tmp_path)["networks"]["bluesky"]
    assert "Done: 1 new post (mastodon 1)" in out


def test_a_retry_after_beyond_the_limit_says_so(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path, "mastodon")
    make_site(tmp_path, 1)
    server.state.fault("statuses", Fault(status=429, retry_after="86400"))
    code, _, err = run_cli(tmp_path, server, "--to", "mastodon", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 3 and "the server asks to wait 86400 s, longer than 600 s" in err


def test_an_image_over_the_instances_own_limit_is_scaled_to_it(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path, "mastodon")
    make_site(tmp_path, 2)
    server.state.media_limit = 400_000  # this instance takes less than Mastodon's default 16 MB
    code, _, err = run_cli(tmp_path, server, "--to", "mastodon", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    small, big = (st["media_attachments"][0] for st in server.state.statuses)
    assert small["mime"] == "image/png" and big["mime"] == "image/jpeg" and big["size"] <= 400_000
    assert server.state.violations == [] and server.state.hits.get("media") == 2


# -- issue 24 item 2: LinkedIn organisation pages (REST Posts API)


def run_linkedin(tmp_path: Path, server: Running, *args: str, monkeypatch, capsys) -> tuple[int, str, str]:
    for key, value in server.linkedin_env().items():
        monkeypatch.setenv(key, value)
    return run_cli(tmp_path, server, "--to", "linkedin", *args, monkeypatch=monkeypatch, capsys=capsys)


def assert_linkedin_once(server: Running, count: int, tmp_path: Path) -> None:
    """Each of the `count` news entries is on the page exactly once, as sent, and recorded with its URN."""
    s = server.state
    assert s.violations == []
    assert [p["content"]["article"]["source"] for p in s.linkedin_posts] == [f"{SITE}news/post-{n}/" for n in
                                                                              range(1, count + 1)]  # fmt: skip
    records = read_state(tmp_path)["networks"]["linkedin"]
    assert [r["status"] for r in records.values()] == ["posted"] * count
    assert sorted(r["id"] for r in records.values()) == sorted(p["id"] for p in s.linkedin_posts)


def test_linkedin_posts_each_entry_once_as_an_article(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path, "linkedin")
    site = make_site(tmp_path, 3)
    code, out, err = run_linkedin(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert_linkedin_once(server, 3, tmp_path)
    first, _, third = server.state.linkedin_posts
    assert first["author"] == ORG_URN and first["visibility"] == "PUBLIC" and first["lifecycleState"] == "PUBLISHED"
    assert first["distribution"]["feedDistribution"] == "MAIN_FEED"
    assert first["content"]["article"]["title"] == "Post 1: café-Röntgen 👩‍⚕️ reading"
    assert first["content"]["article"]["description"] == "Summary 1 with accents (é, ü) and an emoji 🧠."
    # the commentary is the feed's LinkedIn text: its markup characters escaped, hashtags as templates
    feed = (site / "feeds/all.xml").read_text(encoding="utf-8")
    assert '<radsite:post network="linkedin">' in feed
    assert first["commentary"].startswith("Post 1: café-Röntgen 👩‍⚕️ reading\n\nSummary 1 with accents \\(é, ü\\)")
    assert first["commentary"].endswith("{hashtag|\\#|Neurorad} {hashtag|\\#|CT}")
    assert "\\_" not in third["commentary"] and len(third["commentary"]) <= 3000
    assert LINKEDIN_TOKEN not in out + err + (tmp_path / "state.json").read_text(encoding="utf-8")
    assert "linkedin: posted" in out and "https://www.linkedin.com/feed/update/urn:li:share:" in out
    code, out, _ = run_linkedin(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and "0 new posts" in out
    assert_linkedin_once(server, 3, tmp_path)


@pytest.mark.parametrize(("faults", "expect"), [
    ([Fault(status=500)], "HTTP 500; retry 1/5"),
    ([Fault(), Fault(status=429, retry_after="1")], "HTTP 429; retry 1/5 in 1 s"),
    ([Fault(), Fault(drop_after_store=True)], "connection failed"),
    ([Fault(status=503), Fault(drop_after_store=True), Fault(status=502)], "HTTP 502; retry 1/5"),
])  # fmt: skip
def test_linkedin_passing_faults_lose_and_double_nothing(tmp_path, server, monkeypatch, capsys, faults, expect) -> None:
    """LinkedIn has no idempotency key: after a drop (the post stored, no answer), the retry looks
    the post up by its commentary instead of sending it again."""
    known_networks(tmp_path, "linkedin")
    make_site(tmp_path, 3)
    server.state.fault("posts", *faults)
    code, _, err = run_linkedin(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0, err
    assert expect in err
    assert_linkedin_once(server, 3, tmp_path)
    dropped = sum(f.drop_after_store for f in faults)
    assert server.state.linkedin_sent == 3 + sum(bool(f.status) for f in faults) and dropped <= 1


def test_linkedin_rejection_is_recorded_and_the_run_goes_on(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path, "linkedin")
    make_site(tmp_path, 3)
    server.state.fault("posts", Fault(), Fault(status=422, message="Content is a duplicate"))
    code, out, err = run_linkedin(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 4 and "HTTP 422: Content is a duplicate" in err and "--retry-rejected" in err
    assert [p["content"]["article"]["source"] for p in server.state.linkedin_posts] == [
        f"{SITE}news/post-1/", f"{SITE}news/post-3/"]  # fmt: skip
    assert read_state(tmp_path)["networks"]["linkedin"][f"{SITE}news/post-2/"]["status"] == "rejected"
    code, out, err = run_linkedin(tmp_path, server, "--retry-rejected", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and "Done: 1 new post (linkedin 1)" in out, err
    assert sorted(p["content"]["article"]["source"] for p in server.state.linkedin_posts) == [
        f"{SITE}news/post-{n}/" for n in (1, 2, 3)]  # fmt: skip
    assert server.state.violations == []


def test_linkedin_slow_answer_is_looked_up_never_resent(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path, "linkedin")
    make_site(tmp_path, 2)
    server.state.fault("posts", Fault(delay_before_store=1.5))
    code, _, err = run_linkedin(tmp_path, server, "--timeout", "0.5", "--backoff", "0.5", monkeypatch=monkeypatch,
                                capsys=capsys)  # fmt: skip
    assert code == 0, err
    assert "not sending it again while the server may still be processing it" in err
    assert server.state.linkedin_sent == 2
    assert_linkedin_once(server, 2, tmp_path)


@pytest.mark.parametrize(("fault", "said"), [
    (Fault(gzip_body=True), "answered in 'gzip' encoding, which RadSite asks servers not to use"),
    (Fault(huge_body=300_000), "sent an answer of more than 200,000 bytes"),
])  # fmt: skip
def test_an_answer_that_could_fill_the_memory_is_refused(tmp_path, server, monkeypatch, capsys, fault, said) -> None:
    """httpx reads a whole answer and unpacks gzip as it does: a few KB could become gigabytes."""
    from radsite.syndicate import http

    monkeypatch.setattr(http, "MAX_ANSWER_BYTES", 200_000)
    known_networks(tmp_path)
    make_site(tmp_path, 2)
    server.state.fault("statuses", fault)
    code, out, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 4 and said in err and "Traceback" not in err, err
    assert "Done: 2 new posts (bluesky 2)" in out  # the other network is not held back


def test_linkedin_html_answer_and_refused_token_are_clear_errors(tmp_path, server, monkeypatch, capsys) -> None:
    known_networks(tmp_path, "linkedin")
    make_site(tmp_path, 2)
    server.state.fault("posts", Fault(html_body=True))
    code, _, err = run_linkedin(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 4 and "answered HTTP 200 with text/html" in err and "check that LINKEDIN_BASE_URL" in err
    assert "Traceback" not in err and server.state.linkedin_posts == []
    assert read_state(tmp_path)["networks"]["linkedin"][f"{SITE}news/post-1/"]["status"] == "pending"
    code, _, err = run_linkedin(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)  # pending: looked up first
    assert code == 0, err
    assert_linkedin_once(server, 2, tmp_path)
    make_site(tmp_path, 3)
    monkeypatch.setenv("LINKEDIN_ACCESS_TOKEN", "expired-token-123")
    code, _, err = run_cli(tmp_path, server, "--to", "linkedin", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 4 and "HTTP 401: Invalid access token" in err and "LINKEDIN_* credentials" in err
    assert "expired-token" not in err


@pytest.mark.parametrize("urn", ["organization:12", "urn:li:person:abc", "https://linkedin.com/company/x"])
def test_linkedin_organization_that_is_not_one_is_a_message(tmp_path, server, monkeypatch, capsys, urn) -> None:
    make_site(tmp_path, 1)
    monkeypatch.setenv("LINKEDIN_ORGANIZATION_URN", urn)
    for key in ("LINKEDIN_BASE_URL", "LINKEDIN_ACCESS_TOKEN"):
        monkeypatch.setenv(key, server.linkedin_env()[key])
    code = main(["syndicate", "--site", str(tmp_path / "site"), "--state", str(tmp_path / "state.json"),
                 "--to", "linkedin", "--config", str(tmp_path / "none.yml")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and f"LINKEDIN_ORGANIZATION_URN={urn!r} is not an organisation" in err
    assert server.state.hits == {}


def test_linkedin_killed_mid_post_neither_loses_nor_doubles(tmp_path, server) -> None:
    """SIGKILL while LinkedIn holds the second post (stored, not answered): the rerun finds it by its
    commentary, posts the rest, and each entry is on the page once."""
    known_networks(tmp_path, "linkedin")
    make_site(tmp_path, 4)
    server.state.fault("posts", Fault(), Fault(delay_after_store=60))
    args = [str(BIN / "radsite"), "syndicate", "--site", str(tmp_path / "site"), "--state", str(tmp_path / "state.json"),
            "--config", str(tmp_path / "none.yml"), "--backoff", "0.05", "--to", "linkedin"]  # fmt: skip
    env = {**os.environ, **server.linkedin_env()}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(server.state.linkedin_posts) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(server.state.linkedin_posts) == 2
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert read_state(tmp_path)["networks"]["linkedin"][f"{SITE}news/post-2/"]["status"] == "pending"
    rerun = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert_linkedin_once(server, 4, tmp_path)
    assert server.state.linkedin_sent == 4 and leftovers(tmp_path) == []


# -- issue 24 item 3: accounts per audience


ROUTED = {
    "accounts": {
        "patients": {"network": "mastodon", "env_prefix": "MASTODON_PATIENTS", "patient_facing": True},
        "clinicians": {"network": "mastodon", "env_prefix": "MASTODON_CLINICIANS"},
        "linkedin": {"network": "linkedin", "env_prefix": "LINKEDIN"},
    },
    "collections": {"news": ["patients"], "cases": ["clinicians", "patients"]},
    "tags": {"jobs": ["linkedin"]},
}


def routed_project(tmp_path: Path, server: Running, monkeypatch, syndication: object = ROUTED) -> list[FeedEntry]:
    """mkdocs.yml with accounts and routes, their variables set, and a feed of news, a job and a case."""
    config = {"site_name": "Test", "site_url": SITE, "docs_dir": "content",
              "plugins": [{"radsite": {"timezone": "America/New_York", "syndication": syndication}}]}  # fmt: skip
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for prefix, token in (("MASTODON_PATIENTS", PATIENTS_TOKEN), ("MASTODON_CLINICIANS", TOKEN)):
        monkeypatch.setenv(f"{prefix}_BASE_URL", server.url)
        monkeypatch.setenv(f"{prefix}_TOKEN", token)
    for key, value in server.linkedin_env().items():
        monkeypatch.setenv(key, value)
    for key in ("MASTODON_BASE_URL", "MASTODON_TOKEN", "BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD"):
        monkeypatch.delenv(key, raising=False)
    job = entry(3)
    job = FeedEntry(**{**job.__dict__, "id": f"{SITE}news/job-3/", "link": f"{SITE}news/job-3/", "categories": ("jobs",)})
    entries = [entry(1), *case_entries(same_text=False), job]
    write_entries(tmp_path, entries)
    return entries


def run_routed(tmp_path: Path, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["syndicate", "--site", str(tmp_path / "site"), "--config", str(tmp_path / "mkdocs.yml"),
                 "--state", str(tmp_path / "state.json"), "--backoff", "0.05", *args])  # fmt: skip
    out = capsys.readouterr()
    return code, out.out, out.err


def test_routes_send_each_collection_and_tag_to_its_accounts(tmp_path, server, monkeypatch, capsys) -> None:
    news, question, answer, job = routed_project(tmp_path, server, monkeypatch)
    known_networks(tmp_path, "patients", "clinicians", "linkedin")
    code, out, err = run_routed(tmp_path, "--dry-run", capsys=capsys)
    assert code == 0, err
    assert f"{news.id} (news; tags neuroradiology, ct, unmapped-tag) -> patients" in out
    assert f"{question.id} (cases) -> clinicians, patients" in out and f"{job.id} (news; tags jobs) -> linkedin" in out
    assert "Dry run: 6 posts would be sent" in out and server.state.hits == {}
    code, out, err = run_routed(tmp_path, capsys=capsys)
    assert code == 0, err
    assert "Done: 6 new posts (patients 3, clinicians 2, linkedin 1)" in out
    by_account = {a: [st["idempotency_key"] for st in server.state.statuses if st["account"] == a] for a in ("1", "2")}
    assert by_account["2"] == [idempotency_key(e.id) for e in (news, question, answer)]  # patients
    assert by_account["1"] == [idempotency_key(e.id) for e in (question, answer)]  # clinicians
    assert [p["content"]["article"]["source"] for p in server.state.linkedin_posts] == [job.link]  # jobs: LinkedIn only
    # a case answer on the patient account: the first line does not give the answer away
    patients_answer = [st for st in server.state.statuses if st["account"] == "2"][2]["content"]
    assert patients_answer.split("\n")[0] == ANSWER_LEAD and "ACL tear" in patients_answer
    clinicians_answer = [st for st in server.state.statuses if st["account"] == "1"][1]["content"]
    assert clinicians_answer == answer.posts.mastodon
    state = read_state(tmp_path)["networks"]
    assert set(state) == {"patients", "clinicians", "linkedin"}
    assert set(state["patients"]) == {news.id, question.id, answer.id} and set(state["linkedin"]) == {job.id}
    assert server.state.violations == []
    code, out, _ = run_routed(tmp_path, capsys=capsys)
    assert code == 0 and "Done: 0 new posts" in out and len(server.state.statuses) == 5


def test_a_new_account_has_its_own_first_run(tmp_path, server, monkeypatch, capsys) -> None:
    """The state is per account: a newly declared account records what is routed to it and posts none."""
    routed_project(tmp_path, server, monkeypatch)
    known_networks(tmp_path, "patients", "linkedin")
    code, out, err = run_routed(tmp_path, capsys=capsys)
    assert code == 0, err
    assert "clinicians: first run (no record of clinicians" in out and "recorded the 2 entries" in out
    assert "Done: 4 new posts (patients 3, linkedin 1)" in out
    assert {st["account"] for st in server.state.statuses} == {"2"}


def test_entries_no_route_names_are_shown_and_said(tmp_path, server, monkeypatch, capsys) -> None:
    routed_project(tmp_path, server, monkeypatch, {**ROUTED, "collections": {"cases": ["clinicians"]}})
    known_networks(tmp_path, "patients", "clinicians", "linkedin")
    code, out, err = run_routed(tmp_path, "--dry-run", capsys=capsys)
    assert code == 0 and f"{SITE}news/post-1/ (news; tags neuroradiology, ct, unmapped-tag) -> no account" in out
    code, out, err = run_routed(tmp_path, capsys=capsys)
    assert code == 0 and "1 entry is routed to no account" in out, err
    assert "Done: 3 new posts (clinicians 2, linkedin 1)" in out


@pytest.mark.parametrize(("syndication", "message"), [
    ({**ROUTED, "collections": {"news": ["patient"]}},
     "collections.news: 'patient' is not a declared account (did you mean 'patients'?)"),
    ({**ROUTED, "collections": {"newz": ["patients"]}}, "collections.newz: 'newz' is not a collection "
                                                        "(did you mean 'news'?)"),
    ({"accounts": {"patients": {"network": "mastadon"}}},
     "accounts.patients.network: 'mastadon' is not one of mastodon, bluesky, linkedin (did you mean "
     "'mastodon'?)"),
    ({"accounts": {"a": {"network": "mastodon"}, "b": {"network": "mastodon"}}},
     "accounts.b.env_prefix: MASTODON is also the prefix of account 'a'"),
    ({"acounts": {}}, "acounts: unknown key 'acounts' (did you mean 'accounts'?)"),
    ({"accounts": {"patients": {"network": "mastodon", "env_prefix": "mastodon-patients"}}},
     "accounts.patients.env_prefix: 'mastodon-patients' is not a variable prefix"),
])  # fmt: skip
def test_a_routing_mistake_names_mkdocs_yml_and_the_option(tmp_path, server, monkeypatch, capsys, syndication,
                                                           message) -> None:  # fmt: skip
    routed_project(tmp_path, server, monkeypatch, syndication)
    code, _, err = run_routed(tmp_path, capsys=capsys)
    assert code == 2 and "mkdocs.yml" in err and "syndication" in err and message in err and "Traceback" not in err
    assert server.state.hits == {}


def test_to_picks_accounts_by_name_or_network(tmp_path, server, monkeypatch, capsys) -> None:
    routed_project(tmp_path, server, monkeypatch)
    known_networks(tmp_path, "patients", "clinicians", "linkedin")
    code, out, err = run_routed(tmp_path, "--to", "clinicians,linkedin", capsys=capsys)
    assert code == 0 and "Done: 3 new posts (clinicians 2, linkedin 1)" in out, err
    assert "routed to no account" not in out
    code, _, err = run_routed(tmp_path, "--to", "patient", capsys=capsys)
    assert code == 2 and "'patient' is neither an account (patients, clinicians, linkedin) nor a network" in err
    code, _, err = run_routed(tmp_path, "--to", "bluesky", capsys=capsys)
    assert code == 2 and "no declared account is on bluesky (accounts: patients on mastodon," in err


def test_the_example_routes_patients_and_clinicians() -> None:
    routing = from_mkdocs_yml(ROOT / "mkdocs.yml").syndication
    names = {a.name: a for a in routing.accounts}
    assert names["patients"].patient_facing and not names["clinicians"].patient_facing
    assert names["patients"].network == names["clinicians"].network == "mastodon"
    assert routing.accounts_for("faq", ()) == routing.accounts_for("exams", ()) and "patients" in routing.accounts_for(
        "faq", ())  # fmt: skip
    assert "clinicians" in routing.accounts_for("cases", ()) and "patients" not in routing.accounts_for("cases", ())
    assert routing.accounts_for("news", ("jobs",)) == ("linkedin",)


def test_a_patient_account_gets_an_answer_without_the_answer_up_front(tmp_path) -> None:
    """The Bluesky link card and the LinkedIn article of a patient account's answer post say no
    more than the post's first line; a clinical account gets the entry as the feed has it."""
    from radsite.commands.syndicate import _as_posted
    from radsite.syndicate.feedread import read_entries
    from radsite.syndicate.routing import Account

    write_entries(tmp_path, case_entries(same_text=False))
    question, answer = read_entries(tmp_path / "site")
    assert answer.is_answer and not question.is_answer and answer.collection == "cases"
    patients = Account("patients", "bluesky", "BLUESKY_PATIENTS", patient_facing=True)
    shown = _as_posted(answer, patients)
    assert shown.summary == ANSWER_LEAD and "ACL" not in shown.summary
    for network, text in shown.texts.items():
        assert "ACL" not in text.split("\n")[0] and "ACL tear" in text, network
    assert _as_posted(question, patients) == question
    assert _as_posted(answer, Account("clinicians", "mastodon", "MASTODON_CLINICIANS")) == answer


def test_two_names_for_one_account_is_an_error_not_a_double_post(tmp_path, server, monkeypatch, capsys) -> None:
    routed_project(tmp_path, server, monkeypatch)
    known_networks(tmp_path, "patients", "clinicians", "linkedin")
    monkeypatch.setenv("MASTODON_CLINICIANS_TOKEN", PATIENTS_TOKEN)
    monkeypatch.setenv("MASTODON_CLINICIANS_BASE_URL", server.url + "/")
    code, _, err = run_routed(tmp_path, capsys=capsys)
    assert code == 2 and "clinicians and patients are the same mastodon account" in err
    assert PATIENTS_TOKEN not in err and server.state.hits == {}


def test_a_state_file_nested_too_deeply_is_a_clear_error(tmp_path, server, monkeypatch, capsys) -> None:
    make_site(tmp_path, 1)
    (tmp_path / "state.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, _out, err = run_cli(tmp_path, server, monkeypatch=monkeypatch, capsys=capsys)
    assert code != 0 and "the state file nests too deeply" in err and "Traceback" not in err, err
    assert server.state.statuses == []  # nothing posted
