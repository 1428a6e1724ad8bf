"""RadSite: a radiology department's public site from typed Markdown collections.

The core (content model, visibility, derive, publish) is plain Python; `radsite.plugin` is the
thin MkDocs adapter over it and the only place that imports MkDocs.
"""

__version__ = "0.1.0"
