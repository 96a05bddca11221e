"""Board + catalog → the ordered outline both exports lay out.

This module alone decides what is shown and in which order: the case overview
parts, then the discussed modalities in the catalog's order, then the consensus
plan. It applies de-identification and leaves empty fields out.
"""

from __future__ import annotations

import datetime as dt

from boardtool.model.board import Board, Case
from boardtool.model.catalog import Catalog
from boardtool.model.prompts import prompts_for
from boardtool.outline_blocks import (
    ActionRow,
    Actions,
    AgendaItem,
    Bullets,
    CaseOutline,
    Event,
    Fact,
    Facts,
    MeetingOutline,
    Minutes,
    Picture,
    Pictures,
    Section,
    Text,
    Timeline,
)
from boardtool.privacy.outline_pass import apply_to_strings, text_filter

CONFIDENTIAL = "Confidential – patient information"
DEIDENTIFIED = "De-identified"
STATUS_NAMES = {"to_discuss": "To discuss", "discussed": "Discussed", "deferred": "Deferred"}
EVENT_NAMES = {"surgery": "Surgery", "radiotherapy": "Radiotherapy", "chemotherapy": "Chemotherapy", "other": "Other"}
RESPONSE_NAMES = {"CR": "complete response", "PR": "partial response", "SD": "stable disease", "PD": "progression"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # never the locale's
OLDEST_SHOWN_AGE = 89  # Safe Harbor: older ages are shown as "90 or older" when de-identified


# ------------------------------------------------------------------ formatting


def fmt_date(day: dt.date | None) -> str:
    """Return an unambiguous date in English whatever the locale, such as '3 Dec 2026' ('' when unknown)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else ""


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


def fmt_number(value: float | None) -> str:
    """Return a number without a needless '.0'."""
    if value is None:
        return ""
    return f"{value:g}"


def _facts(pairs: list[tuple[str, str]], heading: str = "") -> Facts | None:
    items = tuple(Fact(label, value.strip()) for label, value in pairs if value and value.strip())
    return Facts(items, heading) if items else None


def _join(*parts: str, sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


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
    return apply_to_strings(outline, text_filter(board, deidentify), drop_dates=deidentify)  # every string, one place


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
        return tuple(f"Prompt: {p.text}" for p in self.prompts if p.section == section_id)

    def _age_sex(self, case: Case) -> str:
        age = case.age_on(self.meeting_day)
        sex = "" if case.patient.sex == "unknown" else case.patient.sex
        shown = "90 or older" if self.deidentify and age is not None and age > OLDEST_SHOWN_AGE else f"{age} years"
        return _join(shown if age is not None else "", sex, sep=", ")

    def _diagnosis_name(self, case: Case) -> str:
        dx = case.diagnosis
        kind = self.catalog.tumour_type(dx.tumour_type)
        name = kind.name if kind else dx.tumour_type
        if name and dx.nos_nec:
            name = f"{name}, {dx.nos_nec}"
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
        blocks = [Text("Question for the board", self.scrub(case.question), emphasis=True), facts]
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
        evidence = _join(
            *(f"{name} {self.day(day)}" for name, day in (
                ("MRI brain", st.mri_brain), ("MRI spine", st.mri_spine), ("CSF cytology", st.csf_cytology)) if day)
        )
        blocks = [
            _facts([
                ("Diagnosis", self._diagnosis_name(case)),
                ("Compartment", dx.compartment),
                ("Diagnosed", self.day(dx.date)),
                ("Methylation class", _join(dx.methylation_class, f"score {fmt_number(dx.methylation_score)}"
                                            if dx.methylation_score is not None else "", sep=", ")),
                ("Primary site", case.primary_site),
                ("Disease status", case.disease_status or ""),
                ("Chang M stage", f"{stage.id} — {stage.description}" if stage else ""),
                ("Staging evidence", evidence),
            ]),
            Bullets("Molecular markers", tuple(
                _join(f"{m.name}: {m.result}", _join(m.method, self.day(m.date), sep=", "), sep=" — ")
                for m in dx.markers)) if dx.markers else None,
            Bullets("Metastatic sites", tuple(
                _join(s.site, _join(s.evidence, self.day(s.detected), sep=", "), sep=" — ")
                for s in case.metastatic_sites)) if case.metastatic_sites else None,
        ]
        return self._section("staging", "Diagnosis, disease extent and staging", blocks)

    def _history(self, case: Case) -> Section | None:
        events = sorted(case.history, key=lambda e: (e.date is None, e.date or dt.date.min))
        if not events:
            return None
        return Section("history", "overview", "Treatment history", (Timeline(tuple(map(self._event, events))),))

    def _event(self, event) -> Event:
        detail = {
            "surgery": lambda: event.resection,
            "radiotherapy": lambda: _join(
                f"{fmt_number(event.dose_gy)} Gy / {event.fractions} fr" if event.dose_gy else "",
                event.technique, event.target, sep=", "),
            "chemotherapy": lambda: _join(event.regimen, f"{event.cycles} cycles" if event.cycles else "", sep=", "),
            "other": lambda: "",
        }[event.kind]()
        when = self.day(event.date)
        if event.end_date:
            when = f"{when} – {self.day(event.end_date)}"
        return Event(
            date=event.date,
            when=when,
            kind=event.kind,
            title=self.scrub(event.description) or EVENT_NAMES[event.kind],
            detail=self.scrub(detail),
            response=f"{event.response} ({RESPONSE_NAMES[event.response]})" if event.response else "",
        )

    def _images(self, case: Case) -> Section | None:
        shown = [i for i in case.images if i.file in self.board.image_data
                 and (not self.deidentify or i.no_identifiers_confirmed)]
        withheld = len(case.images) - len(shown)
        blocks: list = []
        if shown:
            blocks.append(Pictures(tuple(
                Picture(i.file, self.board.image_data[i.file], self.scrub(i.caption), self.scrub(i.label),
                        self.day(i.date)) for i in shown)))
        if withheld and self.deidentify:
            blocks.append(Text("Key images withheld",
                               f"{withheld} image(s) not confirmed free of burned-in identifiers."))
        return self._section("images", "Key images", blocks)

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
                ("Intent", plan.intent or ""),
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
