"""Board + catalog → the ordered outline both exports lay out.

This module alone decides what is shown and in which order: the case overview
parts, then the discussed modalities in the catalog's order, then the consensus
plan; section titles, the deferred and draft marks and the lead line for both media.
De-identification is one pass over the finished outline.
"""

from __future__ import annotations

import datetime as dt

from boardtool.model.board import Board, Case
from boardtool.model.catalog import Catalog
from boardtool.model.errors import ExportError
from boardtool.model.quorum import missing_specialties
from boardtool.model.terms import CASE_STATUS_LABELS
from boardtool.outline_blocks import AgendaItem, CaseOutline, MeetingOutline, Minutes, Section
from boardtool.outline_case import (
    CaseContext,
    case_code,
    clinical_section,
    history_section,
    images_section,
    modality_sections,
    staging_section,
    title_section,
)
from boardtool.outline_details import fmt_date, fmt_month, fmt_weekday, join, relative_date
from boardtool.outline_glance import key_facts
from boardtool.outline_plan import case_record, is_draft, plan_section
from boardtool.privacy.outline_pass import apply_to_strings, date_shift, text_filter

__all__ = ["build_outline", "case_code", "fmt_date", "fmt_month", "fmt_weekday", "relative_date"]

CONFIDENTIAL = "Confidential – patient information"
DEIDENTIFIED = "De-identified"

# The parts of a case in the order both exports show them (the source document's order).
SECTIONS = (title_section, clinical_section, staging_section, history_section, images_section,
            modality_sections, plan_section)


def build_outline(
    board: Board, catalog: Catalog, *, deidentify: bool = False, case_id: str | None = None,
    relative_dates: bool = False, author: str = "", draft: bool = False,
) -> MeetingOutline:
    """Return the outline of the meeting (or of one case with ``case_id``); ``draft`` marks
    the whole of it a draft (a board with open problems)."""
    meeting = board.meeting
    numbered = [(n, c) for n, c in enumerate(board.cases, start=1) if case_id is None or c.id == case_id]
    if case_id is not None and not numbered:
        raise ExportError(f"no case with id '{case_id}'", field="case")
    contexts = [CaseContext(board, catalog, case, number, deidentify, relative_dates) for number, case in numbered]
    cases = tuple(_case(ctx) for ctx in contexts)
    outline = MeetingOutline(
        title=meeting.title or catalog.board_title,
        institution=meeting.institution,
        date=str(meeting.date.year) if deidentify and meeting.date else fmt_date(meeting.date),
        time=meeting.start_time.strftime("%H:%M") if meeting.start_time else "",
        location=meeting.location,
        chair=meeting.chair,
        marking=DEIDENTIFIED if deidentify else CONFIDENTIAL,
        agenda=_agenda(board, [c for _, c in numbered], cases),
        cases=cases,
        minutes=_minutes(board, catalog, contexts, cases),
        disease=catalog.name,
        author=author or meeting.coordinator,
        contact=meeting.contact,
        draft=draft,
    )
    shift = date_shift(board.meeting.date or dt.date.today()) if deidentify else None
    return apply_to_strings(outline, text_filter(board, deidentify), dates=shift)  # every string and date, one place


def _case(ctx: CaseContext) -> CaseOutline:
    sections: list[Section] = []
    for part in SECTIONS:
        made = part(ctx)
        sections += made if isinstance(made, list) else [made] if made is not None else []
    deferred = ctx.case.status == "deferred"
    return CaseOutline(
        id=ctx.case.id,
        number=ctx.number,
        heading=ctx.heading,
        title=f"{ctx.heading} (deferred)" if deferred else ctx.heading,
        lead=join(ctx.age_sex, ctx.diagnosis_name, sep=" · "),
        sections=tuple(sections),
        # Never initials when de-identified: they come from the name (HIPAA Safe Harbor).
        identifier=join(ctx.heading, ctx.age_sex) if ctx.deidentify else ctx.heading,
        key_facts=key_facts(ctx.case, ctx.catalog, patient=ctx.age_sex, who_type=ctx.diagnosis_name, day=ctx.day),
        draft=is_draft(ctx.case),
    )


def _agenda(board: Board, listed: list[Case], cases: tuple[CaseOutline, ...]) -> tuple[AgendaItem, ...]:
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
    for case, outline in zip(listed, cases, strict=True):
        span = offsets.get(case.id)
        slot = f"{span[0]:%H:%M}–{span[1]:%H:%M}" if span else ""
        items.append(AgendaItem(outline.number, outline.heading, case.presenter, slot,
                                CASE_STATUS_LABELS[case.status], case.status == "deferred"))
    return tuple(items)


def _minutes(board: Board, catalog: Catalog, contexts: list[CaseContext], cases: tuple[CaseOutline, ...]) -> Minutes:
    by_specialty: dict[str, tuple[list[str], list[str]]] = {}
    for person in board.meeting.attendees:
        present, absent = by_specialty.setdefault(person.specialty or "Other", ([], []))
        (present if person.present else absent).append(person.name)
    return Minutes(
        attendance=tuple((s, ", ".join(p), ", ".join(a)) for s, (p, a) in by_specialty.items()),
        missing_specialties=missing_specialties(board.meeting, catalog),
        records=tuple(case_record(ctx, outline.heading) for ctx, outline in zip(contexts, cases, strict=True)),
        chair=board.meeting.chair,
    )
