"""Board + catalog → the ordered outline both exports lay out.

This module alone decides what is shown and in which order: the case overview
parts, then the discussed modalities in the catalog's order, then the consensus
plan. It applies de-identification and leaves empty fields out.
"""

from __future__ import annotations

import datetime as dt

from boardtool.model.board import Board, Case
from boardtool.model.catalog import Catalog
from boardtool.model.prompts import prompts_for, unaddressed
from boardtool.model.radiotherapy import cumulative_doses
from boardtool.model.terms import (
    CASE_STATUS_LABELS,
    CENTRAL_REVIEW_LABELS,
    DIAGNOSIS_STATE_LABELS,
    DISEASE_STATUS_LABELS,
    EVENT_KIND_LABELS,
    INTENT_LABELS,
    label,
)
from boardtool.outline_details import (
    age_text,
    dose_text,
    event_detail,
    exam_text,
    fmt_number,
    join,
    marker_text,
    prompt_line,
    prompt_note,
    response_text,
    toxicity_text,
)
from boardtool.outline_glance import key_facts
from boardtool.outline_blocks import (
    ActionRow,
    Actions,
    AgendaItem,
    Bullets,
    CaseOutline,
    Event,
    Fact,
    Facts,
    Mark,
    MeetingOutline,
    Minutes,
    Picture,
    Pictures,
    Section,
    Text,
    Timeline,
)
from boardtool.privacy.outline_pass import apply_to_strings, date_shift, text_filter

CONFIDENTIAL = "Confidential – patient information"
DEIDENTIFIED = "De-identified"
STATUS_NAMES = CASE_STATUS_LABELS
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # never the locale's
OLDEST_SHOWN_AGE = 89  # Safe Harbor: older ages are shown as "90 or older" when de-identified


# ------------------------------------------------------------------ formatting


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # never the locale's


def fmt_date(day: dt.date | None) -> str:
    """Return an unambiguous date in English whatever the locale, such as '3 Dec 2026' ('' when unknown)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else ""


def fmt_month(day: dt.date) -> str:
    """Return a month in English whatever the locale, such as 'Dec 2026'."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def fmt_weekday(day: dt.date) -> str:
    """Return a date with its weekday in English whatever the locale, such as 'Thu 3 Dec 2026'."""
    return f"{WEEKDAYS[day.weekday()]} {fmt_date(day)}"


def relative_date(day: dt.date, anchor: dt.date, label: str = "Dx") -> str:
    """Return a date as its distance from the diagnosis (or another anchor): 'Dx', 'Dx −12 d', 'Dx +14 mo'."""
    days = (day - anchor).days
    if days == 0:
        return label
    if abs(days) < 60:
        amount, unit = days, "d"
    else:
        amount, unit = round(days / 30.44), "mo"
    sign = "+" if amount > 0 else "−"
    return f"{label} {sign}{abs(amount)} {unit}"


def _facts(pairs: list[tuple[str, str]], heading: str = "") -> Facts | None:
    items = tuple(Fact(label, value.strip()) for label, value in pairs if value and value.strip())
    return Facts(items, heading) if items else None


_join = join


def _tnm_label(tnm) -> str:
    return f"TNM ({tnm.basis})" if tnm.basis else "TNM"


# ------------------------------------------------------------------ building


def build_outline(
    board: Board, catalog: Catalog, *, deidentify: bool = False, case_id: str | None = None,
    relative_dates: bool = False, author: str = "",
) -> MeetingOutline:
    """Return the outline of the meeting (or of one case with ``case_id``)."""
    meeting = board.meeting
    numbered = list(enumerate(board.cases, start=1))
    if case_id is not None:
        numbered = [(n, c) for n, c in numbered if c.id == case_id]
        if not numbered:
            from boardtool.model.errors import ExportError

            raise ExportError(f"no case with id '{case_id}'", field="--case")
    builder = _CaseBuilder(board, catalog, deidentify, relative_dates)
    cases = tuple(builder.build(number, case) for number, case in numbered)
    outline = MeetingOutline(
        title=meeting.title or catalog.board_title,
        institution=meeting.institution,
        date=str(meeting.date.year) if deidentify and meeting.date else fmt_date(meeting.date),
        time=meeting.start_time.strftime("%H:%M") if meeting.start_time else "",
        location=meeting.location,
        chair=meeting.chair,
        marking=DEIDENTIFIED if deidentify else CONFIDENTIAL,
        deidentified=deidentify,
        agenda=_agenda(board, cases),
        cases=cases,
        minutes=_minutes(board, catalog, cases),
        disease=catalog.name,
        author=author or meeting.coordinator,
    )
    shift = date_shift(board.meeting.date or dt.date.today()) if deidentify else None
    return apply_to_strings(outline, text_filter(board, deidentify), dates=shift)  # every string and date, one place


