"""Fictional boards built to order for the library tests and the benchmark."""

from __future__ import annotations

import datetime as dt

from boardtool.model.board import Attendee, Board, Case, ConsensusPlan, Meeting, Patient, Staging, TreatmentEvent

CORE = ("Neurosurgery", "Radiation oncology", "Medical or paediatric oncology", "Neuroradiology", "Neuropathology")


def patient(number: int) -> Patient:
    """Return a fictional patient with a synthetic MRN."""
    born = dt.date(1960 + number % 50, 1 + number % 12, 1 + number % 28)
    return Patient(name=f"Test Patient {number}", mrn=f"SYN-{number:06d}", birth_date=born)


def case(number: int, *, status: str = "discussed", m_stage: str | None = None, concordant: bool | None = None,
         trial: bool = False, final: bool = False, treated: list[tuple[str, dt.date | None]] = (), question: str = "") -> Case:
    """Return a case with exactly the facts the report counts."""
    plan = ConsensusPlan(recommendation=f"Recommendation for patient {number}." if final else "",
                         guideline_concordant=concordant, trial_discussed=trial, status="final" if final else "draft",
                         finalised_by="Dr. Chair" if final else "")
    return Case(id=f"case{number:06d}", status=status, patient=patient(number), question=question or f"Question {number}?",
                staging=Staging(m_stage=m_stage), plan=plan,
                history=[TreatmentEvent(kind=kind, date=when, description=kind) for kind, when in treated])


def board(day: dt.date | None, cases: list[Case], present: dict[str, bool] | None = None) -> Board:
    """Return a board for a meeting on ``day`` with attendance given per specialty (present or not)."""
    attendees = [Attendee(name=f"Dr. {name.split()[0]}", specialty=name, present=here)
                 for name, here in (present or dict.fromkeys(CORE, True)).items()]
    return Board(meeting=Meeting(date=day, attendees=attendees, quorum_specialties=list(CORE)), cases=cases)
