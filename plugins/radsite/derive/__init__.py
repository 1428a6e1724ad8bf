"""Derive: what the published items add up to (listings, home sections, cross-links)."""
