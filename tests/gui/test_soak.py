"""A morning's typing in one process: thousands of keystrokes with the board-wide checks after each
pause, None's reference count level, no abort, and the window still showing what is stored."""

from __future__ import annotations

import itertools
import sys

from PySide6.QtCore import Qt

from boardtool.gui.fields import focus
from window_helpers import activate, select_case, type_into_cell

KEYSTROKES = 3000
CHUNK = "Reviewed; stable. "  # 18 keys


def test_three_thousand_keystrokes_with_board_wide_checks(window, qtbot):
    activate(qtbot, window)
    case = select_case(window, 0)
    editor, meeting = window.editor, window.meeting.form
    fields = [editor.widget_for("symptoms"), editor.widget_for("clinical_summary"), editor.widget_for("primary_site"),
              editor.widget_for("presenter"), meeting.editors["location"].widget, editor.widget_for("question"),
              editor.widget_for("plan.recommendation"), editor.discussion.panels["radiation"].notes]
    dates = itertools.cycle(["2020-02-30", "1992-05-14"])  # a refused value, then the stored one again
    birth = editor.widget_for("patient.birth_date")
    table = editor.tables["diagnosis.markers"]
    keys = checks = 0
    before = sys.getrefcount(None)
    for round_ in itertools.count():
        field = fields[round_ % len(fields)]
        focus(field)  # show its page, as a user does before typing
        qtbot.keyClick(field, Qt.Key.Key_End)
        qtbot.keyClicks(field, CHUNK)
        keys += len(CHUNK) + 1
        if round_ % 6 == 0:
            birth.setFocus()
            birth.selectAll()
            date = next(dates)
            qtbot.keyClicks(birth, date)
            keys += len(date)
        if round_ % 25 == 0:
            type_into_cell(qtbot, table.table, 0, 2, f"IHC {round_}")
            keys += 6 + len(str(round_))
        if round_ % 5 == 0:  # a real pause in typing: the timer runs the checks
            qtbot.waitUntil(lambda: not window.checks.timer.isActive(), timeout=3000)
        else:
            window.check_now()
        checks += 1
        if keys >= KEYSTROKES:
            break
    after = sys.getrefcount(None)
    print(f"soak: {keys} keystrokes, {checks} board-wide checks, None references {before} → {after}")
    assert keys >= KEYSTROKES and checks >= 100
    # a binding that drops a reference per void call would lose tens of thousands here
    assert after > before - 1000, f"None lost {before - after} references over {keys} keystrokes"
    assert case.symptoms.count("Reviewed; stable.") >= checks // len(fields)
    assert birth.text() == case.patient.birth_date.isoformat() or birth.property("problem") is True
    assert window.check_now() is not None and window.isVisible()

