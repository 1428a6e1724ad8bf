"""MkDocs' file list for a site in several languages: a translation's link to a page that has no
translation goes to the original.

A translation is written like its original, links included (`[...](../faq/ct-or-mri.md)`), and
MkDocs resolves a link beside the page that has it: for a Spanish page that is under `es/`. The
Spanish page is the target when it exists, otherwise the original, which is the README's rule for
untranslated pages (they are not in /es/; a look-up falls back to the default language).
"""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs.structure.files import File, Files


class LanguageFiles(Files):
    def __init__(self, files: Iterable[File], languages: Iterable[str]) -> None:
        super().__init__(list(files))
        self.others = frozenset(list(languages)[1:])  # the first is the default, at the root

    def get_file_from_path(self, path: str) -> File | None:
        found = super().get_file_from_path(path)
        if found is None:
            lang, _, rest = path.replace("\\", "/").partition("/")
            if lang in self.others and rest:
                return super().get_file_from_path(rest)
        return found
