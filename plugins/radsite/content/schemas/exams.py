"""`exams/`: an exam guide for patients, with a box for referring clinicians (ImagingTest).

The `clinician:` section is what a referrer needs to order well (protocol, contrast and kidney
function, pregnancy, implants, sedation, urgent requests): builds for the clinicians audience show
it; the public build withholds it, since a patient reading it would take it as advice.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from radsite.content.schemas.base import ItemBase, Strict
from radsite.content.schemas.common import NON_IONISING, Modality
from radsite.content.types import Date, Slug, SlugList, TextList, ref


class ClinicianNotes(Strict):
    """Guidance for the referring clinician, one short point per line."""

    protocol: TextList = Field([], description="Which protocol to ask for, and when")
    contrast: TextList = Field([], description="Contrast and kidney function (eGFR) guidance")
    pregnancy: TextList = []
    implants: TextList = Field([], description="Pacemakers, implants and devices")
    sedation: TextList = Field([], description="Sedation or anaesthesia, e.g. for children")
    urgent: TextList = Field([], description="How to request it urgently")


class Exam(ItemBase):
    modality: Modality
    body_part: str = Field(min_length=1)
    duration: str = Field(min_length=1, description="How long it takes, in plain words")
    effective_dose_msv: float | None = Field(
        None, ge=0, le=100, description="Typical adult effective dose; omit for MRI and ultrasound"
    )
    preparation: TextList = []
    contraindications: TextList = []
    indications: TextList = []
    ordering_tips: TextList = []
    consult: str | None = None
    clinician: ClinicianNotes | None = Field(None, description="For referring clinicians: shown to the clinicians audience")
    related_faq: SlugList = ref("faq", default=[])
    reviewed_by: Slug = ref("people")
    last_reviewed: Date

    default_visibility: ClassVar[dict[str, str]] = {"clinician": "clinicians"}

    @property
    def uses_radiation(self) -> bool:
        return self.modality not in NON_IONISING

    @model_validator(mode="after")
    def _dose_matches_modality(self) -> Exam:
        if self.uses_radiation and self.effective_dose_msv is None:
            raise PydanticCustomError(
                "dose_missing",
                "effective_dose_msv: a {modality} exam uses ionising radiation; give its typical adult "
                "effective dose in mSv (e.g. effective_dose_msv: 7)",
                {"modality": self.modality},
            )
        if not self.uses_radiation and self.effective_dose_msv:
            raise PydanticCustomError(
                "dose_unexpected",
                "effective_dose_msv: a {modality} exam uses no ionising radiation; remove this field",
                {"modality": self.modality},
            )
        return self
