"""The audit trail: every action leaves a sealed event; tampering is found and named."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from boardtool.library import audit
from boardtool.library.meetings import add_board, export_meeting, open_meeting
from boardtool.library.saving import save_meeting


def _actions(library) -> list[tuple]:
    with library.reading() as connection:
        return [tuple(row) for row in connection.execute(text(
            "SELECT action, case_id, who, host FROM audit_events ORDER BY seq"))]


def _unseal(library) -> None:
    """Remove the append-only triggers, as a database administrator could."""
    with library.engine.begin() as connection:
        if library.engine.dialect.name == "postgresql":
            connection.execute(text("DROP TRIGGER audit_events_sealed ON audit_events"))
        else:
            connection.execute(text("DROP TRIGGER audit_events_no_update"))
            connection.execute(text("DROP TRIGGER audit_events_no_delete"))


def test_actions_leave_events_with_who_and_where(library, board, tmp_path):
    meeting_id = add_board(library, board)
    opened = open_meeting(library, meeting_id)
    opened.board.cases[1].plan.recommendation = "Focal proton therapy."
    opened.board.cases[1].plan.status = "final"
    opened.board.cases[0].plan.recommendation += " Amended after review."
    save_meeting(library, opened)
    export_meeting(library, meeting_id, tmp_path / "out.tboard")
    export_meeting(library, meeting_id, tmp_path / "out.pdf", deidentify=True)
    actions = [a[:2] for a in _actions(library)]
    first, second, third = (case.id for case in board.cases)
    assert actions[:5] == [("import", None), ("create", first), ("finalise", first), ("create", second),
                           ("create", third)]
    assert set(actions[5:9]) == {("edit", first), ("amend", first), ("edit", second), ("finalise", second)}
    assert actions[9:] == [("export", None), ("deidentified-export", None)]
    assert {a[2:] for a in _actions(library)} == {("A. Coordinator", "ward-pc-1")}
    verdict = audit.verify(library.engine)
    assert verdict.intact and verdict.events == 11


def test_events_cannot_be_changed_or_deleted_through_the_database(library, board):
    add_board(library, board)
    for statement in ("UPDATE audit_events SET who = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(Exception, match="append-only"), library.engine.begin() as connection:
            connection.execute(text(statement))
    assert audit.verify(library.engine).events == 5


def test_a_tampered_event_is_named(library, board):
    add_board(library, board)
    _unseal(library)
    with library.engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET who = 'Someone Else' WHERE seq = 3"))
    verdict = audit.verify(library.engine)
    assert not verdict.intact
    assert (verdict.bad_seq, verdict.events) == (3, 2)
    assert "changed" in verdict.reason


def test_a_resealed_forgery_breaks_the_next_link(library, board):
    add_board(library, board)
    _unseal(library)
    with library.engine.begin() as connection:
        row = dict(connection.execute(text("SELECT * FROM audit_events WHERE seq = 2")).mappings().one())
        row["who"] = "Someone Else"
        connection.execute(text("UPDATE audit_events SET who = :who, hash = :hash WHERE seq = 2"),
                           {"who": row["who"], "hash": audit.event_hash(row)})
    verdict = audit.verify(library.engine)
    assert verdict.bad_seq == 3 and "does not follow" in verdict.reason


def test_a_deleted_event_is_found(library, board):
    add_board(library, board)
    _unseal(library)
    with library.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq = 2"))
    verdict = audit.verify(library.engine)
    assert verdict.bad_seq == 3 and "event 2 is missing" in verdict.reason


def test_the_chain_is_read_in_batches(library, board):
    add_board(library, board)
    assert audit.verify(library.engine, batch=2) == audit.verify(library.engine)


def test_a_final_plan_is_frozen_with_its_sha256(library, board):
    import hashlib
    import json

    add_board(library, board)
    with library.reading() as connection:
        plan, digest = connection.execute(text("SELECT plan, sha256 FROM recommendations")).one()
    assert hashlib.sha256(plan.encode()).hexdigest() == digest
    assert json.loads(plan)["recommendation"] == board.cases[0].plan.recommendation
    (event,) = [e for e in audit.events_for(library.engine, board.cases[0].id) if e["action"] == "finalise"]
    assert digest in event["detail"]
