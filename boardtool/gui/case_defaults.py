"""Defaults a coordinator expects: the next meeting day, fields that follow from another one,
and a file name for a new board. No Qt here."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def next_meeting_day(today: dt.date, weekday: str = "") -> dt.date:
    """Return the next day the board meets after today: the named weekday, or else the next working day."""
    if weekday in WEEKDAYS:
        ahead = (WEEKDAYS.index(weekday) - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    day = today + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def scale_for_age(catalog, age: int | None):
    """Return the first performance scale of the catalog made for this age (Lansky for children)."""
    for scale in catalog.performance_scales:
        if age is not None and (scale.min_age is not None or scale.max_age is not None) \
                and (scale.min_age is None or age >= scale.min_age) and (scale.max_age is None or age <= scale.max_age):
            return scale
    return None


def follow_ons(case, catalog, meeting_day: dt.date | None, path: str, value: Any) -> dict[str, Any]:
    """Return the other fields of a case that follow from setting ``path`` to ``value``."""
    if path == "diagnosis.tumour_type":
        kind = catalog.tumour_type(value) if value else None
        if kind is not None and kind.compartment != "any" and case.diagnosis.compartment != kind.compartment:
            return {"diagnosis.compartment": kind.compartment}
    if path == "performance.value" and value is not None and not case.performance.scale:
        scale = scale_for_age(catalog, case.age_on(case.performance.date or meeting_day or dt.date.today()))
        if scale is not None:
            return {"performance.scale": scale.id}
    return {}


def board_file_name(title: str, day: dt.date | None) -> str:
    """Return a file name for a board from its meeting's title and date (never a patient's name)."""
    words = re.sub(r"[^\w]+", " ", title or "", flags=re.UNICODE).split()
    stem = "-".join(words)[:60].strip("-").lower() or "board"
    return f"{stem}-{day.isoformat()}.tboard" if day else f"{stem}.tboard"
