"""Exports from the File menu: a compact deck chosen where the user exports (and kept as the
Deck preference), and exports of a library meeting written to the library's audit trail."""

from __future__ import annotations

import json

from pptx import Presentation
from PySide6.QtCore import Qt
from sqlalchemy import text

from boardtool.gui.rendering import render_request
from boardtool.gui.tasks import wait_for_tasks
from boardtool.library.core import Library
from boardtool.library.meetings import add_board
from window_helpers import activate


def _export_deck(window, qtbot, dialogs, path) -> None:
    dialogs.save_paths = [path]
    dialogs.answers = ["Export anyway", "Close"]  # the sample board's problems, then the report
    window.export_deck_action.trigger()
    assert wait_for_tasks(60_000)
    qtbot.waitUntil(lambda: not window.exports.running, timeout=60_000)


def test_compact_deck_is_chosen_in_the_file_menu(window, qtbot, dialogs, tmp_path, preferences):
    activate(qtbot, window)
    assert render_request(preferences).deck == "full"
    _export_deck(window, qtbot, dialogs, tmp_path / "full.pptx")
    full = len(Presentation(str(tmp_path / "full.pptx")).slides)
    action = window.compact_deck_action
    assert action.isCheckable() and not action.isChecked()
    assert action in window.menuBar().actions()[0].menu().actions()  # beside the export actions
    action.trigger()
    assert preferences.value("deck") == "compact" and render_request(preferences).deck == "compact"
    _export_deck(window, qtbot, dialogs, tmp_path / "compact.pptx")
    compact = len(Presentation(str(tmp_path / "compact.pptx")).slides)
    assert 0 < compact < full
    assert any("Deck (compact):" in asked for asked in dialogs.asked)
    action.trigger()
    assert preferences.value("deck") == "full"


def test_exports_of_a_library_meeting_are_audited(window, qtbot, dialogs, tmp_path, preferences, board):
    url = f"sqlite:///{tmp_path / 'library.sqlite'}"
    preferences.set("library_url", url)
    preferences.set("user_name", "Dr. Window User")
    with Library.open(url) as other:
        meeting_id = add_board(other, board)
    activate(qtbot, window)
    assert window.library_pane.open_meeting(meeting_id)
    _export_deck(window, qtbot, dialogs, tmp_path / "from-library.pptx")
    assert (tmp_path / "from-library.pptx").exists()
    assert any("Recorded in the library's audit trail" in asked for asked in dialogs.asked)
    preferences.set("deidentify", True)
    dialogs.save_paths = [tmp_path / "summary.pdf"]
    dialogs.answers = ["Export anyway", "Close"]
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert wait_for_tasks(60_000)
    qtbot.waitUntil(lambda: not window.exports.running, timeout=60_000)
    window.library_pane.library.close()
    with Library.open(url) as other, other.reading() as connection:
        rows = connection.execute(text("SELECT action, who, meeting_id, detail FROM audit_events "
                                       "WHERE action LIKE '%export' ORDER BY seq")).all()
    assert [(r.action, r.who, r.meeting_id) for r in rows] == [
        ("export", "Dr. Window User", meeting_id), ("deidentified-export", "Dr. Window User", meeting_id)]
    details = [json.loads(r.detail) for r in rows]
    assert [d["format"] for d in details] == ["pptx", "pdf"] and details[0]["via"] == "window"
    assert details[0]["cases"] == [case.id for case in board.cases]


def test_exports_of_a_board_file_leave_the_library_alone(window, qtbot, dialogs, tmp_path, preferences):
    url = f"sqlite:///{tmp_path / 'library.sqlite'}"
    preferences.set("library_url", url)
    activate(qtbot, window)
    _export_deck(window, qtbot, dialogs, tmp_path / "plain.pptx")
    assert not any("audit trail" in asked for asked in dialogs.asked)
    assert window.library_pane.library is None  # not even opened
