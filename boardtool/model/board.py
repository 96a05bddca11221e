"""The board: one meeting and its ordered cases, as pure validated data."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from boardtool.model.images import ImageData
from boardtool.model.terms import (
    AnnotationKind,
    CaseStatus,
    CentralReview,
    DiagnosisState,
    DiseaseStatus,
    DoseUnit,
    EventKind,
    ExamResult,
    Intent,
    MarkerResult,
    MStage,
    NosNec,
    PlanStatus,
    Procedure,
    Response,
    ResponseCriteria,
    RtModality,
    RtTechnique,
    Sex,
    TnmBasis,
)

SCHEMA_VERSION = 3

ANNOTATION_TEXT_MAX = 40
ANNOTATIONS_MAX = 30


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
    contact: str = Field("", description="How a referrer reaches the board (office telephone, e-mail), printed on outcome letters")
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
    """One marker result (structured, with free text beside) and how it was obtained."""

    name: str = ""
    result: MarkerResult | None = None
    detail: str = ""
    method: str = ""
    date: dt.date | None = None


class Diagnosis(Record):
    """The diagnosis: suspected before tissue, or the WHO CNS5 type from the catalog."""

    state: DiagnosisState = "integrated"
    tumour_type: str = ""
    compartment: str = ""
    grade: int | None = None
    nos_nec: NosNec = ""
    date: dt.date | None = None
    central_review: CentralReview | None = None
    markers: list[Marker] = Field(default_factory=list)
    methylation_class: str = ""
    methylation_score: float | None = None


class MetastaticSite(Record):
    """A site of spread, when it was seen and on what evidence."""

    site: str = ""
    detected: dt.date | None = None
    evidence: str = ""


class TnmStage(Record):
    """A TNM classification (clinical or pathologic): categories, stage group and the system used."""

    basis: TnmBasis = ""
    t: str = ""
    n: str = ""
    m: str = ""
    group: str = ""
    system: str = ""
    date: dt.date | None = None


class StagingExam(Record):
    """One staging examination for dissemination: when, and what it showed."""

    date: dt.date | None = None
    result: ExamResult | None = None


class Staging(Record):
    """Chang M stage and the examinations behind it (brain MRI, spine MRI, lumbar CSF); TNM when a record brings one."""

    m_stage: MStage | None = None
    mri_brain: StagingExam = Field(default_factory=StagingExam)
    mri_spine: StagingExam = Field(default_factory=StagingExam)
    csf_cytology: StagingExam = Field(default_factory=StagingExam)
    tnm: list[TnmStage] = Field(default_factory=list)


class Performance(Record):
    """Performance status on a named scale."""

    scale: str = ""
    value: int | None = None
    rated_by: str = ""
    date: dt.date | None = None


class RtVolume(Record):
    """One treated volume of a radiotherapy course (a course may hold CSI plus boosts)."""

    target: str = ""
    region: str = ""  # the anatomical region its dose adds up in, e.g. "Posterior fossa"
    dose: float | None = None
    unit: DoseUnit = "Gy"
    fractions: int | None = None
    modality: RtModality | None = None
    technique: RtTechnique | None = None
    intent: Intent | None = None


class Toxicity(Record):
    """An adverse event as a CTCAE term and grade (1 to 5)."""

    term: str = ""
    grade: int | None = None


class TreatmentEvent(Record):
    """One dated step of the treatment history; fields used depend on its kind."""

    kind: EventKind = "other"
    date: dt.date | None = None
    end_date: dt.date | None = None
    description: str = ""
    procedure: Procedure | None = None
    resection: str = ""
    postop_mri: dt.date | None = None
    volumes: list[RtVolume] = Field(default_factory=list)
    regimen: str = ""
    cycles: int | None = None
    response: Response | None = None
    response_criteria: ResponseCriteria | None = None
    response_date: dt.date | None = None
    toxicities: list[Toxicity] = Field(default_factory=list)


class Annotation(Record):
    """A mark drawn over a key image, kept as vector data (the stored picture is never
    changed). Coordinates are fractions (0–1) of the upright picture's width and height:
    an arrow points from x1,y1 to x2,y2, a circle fills the box x1,y1–x2,y2, a text
    label starts at x1,y1."""

    kind: AnnotationKind = "arrow"
    x1: float = Field(0.0, ge=0.0, le=1.0)
    y1: float = Field(0.0, ge=0.0, le=1.0)
    x2: float = Field(0.0, ge=0.0, le=1.0)
    y2: float = Field(0.0, ge=0.0, le=1.0)
    text: str = Field("", max_length=ANNOTATION_TEXT_MAX)


class KeyImage(Record):
    """A key image; ``file`` names its bytes in the board's image store."""

    file: str
    caption: str = ""
    label: str = ""
    date: dt.date | None = None
    no_identifiers_confirmed: bool = False
    annotations: list[Annotation] = Field(default_factory=list, max_length=ANNOTATIONS_MAX)


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


