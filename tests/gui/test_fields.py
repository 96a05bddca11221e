"""gui/fields.py: field specs become editors bound to the board through the undo stack —
reading and showing each kind of value, marks, tooltips, choice lists, forms and their paths."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

from boardtool.gui.document import BoardDocument
from boardtool.gui.fields import (
    FieldEditor,
    FieldRow,
    FieldSpec,
    Form,
    parse,
    select_data,
    show,
    tooltip,
)

from window_helpers import activate

ADULT = "c-adult-pfb"


@pytest.mark.parametrize("kind, text, value", [
    ("text", "  Which dose?  ", "Which dose?"),
    ("date", "5.3.2026", dt.date(2026, 3, 5)),
    ("datetime", "2026-03-05 07:30", dt.datetime(2026, 3, 5, 7, 30)),
    ("time", "7.30", dt.time(7, 30)),
    ("int", "20", 20),
    ("float", "54,5", 54.5),
    ("int", "", None),
])
def test_parse_reads_each_kind_of_value(kind, text, value):
    assert parse(kind, text) == value


@pytest.mark.parametrize("kind, text, advice", [
    ("time", "25:10", "HH:MM"), ("int", "twenty", "whole number"), ("float", "5 4", "a number"),
    ("date", "30.02.2026", "no day 30 in February"),
])
def test_parse_refuses_with_advice(kind, text, advice):
    with pytest.raises(ValueError, match=advice):
        parse(kind, text)


def test_show_writes_values_as_the_board_reads_them_back():
    for kind, value in (("datetime", dt.datetime(2026, 3, 5, 7, 30)), ("time", dt.time(7, 5)),
                        ("float", 54.0), ("int", 3), ("date", dt.date(2026, 3, 5))):
        assert parse(kind, show(kind, value)) == value
    assert show("float", 54.0) == "54" and show("lines", ["a", "b"]) == "a\nb" and show("text", None) == ""


def test_tooltip_puts_the_problem_first_then_the_source_and_drops_the_hint_under_a_problem():
    assert tooltip("", "", "YYYY-MM-DD") == "YYYY-MM-DD"
    assert tooltip("Date: in the future", "", "YYYY-MM-DD") == "Date: in the future"
    tip = tooltip("dose < 0", "Imported from Observation/1", "hint")
    assert tip == "<qt><p>dose &lt; 0</p><p>Source: Imported from Observation/1</p></qt>"


def test_a_stored_value_not_on_offer_gets_an_entry_of_its_own_until_it_goes(qapp):
    box = QComboBox()
    for value, text in ((None, "—"), ("GTR", "GTR"), ("STR", "STR")):
        box.addItem(text, value)
    select_data(box, "R2")
    assert box.currentText() == "R2 (not in the list)" and box.count() == 4
    select_data(box, "STR")
    assert box.currentText() == "STR" and box.count() == 3


def test_an_editor_emits_typed_values_and_what_it_cannot_read(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    minutes = FieldEditor(FieldSpec("minutes", "Minutes", "int"), None, parent)
    edits, unread = [], []
    minutes.edited.connect(lambda value, merge: edits.append((value, merge)))
    minutes.unreadable.connect(lambda text, why: unread.append((text, why)))
    qtbot.keyClicks(minutes.widget, "15")
    assert edits == [(1, False), (15, False)]  # a number is one step per change
    qtbot.keyClicks(minutes.widget, "x")
    assert unread == [("15x", "enter a whole number")]
    minutes.set_value(20)
    assert minutes.text() == "20" and len(edits) == 2  # showing a value is not an edit
    minutes.mark("Minutes: not a slot")
    assert minutes.widget.property("problem") is True and minutes.problem == "Minutes: not a slot"
    minutes.mark(None)
    assert minutes.widget.property("problem") is False and minutes.widget.toolTip() == ""


@pytest.fixture
def form(qtbot, board):
    doc = BoardDocument(board)
    parent = QWidget()
    qtbot.addWidget(parent)
    specs = [FieldSpec("question", "Question for the board", "multiline"),
             FieldRow("Brain MRI", (FieldSpec("staging.mri_brain.date", "Brain MRI date", "date"),
                                    FieldSpec("staging.mri_brain.result", "Brain MRI result", "choice",
                                              ((None, "—"), ("positive", "positive"), ("negative", "negative")))),
                      ("result",))]
    bound = Form(doc, specs, QFormLayout(parent), lambda: ADULT, parent)
    bound.refresh()
    doc.changed.connect(lambda _case, path: bound.refresh(path))  # as the pane that holds a form does
    parent.show()
    yield bound  # the form lives as long as its widget
    del parent


def test_a_form_stores_typed_values_through_the_undo_stack(form, qtbot):
    date = form.editor_for("staging.mri_brain.date").widget
    activate(qtbot, date.window())
    date.setFocus()
    date.selectAll()
    qtbot.keyClicks(date, "5.3.2026")
    case = form.doc.board.case_by_id(ADULT)
    assert case.staging.mri_brain.date == dt.date(2026, 3, 5)
    qtbot.keyClick(date, Qt.Key.Key_Tab)  # leaving the field shows how the date was read
    assert date.text() == "2026-03-05"
    form.doc.undo_stack.undo()
    assert case.staging.mri_brain.date != dt.date(2026, 3, 5) and date.text() != "2026-03-05"


def test_a_form_keeps_and_marks_what_the_board_did_not_take(form, qtbot):
    date = form.editor_for("staging.mri_brain.date").widget
    case = form.doc.board.case_by_id(ADULT)
    before = case.staging.mri_brain.date
    date.selectAll()
    qtbot.keyClicks(date, "30.02.2026")
    assert case.staging.mri_brain.date == before and date.text() == "30.02.2026"
    assert date.property("problem") is True and "was not accepted" in date.toolTip()
    assert form.doc.refusal(ADULT, "staging.mri_brain.date").text == "30.02.2026"
    form.refresh()  # a refresh keeps showing the refused text
    assert date.text() == "30.02.2026"


def test_a_line_of_fields_is_found_by_its_record_at_its_last_field(form):
    result = form.editor_for("staging.mri_brain.result").widget
    assert form.widget_for("staging.mri_brain") is result
    assert form.widget_for("staging.mri_brain.result.detail") is result
    assert form.editor_for("staging.mri_brain") is None
    assert form.widget_for("diagnosis.grade") is None
    assert form.layout.labelForField(result.parentWidget()).text() == "Brain MRI"
