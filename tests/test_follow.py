"""The Follow us page names the accounts declared in `syndication.accounts`, never their credentials."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
import yaml

from conftest import ROOT, Project
from radsite.derive.follow import PATIENTS, PROFESSIONALS, follow_accounts, handle_from_profile
from radsite.syndicate.routing import Account, parse_routing

SECRET = "tok-3f9a1c-never-shown"


def declared_accounts() -> dict:
    """The accounts as the example mkdocs.yml declares them (the page must follow this one list)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
    radsite = next(p["radsite"] for p in config["plugins"] if isinstance(p, dict) and "radsite" in p)
    return radsite["syndication"]


def test_handles_are_read_from_each_networks_profile_address() -> None:
    assert handle_from_profile(Account("a", "mastodon", "M", profile="https://social.example/@rad")) == "@rad@social.example"
    assert handle_from_profile(Account("b", "bluesky", "B", profile="https://bsky.app/profile/rad.example")) == "@rad.example"
    assert handle_from_profile(Account("c", "linkedin", "L", profile="https://www.linkedin.com/company/rad")) == "rad"


def test_each_account_says_what_it_posts_and_for_whom() -> None:
    routing = parse_routing({
        "accounts": {"pat": {"network": "mastodon", "env_prefix": "M_PAT", "patient_facing": True,
                             "profile": "https://social.example/@pat"},
                     "doc": {"network": "mastodon", "env_prefix": "M_DOC", "profile": "https://social.example/@doc",
                             "handle": "@doc@elsewhere.example"},
                     "quiet": {"network": "bluesky", "env_prefix": "BSKY"}},
        "collections": {"faq": ["pat"], "cases": ["doc"]},
        "tags": {"jobs": ["doc"]},
    })  # fmt: skip
    shown = follow_accounts(routing, {"faq": "Patient questions", "cases": "Teaching cases"})
    assert [a.name for a in shown] == ["pat", "doc"]  # no profile: not shown (nobody could find it)
    pat, doc = shown
    assert (pat.handle, pat.audience, pat.posts, pat.rel_me) == ("@pat@social.example", PATIENTS, ("Patient questions",), True)
    assert (doc.handle, doc.audience, doc.posts) == ("@doc@elsewhere.example", PROFESSIONALS, ("Teaching cases", "Topic: jobs"))


@pytest.mark.parametrize("profile", ["http://social.example/@x", "social.example/@x", "https:// x", 7])
def test_a_profile_must_be_a_public_https_address(profile: object) -> None:
    with pytest.raises(ValueError, match=r"^accounts\.pat\.profile: .* is not a public https address"):
        parse_routing({"accounts": {"pat": {"network": "mastodon", "env_prefix": "M_PAT", "profile": profile}}})


def test_the_built_page_names_every_declared_account_and_every_feed(built_example: Project) -> None:
    doc = lxml.html.fromstring(built_example.page("follow"))
    declared = declared_accounts()["accounts"]
    cards = doc.xpath("//li[starts-with(@id, 'account-')]")
    assert [c.get("id").removeprefix("account-") for c in cards] == [n for n, a in declared.items() if a.get("profile")]
    assert len(cards) == len(declared)  # the example declares a profile for each of its accounts
    for card in cards:
        spec = declared[card.get("id").removeprefix("account-")]
        link = card.xpath(".//p[@class='rs-follow__handle']/a")[0]
        assert link.get("href") == spec["profile"]
        assert (link.get("rel") == "me") == (spec["network"] == "mastodon")
        facts = dict(zip([t.text_content() for t in card.iter("dt")], [d.text_content() for d in card.iter("dd")], strict=True))
        assert facts["For"] == (PATIENTS if spec.get("patient_facing") else PROFESSIONALS)
        assert facts["Posts"]
    feeds = {a.get("href") for a in doc.xpath("//h2[@id='feeds']/following-sibling::ul[1]//a")}
    for name in ("all", "faq", "exams", "news", "cases", "trials"):
        assert {f"../feeds/{name}.xml", f"../feeds/{name}.atom"} <= feeds
        assert (built_example.site / "feeds" / f"{name}.xml").is_file()
    assert not doc.xpath("//table")  # cards: a feed address in a table made a phone scroll sideways


def test_no_credential_reaches_the_site(project: Project) -> None:
    """The variables behind env_prefix are set for the build: not one of their values is written."""
    env = {"MASTODON_PATIENTS_TOKEN": SECRET, "MASTODON_PATIENTS_BASE_URL": "https://secret-host.example",
           "BLUESKY_APP_PASSWORD": SECRET + "-bsky", "LINKEDIN_ACCESS_TOKEN": SECRET + "-li"}  # fmt: skip
    run = project.build(**env)
    assert run.returncode == 0, run.output
    page = project.page("follow")
    assert "@radiology@mastodon.northbrook-health.example" in page
    for path in Path(project.site).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert SECRET.encode() not in data and b"secret-host" not in data, path