class Messenger(Record):
    """Who tells someone the board's outcome, and by when."""

    who: str = ""
    due: dt.date | None = None


class PlanChange(Record):
    """One field of a final plan as it was before an amendment and as it became."""

    field: str = ""  # the plan field's name, e.g. "recommendation"
    before: str = ""
    after: str = ""


class Amendment(Record):
    """A change to a final plan: who made it, when, why and what changed (the old text kept)."""

    by: str = ""
    at: dt.datetime | None = None
    reason: str = ""
    changes: list[PlanChange] = Field(default_factory=list)


class ConsensusPlan(Record):
    """The board's consensus recommendation, how it reaches the patient and referrer, and its status."""

    recommendation: str = ""
    intent: Intent | None = None
    guideline: str = Field("", description="The catalog guideline that concordance refers to (its id)")
    guideline_concordant: bool | None = None
    non_concordance_reason: str = ""
    trial_discussed: bool = False
    trial_id: str = ""
    actions: list[Action] = Field(default_factory=list)
    patient_informed: bool | None = None  # the patient knows the case goes to the board
    patient_preferences: str = ""
    dissent: str = ""
    tell_patient: Messenger = Field(default_factory=Messenger)
    tell_referrer: Messenger = Field(default_factory=Messenger)
    status: PlanStatus = "draft"
    finalised_by: str = ""
    finalised_at: dt.datetime | None = None
    amendments: list[Amendment] = Field(default_factory=list)


class CaseAttendance(Record):
    """Who was in the room for this case where it differs from the meeting's attendance."""

    away: list[str] = Field(default_factory=list, description="Attendees present at the meeting but not for this case")
    joined: list[str] = Field(default_factory=list, description="Attendees absent from the meeting who joined for this case")
    exception_reason: str = Field("", description="Why the plan was made final without every core specialty present")


class Deferral(Record):
    """Why a case was deferred and when it is listed again."""

    reason: str = ""
    relist_on: dt.date | None = None


class ProvenanceEntry(Record):
    """Where an imported value came from: the file's hash, the resource and when it was imported."""

    path: str
    display: str = ""
    file_sha256: str = ""
    resource_type: str = ""
    resource_id: str = ""
    imported_at: dt.datetime | None = None


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
    attendance: CaseAttendance = Field(default_factory=CaseAttendance)
    deferral: Deferral = Field(default_factory=Deferral)
    provenance: list[ProvenanceEntry] = Field(default_factory=list)

    def age_on(self, day: dt.date | None) -> int | None:
        """Return the patient's age in whole years on ``day``, when both dates are known."""
        months = self.age_months_on(day)
        return None if months is None else months // 12

    def age_months_on(self, day: dt.date | None) -> int | None:
        """Return the patient's age in whole months on ``day``, when both dates are known."""
        born = self.patient.birth_date
        if born is None or day is None:
            return None
        months = (day.year - born.year) * 12 + day.month - born.month
        return months - int(day.day < born.day)

    def discussed_modalities(self) -> list[str]:
        """Return the ids of the modalities marked as discussed, in stored order."""
        return [key for key, item in self.discussion.items() if item.discussed]


class Board(Record):
    """A board file: one meeting, its ordered cases and their key-image bytes."""

    schema_version: int = SCHEMA_VERSION
    disease: str = "ependymoma"
    meeting: Meeting = Field(default_factory=Meeting)
    cases: list[Case] = Field(default_factory=list)
    image_data: SkipJsonSchema[ImageData] = Field(default_factory=ImageData, exclude=True, repr=False)

    def case_by_id(self, case_id: str) -> Case | None:
        """Return the case with this id, or None."""
        return next((case for case in self.cases if case.id == case_id), None)

    def add_image(self, data: bytes, suffix: str) -> str:
        """Keep image bytes under their content hash; return the name to reference."""
        from boardtool.model.images import content_name

        name = content_name(data, suffix)
        self.image_data.setdefault(name, data)
        return name
