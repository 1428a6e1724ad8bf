"""Display labels: one function turns every enumerated code of the schema into words."""

from __future__ import annotations

from typing import get_args

import pytest

from radsite.content.schemas.common import MODALITY_LABELS, Modality
from radsite.labels import label


@pytest.mark.parametrize(
    ("code", "field", "words"),
    [
        ("ct", "modality", "CT"),
        ("mri", "modality", "MRI"),
        ("x-ray", "modality", "X-ray"),
        ("pet-ct", "", "PET/CT"),
        ("NOT_YET_RECRUITING", "status", "Not yet recruiting"),
        ("almost-certain", "certainty", "Almost certain"),
        ("lung-cancer-screening", "tags", "Lung cancer screening"),
        ("musculoskeletal", "body_systems", "Musculoskeletal"),
        ("beginner", "difficulty", "Beginner"),
        ("acl-tear", "tags", "ACL tear"),
        ("chest-x-ray", "tags", "Chest X-ray"),
    ],
)
def test_codes_read_as_words(code: str, field: str, words: str) -> None:
    assert label(code, field) == words


def test_every_modality_of_the_schema_has_its_own_words() -> None:
    codes = get_args(Modality)
    assert set(MODALITY_LABELS) == set(codes)
    for code in codes:
        assert label(code, "modality") == MODALITY_LABELS[code]
