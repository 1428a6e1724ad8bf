"""Vocabularies shared by several collections."""

from __future__ import annotations

from typing import Literal

Modality = Literal[
    "x-ray", "ct", "mri", "ultrasound", "mammography", "nuclear-medicine", "pet-ct",
    "fluoroscopy", "dexa", "interventional",
]  # fmt: skip

MODALITY_LABELS: dict[str, str] = {
    "x-ray": "X-ray",
    "ct": "CT",
    "mri": "MRI",
    "ultrasound": "Ultrasound",
    "mammography": "Mammography",
    "nuclear-medicine": "Nuclear medicine",
    "pet-ct": "PET/CT",
    "fluoroscopy": "Fluoroscopy",
    "dexa": "DEXA bone density",
    "interventional": "Interventional radiology",
}

NON_IONISING: frozenset[str] = frozenset({"mri", "ultrasound"})
