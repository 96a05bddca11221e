"""Saving an opened meeting back: optimistic locking per case, all or nothing."""

from __future__ import annotations

import json
from dataclasses import replace

from sqlalchemy import Connection, insert, select, update

from boardtool.library import audit
from boardtool.library.core import Library
from boardtool.library.errors import Conflict, ConflictError, LibraryError
from boardtool.library.meetings import Opened, case_at_current_schema
from boardtool.library.records import (
    case_values,
    changed_fields,
    freeze_plan,
    insert_case,
    meeting_document,
    meeting_values,
    next_meeting_id,
    write_attendance,
    write_images,
)
from boardtool.library.tables import cases, meetings
from boardtool.model.board import Case


def save_meeting(library: Library, opened: Opened) -> Opened:
    """Write the meeting and its cases back; raise ConflictError (saving nothing) when someone
    else saved any of them since they were opened. Returns the versions now stored.

    An ``opened`` without a meeting id is a new meeting; its cases may come from the
    library's worklists (with the versions they were taken at) or be new."""
    conflicts: list[Conflict] = []
    versions: dict[str, int] = {}
    with library.writing() as connection:
        if opened.meeting_id is None:
            opened = replace(opened, meeting_id=_new_meeting(connection, library, opened), meeting_version=1)
        meeting_version = _save_meeting_row(connection, library, opened, conflicts)
        for position, case in enumerate(opened.board.cases):
            version = _save_case(connection, library, opened, case, position, conflicts)
            versions[case.id] = version
        _unschedule_removed(connection, library, opened, conflicts)
        if conflicts:
            raise ConflictError(conflicts=conflicts)  # leaving the block rolls everything back
    return replace(opened, meeting_version=meeting_version, case_versions=versions)


def _new_meeting(connection: Connection, library: Library, opened: Opened) -> str:
    meeting_id = next_meeting_id(connection)
    connection.execute(insert(meetings).values(id=meeting_id, version=1, **meeting_values(opened.board, library.actor)))
    write_attendance(connection, meeting_id, opened.board)
    audit.append(connection, library.actor, "create", meeting_id=meeting_id, record="meeting")
    return meeting_id


def _save_meeting_row(connection: Connection, library: Library, opened: Opened, conflicts: list[Conflict]) -> int:
    row = connection.execute(select(meetings.c.version, meetings.c.document, meetings.c.updated_by,
                                    meetings.c.updated_at).where(meetings.c.id == opened.meeting_id)).first()
    if row is None:
        raise LibraryError("this meeting is no longer in the library", field=opened.meeting_id)
    if row.version != opened.meeting_version:
        conflicts.append(Conflict("meeting", opened.meeting_id, opened.board.meeting.title or "the meeting",
                                  opened.board.meeting.model_dump(mode="json"), json.loads(row.document), row.version,
                                  row.updated_by, str(row.updated_at)))
        return row.version
    if row.document == meeting_document(opened.board):
        return row.version
    connection.execute(update(meetings).where(meetings.c.id == opened.meeting_id)
                       .values(version=row.version + 1, **meeting_values(opened.board, library.actor)))
    write_attendance(connection, opened.meeting_id, opened.board)
    audit.append(connection, library.actor, "edit", meeting_id=opened.meeting_id, record="meeting")
    return row.version + 1


def _save_case(connection: Connection, library: Library, opened: Opened, case: Case, position: int,
               conflicts: list[Conflict]) -> int:
    row = connection.execute(select(cases).where(cases.c.id == case.id)).mappings().first()
    expected = opened.case_versions.get(case.id)
    if row is None:
        insert_case(connection, library.actor, case, opened.board, opened.meeting_id, position)
        return 1
    if expected is None:
        raise LibraryError("is already in the library; open its meeting from the library (or take it from a "
                           "worklist) instead of saving a copy of it", field=case.patient.name or f"case {position + 1}")
    if expected != row["version"]:
        theirs = case_at_current_schema(row["document"], row["schema_version"], case.id)
        conflicts.append(Conflict("case", case.id, case.patient.name or f"case {position + 1}",
                                  case.model_dump(mode="json"), theirs, row["version"],
                                  row["updated_by"], str(row["updated_at"])))
        return row["version"]
    fields = changed_fields(row["document"], case)
    moved = row["meeting_id"] != opened.meeting_id
    if not fields and not moved and row["position"] == position:
        return row["version"]
    values = case_values(case, opened.board, opened.meeting_id, position, library.actor,
                         row["relist_on"] if not moved else None)
    result = connection.execute(update(cases).where(cases.c.id == case.id, cases.c.version == expected)
                                .values(version=expected + 1, **values))
    if result.rowcount != 1:  # cannot happen under the write lock; refuse rather than overwrite
        raise LibraryError("the case changed while it was being saved; save again", field=case.id)
    write_images(connection, case, opened.board)
    if fields or moved:
        detail = {"fields": fields} if fields else {}
        if moved:
            detail["moved_from"] = row["meeting_id"]
        action = "defer" if case.status == "deferred" and row["status"] != "deferred" else "edit"
        audit.append(connection, library.actor, action, case_id=case.id, meeting_id=opened.meeting_id, **detail)
    freeze_plan(connection, library.actor, case, opened.meeting_id, values["meeting_date"])
    return expected + 1


def _unschedule_removed(connection: Connection, library: Library, opened: Opened, conflicts: list[Conflict]) -> None:
    """Cases removed from the meeting go back to the referred list (never deleted)."""
    present = {case.id for case in opened.board.cases}
    rows = connection.execute(select(cases.c.id, cases.c.version, cases.c.document, cases.c.schema_version,
                                     cases.c.updated_by, cases.c.updated_at, cases.c.patient_name)
                              .where(cases.c.meeting_id == opened.meeting_id)).all()
    for row in rows:
        if row.id in present or row.id not in opened.case_versions:
            continue  # still here, or added by someone else after this meeting was opened
        if row.version != opened.case_versions[row.id]:
            theirs = case_at_current_schema(row.document, row.schema_version, row.id)
            conflicts.append(Conflict("case", row.id, row.patient_name or row.id, {}, theirs, row.version,
                                      row.updated_by, str(row.updated_at)))
            continue
        connection.execute(update(cases).where(cases.c.id == row.id)
                           .values(meeting_id=None, meeting_date=None, version=row.version + 1))
        audit.append(connection, library.actor, "unschedule", case_id=row.id, meeting_id=opened.meeting_id)