def case_code(board: Board, number: int) -> str:
    """Return the de-identified code of a case, its meeting's year and agenda number: 'TB-2026-2'."""
    day = board.meeting.date
    return f"TB-{day.year}-{number}" if day else f"TB-{number}"


def _agenda(board: Board, cases: tuple[CaseOutline, ...]) -> tuple[AgendaItem, ...]:
    start = board.meeting.start_time
    clock = dt.datetime.combine(board.meeting.date or dt.date.today(), start) if start else None
    offsets: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    for case in board.cases:
        if clock is not None and case.status != "deferred":
            try:
                offsets[case.id] = (clock, clock + dt.timedelta(minutes=case.minutes))
            except OverflowError:  # beyond the calendar: no slots from here on
                break
            clock = offsets[case.id][1]
    items = []
    for outline in cases:
        span = offsets.get(outline.id)
        slot = f"{span[0]:%H:%M}–{span[1]:%H:%M}" if span else ""
        items.append(
            AgendaItem(outline.number, outline.heading, outline.presenter, slot,
                       outline.status, outline.status == STATUS_NAMES["deferred"])
        )
    return tuple(items)


def _minutes(board: Board, catalog: Catalog, cases: tuple[CaseOutline, ...]) -> Minutes:
    by_specialty: dict[str, tuple[list[str], list[str]]] = {}
    for person in board.meeting.attendees:
        present, absent = by_specialty.setdefault(person.specialty or "Other", ([], []))
        (present if person.present else absent).append(person.name)
    required = board.meeting.quorum_specialties or list(catalog.core_specialties)
    missing = tuple(s for s in required if not by_specialty.get(s, ([], []))[0])
    return Minutes(
        attendance=tuple((s, ", ".join(p), ", ".join(a)) for s, (p, a) in by_specialty.items()),
        missing_specialties=missing,
        deferred=tuple(c.heading for c in cases if c.status == STATUS_NAMES["deferred"]),
        chair=board.meeting.chair,
    )


