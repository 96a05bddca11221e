"""Worklists: referred but not scheduled, this meeting, deferred, follow-up due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select

from boardtool.library.core import Library
from boardtool.library.errors import LibraryError
from boardtool.library.followup import missing
from boardtool.library.names import MILESTONES, WORKLISTS
from boardtool.library.tables import cases, follow_ups, meetings

LIMIT = 500


@dataclass(frozen=True)
class WorkItem:
    """One line of a worklist: which case, whose, where it stands and what is due when."""

    case_id: str
    meeting_id: str | None
    patient: str
    mrn: str
    status: str
    meeting_date: dt.date | None
    due: dt.date | None
    note: str = ""


def worklist(library: Library, name: str, today: dt.date | None = None) -> list[WorkItem]:
    """Return the named worklist's items, most urgent first."""
    today = today or dt.date.today()
    builders = {"referred": _referred, "this-meeting": _this_meeting, "deferred": _deferred, "follow-up": _follow_up}
    if name not in builders:
        raise LibraryError(f"unknown worklist; choose one of {', '.join(WORKLISTS)}", field=name)
    with library.reading() as connection:
        query = builders[name](today)
        if query is None:
            return []
        if name == "this-meeting":
            meeting_id = connection.execute(query).scalar()
            if meeting_id is None:
                return []
            query = _cases().where(cases.c.meeting_id == meeting_id).order_by(cases.c.position)
        rows = connection.execute(query.limit(LIMIT)).mappings().all()
    return [_item(row, name) for row in rows]


_CASE_COLUMNS = (cases.c.id, cases.c.meeting_id, cases.c.patient_name, cases.c.patient_mrn, cases.c.status,
                 cases.c.meeting_date, cases.c.referred_on, cases.c.relist_on)


def _cases() -> Select:
    return select(*_CASE_COLUMNS)


def _referred(_today: dt.date) -> Select:
    return _cases().where(cases.c.meeting_id.is_(None)).order_by(cases.c.referred_on, cases.c.id)


def _this_meeting(today: dt.date) -> Select:
    return (select(meetings.c.id).where(meetings.c.date >= today)
            .order_by(meetings.c.date, meetings.c.id).limit(1))


def _deferred(_today: dt.date) -> Select:
    return (_cases().where(cases.c.status == "deferred")
            .order_by(cases.c.relist_on.asc().nulls_last(), cases.c.id))


def _follow_up(today: dt.date) -> Select:
    return (select(*_CASE_COLUMNS, *(follow_ups.c[c] for c in _FOLLOW_UP_COLUMNS))
            .select_from(follow_ups).join(cases, cases.c.id == follow_ups.c.case_id)
            .where(follow_ups.c.next_due <= today)
            .order_by(follow_ups.c.next_due, cases.c.id))


_FOLLOW_UP_COLUMNS = ("implemented", "implementation_due", "next_due", *(f"response_{m}m" for m in MILESTONES),
                      *(f"due_{m}m" for m in MILESTONES))


def _item(row, name: str) -> WorkItem:
    due, note = None, ""
    if name == "referred":
        due, note = row["referred_on"], "referred"
    elif name == "deferred":
        due, note = row["relist_on"], "re-list"
    elif name == "follow-up":
        due, note = _first_due(row)
    return WorkItem(row["id"], row["meeting_id"], row["patient_name"], row["patient_mrn"], row["status"],
                    row["meeting_date"], due, note)


def _first_due(row) -> tuple[dt.date, str]:
    return min(missing(row), default=(row["next_due"], "follow-up"))
