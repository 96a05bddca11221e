"""The discussion pane: each modality's notes and recommendation are declared fields, typed,
undone, marked and sourced like every other field of the case."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from boardtool.model.board import ProvenanceEntry
from boardtool.model.validation import Problem
from window_helpers import activate, select_case


def _tick(qtbot, window, section_id: str):
    """Select the modality in the list and tick it with Space, as from the keyboard."""
    pane = window.editor.discussion
    window.editor.setCurrentWidget(window.editor.widget(4))
    ids = [pane.modalities.item(i).data(Qt.ItemDataRole.UserRole) for i in range(pane.modalities.count())]
    activate(qtbot, window)
    pane.modalities.setFocus()
    pane.modalities.setCurrentRow(ids.index(section_id))
    qtbot.keyClick(pane.modalities, Qt.Key.Key_Space)
    return pane.panels[section_id]


def test_notes_and_recommendation_are_typed_and_undone_in_one_step(window, qtbot):
    case = select_case(window, 1)
    panel = _tick(qtbot, window, "surveillance")
    assert case.discussion["surveillance"].discussed and panel.isVisibleTo(window.editor.discussion)
    panel.notes.setFocus()
    qtbot.keyClicks(panel.notes, "MRI brain and spine every 3 months")
    qtbot.keyClick(panel.notes, Qt.Key.Key_Tab)  # Tab leaves the text for the next field
    assert panel.recommendation.hasFocus()
    qtbot.keyClicks(panel.recommendation, "Surveillance imaging")
    record = case.discussion["surveillance"]
    assert (record.notes, record.recommendation) == ("MRI brain and spine every 3 months", "Surveillance imaging")
    qtbot.keyClick(panel.recommendation, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert case.discussion["surveillance"].recommendation == ""  # the whole word, not its last letter
    assert panel.recommendation.toPlainText() == ""
    assert panel.notes.toPlainText() == "MRI brain and spine every 3 months"


def test_texts_are_found_by_path_and_named_after_their_modality(window, qtbot):
    select_case(window, 1)
    panel = _tick(qtbot, window, "radiation")
    editor = window.editor
    assert editor.editor_for("discussion.radiation.notes") is panel.notes
    assert editor.widget_for("discussion.radiation.recommendation") is panel.recommendation
    assert editor.editor_for("discussion.radiation.colour") is None
    assert panel.notes.accessibleName() == "Radiation therapy: Discussion notes"


def test_a_problem_and_an_imported_source_show_on_the_recommendation(window, qtbot):
    case = select_case(window, 1)
    panel = _tick(qtbot, window, "radiation")
    qtbot.keyClicks(panel.recommendation, "Focal re-irradiation")
    index = window.doc.board.cases.index(case)
    problem = Problem(index, "discussion.radiation.recommendation", "Radiation therapy", "name the dose")
    window.editor.show_problems([problem])
    assert panel.recommendation.property("problem") is True
    assert "name the dose" in panel.recommendation.toolTip()
    assert panel.notes.property("problem") is not True
    window.editor.show_problems([])
    assert panel.recommendation.property("problem") is False
    case.provenance.append(ProvenanceEntry(path="discussion.radiation.notes", resource_type="Observation",
                                           resource_id="rt-1", file_sha256="ab" * 32,
                                           imported_at=dt.datetime(2026, 3, 1, 9, 30)))
    qtbot.keyClicks(panel.notes, "x")  # any edit refreshes the sources shown on hover
    assert "Source: Imported 2026-03-01 09:30 from Observation/rt-1" in panel.notes.toolTip()
    assert "Source:" not in panel.recommendation.toolTip()
