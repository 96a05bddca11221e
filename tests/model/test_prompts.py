"""Discussion prompts follow the case facts."""

from __future__ import annotations

import datetime as dt

from boardtool.model.board import Marker, ModalityDiscussion, TreatmentEvent
from boardtool.model.prompts import last_resection, prompts_for


def ids(case, catalog, day):
    return [p.id for p in prompts_for(case, catalog, day)]


def test_young_child_radiation_reminder_needs_age_and_discussion(board, catalog):
    child, day = board.cases[1], board.meeting.date
    assert "rt-young-child" in ids(child, catalog, day)
    assert "rt-young-child" not in ids(child, catalog, dt.date(2028, 1, 1))  # now 3
    child.discussion = {k: v for k, v in child.discussion.items() if k != "radiation"}
    assert "rt-young-child" not in ids(child, catalog, day)


def test_m_stage_drives_csi_reminder(board, catalog):
    case, day = board.cases[0], board.meeting.date
    assert "csi-disseminated" in ids(case, catalog, day)
    case.staging.m_stage = "M0"
    assert "csi-disseminated" not in ids(case, catalog, day)
    case.staging.m_stage = None
    assert "staging-incomplete" in ids(case, catalog, day)


def test_missing_profile_prompts_profiling(board, catalog):
    case, day = board.cases[0], board.meeting.date
    assert "profiling-missing" not in ids(case, catalog, day)
    case.diagnosis.markers = []
    assert "profiling-missing" in ids(case, catalog, day)
    case.diagnosis.markers = [Marker(name="YAP1 fusion", result="negative")]
    assert "profiling-missing" not in ids(case, catalog, day)


def test_latest_resection_counts(board, catalog):
    case = board.cases[0]
    assert last_resection(case) == "GTR"
    case.history = [*case.history, TreatmentEvent(kind="surgery", date=dt.date(2026, 11, 1), resection="STR")]
    assert last_resection(case) == "STR"
    assert "residual-second-look" in ids(case, catalog, board.meeting.date)


def test_disease_status_prompt(board, catalog):
    case = board.cases[1]
    assert "recurrence-trial" not in ids(case, catalog, board.meeting.date)
    case.disease_status = "progressive"
    assert "recurrence-trial" in ids(case, catalog, board.meeting.date)


def test_surveillance_prompt_on_discussion(board, catalog):
    case = board.cases[1]
    assert "surveillance-late" not in ids(case, catalog, board.meeting.date)
    case.discussion = {**case.discussion, "surveillance": ModalityDiscussion(discussed=True)}
    assert "surveillance-late" in ids(case, catalog, board.meeting.date)
