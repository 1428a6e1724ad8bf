"""Posting feed entries to social networks: Mastodon, Bluesky, and the record of what was posted."""
