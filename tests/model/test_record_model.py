"""The meeting record: attendance and quorum per case, the named guideline, communication,
deferral, and amendments that keep what a final plan said before."""

from __future__ import annotations

import datetime as dt

import pytest

from boardtool.model import check_board
from boardtool.model.amendments import AmendmentRefused, amend, original_text, plan_changes
from boardtool.model.board import Action
from boardtool.model.quorum import missing_specialties, present_for


def problems(board, catalog, path_start: str = "") -> list[str]:
    return [f"{p.place} {p.path}: {p.message}" for p in check_board(board, catalog) if p.path.startswith(path_start)]


def test_a_final_plan_without_neuropathology_for_the_case_is_a_problem(board, catalog):
    case = board.cases[0]  # final; the neuropathologist is absent from the meeting
    case.attendance.exception_reason = ""
    found = problems(board, catalog, "attendance")
    assert found == ["Case 1 attendance.exception_reason: a final plan needs every core specialty present for "
                     "the case (missing: Neuropathology), or the reason for the exception"]
    case.attendance.exception_reason = "Diagnosis agreed in writing by the neuropathologist"
    assert problems(board, catalog, "attendance") == []


def test_quorum_is_counted_per_case(board, catalog):
    meeting = board.meeting
    adult, child, _ = board.cases
    assert missing_specialties(meeting, catalog) == ("Neuropathology",)
    assert missing_specialties(meeting, catalog, adult) == ("Neuropathology",)
    assert missing_specialties(meeting, catalog, child) == ()  # the neuropathologist joined for this case
    assert "Dr. Ilse Varga" not in [a.name for a in present_for(meeting, child)]
    child.attendance.away.append("Dr. Felix Amsel")  # the only neurosurgeon leaves for this case
    assert missing_specialties(meeting, catalog, child) == ("Neurosurgery",)
    child.plan.status, child.plan.finalised_by = "final", "Dr. Paul Lindqvist"
    child.plan.finalised_at = dt.datetime(2026, 12, 3, 9, 30)
    assert any("missing: Neurosurgery" in p for p in problems(board, catalog, "attendance"))


def test_attendance_names_must_be_attendees(board, catalog):
    board.cases[1].attendance.joined.append("Dr. Nobody")
    board.cases[1].attendance.away.append("Dr. Omar Haddad")  # absent from the meeting: cannot leave it
    assert problems(board, catalog, "attendance") == [
        "Case 2 attendance.away.1: 'Dr. Omar Haddad' is no attendee present at the meeting",
        "Case 2 attendance.joined.1: 'Dr. Nobody' is no attendee absent from the meeting",
    ]


def test_concordance_names_a_guideline_of_the_catalog(board, catalog):
    plan = board.cases[0].plan
    plan.guideline = ""
    assert problems(board, catalog, "plan.guideline") == [
        "Case 1 plan.guideline: name the guideline that concordance refers to"]
    plan.guideline = "nccn"
    assert "is not a guideline" in problems(board, catalog, "plan.guideline")[0]
    plan.guideline = "eano2018"
    assert catalog.guideline("eano2018").title == "EANO guideline for the diagnosis and treatment of ependymal tumours, 2018"
    assert all(g.sources for g in catalog.guidelines)


def test_a_final_plan_names_who_tells_patient_and_referrer(board, catalog):
    board.cases[0].plan.tell_referrer.who = ""
    board.cases[0].plan.tell_patient.due = dt.date(2026, 12, 1)
    assert problems(board, catalog, "plan.tell") == [
        "Case 1 plan.tell_patient.due: telling the patient is due before the meeting",
        "Case 1 plan.tell_referrer.who: a final plan names who tells the referrer the outcome",
    ]


def test_a_deferred_case_has_a_reason_and_a_later_relist_date(board, catalog):
    deferred = board.cases[2]
    deferred.deferral.reason = " "
    deferred.deferral.relist_on = board.meeting.date
    assert problems(board, catalog, "deferral") == [
        "Case 3 deferral.reason: say why the case was deferred",
        "Case 3 deferral.relist_on: the case is listed again after this meeting",
    ]


def test_amending_keeps_the_original_text(board):
    plan = board.cases[0].plan
    first = plan.recommendation
    edited = plan.model_copy(update={"recommendation": "Focal proton boost only.", "intent": "palliative",
                                     "actions": [Action(what="Palliative care referral", who="Dr. Varga")]})
    amended = amend(plan, edited, by="Dr. Chair", reason="Patient declined CSI", at=dt.datetime(2026, 12, 8, 10, 0))
    assert amended.recommendation == "Focal proton boost only."
    assert amended.status == "final" and amended.finalised_by == plan.finalised_by
    latest = amended.amendments[-1]
    assert (latest.by, latest.reason, latest.at) == ("Dr. Chair", "Patient declined CSI", dt.datetime(2026, 12, 8, 10, 0))
    changed = {c.field: (c.before, c.after) for c in latest.changes}
    assert changed["recommendation"] == (first, "Focal proton boost only.")
    assert changed["intent"] == ("disease control", "palliative")
    assert changed["actions"][1] == "Palliative care referral — Dr. Varga"
    assert original_text(amended, "recommendation") == first
    assert len(amended.amendments) == len(plan.amendments) + 1


def test_an_amendment_needs_a_final_plan_a_reason_and_a_change(board):
    final, draft = board.cases[0].plan, board.cases[1].plan
    with pytest.raises(AmendmentRefused, match="only a final plan"):
        amend(draft, draft.model_copy(update={"recommendation": "x"}), by="A", reason="r")
    with pytest.raises(AmendmentRefused, match="who made it and why"):
        amend(final, final.model_copy(update={"recommendation": "x"}), by="A", reason=" ")
    with pytest.raises(AmendmentRefused, match="nothing was changed"):
        amend(final, final.model_copy(), by="A", reason="r")
    assert plan_changes(final, final) == []


def test_the_sample_exercises_the_record(board):
    adult, child, deferred = board.cases
    assert adult.plan.amendments and adult.attendance.exception_reason and adult.plan.dissent
    assert child.attendance.joined and child.plan.status == "draft"
    assert deferred.deferral.reason and deferred.deferral.relist_on > board.meeting.date
