"""Publish: what happens after the pages are written (feeds, reports, audit, the final swap)."""
