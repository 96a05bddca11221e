"""Optimistic locking: a save over someone else's newer save is refused whole, nothing lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from boardtool.library import ConflictError, audit
from boardtool.library.audit import Actor
from boardtool.library.core import Library
from boardtool.library.meetings import add_board, open_meeting, take_case
from boardtool.library.saving import save_meeting

ROOT = Path(__file__).resolve().parents[2]


def test_the_second_save_of_one_case_gets_a_conflict_and_saves_nothing(library, board):
    meeting_id = add_board(library, board)
    first, second = open_meeting(library, meeting_id), open_meeting(library, meeting_id)
    first.board.cases[0].question = "first coordinator's question"
    first = save_meeting(library, first)
    assert first.case_versions[board.cases[0].id] == 2
    second.board.cases[0].question = "second coordinator's question"
    second.board.cases[1].question = "an edit that would otherwise be fine"
    with pytest.raises(ConflictError) as caught:
        save_meeting(library, second)
    (conflict,) = caught.value.conflicts
    assert (conflict.kind, conflict.key, conflict.their_version) == ("case", board.cases[0].id, 2)
    assert conflict.mine["question"] == "second coordinator's question"
    assert conflict.theirs["question"] == "first coordinator's question"
    assert conflict.changed_by == "A. Coordinator"
    assert take_case(library, board.cases[1].id)[0].question == board.cases[1].question  # all or nothing


def test_keeping_mine_after_a_conflict_overwrites_knowingly(library, board):
    meeting_id = add_board(library, board)
    first, second = open_meeting(library, meeting_id), open_meeting(library, meeting_id)
    first.board.cases[0].question = "theirs"
    save_meeting(library, first)
    second.board.cases[0].question = "mine"
    with pytest.raises(ConflictError) as caught:
        save_meeting(library, second)
    (conflict,) = caught.value.conflicts
    second.case_versions[conflict.key] = conflict.their_version  # the user chose "keep mine"
    saved = save_meeting(library, second)
    assert saved.case_versions[conflict.key] == 3
    assert take_case(library, conflict.key)[0].question == "mine"


def test_meeting_details_are_locked_too(library, board):
    meeting_id = add_board(library, board)
    first, second = open_meeting(library, meeting_id), open_meeting(library, meeting_id)
    first.board.meeting.location = "Room 4"
    save_meeting(library, first)
    second.board.meeting.chair = "Dr. Someone Else"
    with pytest.raises(ConflictError) as caught:
        save_meeting(library, second)
    assert [c.kind for c in caught.value.conflicts] == ["meeting"]
    assert caught.value.conflicts[0].theirs["location"] == "Room 4"


def test_an_unchanged_save_changes_no_version_and_writes_no_event(library, board):
    meeting_id = add_board(library, board)
    events = audit.count(library.engine)
    opened = open_meeting(library, meeting_id)
    assert save_meeting(library, opened).case_versions == opened.case_versions
    assert audit.count(library.engine) == events


def test_a_removed_case_goes_back_to_the_referred_list(library, board):
    meeting_id = add_board(library, board)
    opened = open_meeting(library, meeting_id)
    removed = opened.board.cases.pop()
    save_meeting(library, opened)
    assert [c.id for c in open_meeting(library, meeting_id).board.cases] == [c.id for c in board.cases[:-1]]
    case, version, _ = take_case(library, removed.id)
    assert case == removed and version == 2


def _start_worker(url: str, meeting_id: str, case_id: str, question: str) -> subprocess.Popen:
    worker = subprocess.Popen([sys.executable, str(Path(__file__).with_name("save_worker.py")), url, meeting_id,
                               case_id, question], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert worker.stdout.readline().strip() == "opened"
    return worker


@pytest.mark.parametrize("round_", range(3))
def test_two_processes_saving_one_case_on_postgresql(postgres_url, round_, board):
    from conftest import empty_postgres

    empty_postgres(postgres_url)
    library = Library.open(postgres_url, actor=Actor("setup", "test"))
    meeting_id = add_board(library, board)
    case_id = board.cases[0].id
    workers = [_start_worker(postgres_url, meeting_id, case_id, f"question from process {n}") for n in (1, 2)]
    for worker in workers:  # both read version 1; now both save at once
        worker.stdin.write("go\n")
        worker.stdin.flush()
    outcomes = [json.loads(worker.communicate(timeout=60)[0].strip().splitlines()[-1]) for worker in workers]
    assert sorted(o["result"] for o in outcomes) == ["conflict", "saved"]
    winner = next(n for n, o in zip((1, 2), outcomes, strict=True) if o["result"] == "saved")
    loser = next(o for o in outcomes if o["result"] == "conflict")
    stored, version, _ = take_case(library, case_id)
    assert stored.question == f"question from process {winner}" and version == 2
    assert loser["theirs"] == stored.question  # the loser is shown what won ...
    assert loser["mine"] == f"question from process {3 - winner}"  # ... and still holds its own edit
    assert audit.verify(library.engine).intact
    library.close()


def test_a_new_meeting_saved_with_a_referred_case_schedules_it(library, board):
    import dataset
    from boardtool.library.meetings import Opened
    from boardtool.library.worklists import worklist

    add_board(library, dataset.board(None, [dataset.case(1)]), referred=True)
    case, version, _ = take_case(library, "case000001")
    fresh = dataset.board(board.meeting.date, [case, dataset.case(2)])
    saved = save_meeting(library, Opened(None, fresh, 0, {case.id: version}))
    assert saved.meeting_id and saved.case_versions == {"case000001": 2, "case000002": 1}
    assert [c.id for c in open_meeting(library, saved.meeting_id).board.cases] == ["case000001", "case000002"]
    assert worklist(library, "referred") == []


def test_a_copy_of_a_library_case_from_a_file_is_refused(library, board):
    from boardtool.library import LibraryError
    from boardtool.library.meetings import Opened

    add_board(library, board)
    with pytest.raises(LibraryError, match="already in the library"):
        save_meeting(library, Opened(None, board.model_copy(deep=True), 0, {}))
    assert take_case(library, board.cases[0].id)[1] == 1
