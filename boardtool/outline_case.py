"""One case → its ordered sections: a frozen per-case context, one small function per
section, and the order of the sections written once (``SECTIONS``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from boardtool.model.board import Board, Case, TnmStage, TreatmentEvent
from boardtool.model.catalog import Catalog, Prompt
from boardtool.model.prompts import prompts_for, unaddressed
from boardtool.model.radiotherapy import cumulative_doses
from boardtool.model.terms import (
    CASE_STATUS_LABELS,
    CENTRAL_REVIEW_LABELS,
    DIAGNOSIS_STATE_LABELS,
    DISEASE_STATUS_LABELS,
    EVENT_KIND_LABELS,
    label,
)
from boardtool.outline_blocks import (
    Bullets,
    Event,
    Fact,
    Facts,
    Mark,
    Picture,
    Pictures,
    Section,
    Text,
    Timeline,
)
from boardtool.outline_details import (
    age_text,
    dose_text,
    event_detail,
    exam_text,
    fmt_date,
    fmt_number,
    join,
    marker_text,
    prompt_line,
    prompt_note,
    relative_date,
    response_text,
    toxicity_text,
)

OLDEST_SHOWN_AGE = 89  # Safe Harbor: older ages are shown as "90 or older" when de-identified
UNNAMED = "Patient not named yet"  # the heading of a case whose patient has no name yet


def case_code(board: Board, number: int) -> str:
    """Return the de-identified code of a case, its meeting's year and agenda number: 'TB-2026-2'."""
    day = board.meeting.date
    return f"TB-{day.year}-{number}" if day else f"TB-{number}"


def facts(pairs: list[tuple[str, str]], heading: str = "") -> Facts | None:
    """Return the labelled values that are filled in, or None when none is."""
    items = tuple(Fact(name, value.strip()) for name, value in pairs if value and value.strip())
    return Facts(items, heading) if items else None


@dataclass(frozen=True)
class CaseContext:
    """Everything the section functions need about one case, decided once."""

    board: Board
    catalog: Catalog
    case: Case
    number: int
    deidentify: bool
    relative_dates: bool

    @property
    def meeting_day(self) -> dt.date | None:
        return self.board.meeting.date

    @cached_property
    def prompts(self) -> tuple[Prompt, ...]:
        """Return the catalog's prompts that apply to the case."""
        return tuple(prompts_for(self.case, self.catalog, self.meeting_day))

    @cached_property
    def anchor(self) -> tuple[dt.date | None, str]:
        """Return what dates count from: the diagnosis; when de-identifying without one, the meeting."""
        if (self.relative_dates or self.deidentify) and self.case.diagnosis.date:
            return self.case.diagnosis.date, "Dx"
        if self.deidentify and self.meeting_day:
            return self.meeting_day, "Meeting"
        return None, "Dx"

    def day(self, when: dt.date | None) -> str:
        """Return a clinical date: relative when the export asks for that or de-identifies
        (Safe Harbor: nothing more specific than the year), else as a calendar date."""
        if when is None:
            return ""
        anchor, name = self.anchor
        if anchor is not None:
            return relative_date(when, anchor, name)
        return str(when.year) if self.deidentify else fmt_date(when)

    def notes_for(self, section_id: str) -> tuple[str, ...]:
        """Return the speaker notes of a section: its prompts with their sources in full."""
        return tuple(prompt_note(p, self.catalog) for p in self.prompts if p.section == section_id)

    @cached_property
    def heading(self) -> str:
        """Return the patient's name, or the case code when de-identified ('Patient not named yet'
        for a case still being filled in: the case number stands beside it everywhere)."""
        return case_code(self.board, self.number) if self.deidentify else (
            self.case.patient.name or UNNAMED)

    @cached_property
    def age_sex(self) -> str:
        """Return age and sex ('90 or older' past 89 when de-identified)."""
        case = self.case
        sex = "" if case.patient.sex == "unknown" else case.patient.sex
        months = case.age_months_on(self.meeting_day)
        if self.deidentify and months is not None and months // 12 > OLDEST_SHOWN_AGE:
            return join("90 or older", sex, sep=", ")
        return join(age_text(months), sex, sep=", ")

    @cached_property
    def diagnosis_name(self) -> str:
        """Return the diagnosis as named on the slides: type, NOS/NEC, suspected, grade."""
        dx = self.case.diagnosis
        kind = self.catalog.tumour_type(dx.tumour_type)
        name = kind.name if kind else dx.tumour_type
        if name and dx.nos_nec:
            name = f"{name}, {dx.nos_nec}"
        if name and dx.state == "suspected":
            name = f"{name} (suspected)"
        grade = f"CNS WHO grade {dx.grade}" if dx.grade else ""
        return join(name, grade, sep=", ")

    def section(self, section_id: str, title: str, blocks: list, part: str = "overview") -> Section | None:
        """Return an overview section of the blocks that are filled in, or None when none is."""
        kept = tuple(b for b in blocks if b)
        return Section(section_id, part, title, kept, self.notes_for(section_id)) if kept else None


