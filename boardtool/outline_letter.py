"""What an outcome letter to the referring clinician says about a case, decided with the
rest of the outline (and de-identified by the same single pass)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from boardtool.model.board import Board
from boardtool.model.catalog import Catalog
from boardtool.outline_blocks import KEY, ActionRow
from boardtool.outline_case import CaseContext, case_code
from boardtool.outline_details import fmt_date, join
from boardtool.outline_plan import is_draft, sign_off
from boardtool.privacy.outline_pass import apply_to_strings, date_shift, text_filter


@dataclass(frozen=True)
class Letter:
    """One case's outcome letter: who it goes to, about whom, what the board decided and who acts."""

    case_id: str = field(metadata=KEY)
    code: str
    values: dict[str, str]  # the template's placeholders: referrer, patient, meeting, …
    recommendation: str
    actions: tuple[ActionRow, ...]
    tells_patient: str
    status: str  # "Final — Dr X, 3 Dec 2026", "Draft — not signed", "Deferred — no decision"
    deferred: bool = False
    draft: bool = False


def build_letters(board: Board, catalog: Catalog, *, deidentify: bool = False) -> tuple[Letter, ...]:
    """Return the outcome letter of every case, in agenda order."""
    letters = tuple(_letter(CaseContext(board, catalog, case, number, deidentify, False))
                    for number, case in enumerate(board.cases, start=1))
    shift = date_shift(board.meeting.date or dt.date.today()) if deidentify else None
    return apply_to_strings(letters, text_filter(board, deidentify), dates=shift)


def _letter(ctx: CaseContext) -> Letter:
    case, meeting, plan = ctx.case, ctx.board.meeting, ctx.case.plan
    identity = "" if ctx.deidentify else join(
        f"born {fmt_date(case.patient.birth_date)}" if case.patient.birth_date else "",
        f"MRN {case.patient.mrn}" if case.patient.mrn else "", sep=", ")
    day = str(meeting.date.year) if ctx.deidentify and meeting.date else fmt_date(meeting.date)
    values = {
        "referrer": case.referring_clinician or "colleague", "patient": ctx.heading, "identity": identity,
        "case_code": case_code(ctx.board, ctx.number), "meeting": meeting.title or ctx.catalog.board_title,
        "meeting_date": day or "the meeting day", "institution": meeting.institution, "chair": meeting.chair,
        "coordinator": meeting.coordinator, "contact": meeting.contact or meeting.coordinator,
        "reason": case.deferral.reason, "relist": ctx.day(case.deferral.relist_on) or "a date to be set",
    }
    messenger = plan.tell_patient
    return Letter(
        case_id=case.id, code=values["case_code"], values=values,
        recommendation=plan.recommendation, status=sign_off(ctx),
        actions=tuple(ActionRow(a.what, a.who, ctx.day(a.due)) for a in plan.actions if a.what.strip()),
        tells_patient=join(messenger.who, f"by {ctx.day(messenger.due)}" if messenger.due else "", sep=", "),
        deferred=case.status == "deferred", draft=is_draft(case),
    )
