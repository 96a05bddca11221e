"""Meetings in the library: import a board, list, open, export, and take a case into a meeting."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, func, insert, select

from boardtool.library import audit
from boardtool.library.core import Library
from boardtool.library.errors import LibraryError
from boardtool.library.records import insert_case, meeting_values, next_meeting_id, write_attendance
from boardtool.library.tables import case_images, cases, images, meetings
from boardtool.model.board import SCHEMA_VERSION, Board, Case
from boardtool.store.boardfile import board_from_data
from boardtool.store.migrations import migrate


@dataclass
class Opened:
    """A meeting opened from the library: its board and the versions it was read at."""

    meeting_id: str | None  # None: a new meeting, not yet in the library
    board: Board
    meeting_version: int
    case_versions: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class MeetingRow:
    """One meeting in the library's list."""

    id: str
    date: dt.date | None
    title: str
    cases: int


def add_board(library: Library, board: Board, *, referred: bool = False) -> str | None:
    """Import a board: its meeting and cases (or, when ``referred``, its cases as referrals).

    Returns the new meeting's id (None for referrals)."""
    with library.writing() as connection:
        _refuse_known_cases(connection, board)
        meeting_id = None
        if not referred:
            meeting_id = next_meeting_id(connection)
            connection.execute(insert(meetings).values(id=meeting_id, version=1, **meeting_values(board, library.actor)))
            write_attendance(connection, meeting_id, board)
            audit.append(connection, library.actor, "import", meeting_id=meeting_id, cases=len(board.cases))
        for position, case in enumerate(board.cases):
            insert_case(connection, library.actor, case, board, meeting_id, position)
    return meeting_id


def _refuse_known_cases(connection: Connection, board: Board) -> None:
    ids = [case.id for case in board.cases]
    known = set(connection.execute(select(cases.c.id).where(cases.c.id.in_(ids))).scalars()) if ids else set()
    if known:
        numbers = ", ".join(str(i + 1) for i, case_id in enumerate(ids) if case_id in known)
        raise LibraryError(f"case(s) {numbers} are already in the library; open their meeting from the "
                           "library instead of importing the file again", field="cases")


def list_meetings(library: Library, limit: int = 200) -> list[MeetingRow]:
    """Return the meetings, newest first, with their number of cases."""
    counts = (select(cases.c.meeting_id, func.count().label("n")).where(cases.c.meeting_id.is_not(None))
              .group_by(cases.c.meeting_id).subquery())
    query = (select(meetings.c.id, meetings.c.date, meetings.c.title, func.coalesce(counts.c.n, 0))
             .outerjoin(counts, counts.c.meeting_id == meetings.c.id)
             .order_by(meetings.c.date.desc().nulls_last(), meetings.c.id).limit(limit))
    with library.reading() as connection:
        return [MeetingRow(*row) for row in connection.execute(query)]


def find_meeting(library: Library, reference: str) -> str:
    """Return the id of the meeting named by its id or its date (YYYY-MM-DD)."""
    with library.reading() as connection:
        if connection.execute(select(meetings.c.id).where(meetings.c.id == reference)).first():
            return reference
        try:
            day = dt.date.fromisoformat(reference)
        except ValueError:
            day = None
        found = list(connection.execute(select(meetings.c.id).where(meetings.c.date == day)).scalars()) if day else []
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise LibraryError(f"{len(found)} meetings on {reference}; name one by its id", field="meeting")
    raise LibraryError("no such meeting in the library (give its id or date, see 'boardtool library list')",
                       field=reference)