def title_section(ctx: CaseContext) -> Section:
    """Return the case's title part: the question, who the patient is, and open points."""
    case = ctx.case
    identity = [] if ctx.deidentify else [("MRN", case.patient.mrn), ("Date of birth", fmt_date(case.patient.birth_date))]
    details = facts([*identity, ("Status", CASE_STATUS_LABELS[case.status]), ("Presenter", case.presenter),
                     ("Referred by", case.referring_clinician)])
    open_points = tuple(prompt_line(p) for p in unaddressed(case, ctx.catalog, list(ctx.prompts)))
    points = "Points for the discussion" if case.status == "to_discuss" else "Prompts not addressed in the discussion"
    blocks = [Text("Question for the board", case.question, emphasis=True), details,
              Bullets(points, open_points) if open_points else None]
    presenter = (f"Presenter: {case.presenter}, {case.minutes} minutes",) if case.presenter else ()
    return Section("case", "case", "Patient and question", tuple(b for b in blocks if b),
                   (*ctx.notes_for("overview"), *presenter))


def clinical_section(ctx: CaseContext) -> Section | None:
    """Return performance status, symptoms, steroids, comorbidities, medication and summary."""
    case, perf = ctx.case, ctx.case.performance
    scale = ctx.catalog.scale(perf.scale)
    perf_text = join(f"{scale.name} {perf.value}", join(perf.rated_by, ctx.day(perf.date), sep=", "), sep=" — ") \
        if scale and perf.value is not None else ""
    dex = case.dexamethasone_mg_per_day
    return ctx.section("clinical", "Clinical status", [
        facts([("Performance status", perf_text), ("Symptoms", case.symptoms),
               ("Dexamethasone", f"{fmt_number(dex)} mg/day" if dex is not None else "")]),
        Bullets("Comorbidities", tuple(case.comorbidities)) if case.comorbidities else None,
        Bullets("Current medication", tuple(case.medications)) if case.medications else None,
        Text("Clinical summary", case.clinical_summary) if case.clinical_summary.strip() else None,
    ])


def staging_section(ctx: CaseContext) -> Section | None:
    """Return the diagnosis, its markers, the disease's extent and its staging."""
    case = ctx.case
    dx = case.diagnosis
    return ctx.section("staging", "Diagnosis, disease extent and staging", [
        facts(_staging_pairs(ctx)),
        Bullets("Molecular markers", tuple(marker_text(m, ctx.day) for m in dx.markers)) if dx.markers else None,
        Bullets("Metastatic sites", tuple(
            join(s.site, join(s.evidence, ctx.day(s.detected), sep=", "), sep=" — ")
            for s in case.metastatic_sites)) if case.metastatic_sites else None,
    ])


