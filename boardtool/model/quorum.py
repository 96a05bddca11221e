"""Who was in the room for a case, and which core specialties its quorum lacks."""

from __future__ import annotations

from boardtool.model.board import Attendee, Case, Meeting
from boardtool.model.catalog import Catalog


def required_specialties(meeting: Meeting, catalog: Catalog) -> tuple[str, ...]:
    """Return the specialties a quorum needs: the meeting's own list, else the catalog's core specialties."""
    return tuple(meeting.quorum_specialties or catalog.core_specialties)


def present_for(meeting: Meeting, case: Case | None = None) -> list[Attendee]:
    """Return the attendees present for a case (for the meeting as a whole without one):
    those present at the meeting, less those away for the case, plus those who joined for it."""
    if case is None:
        return [a for a in meeting.attendees if a.present]
    away = {name.strip() for name in case.attendance.away}
    joined = {name.strip() for name in case.attendance.joined}
    return [a for a in meeting.attendees
            if (a.present and a.name.strip() not in away) or (not a.present and a.name.strip() in joined)]


def missing_specialties(meeting: Meeting, catalog: Catalog, case: Case | None = None) -> tuple[str, ...]:
    """Return the required specialties nobody present (for the case, or the meeting) speaks for."""
    present = {a.specialty for a in present_for(meeting, case)}
    return tuple(s for s in required_specialties(meeting, catalog) if s not in present)


def unknown_names(meeting: Meeting, case: Case) -> list[tuple[str, int, str]]:
    """Return (list, index, name) for each name of the case's attendance that names no attendee
    of the meeting, or names one in the wrong list (away though absent, joined though present)."""
    present = {a.name.strip() for a in meeting.attendees if a.present}
    absent = {a.name.strip() for a in meeting.attendees if not a.present}
    found = []
    for field, allowed in (("away", present), ("joined", absent)):
        for index, name in enumerate(getattr(case.attendance, field)):
            if name.strip() not in allowed:
                found.append((field, index, name))
    return found
