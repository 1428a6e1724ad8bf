"""Post texts: the `social:` override, hashtags through the map, the link always kept, cut at a word
boundary to Mastodon's 500 characters (URLs count 23), Bluesky's 300 graphemes and LinkedIn's 3,000
characters of little text format; hashtags as each network writes them; answers that do not spoil."""

from __future__ import annotations

import re

import grapheme

from radsite.publish.posttext import (
    ANSWER_LEAD,
    base_text,
    bluesky_length,
    compose,
    hashtags,
    little_text,
    mastodon_length,
    network_hashtag,
    post_texts,
    without_spoiler,
)

LINK = "https://radiology.northbrook-health.example/cases/a-very-long-slug-that-makes-the-url-longer-than-23/"


def test_social_overrides_title_and_summary() -> None:
    assert base_text("Title", "Summary.", "Custom text") == "Custom text"
    assert base_text("Title", "Summary.", None) == "Title\n\nSummary."
    assert base_text("Title", "Summary.", "   ") == "Title\n\nSummary."


def test_hashtags_come_from_the_map_only() -> None:
    tag_map = {"neuroradiology": "Neurorad", "ct": "CT"}
    assert hashtags(["ct", "unmapped", "neuroradiology", "ct"], tag_map) == ["CT", "Neurorad"]


def test_short_text_is_kept_whole_with_link_and_hashtags() -> None:
    posts = post_texts("New MRI", "It is quieter.", None, LINK, ["MRI"])
    assert posts.mastodon == posts.bluesky == f"New MRI\n\nIt is quieter.\n\n{LINK}\n\n#MRI"
    assert posts.linkedin == f"New MRI\n\nIt is quieter.\n\n{little_text(LINK)}\n\n{{hashtag|\\#|MRI}}"
    assert set(posts.by_network()) == {"mastodon", "bluesky", "linkedin"}


def test_mastodon_counts_any_url_as_23() -> None:
    assert mastodon_length(f"abc {LINK}") == 4 + 23
    words = " ".join(f"word{i:03d}" for i in range(80))  # 639 characters
    text = compose(words, LINK, ["Neurorad"], 500, mastodon_length)
    assert mastodon_length(text) <= 500 < len(text) + 100
    assert text.endswith(f"…\n\n{LINK}\n\n#Neurorad")
    kept = text.split("…")[0]
    assert words.startswith(kept) and words[len(kept)] == " "  # cut between two words
    longer = kept + " " + words[len(kept) + 1 :].split(" ")[0]
    assert mastodon_length(longer + f"…\n\n{LINK}\n\n#Neurorad") > 500  # the cut is as late as it can be


def test_bluesky_counts_graphemes_not_code_points() -> None:
    doctor = "👩‍⚕️"  # four code points, one grapheme
    assert len(doctor) == 4 and grapheme.length(doctor) == 1 == bluesky_length(doctor)
    text = " ".join([doctor * 3] * 90)  # 359 graphemes, 1,439 code points
    post = compose(text, LINK, ["Neurorad", "CT"], 300, bluesky_length)
    assert bluesky_length(post) <= 300 and len(post) > 300
    assert post.endswith(f"{LINK}\n\n#Neurorad #CT")
    body = post.split("…")[0]
    assert re.fullmatch(f"(?:{doctor * 3} )*{doctor * 3}", body)  # whole words, no emoji cut in half


def test_hashtags_give_way_before_the_link() -> None:
    many = [f"Tag{i:02d}Long" for i in range(30)]
    post = compose("Short text.", LINK, many, 300, bluesky_length)
    assert LINK in post and bluesky_length(post) <= 300
    assert "#Tag00Long" in post and "#Tag29Long" not in post


def test_a_word_longer_than_the_limit_still_leaves_the_link() -> None:
    post = compose("x" * 1000, LINK, [], 300, bluesky_length)
    assert post == LINK


def test_hashtags_are_written_as_each_network_reads_them() -> None:
    assert network_hashtag("mastodon", "Neuro-rad") == "Neurorad"  # '#Neuro-rad' would tag only 'Neuro'
    assert network_hashtag("bluesky", "#Lung Cancer") == "LungCancer"
    assert network_hashtag("linkedin", "peds_rad") == "pedsrad" and network_hashtag("mastodon", "peds_rad") == "peds_rad"
    assert network_hashtag("mastodon", "2026") is None and network_hashtag("linkedin", "!!!") is None
    assert network_hashtag("bluesky", "x" * 65) is None and network_hashtag("mastodon", "x" * 65) == "x" * 65
    posts = post_texts("T", "S.", None, LINK, ["Neuro-rad", "2026", "CT"])
    assert posts.mastodon.endswith("#Neurorad #CT") and posts.linkedin.endswith("{hashtag|\\#|Neurorad} {hashtag|\\#|CT}")


def test_linkedin_text_escapes_its_markup_and_keeps_within_3000() -> None:
    text = "Knee (ACL) MRI: 50% faster #1 [new] @ward_7 {x} <b> *a* ~b~ back\\slash"
    escaped = little_text(text)
    assert escaped == ("Knee \\(ACL\\) MRI: 50% faster \\#1 \\[new\\] \\@ward\\_7 \\{x\\} \\<b\\> \\*a\\* \\~b\\~ back\\\\slash")
    assert re.sub(r"\\(.)", r"\1", escaped) == text  # what LinkedIn shows is what was written
    words = " ".join(f"(word{i:04d})" for i in range(400))  # 4,799 characters, 9,599 escaped
    post = post_texts("Title", words, None, LINK, ["MRI"]).linkedin
    assert len(post) <= 3000 and post.endswith(f"…\n\n{little_text(LINK)}\n\n{{hashtag|\\#|MRI}}")
    assert re.search(r"(?<!\\)[()]", post.split("…")[0]) is None  # every bracket still escaped after the cut


def test_an_answer_on_a_patient_account_opens_without_the_answer() -> None:
    posts = post_texts("Answer revealed: Knee pain", "The answer: ACL tear.", None, LINK, ["MRI"])
    for network, text in posts.by_network().items():
        safe = without_spoiler(network, text, LINK)
        first, rest = safe.split("\n", 1)
        assert "ACL" not in first and first in (ANSWER_LEAD, little_text(ANSWER_LEAD))
        assert "ACL tear" in rest and safe.rstrip().endswith("MRI}" if network == "linkedin" else "#MRI")
        assert without_spoiler(network, safe, LINK) == safe  # applied once
    long = post_texts("Answer revealed: " + "very " * 60 + "long", "The answer: ACL tear.", None, LINK, [])
    cut = without_spoiler("bluesky", long.bluesky, LINK)
    assert bluesky_length(cut) <= 300 and cut.startswith(ANSWER_LEAD) and cut.endswith(LINK)
