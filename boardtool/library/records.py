"""Writing one meeting or case row with its derived columns, images and frozen plan."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Connection, delete, insert, select

from boardtool.library import audit, followup
from boardtool.library.audit import Actor
from boardtool.library.derive import canonical_json, case_columns, case_document, plan_digest
from boardtool.library.tables import attendance, case_images, cases, images, meetings, recommendations
from boardtool.model.board import SCHEMA_VERSION, Board, Case

RELIST_DAYS = 7


def now() -> dt.datetime:
    """Return the current time in UTC."""
    return dt.datetime.now(dt.UTC)


def meeting_document(board: Board) -> str:
    """Return the meeting record as canonical JSON."""
    return canonical_json(board.meeting.model_dump(mode="json"))


def meeting_values(board: Board, actor: Actor) -> dict:
    """Return a meeting row's values (without id and version)."""
    return {
        "date": board.meeting.date, "title": board.meeting.title[:200], "disease": board.disease,
        "schema_version": SCHEMA_VERSION, "document": meeting_document(board),
        "updated_at": now(), "updated_by": actor.who,
    }


def write_attendance(connection: Connection, meeting_id: str, board: Board) -> None:
    """Replace the meeting's attendance rows with its attendees."""
    connection.execute(delete(attendance).where(attendance.c.meeting_id == meeting_id))
    rows = [{"meeting_id": meeting_id, "name": person.name[:200], "specialty": person.specialty[:120],
             "present": person.present} for person in board.meeting.attendees]
    if rows:
        connection.execute(insert(attendance), rows)


def case_values(case: Case, board: Board, meeting_id: str | None, position: int, actor: Actor,
                relist_on: dt.date | None) -> dict:
    """Return a case row's values (without id and version)."""
    date = board.meeting.date if meeting_id else None
    if case.status == "deferred" and relist_on is None:
        relist_on = (date or dt.date.today()) + dt.timedelta(days=RELIST_DAYS)
    return {
        "meeting_id": meeting_id, "position": position, "schema_version": SCHEMA_VERSION,
        "document": case_document(case), **case_columns(case, board.disease, date),
        "relist_on": relist_on if case.status == "deferred" else None,
        "updated_at": now(), "updated_by": actor.who,
    }


def write_images(connection: Connection, case: Case, board: Board) -> None:
    """Store the case's images once each by content name and link them to the case."""
    names = {image.file for image in case.images if image.file in board.image_data}
    connection.execute(delete(case_images).where(case_images.c.case_id == case.id))
    if not names:
        return
    known = set(connection.execute(select(images.c.name).where(images.c.name.in_(names))).scalars())
    for name in sorted(names - known):
        data = board.image_data[name]
        connection.execute(insert(images).values(name=name, data=data, size=len(data)))
    connection.execute(insert(case_images), [{"case_id": case.id, "image_name": name} for name in sorted(names)])


def freeze_plan(connection: Connection, actor: Actor, case: Case, meeting_id: str | None,
                meeting_date: dt.date | None) -> None:
    """Freeze a final plan with its SHA-256 (once per distinct content); amendments are new rows."""
    if case.plan.status != "final":
        return
    plan_text, digest = plan_digest(case)
    last = connection.execute(select(recommendations.c.sha256).where(recommendations.c.case_id == case.id)
                              .order_by(recommendations.c.id.desc()).limit(1)).scalar()
    if last == digest:
        return
    if last:
        followup.close_earlier(connection, case.id)
    finalised = case.plan.finalised_at.date() if case.plan.finalised_at else (meeting_date or dt.date.today())
    result = connection.execute(insert(recommendations).values(
        case_id=case.id, text=case.plan.recommendation, plan=plan_text, sha256=digest,
        finalised_by=(case.plan.finalised_by or actor.who)[:120], finalised_on=finalised, meeting_date=meeting_date))
    followup.create(connection, result.inserted_primary_key[0], case.id, finalised)
    audit.append(connection, actor, "amend" if last else "finalise", case_id=case.id, meeting_id=meeting_id,
                 sha256=digest)


def changed_fields(old_document: str, case: Case) -> list[str]:
    """Return the names of the case's top-level fields that differ from the stored document."""
    old = json.loads(old_document)
    new = case.model_dump(mode="json")
    return sorted(key for key in set(old) | set(new) if old.get(key) != new.get(key))


def next_meeting_id(connection: Connection) -> str:
    """Return a fresh meeting id."""
    import uuid

    while True:
        candidate = uuid.uuid4().hex[:16]
        if connection.execute(select(meetings.c.id).where(meetings.c.id == candidate)).first() is None:
            return candidate


def insert_case(connection: Connection, actor: Actor, case: Case, board: Board, meeting_id: str | None,
                position: int) -> None:
    """Add a new case (version 1) with its images, frozen plan and a 'create' event."""
    values = case_values(case, board, meeting_id, position, actor, None)
    connection.execute(insert(cases).values(id=case.id, version=1, referred_on=dt.date.today(), **values))
    write_images(connection, case, board)
    audit.append(connection, actor, "create", case_id=case.id, meeting_id=meeting_id)
    freeze_plan(connection, actor, case, meeting_id, values["meeting_date"])
