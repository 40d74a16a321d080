"""The information asset register, with the UK GDPR Article 30 record-of-processing fields.

The DPO owns it; each asset names its owner and is reviewed every `review_interval_months`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schooldigital.models.base import Date, Id, IdList, Record, TextList

FORMATS = ("electronic", "paper", "both")
SUBJECTS = (
    "pupils",
    "parents_carers",
    "staff",
    "governors",
    "volunteers",
    "visitors",
    "applicants",
    "alumni",
    "suppliers",
    "other",
)
LAWFUL_BASES = ("consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests")
RISKS = ("low", "medium", "high")


class Dpia(BaseModel):
    model_config = ConfigDict(extra="forbid")
    required: bool
    date: Date | None = None
    ref: str | None = None


class InformationAsset(Record):
    id: Id
    name: str
    description: str | None = None
    owner: Id
    format: Literal[FORMATS]  # type: ignore[valid-type]
    systems: TextList = Field(min_length=1)
    personal_data: bool
    data_subjects: list[Literal[SUBJECTS]] = Field(default_factory=list)  # type: ignore[valid-type]
    data_categories: TextList = Field(default_factory=list)
    special_category: bool = False
    special_categories: TextList = Field(default_factory=list)
    article9_condition: str | None = None
    purposes: TextList = Field(min_length=1)
    lawful_basis: Literal[LAWFUL_BASES] | None = None  # type: ignore[valid-type]
    recipients: TextList = Field(default_factory=list)
    processors: IdList = Field(default_factory=list)
    international_transfers: bool = False
    transfer_safeguards: str | None = None
    retention: str
    disposal_method: str | None = None
    security_measures: TextList = Field(min_length=1)
    access: str | None = None
    # Multi-factor sign-in on the system holding it (DfE cyber standard 4); None when not recorded.
    mfa: bool | None = None
    risk: Literal[RISKS] | None = None  # type: ignore[valid-type]
    dpia: Dpia | None = None
    last_reviewed: Date
    review_interval_months: int | None = Field(default=None, gt=0, le=60)
    renumbered_from: Id | None = None  # the id it had before a merge renumbered it

    @model_validator(mode="after")
    def _article30(self) -> InformationAsset:
        if self.personal_data and not self.data_subjects:
            raise ValueError("`data_subjects` is required when `personal_data` is true")
        if self.personal_data and self.lawful_basis is None:
            raise ValueError("`lawful_basis` is required when `personal_data` is true (UK GDPR Art. 6)")
        if self.special_category and not self.article9_condition:
            raise ValueError("`article9_condition` is required when `special_category` is true")
        if self.international_transfers and not self.transfer_safeguards:
            raise ValueError("`transfer_safeguards` is required when `international_transfers` is true")
        return self
