"""gui/document.py: every edit of the open board goes through here — paths, merging, refusals,
follow-on fields, the cases' list and the undo stack's clean state."""

from __future__ import annotations

import pytest

from boardtool.gui.document import BoardDocument, Refusal, get_path, set_path
from boardtool.model.board import ModalityDiscussion

ADULT, CHILD, DEFERRED = "c-adult-pfb", "c-child-zfta", "c-deferred-spinal"


@pytest.fixture
def doc(qapp, board):
    return BoardDocument(board)


def _case(doc, case_id):
    return doc.board.case_by_id(case_id)


def test_paths_reach_records_lists_and_modalities(doc):
    case = _case(doc, CHILD)
    assert get_path(case, "patient.name") == "Elio Marchetti"
    assert get_path(case, "discussion.surgery.discussed") is True
    assert get_path(case, "discussion.targeted.notes") is None  # not discussed: no record, no error
    set_path(case, "discussion.targeted.notes", "MEK inhibitor trial")
    assert case.discussion["targeted"] == ModalityDiscussion(notes="MEK inhibitor trial")
    set_path(case, "discussion.targeted", None)
    assert "targeted" not in case.discussion


def test_keystrokes_of_one_field_are_one_step_to_undo(doc):
    changes = []
    doc.changed.connect(lambda case_id, path: changes.append((case_id, path)))
    for text in ("W", "Wh", "Which dose?"):
        assert doc.edit(ADULT, "question", text, merge=True)
    assert doc.undo_stack.count() == 1 and _case(doc, ADULT).question == "Which dose?"
    assert doc.edit(ADULT, "presenter", "Dr Okafor", merge=True)  # another field: a step of its own
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert _case(doc, ADULT).question != "Which dose?" and _case(doc, ADULT).presenter != "Dr Okafor"
    assert changes[-1] == (ADULT, "question")


def test_edits_without_merge_are_separate_steps_and_the_same_value_is_no_step(doc):
    doc.edit(ADULT, "minutes", 25)
    doc.edit(ADULT, "minutes", 30)
    doc.edit(ADULT, "minutes", 30)
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert _case(doc, ADULT).minutes == 25


def test_a_value_the_model_refuses_changes_nothing_and_says_why(doc):
    said = []
    doc.failed.connect(said.append)
    assert doc.edit(ADULT, "patient.sex", "alien") is False
    assert _case(doc, ADULT).patient.sex != "alien" and doc.undo_stack.count() == 0
    assert said == [doc.last_refusal] and "female" in doc.last_refusal


def test_a_refused_value_is_remembered_until_the_stored_value_moves_on(doc):
    signals = []
    doc.refusals_changed.connect(lambda: signals.append(1))
    refusal = Refusal("Date of birth", "2020-02-30", "not on the calendar")
    doc.refuse(ADULT, "patient.birth_date", refusal)
    doc.refuse(ADULT, "patient.birth_date", refusal)  # the same again: no new signal
    assert doc.refusal(ADULT, "patient.birth_date") == refusal and len(signals) == 1
    doc.edit(ADULT, "patient.name", "Maren Holt-Berg")  # another field: the refusal stays
    assert doc.refusal(ADULT, "patient.birth_date") == refusal
    doc.edit(ADULT, "patient.birth_date", None)  # the stored value changed: the field shows it again
    assert doc.refusal(ADULT, "patient.birth_date") is None and len(signals) == 2


def test_refusals_of_a_removed_case_are_forgotten(doc):
    doc.refuse(DEFERRED, "minutes", Refusal("Minutes", "ten", "enter a whole number"))
    doc.remove_case(DEFERRED)
    assert doc.refused == {}
    doc.undo_stack.undo()
    assert _case(doc, DEFERRED) is not None


def test_a_field_that_follows_from_an_edit_is_undone_with_it(doc):
    case = _case(doc, ADULT)
    compartment = case.diagnosis.compartment
    assert doc.edit(ADULT, "diagnosis.tumour_type", "st-zfta")
    assert case.diagnosis.compartment == "supratentorial" != compartment
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert (case.diagnosis.tumour_type, case.diagnosis.compartment) == ("pfb", compartment)


def test_cases_are_added_duplicated_moved_and_removed_undoably(doc):
    selected = []
    doc.cases_changed.connect(selected.append)
    ids = [c.id for c in doc.board.cases]
    copy_id = doc.duplicate_case(ADULT)
    copy = _case(doc, copy_id)
    assert copy_id not in ids and copy.status == "to_discuss" and copy.patient == _case(doc, ADULT).patient
    assert [c.id for c in doc.board.cases] == [ids[0], copy_id, *ids[1:]] and selected[-1] == copy_id
    doc.move_case(1, 3)
    assert [c.id for c in doc.board.cases][-1] == copy_id
    doc.move_case(9, 0)  # no such position: nothing happens
    new_id = doc.add_case()
    assert doc.board.cases[-1].id == new_id
    for _ in range(3):
        doc.undo_stack.undo()
    assert [c.id for c in doc.board.cases] == ids


def test_saving_marks_the_board_clean_and_names_the_file(doc, tmp_path):
    moved = []
    doc.path_changed.connect(lambda: moved.append(doc.path))
    doc.edit(ADULT, "minutes", 40)
    assert not doc.undo_stack.isClean()
    doc.save(tmp_path / "week49.tboard")
    assert doc.undo_stack.isClean() and moved == [tmp_path / "week49.tboard"]
    again = BoardDocument.open(tmp_path / "week49.tboard")
    assert again.board.case_by_id(ADULT).minutes == 40 and again.path == tmp_path / "week49.tboard"
