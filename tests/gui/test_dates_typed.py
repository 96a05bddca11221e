"""Every date field of the window takes a date as clinicians type it and refuses one that is
not on the calendar, with a mark at the field; the board keeps its previous value."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from boardtool.gui.dates import parse_date, parse_datetime
from boardtool.gui.fields import focus
from window_helpers import activate, select_case, type_into_cell, wait_for_checks

TYPED = ["2026-03-05", "5.3.2026", "05.03.2026", "5/3/2026", "05-03-2026", "5 Mar 2026", "5 March 2026",
         "March 5, 2026", "05MAR2026", "20260305", " 5. 3. 2026 "]
IMPOSSIBLE = ["2026-02-30", "31.04.2026", "29/02/2025", "2026-13-01", "5 Smarch 2026", "5/3/26", "yesterday"]


@pytest.mark.parametrize("text", TYPED)
def test_the_ways_a_date_is_typed(text):
    assert parse_date(text, month_first=False) == dt.date(2026, 3, 5)


@pytest.mark.parametrize("text", IMPOSSIBLE)
def test_impossible_dates_are_refused_with_the_reason(text):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date(text, month_first=False)


def test_reasons_name_what_is_wrong():
    with pytest.raises(ValueError, match="no day 30 in February 2026"):
        parse_date("30.2.2026")
    with pytest.raises(ValueError, match="write the year in full"):
        parse_date("05/03/26")


def test_slashes_follow_a_month_first_desktop_and_dots_never_do():
    assert parse_date("3/5/2026", month_first=True) == dt.date(2026, 3, 5)
    assert parse_date("3.5.2026", month_first=True) == dt.date(2026, 5, 3)
    assert parse_datetime("5.3.2026 14:30", month_first=False) == dt.datetime(2026, 3, 5, 14, 30)
    assert parse_datetime("2026-03-05T07:05") == dt.datetime(2026, 3, 5, 7, 5)


def _date_fields(window):
    """Yield (path, editor, form) for every date and date-time field of the case editor and meeting."""
    editor = window.editor
    for form in [*editor.forms, editor.images.form, window.meeting.form]:
        for bare, field in form.editors.items():
            if field.spec.kind in ("date", "datetime"):
                yield bare, field, form


def test_every_date_field_takes_typed_dates_and_marks_impossible_ones(window, qtbot):
    activate(qtbot, window)
    case = select_case(window, 0)
    window.doc.edit(case.id, "plan.status", "draft")  # a final plan is locked: it changes by amendment
    window.editor.history.list.setCurrentRow(0)  # a surgery: its post-operative MRI date is shown
    window.editor.images.list.setCurrentRow(0)
    seen = []
    for bare, field, form in _date_fields(window):
        widget = field.widget
        focus(widget)
        scope, path = form.scope(), form.prefix() + bare
        typed = "5 Mar 2026 9:30" if field.spec.kind == "datetime" else "5.3.2026"
        widget.selectAll()
        qtbot.keyClicks(widget, typed)
        expected = dt.datetime(2026, 3, 5, 9, 30) if field.spec.kind == "datetime" else dt.date(2026, 3, 5)
        assert window.doc.value(scope, path) == expected, path
        qtbot.keyClick(widget, Qt.Key.Key_Tab)  # leaving the field shows the date as the board writes it
        assert widget.text() == ("2026-03-05 09:30" if field.spec.kind == "datetime" else "2026-03-05"), path
        focus(widget)
        widget.selectAll()
        qtbot.keyClicks(widget, "30.02.2026" + (" 9:30" if field.spec.kind == "datetime" else ""))
        assert widget.property("problem") is True and "no day 30 in February" in widget.toolTip(), path
        assert window.doc.value(scope, path) == expected, path  # the board keeps the date it had
        seen.append(path)
    wait_for_checks(window, qtbot)
    assert len(seen) >= 13
    assert {"date", "patient.birth_date", "history.0.postop_mri", "plan.finalised_at", "images.0.date"} <= set(seen)
    assert case.patient.birth_date == dt.date(2026, 3, 5)


def test_date_cells_take_typed_dates_and_mark_impossible_ones(window, qtbot):
    activate(qtbot, window)
    case = select_case(window, 0)
    table = window.editor.tables["metastatic_sites"].table
    column = [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())].index("Detected")
    type_into_cell(qtbot, table, 0, column, "5 Mar 2026")
    assert case.metastatic_sites[0].detected == dt.date(2026, 3, 5)
    assert table.item(0, column).text() == "2026-03-05"
    type_into_cell(qtbot, table, 0, column, "31/04/2026")
    assert case.metastatic_sites[0].detected == dt.date(2026, 3, 5)
    assert table.item(0, column).text() == "31/04/2026"  # what was typed stays in view, marked
    wait_for_checks(window, qtbot)
    assert "no day 31 in April" in window.problem_count.toolTip() + "\n".join(
        window.problem_list.item(i).text() for i in range(window.problem_list.count()))
