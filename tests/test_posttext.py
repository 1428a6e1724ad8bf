"""Post texts: the `social:` override, hashtags through the map, the link always kept, cut at a word
boundary to Mastodon's 500 characters (URLs count 23) and Bluesky's 300 graphemes."""

from __future__ import annotations

import re

import grapheme

from radsite.publish.posttext import base_text, bluesky_length, compose, hashtags, mastodon_length, post_texts

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
