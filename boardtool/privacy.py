"""Removing a patient's identifiers from free text for de-identified exports."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from boardtool.model.board import Patient

PATIENT_MARK = "[patient]"
MRN_MARK = "[MRN]"
DOB_MARK = "[date of birth]"


def date_spellings(day: dt.date) -> set[str]:
    """Return the common ways a date is written (ISO, day-first, month-first, with month names)."""
    d, m, y, yy = day.day, day.month, day.year, day.year % 100
    long_month, short_month = day.strftime("%B"), day.strftime("%b")
    spellings = {day.isoformat(), f"{y}{m:02d}{d:02d}"}
    for sep in "./-":
        for dd, mm in ((f"{d:02d}", f"{m:02d}"), (str(d), str(m))):
            spellings |= {f"{dd}{sep}{mm}{sep}{y}", f"{mm}{sep}{dd}{sep}{y}",
                          f"{dd}{sep}{mm}{sep}{yy:02d}", f"{mm}{sep}{dd}{sep}{yy:02d}"}
    for month in (long_month, short_month):
        spellings |= {f"{d} {month} {y}", f"{d:02d} {month} {y}", f"{month} {d}, {y}",
                      f"{month} {d} {y}", f"{d}-{month}-{y}"}
    return spellings


@dataclass(frozen=True)
class Scrubber:
    """Replaces one patient's name, MRN and date of birth in text."""

    pattern: re.Pattern | None
    marks: dict

    @classmethod
    def none(cls) -> Scrubber:
        """Return a scrubber that leaves text unchanged."""
        return cls(None, {})

    @classmethod
    def for_patient(cls, patient: Patient) -> Scrubber:
        """Return a scrubber for this patient's identifiers."""
        marks: dict[str, str] = {}
        for part in patient.name.split():
            if len(part.strip(".,")) >= 3:
                marks[part.strip(".,").casefold()] = PATIENT_MARK
        if patient.mrn.strip():
            marks[patient.mrn.strip().casefold()] = MRN_MARK
        if patient.birth_date:
            for spelling in date_spellings(patient.birth_date):
                marks[spelling.casefold()] = DOB_MARK
        if not marks:
            return cls.none()
        alternatives = sorted(marks, key=len, reverse=True)
        pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)", re.IGNORECASE
        )
        return cls(pattern, marks)

    def __call__(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        return self.pattern.sub(lambda m: self.marks[m.group(0).casefold()], text)
