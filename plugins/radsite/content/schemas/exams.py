"""`exams/`: an exam guide for patients, with a box for referring clinicians (ImagingTest).

The `clinician:` section is what a referrer needs to order well (protocol, contrast and kidney
function, pregnancy, implants, sedation, urgent requests): builds for the clinicians audience show
it; the public build withholds it, since a patient reading it would take it as advice.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from radsite.content.collection import Collection, HomeSection, LdContext, Shown, reviewed_page
from radsite.content.schemas.base import ItemBase, Strict
from radsite.content.schemas.common import MODALITY_LABELS, NON_IONISING, Modality
from radsite.content.types import Date, Ref, Slug, SlugList, TextList


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
    related_faq: Annotated[SlugList, Ref("faq")] = []
    reviewed_by: Annotated[Slug, Ref("people")]
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


IMAGING = {"x-ray": "XRay", "ct": "CT", "mri": "MRI", "ultrasound": "Ultrasound", "pet-ct": "PET",
           "mammography": "XRay", "dexa": "XRay", "fluoroscopy": "XRay", "nuclear-medicine": "PET"}  # fmt: skip
SECTIONS = ("What it is", "How to prepare", "What to expect", "Risks and benefits", "Radiation",
            "Contraindications", "Who reads the results and when")  # fmt: skip


def _json_ld(p: Shown, ctx: LdContext) -> dict[str, Any]:
    f = p.fields
    about = {"@type": "ImagingTest", "name": f["title"], "bodyLocation": f["body_part"],
             "imagingTechnique": IMAGING.get(f["modality"], MODALITY_LABELS.get(f["modality"]))}  # fmt: skip
    return {**reviewed_page(p, ctx), "about": about}


ENTRY = Collection(
    "exams", Exam, "Exam guides", "exam guide", patient_facing=True, describes_patients=True,
    template="radsite/exams.html", json_ld=_json_ld,
    sections=SECTIONS,
    scaffold_body="\n" + "\n".join(f"## {s}\n\n{{todo}}\n" for s in SECTIONS),
    home=HomeSection(1, "Exam guides", "How to prepare and what to expect.", "exam guides"),
)  # fmt: skip