class _CaseBuilder:
    """Turns one case into its ordered sections."""

    def __init__(self, board: Board, catalog: Catalog, deidentify: bool, relative_dates: bool = False):
        self.board, self.catalog, self.deidentify = board, catalog, deidentify
        self.meeting_day = board.meeting.date
        self.relative_dates = relative_dates
        self.anchor: dt.date | None = None
        self.anchor_label = "Dx"

    def scrub(self, text: str) -> str:
        """Return text as it is: identifiers are scrubbed once, over the finished outline."""
        return text

    def build(self, number: int, case: Case) -> CaseOutline:
        self.prompts = prompts_for(case, self.catalog, self.meeting_day)
        self.anchor, self.anchor_label = self._anchor(case)
        heading = case_code(self.board, number) if self.deidentify else (
            case.patient.name or f"Case {number}")
        summary = _join(self._age_sex(case), self._diagnosis_name(case), sep=" · ")
        # Never initials when de-identified: they come from the name (HIPAA Safe Harbor).
        identifier = _join(heading, self._age_sex(case)) if self.deidentify else heading
        parts = [
            self._title(case, heading, summary),
            self._clinical(case),
            self._staging(case),
            self._history(case),
            self._images(case),
            *self._modalities(case),
            self._plan(case),
        ]
        return CaseOutline(
            id=case.id,
            number=number,
            heading=heading,
            summary=summary,
            question=self.scrub(case.question),
            status=STATUS_NAMES[case.status],
            presenter=case.presenter,
            sections=tuple(p for p in parts if p is not None),
            identifier=identifier,
            key_facts=key_facts(case, self.catalog, patient=self._age_sex(case),
                                who_type=self._diagnosis_name(case), day=self.day, scrub=self.scrub),
        )

    def _anchor(self, case: Case) -> tuple[dt.date | None, str]:
        """Return what dates count from: the diagnosis; when de-identifying without one, the meeting."""
        if (self.relative_dates or self.deidentify) and case.diagnosis.date:
            return case.diagnosis.date, "Dx"
        if self.deidentify and self.meeting_day:
            return self.meeting_day, "Meeting"
        return None, "Dx"

    def day(self, when: dt.date | None) -> str:
        """Return a clinical date: relative when the export asks for that or de-identifies
        (Safe Harbor: nothing more specific than the year), else as a calendar date."""
        if when is None:
            return ""
        if self.anchor is not None:
            return relative_date(when, self.anchor, self.anchor_label)
        return str(when.year) if self.deidentify else fmt_date(when)

    # -- overview parts ------------------------------------------------

    def _notes_for(self, section_id: str) -> tuple[str, ...]:
        return tuple(prompt_note(p, self.catalog) for p in self.prompts if p.section == section_id)

    def _age_sex(self, case: Case) -> str:
        sex = "" if case.patient.sex == "unknown" else case.patient.sex
        months = case.age_months_on(self.meeting_day)
        if self.deidentify and months is not None and months // 12 > OLDEST_SHOWN_AGE:
            return _join("90 or older", sex, sep=", ")
        return _join(age_text(months), sex, sep=", ")

    def _diagnosis_name(self, case: Case) -> str:
        dx = case.diagnosis
        kind = self.catalog.tumour_type(dx.tumour_type)
        name = kind.name if kind else dx.tumour_type
        if name and dx.nos_nec:
            name = f"{name}, {dx.nos_nec}"
        if name and dx.state == "suspected":
            name = f"{name} (suspected)"
        grade = f"CNS WHO grade {dx.grade}" if dx.grade else ""
        return _join(name, grade, sep=", ")

    def _title(self, case: Case, heading: str, summary: str) -> Section:
        identity = [] if self.deidentify else [
            ("MRN", case.patient.mrn),
            ("Date of birth", fmt_date(case.patient.birth_date)),
        ]
        facts = _facts([
            *identity,
            ("Status", STATUS_NAMES[case.status]),
            ("Presenter", case.presenter),
            ("Referred by", case.referring_clinician),
        ])
        open_points = tuple(prompt_line(p) for p in unaddressed(case, self.catalog, self.prompts))
        points = "Points for the discussion" if case.status == "to_discuss" else "Prompts not addressed in the discussion"
        blocks = [Text("Question for the board", self.scrub(case.question), emphasis=True), facts,
                  Bullets(points, open_points) if open_points else None]
        notes = (*self._notes_for("overview"),
                 *( [f"Presenter: {case.presenter}, {case.minutes} minutes"] if case.presenter else []))
        return Section("case", "overview", heading, tuple(b for b in blocks if b), notes)

    def _clinical(self, case: Case) -> Section | None:
        perf = case.performance
        perf_text = ""
        scale = self.catalog.scale(perf.scale)
        if scale and perf.value is not None:
            perf_text = _join(f"{scale.name} {perf.value}", _join(perf.rated_by, self.day(perf.date), sep=", "), sep=" — ")
        dex = case.dexamethasone_mg_per_day
        blocks = [
            _facts([
                ("Performance status", perf_text),
                ("Symptoms", self.scrub(case.symptoms)),
                ("Dexamethasone", f"{fmt_number(dex)} mg/day" if dex is not None else ""),
            ]),
            Bullets("Comorbidities", tuple(map(self.scrub, case.comorbidities))) if case.comorbidities else None,
            Bullets("Current medication", tuple(map(self.scrub, case.medications))) if case.medications else None,
            Text("Clinical summary", self.scrub(case.clinical_summary)) if case.clinical_summary.strip() else None,
        ]
        return self._section("clinical", "Clinical status", blocks)

    def _staging(self, case: Case) -> Section | None:
        dx, st = case.diagnosis, case.staging
        stage = next((m for m in self.catalog.m_stages if m.id == st.m_stage), None)
        evidence = "; ".join(t for t in (
            exam_text(name, exam, self.day) for name, exam in (
                ("Brain MRI", st.mri_brain), ("Whole-spine MRI", st.mri_spine), ("Lumbar CSF", st.csf_cytology))) if t)
        state = "" if dx.state == "integrated" or not dx.tumour_type else DIAGNOSIS_STATE_LABELS[dx.state]
        blocks = [
            _facts([
                ("Diagnosis", self._diagnosis_name(case)),
                ("Diagnosis state", state),
                ("Compartment", dx.compartment),
                ("Diagnosed", self.day(dx.date)),
                ("Methylation class", _join(dx.methylation_class, f"score {fmt_number(dx.methylation_score)}"
                                            if dx.methylation_score is not None else "", sep=", ")),
                ("Central neuropathology review", label(CENTRAL_REVIEW_LABELS, dx.central_review)),
                ("Primary site", case.primary_site),
                ("Disease status", label(DISEASE_STATUS_LABELS, case.disease_status)),
                ("Chang M stage", f"{stage.id} — {stage.description}" if stage else ""),
                ("Staging examinations", evidence),
                *((_tnm_label(tnm), self._tnm_text(tnm)) for tnm in st.tnm),
            ]),
            Bullets("Molecular markers", tuple(marker_text(m, self.day, self.scrub) for m in dx.markers))
            if dx.markers else None,
            Bullets("Metastatic sites", tuple(
                _join(s.site, _join(s.evidence, self.day(s.detected), sep=", "), sep=" — ")
                for s in case.metastatic_sites)) if case.metastatic_sites else None,
        ]
        return self._section("staging", "Diagnosis, disease extent and staging", blocks)

    def _tnm_text(self, tnm) -> str:
        """Return a TNM classification as 'cT3 cN3 cM0, stage IIIC — AJCC 8th edition, 16 Mar 2018'."""
        categories = " ".join(part for part in (tnm.t, tnm.n, tnm.m) if part)
        group = f"stage {tnm.group}" if tnm.group else ""
        return _join(_join(categories, group, sep=", "), _join(tnm.system, self.day(tnm.date), sep=", "), sep=" — ")

    def _history(self, case: Case) -> Section | None:
        events = sorted(case.history, key=lambda e: (e.date is None, e.date or dt.date.min))
        if not events:
            return None
        doses = cumulative_doses(case)
        summed = _facts([(self.scrub(r.region), dose_text(r, self.day)) for r in doses],
                        "Cumulative prescribed RT dose by region (physical sum, not EQD2)") if doses else None
        blocks = (Timeline(tuple(map(self._event, events))), summed)
        return Section("history", "overview", "Treatment history", tuple(b for b in blocks if b))

    def _event(self, event) -> Event:
        detail = _join(event_detail(event, self.day, self.scrub), toxicity_text(event, self.scrub), sep="; ")
        when = self.day(event.date)
        if event.end_date:
            when = f"{when} – {self.day(event.end_date)}"
        return Event(
            date=event.date,
            when=when,
            kind=event.kind,
            title=self.scrub(event.description) or EVENT_KIND_LABELS[event.kind],
            detail=self.scrub(detail),
            response=response_text(event, self.day),
            end=event.end_date,
        )

    def _images(self, case: Case) -> Section | None:
        shown = [i for i in case.images if i.file in self.board.image_data
                 and (not self.deidentify or i.no_identifiers_confirmed)]
        withheld = len(case.images) - len(shown)
        blocks: list = []
        if shown:
            blocks.append(Pictures(tuple(
                Picture(i.file, self.board.image_data.source(i.file), self.scrub(i.caption), self.scrub(i.label),
                        self.day(i.date), self._marks(i)) for i in shown)))
        if withheld and self.deidentify:
            blocks.append(Text("Key images withheld",
                               f"{withheld} image(s) not confirmed free of burned-in identifiers."))
        return self._section("images", "Key images", blocks)

    def _marks(self, image) -> tuple[Mark, ...]:
        return tuple(Mark(a.kind, a.x1, a.y1, a.x2, a.y2, self.scrub(a.text)) for a in image.annotations)

    # -- modalities and plan ----------------------------------------------

    def _modalities(self, case: Case) -> list[Section]:
        sections = []
        for modality in self.catalog.modalities:
            item = case.discussion.get(modality.id)
            if item is None or not item.discussed:
                continue
            blocks = [
                Bullets("Options considered", tuple(modality.option_label(o) for o in item.options))
                if item.options else None,
                Text("Discussion", self.scrub(item.notes)) if item.notes.strip() else None,
                Text("Recommendation", self.scrub(item.recommendation), emphasis=True)
                if item.recommendation.strip() else None,
            ]
            blocks = [b for b in blocks if b] or [Text("Discussion", "Discussed; no details recorded.")]
            sections.append(Section(modality.id, "modality", modality.title, tuple(blocks),
                                    self._notes_for(modality.id)))
        return sections

    def _plan(self, case: Case) -> Section:
        plan = case.plan
        concordance = {True: "Yes", False: _join("No", self.scrub(plan.non_concordance_reason), sep=" — "),
                       None: ""}[plan.guideline_concordant]
        trial = _join("Discussed" if plan.trial_discussed else "", plan.trial_id, sep=" — ")
        status = "Final" if plan.status == "final" else "Draft"
        if plan.status == "final":
            status = _join(status, _join(plan.finalised_by, self.day(plan.finalised_at.date())
                                         if plan.finalised_at else "", sep=", "), sep=" — ")
        recommendation = self.scrub(plan.recommendation)
        if not recommendation.strip():
            recommendation = "Deferred to a later meeting." if case.status == "deferred" else "No consensus recorded yet."
        blocks = [
            Text("Recommendation", recommendation, emphasis=True),
            _facts([
                ("Intent", label(INTENT_LABELS, plan.intent)),
                ("Guideline concordant", concordance),
                ("Clinical trial eligibility", trial),
                ("Status", status),
            ]),
            Actions(tuple(ActionRow(self.scrub(a.what), a.who, self.day(a.due)) for a in plan.actions
                          if a.what.strip())) if any(a.what.strip() for a in plan.actions) else None,
        ]
        return Section("plan", "plan", self.catalog.section("plan").title if self.catalog.section("plan")
                       else "Consensus plan", tuple(b for b in blocks if b), self._notes_for("plan"))

    def _section(self, section_id: str, title: str, blocks: list) -> Section | None:
        kept = tuple(b for b in blocks if b)
        if not kept:
            return None
        return Section(section_id, "overview", title, kept, self._notes_for(section_id))
