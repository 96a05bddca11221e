"""Worklists, returning patients and follow-up, as a coordinator meets them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

import dataset
from boardtool.library import LibraryError
from boardtool.library.followup import current, record
from boardtool.library.meetings import add_board, open_meeting, take_case
from boardtool.library.returning import carry_forward, find_last_case
from boardtool.library.saving import save_meeting
from boardtool.library.tables import follow_ups
from boardtool.library.worklists import worklist

D = dt.date


def _ids(items) -> list[str]:
    return [item.case_id for item in items]


def test_referred_cases_until_they_are_scheduled(library):
    add_board(library, dataset.board(None, [dataset.case(1), dataset.case(2)]), referred=True)
    meeting_id = add_board(library, dataset.board(D(2026, 5, 7), [dataset.case(3)]))
    assert _ids(worklist(library, "referred")) == ["case000001", "case000002"]
    opened = open_meeting(library, meeting_id)
    case, version, images = take_case(library, "case000002")
    opened.board.cases.append(case)
    opened.case_versions[case.id] = version
    save_meeting(library, opened)
    assert _ids(worklist(library, "referred")) == ["case000001"]
    assert _ids(worklist(library, "this-meeting", D(2026, 5, 1))) == ["case000003", "case000002"]


def test_this_meeting_is_the_next_one_from_today(library):
    add_board(library, dataset.board(D(2026, 5, 7), [dataset.case(1)]))
    add_board(library, dataset.board(D(2026, 5, 14), [dataset.case(2), dataset.case(3)]))
    assert _ids(worklist(library, "this-meeting", D(2026, 5, 7))) == ["case000001"]
    assert _ids(worklist(library, "this-meeting", D(2026, 5, 8))) == ["case000002", "case000003"]
    assert worklist(library, "this-meeting", D(2026, 6, 1)) == []


def test_deferred_cases_carry_a_relist_date(library):
    add_board(library, dataset.board(D(2026, 5, 7), [dataset.case(1, status="deferred"), dataset.case(2)]))
    (item,) = worklist(library, "deferred")
    assert (item.case_id, item.due, item.note) == ("case000001", D(2026, 5, 14), "re-list")


def test_follow_up_due_dates_feed_the_worklist(library):
    add_board(library, dataset.board(D(2026, 1, 15), [dataset.case(1, final=True), dataset.case(2)]))
    assert worklist(library, "follow-up", D(2026, 2, 13)) == []
    (item,) = worklist(library, "follow-up", D(2026, 2, 14))
    assert (item.case_id, item.due, item.note) == ("case000001", D(2026, 2, 14), "implementation")
    record(library, "case000001", implemented="partial", reason="radiotherapy delayed by infection")
    assert worklist(library, "follow-up", D(2026, 4, 14)) == []
    (item,) = worklist(library, "follow-up", D(2026, 4, 15))
    assert (item.due, item.note) == (D(2026, 4, 15), "response at 3 months")
    record(library, "case000001", responses={3: "SD"})
    with library.reading() as connection:
        state = current(connection, "case000001")
    assert (state.implemented, state.reason, state.responses[3]) == ("partial", "radiotherapy delayed by infection", "SD")
    assert worklist(library, "follow-up", D(2026, 7, 14)) == []
    assert _ids(worklist(library, "follow-up", D(2026, 7, 15))) == ["case000001"]


@pytest.mark.parametrize("kwargs, words", [
    ({"implemented": "no"}, "say why"),
    ({"implemented": "maybe"}, "one of yes, partial, no"),
    ({"responses": {4: "SD"}}, "3, 6 and 12 months"),
    ({"responses": {3: "better"}}, "one of CR"),
])
def test_follow_up_refuses_incomplete_answers(library, kwargs, words):
    add_board(library, dataset.board(D(2026, 1, 15), [dataset.case(1, final=True)]))
    with pytest.raises(LibraryError, match=words):
        record(library, "case000001", **kwargs)


def test_a_case_without_final_plan_has_no_follow_up(library):
    add_board(library, dataset.board(D(2026, 1, 15), [dataset.case(1)]))
    with pytest.raises(LibraryError, match="no final recommendation"):
        record(library, "case000001", implemented="yes")


def test_a_returning_patient_starts_from_the_last_case(library, board):
    add_board(library, board)
    last = board.cases[0]
    assert find_last_case(library, mrn=" " + last.patient.mrn.lower()) == last.id  # MRN as typed
    assert find_last_case(library, name=last.patient.name.upper(), birth_date=last.patient.birth_date) == last.id
    assert find_last_case(library, mrn="SYN-NOBODY") is None
    returning = carry_forward(library, last.id)
    new = returning.case
    assert new.id != last.id
    assert (new.patient, new.diagnosis, new.history, new.images, new.staging) == (
        last.patient, last.diagnosis, last.history, last.images, last.staging)
    assert new.question == "" and new.discussion == {} and new.plan.status == "draft" and new.status == "to_discuss"
    assert set(returning.image_data) == {image.file for image in last.images}
    assert [r.text for r in returning.earlier] == [last.plan.recommendation]


def test_the_returning_case_is_saved_as_a_new_case_of_the_patient(library, board):
    add_board(library, board)
    last = board.cases[0]
    returning = carry_forward(library, last.id)
    returning.case.question = "Progression after CSI: options?"
    follow_on = dataset.board(D(2027, 2, 4), [returning.case])
    follow_on.image_data.update(returning.image_data)
    add_board(library, follow_on)
    assert find_last_case(library, mrn=last.patient.mrn) == returning.case.id
    again = carry_forward(library, returning.case.id)
    assert [r.text for r in again.earlier] == [last.plan.recommendation]
    assert again.case.images == last.images and set(again.image_data) == set(returning.image_data)


def test_an_amended_recommendation_is_followed_up_once(library):
    meeting_id = add_board(library, dataset.board(D(2026, 1, 15), [dataset.case(1, final=True)]))
    opened = open_meeting(library, meeting_id)
    plan = opened.board.cases[0].plan
    plan.recommendation = "Amended: focal re-irradiation."
    plan.finalised_at = dt.datetime(2026, 2, 1, 10, 0)
    save_meeting(library, opened)
    assert worklist(library, "follow-up", D(2026, 2, 20)) == []  # the first version is no longer due
    (item,) = worklist(library, "follow-up", D(2026, 3, 3))
    assert (item.case_id, item.due, item.note) == ("case000001", D(2026, 3, 3), "implementation")
    with library.reading() as connection:
        assert current(connection, "case000001").recommendation == "Amended: focal re-irradiation."


def test_a_response_written_by_an_earlier_version_reads_as_the_board_s_response(library):
    add_board(library, dataset.board(D(2026, 1, 15), [dataset.case(1, final=True)]))
    with library.writing() as connection:
        connection.execute(update(follow_ups).where(follow_ups.c.case_id == "case000001")
                           .values(response_6m="not evaluable"))
    with library.reading() as connection:
        state = current(connection, "case000001")
    assert state.responses == {3: None, 6: "NE", 12: None}