def open_meeting(library: Library, meeting_id: str) -> Opened:
    """Return the meeting as a validated board with the versions it was read at."""
    with library.reading() as connection:
        row = connection.execute(select(meetings).where(meetings.c.id == meeting_id)).mappings().first()
        if row is None:
            raise LibraryError("no such meeting in the library", field=meeting_id)
        case_rows = connection.execute(select(cases.c.id, cases.c.document, cases.c.schema_version, cases.c.version)
                                       .where(cases.c.meeting_id == meeting_id).order_by(cases.c.position)).all()
        image_data = _images(connection, [r.id for r in case_rows])
    meeting = _meeting_at_current_schema(row["document"], row["schema_version"], meeting_id)
    data = {"schema_version": SCHEMA_VERSION, "disease": row["disease"], "meeting": meeting,
            "cases": [case_at_current_schema(r.document, r.schema_version, r.id) for r in case_rows]}
    board = board_from_data(data, image_data, f"library meeting {meeting_id}")
    return Opened(meeting_id, board, row["version"], {r.id: r.version for r in case_rows})


def case_at_current_schema(document: str, version: int, case_id: str) -> dict:
    """Return a stored case document migrated to the current board schema."""
    data = migrate({"schema_version": version, "meeting": {}, "cases": [json.loads(document)]}, f"library case {case_id}")
    return data["cases"][0]


def _meeting_at_current_schema(document: str, version: int, meeting_id: str) -> dict:
    return migrate({"schema_version": version, "meeting": json.loads(document), "cases": []},
                   f"library meeting {meeting_id}")["meeting"]


def _images(connection: Connection, case_ids: list[str]) -> dict[str, bytes]:
    if not case_ids:
        return {}
    names = select(case_images.c.image_name).where(case_images.c.case_id.in_(case_ids))
    query = select(images.c.name, images.c.data).where(images.c.name.in_(names))
    return {name: bytes(data) for name, data in connection.execute(query)}


def take_case(library: Library, case_id: str) -> tuple[Case, int, dict[str, bytes]]:
    """Return a stored case (to schedule into the open meeting), its version and its images."""
    with library.reading() as connection:
        row = connection.execute(select(cases.c.document, cases.c.schema_version, cases.c.version)
                                 .where(cases.c.id == case_id)).first()
        if row is None:
            raise LibraryError("no such case in the library", field=case_id)
        image_data = _images(connection, [case_id])
    case = Case.model_validate(case_at_current_schema(row.document, row.schema_version, case_id))
    return case, row.version, image_data


def export_meeting(library: Library, meeting_id: str, out: Path, *, deidentify: bool = False,
                   relative_dates: bool = False) -> list[str]:
    """Write the meeting as a .tboard, or its deck (.pptx) or summary (.pdf); return report lines."""
    opened = open_meeting(library, meeting_id)
    suffix = out.suffix.lower()
    if suffix in (".tboard", ".json"):
        if deidentify:
            raise LibraryError("a board file always carries the patients' details; de-identify the deck or "
                               "the PDF instead", field="--deidentify")
        from boardtool.store.boardfile import save_board

        save_board(opened.board, out)
        lines = [f"wrote {len(opened.board.cases)} case(s) to {out}"]
    elif suffix in (".pptx", ".pdf"):
        from boardtool.export import ExportRequest, export_board

        request = ExportRequest(pptx=out if suffix == ".pptx" else None, pdf=out if suffix == ".pdf" else None,
                                deidentify=deidentify, relative_dates=relative_dates, author=library.actor.who)
        lines = export_board(opened.board, request).lines()
    else:
        raise LibraryError("write to a .tboard, .json, .pptx or .pdf file", file=str(out))
    record_export(library, meeting_id, [case.id for case in opened.board.cases], suffix.lstrip("."),
                  deidentify=deidentify)
    return lines


def record_export(library: Library, meeting_id: str, case_ids: list[str], file_format: str, *,
                  deidentify: bool = False, **detail: str) -> None:
    """Write one export of a library meeting (its format and cases) to the audit trail."""
    action = "deidentified-export" if deidentify else "export"
    with library.writing() as connection:
        audit.append(connection, library.actor, action, meeting_id=meeting_id, format=file_format, cases=case_ids,
                     **detail)

