"""Quiz choices in an order that says nothing about which one is right.

Editors tend to write the right answer first (seven of the example's eight cases do). Published in
the order written, a quiz gives its answer away by position long before `reveal_at`, and a trainee
learns to pick the first choice. Every build publishes the choices ordered by a digest of the case's
slug and each choice's own text: the same order in every build (warm and cold builds agree, and a
reader who comes back finds the same quiz), whatever order the editor wrote them in, and computed
without looking at which one is the answer. A choice that refers to the others ("All of the above",
"None of these", "Both", "Ninguna de las anteriores") stays after them, in the order written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

_REFERS_TO_OTHERS = re.compile(
    r"\b(?:above|these|both|neither|all of|none of|anteriores|ambas|ambos|ninguna|ninguno|todas|todos)\b",
    re.IGNORECASE,
)


def published_order(choices: Sequence[object], seed: str) -> list[object]:
    """`choices` reordered for publishing (see the module docstring); the answer is not an input."""
    standalone = [c for c in choices if not _REFERS_TO_OTHERS.search(str(c))]
    referring = [c for c in choices if _REFERS_TO_OTHERS.search(str(c))]
    return sorted(standalone, key=lambda c: hashlib.blake2b(f"{seed}\0{c}".encode(), digest_size=8).digest()) + referring