def _staging_pairs(ctx: CaseContext) -> list[tuple[str, str]]:
    case = ctx.case
    dx, st = case.diagnosis, case.staging
    stage = ctx.catalog.m_stage(st.m_stage)
    exams = (("Brain MRI", st.mri_brain), ("Whole-spine MRI", st.mri_spine), ("Lumbar CSF", st.csf_cytology))
    evidence = "; ".join(t for t in (exam_text(name, exam, ctx.day) for name, exam in exams) if t)
    state = "" if dx.state == "integrated" or not dx.tumour_type else DIAGNOSIS_STATE_LABELS[dx.state]
    score = f"score {fmt_number(dx.methylation_score)}" if dx.methylation_score is not None else ""
    return [
        ("Diagnosis", ctx.diagnosis_name), ("Diagnosis state", state), ("Compartment", dx.compartment),
        ("Diagnosed", ctx.day(dx.date)), ("Methylation class", join(dx.methylation_class, score, sep=", ")),
        ("Central neuropathology review", label(CENTRAL_REVIEW_LABELS, dx.central_review)),
        ("Primary site", case.primary_site), ("Disease status", label(DISEASE_STATUS_LABELS, case.disease_status)),
        ("Chang M stage", f"{stage.id} — {stage.description}" if stage else ""),
        ("Staging examinations", evidence),
        *((f"TNM ({tnm.basis})" if tnm.basis else "TNM", _tnm_text(ctx, tnm)) for tnm in st.tnm),
    ]


def _tnm_text(ctx: CaseContext, tnm: TnmStage) -> str:
    """Return a TNM classification as 'cT3 cN3 cM0, stage IIIC — AJCC 8th edition, 16 Mar 2018'."""
    categories = " ".join(part for part in (tnm.t, tnm.n, tnm.m) if part)
    group = f"stage {tnm.group}" if tnm.group else ""
    return join(join(categories, group, sep=", "), join(tnm.system, ctx.day(tnm.date), sep=", "), sep=" — ")


def history_section(ctx: CaseContext) -> Section | None:
    """Return the treatment history in date order and the summed radiotherapy doses."""
    events = sorted(ctx.case.history, key=lambda e: (e.date is None, e.date or dt.date.min))
    if not events:
        return None
    doses = cumulative_doses(ctx.case)
    summed = facts([(r.region, dose_text(r, ctx.day)) for r in doses],
                   "Cumulative prescribed RT dose by region (physical sum, not EQD2)") if doses else None
    blocks = (Timeline(tuple(_event(ctx, e) for e in events)), summed)
    return Section("history", "overview", "Treatment history", tuple(b for b in blocks if b))


def _event(ctx: CaseContext, event: TreatmentEvent) -> Event:
    when = ctx.day(event.date)
    if event.end_date:
        when = f"{when} – {ctx.day(event.end_date)}"
    return Event(date=event.date, when=when, kind=event.kind,
                 title=event.description or EVENT_KIND_LABELS[event.kind],
                 detail=join(event_detail(event, ctx.day), toxicity_text(event), sep="; "),
                 response=response_text(event, ctx.day), end=event.end_date)


def images_section(ctx: CaseContext) -> Section | None:
    """Return the key images that may be shown (de-identified: only those confirmed clean)."""
    images = ctx.board.image_data
    shown = [i for i in ctx.case.images if i.file in images and (not ctx.deidentify or i.no_identifiers_confirmed)]
    withheld = len(ctx.case.images) - len(shown)
    pictures = Pictures(tuple(
        Picture(i.file, images.source(i.file), i.caption, i.label, ctx.day(i.date),
                tuple(Mark(a.kind, a.x1, a.y1, a.x2, a.y2, a.text) for a in i.annotations))
        for i in shown)) if shown else None
    note = Text("Key images withheld", f"{withheld} image(s) not confirmed free of burned-in identifiers.") \
        if withheld and ctx.deidentify else None
    return ctx.section("images", "Key images", [pictures, note])


def modality_sections(ctx: CaseContext) -> list[Section]:
    """Return the discussed modalities in the catalog's order."""
    sections = []
    for modality in ctx.catalog.modalities:
        item = ctx.case.discussion.get(modality.id)
        if item is None or not item.discussed:
            continue
        blocks = [
            Bullets("Options considered", tuple(modality.option_label(o) for o in item.options)) if item.options else None,
            Text("Discussion", item.notes) if item.notes.strip() else None,
            Text("Recommendation", item.recommendation, emphasis=True) if item.recommendation.strip() else None,
        ]
        blocks = [b for b in blocks if b] or [Text("Discussion", "Discussed; no details recorded.")]
        sections.append(Section(modality.id, "modality", modality.title, tuple(blocks), ctx.notes_for(modality.id)))
    return sections
