"""The MkDocs adapter: the only part of RadSite that imports MkDocs."""
