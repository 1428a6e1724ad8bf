"""Settings are declared once (radsite.settings.Settings); the MkDocs config class and the CLI's
reading of mkdocs.yml are derived from that declaration and share one validation."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from radsite.plugin.config import RadSiteConfig
from radsite.settings import OPTIONS, OptionsError, Settings, from_mkdocs_yml, option_lines, parse_options

ROOT = Path(__file__).resolve().parents[1]


def test_the_mkdocs_config_class_is_derived_from_the_dataclass() -> None:
    declared = {f.metadata.get("radsite-option") or f.name: f for f in dataclasses.fields(Settings)
                if "radsite-option" in f.metadata}  # fmt: skip
    schema = dict(RadSiteConfig._schema)
    assert set(schema) == set(declared) == set(OPTIONS)
    defaults = Settings(content_dir=Path("content"))
    for name, option in OPTIONS.items():
        assert schema[name].default == getattr(defaults, option.attr), name
    config = RadSiteConfig()
    config.load_dict({"feed_limit": 5, "embed_hosts": ["www.youtube-nocookie.com"]})
    assert config.validate() == ([], [])
    assert config.render_in_parallel is True and config["feed_limit"] == 5
    assert config.embed_hosts == ["www.youtube-nocookie.com"]


def test_the_config_class_refuses_what_check_refuses(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: x\nplugins:\n  - radsite:\n      feed_limit: many\n", encoding="utf-8")
    config = RadSiteConfig(config_file_path=str(path))
    config.load_dict({"feed_limit": "many"})
    (failed,), warnings = config.validate()
    assert warnings == []
    assert failed[0] == "feed_limit" and str(failed[1]).endswith(
        "mkdocs.yml:4: plugins: radsite: feed_limit: 'many' is not a whole number "
        "(write how many newest entries a feed keeps, e.g. feed_limit: 100 (0 for all))"
    )
    with pytest.raises(OptionsError) as raised:
        from_mkdocs_yml(path)
    assert str(failed[1]) == str(raised.value)


def test_the_example_mkdocs_yml_reads_as_before() -> None:
    settings = from_mkdocs_yml(ROOT / "mkdocs.yml")
    assert settings.content_dir == ROOT / "content"
    assert settings.timezone == "America/New_York" and settings.audience == "public"
    assert settings.field_visibility == {"phone": "internal"} and settings.feeds == {"people": False}
    assert settings.hashtags["neuroradiology"] == "Neurorad"
    assert settings.trials == {"site_names": ["Northbrook University Hospital"], "cities": ["Northbrook"]}
    assert settings.syndication_state == ROOT / "syndication-state.json"
    assert settings.feed_limit == 100 and settings.readability_level == "warning"
    assert settings.patient_collections == ("faq", "exams", "news")


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone: 'Mars/Olympus' is not a time zone name"),
        ({"feed_limit": "100"}, "feed_limit: '100' is not a whole number"),
        ({"feed_limit": -1}, "feed_limit: -1 is below 0"),
        ({"feed_limit": True}, "feed_limit: True is not a whole number"),
        ({"max_grade": "eight"}, "max_grade: 'eight' is not a number"),
        ({"readability_level": "loud"}, "readability_level: 'loud' is not one of warn, warning, error"),
        ({"field_visibility": ["phone"]}, "field_visibility: a list is not a mapping"),
        ({"field_visibility": {"phone": "secret"}}, "field_visibility.phone: 'secret' is not a declared audience"),
        ({"feeds": {"people": "no"}}, "feeds.people: 'no' is not true or false"),
        ({"audience": "everyone"}, "audience: 'everyone' is not a declared audience (audiences: public, internal)"),
        ({"now": "tomorrow"}, "now: 'tomorrow' is not an ISO 8601 date-time"),
        ({"trials": {"sites": ["x"]}}, "trials: unknown key 'sites' (known: site_names, cities)"),
        ({"render_in_parallel": "yes please"}, "render_in_parallel: 'yes please' is not true or false"),
        ({"hom": {"news": 3}}, "unknown option 'hom'; did you mean 'home'?"),
        ({"embed_hosts": ["https://www.youtube.com/"]}, "embed_hosts: 'https://www.youtube.com/' is not a host name"),
        ({"embed_hosts": "www.youtube.com"}, "embed_hosts: 'www.youtube.com' is not a list"),
        ({"patient_collections": ["faqs"]}, "patient_collections: 'faqs' is not a collection (did you mean 'faq'?)"),
    ],
)
def test_a_bad_option_is_named_with_its_line(options: dict, words: str) -> None:
    with pytest.raises(OptionsError) as raised:
        parse_options(options, source="mkdocs.yml", lines={name: 12 for name in options})
    assert str(raised.value).startswith("mkdocs.yml:12: plugins: radsite: ")
    assert words in str(raised.value)


def test_options_that_are_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: x\nplugins:\n  - radsite: [feeds]\n", encoding="utf-8")
    with pytest.raises(OptionsError, match=r"mkdocs.yml:3: plugins: radsite: the options are a list, not a mapping"):
        from_mkdocs_yml(path)


def test_mkdocs_yml_that_is_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: x\nplugins:\n  - radsite:\n      feeds: {people: false\n", encoding="utf-8")
    with pytest.raises(OptionsError, match=r"mkdocs.yml:5: not valid YAML"):
        from_mkdocs_yml(path)


def test_option_lines_follow_the_file() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    lines = option_lines(text)
    rows = text.splitlines()
    for name in ("department", "timezone", "feeds", "trials"):
        assert rows[lines[name] - 1].strip().startswith(f"{name}:")


def test_bad_environment_overrides_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RADSITE_AUDIENCE", "everyone")
    monkeypatch.setenv("RADSITE_NOW", "soon")
    with pytest.raises(OptionsError) as raised:
        from_mkdocs_yml(ROOT / "mkdocs.yml")
    assert str(raised.value).splitlines() == [
        "environment: RADSITE_AUDIENCE='everyone' is not a declared audience (public, clinicians, staff (also "
        "called internal)); set one of them or unset it",
        "environment: RADSITE_NOW='soon': 'soon' is not an ISO 8601 date-time (e.g. 2026-12-01T09:00); fix or unset it",
    ]


def test_the_phone_region_reaches_the_guard(tmp_path: Path) -> None:
    """A national number of the configured country is found; the same digits are not read as a US number."""
    from radsite.guard import guard_files

    content = tmp_path / "content"
    (content / "cases").mkdir(parents=True)
    (content / "cases" / "c.md").write_text("---\ntitle: C\n---\nRing the mother on 020 7946 0321 tonight.\n", encoding="utf-8")
    found = guard_files(content, "content", "GB").findings
    assert any(f.rule.startswith("phi-phone") for f in found), found
    options = settings_from_yaml(tmp_path, "phone_region: gb")
    assert options.phone_region == "GB"
    with pytest.raises(ValueError, match="phone_region"):
        settings_from_yaml(tmp_path, "phone_region: XX")


def settings_from_yaml(root: Path, line: str):  # type: ignore[no-untyped-def]
    from radsite.settings import from_mkdocs_yml

    (root / "mkdocs.yml").write_text(f"site_name: x\ndocs_dir: content\nplugins:\n  - radsite:\n      {line}\n", encoding="utf-8")
    return from_mkdocs_yml(root / "mkdocs.yml")
