"""The content model: front matter with line numbers, one schema per collection, the loader."""
