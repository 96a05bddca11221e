"""The board: one meeting and its ordered cases, as pure validated data."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

SCHEMA_VERSION = 2

CaseStatus = Literal["to_discuss", "discussed", "deferred"]
Sex = Literal["female", "male", "other", "unknown"]
DiseaseStatus = Literal["new", "residual", "recurrent", "progressive"]
MStage = Literal["M0", "M1", "M2", "M3", "M4"]
Response = Literal["CR", "PR", "SD", "PD"]
EventKind = Literal["surgery", "radiotherapy", "chemotherapy", "other"]
Intent = Literal["curative", "disease control", "palliative"]
PlanStatus = Literal["draft", "final"]
NosNec = Literal["", "NOS", "NEC"]


class Record(BaseModel):
    """Base of every board record: strict about unknown fields, editable in place."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Attendee(Record):
    """A person at the meeting and the specialty they speak for."""

    name: str = ""
    specialty: str = ""
    role: str = ""
    present: bool = True


class Meeting(Record):
    """When and where the board meets, who chairs it and who attends."""

    title: str = "Neuro-oncology tumour board"
    institution: str = ""
    date: dt.date | None = None
    start_time: dt.time | None = None
    location: str = ""
    chair: str = ""
    coordinator: str = ""
    attendees: list[Attendee] = Field(default_factory=list)
    quorum_specialties: list[str] = Field(default_factory=list)


class Patient(Record):
    """Who the case is about. Identifying: left out of de-identified exports."""

    name: str = ""
    mrn: str = ""
    birth_date: dt.date | None = None
    sex: Sex = "unknown"
    also_known_as: str = Field("", description="Other names the patient goes by (nicknames), separated by commas")


class Marker(Record):
    """One molecular marker result and how it was obtained."""

    name: str = ""
    result: str = ""
    method: str = ""
    date: dt.date | None = None


class Diagnosis(Record):
    """The integrated diagnosis (WHO CNS5 type from the catalog)."""

    tumour_type: str = ""
    compartment: str = ""
    grade: int | None = None
    nos_nec: NosNec = ""
    date: dt.date | None = None
    markers: list[Marker] = Field(default_factory=list)
    methylation_class: str = ""
    methylation_score: float | None = None


class MetastaticSite(Record):
    """A site of spread, when it was seen and on what evidence."""

    site: str = ""
    detected: dt.date | None = None
    evidence: str = ""


class Staging(Record):
    """Chang M stage and the dates of the examinations behind it."""

    m_stage: MStage | None = None
    mri_brain: dt.date | None = None
    mri_spine: dt.date | None = None
    csf_cytology: dt.date | None = None


class Performance(Record):
    """Performance status on a named scale."""

    scale: str = ""
    value: int | None = None
    rated_by: str = ""
    date: dt.date | None = None


class TreatmentEvent(Record):
    """One dated step of the treatment history; fields used depend on its kind."""

    kind: EventKind = "other"
    date: dt.date | None = None
    end_date: dt.date | None = None
    description: str = ""
    resection: str = ""
    dose_gy: float | None = None
    fractions: int | None = None
    technique: str = ""
    target: str = ""
    regimen: str = ""
    cycles: int | None = None
    response: Response | None = None


class KeyImage(Record):
    """A key image; ``file`` names its bytes in the board's image store."""

    file: str
    caption: str = ""
    label: str = ""
    date: dt.date | None = None
    no_identifiers_confirmed: bool = False


class ModalityDiscussion(Record):
    """What the board said about one modality of the catalog."""

    discussed: bool = False
    options: list[str] = Field(default_factory=list)
    notes: str = ""
    recommendation: str = ""


class Action(Record):
    """A follow-up task with its owner and due date."""

    what: str = ""
    who: str = ""
    due: dt.date | None = None


class ConsensusPlan(Record):
    """The board's consensus recommendation and its status."""

    recommendation: str = ""
    intent: Intent | None = None
    guideline_concordant: bool | None = None
    non_concordance_reason: str = ""
    trial_discussed: bool = False
    trial_id: str = ""
    actions: list[Action] = Field(default_factory=list)
    status: PlanStatus = "draft"
    finalised_by: str = ""
    finalised_at: dt.datetime | None = None


def new_case_id() -> str:
    """Return a fresh stable case identifier."""
    return uuid.uuid4().hex[:12]


class Case(Record):
    """One patient's case on the agenda, from referral to consensus plan."""

    id: str = Field(default_factory=new_case_id)
    presenter: str = ""
    referring_clinician: str = ""
    minutes: int = 10
    status: CaseStatus = "to_discuss"
    patient: Patient = Field(default_factory=Patient)
    question: str = ""
    clinical_summary: str = ""
    symptoms: str = ""
    diagnosis: Diagnosis = Field(default_factory=Diagnosis)
    disease_status: DiseaseStatus | None = None
    primary_site: str = ""
    metastatic_sites: list[MetastaticSite] = Field(default_factory=list)
    staging: Staging = Field(default_factory=Staging)
    performance: Performance = Field(default_factory=Performance)
    comorbidities: list[str] = Field(default_factory=list)
    medications: list[str] = Field(default_factory=list)
    dexamethasone_mg_per_day: float | None = None
    history: list[TreatmentEvent] = Field(default_factory=list)
    images: list[KeyImage] = Field(default_factory=list)
    discussion: dict[str, ModalityDiscussion] = Field(default_factory=dict)
    plan: ConsensusPlan = Field(default_factory=ConsensusPlan)

    def age_on(self, day: dt.date | None) -> int | None:
        """Return the patient's age in whole years on ``day``, when both dates are known."""
        born = self.patient.birth_date
        if born is None or day is None:
            return None
        before_birthday = (day.month, day.day) < (born.month, born.day)
        return day.year - born.year - int(before_birthday)

    def discussed_modalities(self) -> list[str]:
        """Return the ids of the modalities marked as discussed, in stored order."""
        return [key for key, item in self.discussion.items() if item.discussed]


class Board(Record):
    """A board file: one meeting, its ordered cases and their key-image bytes."""

    schema_version: int = SCHEMA_VERSION
    disease: str = "ependymoma"
    meeting: Meeting = Field(default_factory=Meeting)
    cases: list[Case] = Field(default_factory=list)
    image_data: SkipJsonSchema[dict[str, bytes]] = Field(
        default_factory=dict, exclude=True, repr=False
    )

    def case_by_id(self, case_id: str) -> Case | None:
        """Return the case with this id, or None."""
        return next((case for case in self.cases if case.id == case_id), None)

    def add_image(self, data: bytes, suffix: str) -> str:
        """Keep image bytes under their content hash; return the name to reference."""
        from boardtool.model.images import content_name

        name = content_name(data, suffix)
        self.image_data.setdefault(name, data)
        return name
