"""A laptop screen: at 1366×768, and at 1920×1080 with scale 1.5, nothing is clipped on any page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from window_geometry import misfits, pages
from window_helpers import select_case

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("case_index", [0, 1])
def test_every_page_fits_1366_by_768(window, qtbot, case_index):
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.width() == 1366, timeout=2000)
    select_case(window, case_index)
    problems = []
    for name, page in pages(window):
        QApplication.processEvents()
        problems += [f"{name}: {p}" for p in misfits(page)]
    problems += [f"left column: {p}" for p in misfits(window.agenda)]
    assert problems == []
    assert window.width() <= 1366 and window.height() <= 768


def test_discussion_with_every_modality_open_fits(window, qtbot):
    window.resize(1366, 768)
    case = select_case(window, 1)
    pane = window.editor.discussion
    for row in range(pane.modalities.count()):
        item = pane.modalities.item(row)
        item.setCheckState(item.checkState().Checked)
    assert all(record.discussed for record in case.discussion.values())
    window.show_case_tab(4)
    assert misfits(window.editor.currentWidget()) == []


def test_scale_one_and_a_half_on_full_hd(tmp_path):
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication(['boardtool'])\n"
        "from PySide6.QtCore import QSettings\n"
        "from boardtool.gui.document import BoardDocument\n"
        "from boardtool.gui.main_window import MainWindow\n"
        "from boardtool.gui.settings import Preferences\n"
        "from boardtool.samples import sample_board\n"
        "from window_geometry import misfits, pages\n"
        f"prefs = Preferences(QSettings({str(tmp_path / 'p.ini')!r}, QSettings.Format.IniFormat))\n"
        "win = MainWindow(prefs, BoardDocument(sample_board()))\n"
        "win.resize(1280, 720); win.show(); app.processEvents()\n"
        "found = [f'{n}: {p}' for n, page in pages(win) for p in misfits(page)]\n"
        "print('\\n'.join(found)); win.doc.undo_stack.setClean()\n"
        "print('logical', win.width(), win.height(), 'ratio', win.devicePixelRatio())\n"
        "from boardtool.gui.tasks import wait_for_tasks\n"
        "wait_for_tasks(30_000)\n"
        "sys.exit(1 if found else 0)\n"
    )
    path = f"{ROOT}{os.pathsep}{ROOT / 'tests' / 'gui'}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "1.5", "PYTHONPATH": path,
           "BOARDTOOL_DATA_DIR": str(tmp_path), "QT_QPA_OFFSCREEN_SCREEN": "1920x1080"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "logical 1280 720 ratio 1.5" in done.stdout


def test_narrowest_window_history_buttons_and_long_choices(window, qtbot):
    from boardtool.gui.fields import ChoiceBox

    window.resize(960, 700)
    qtbot.waitUntil(lambda: window.width() == 960, timeout=2000)
    select_case(window, 0)
    window.show_case_tab(2)
    history = window.editor.history
    history.list.setCurrentRow(1)
    assert misfits(window.editor.currentWidget()) == []  # the Add buttons stand in a column beside the list
    window.show_case_tab(1)
    stage = window.editor.widget_for("staging.m_stage")
    assert isinstance(stage, ChoiceBox)
    label = stage.currentText()
    assert stage.fontMetrics().horizontalAdvance(label) + 30 > stage.width()  # too long for the box …
    assert stage.shown_text().endswith("…") and stage.shown_text() != label  # … so it ends in '…'
    stage.showPopup()
    assert stage.view().width() >= stage.fontMetrics().horizontalAdvance(label)  # the list shows it whole
    stage.hidePopup()


def test_fhir_review_wraps_long_values(window, qtbot, dialogs):
    fictional = ROOT / "tests" / "data" / "fhir" / "fictional" / "Bundle-fictional-ependymoma.json"
    dialogs.open_paths = [fictional]
    window.import_fhir_action.trigger()
    dialog = window.fhir_dialog
    qtbot.waitUntil(dialog.accept_button.isEnabled, timeout=30_000)
    dialog.resize(900, 600)
    QApplication.processEvents()
    rows = dialog._rows()
    view = dialog.values
    longest = max(rows, key=lambda r: view.fontMetrics().horizontalAdvance(r.text(1)))
    width = view.fontMetrics().horizontalAdvance(longest.text(1))
    assert width > view.columnWidth(1)  # the bundle holds a value longer than its column
    rect = view.visualItemRect(longest)
    assert rect.height() >= 2 * view.fontMetrics().height()  # wrapped onto more lines, not cut off
    assert longest.toolTip(1).startswith(f"{longest.text(0)}: {longest.text(1)}")
    dialog.reject()
