"""The Qt binding: the installed one keeps None alive; known bad ones are refused at start."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from boardtool.gui.binding import binding_problem, installed_problem, version_tuple

VOID_CALLS = 10_000


def test_installed_binding_does_not_drain_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    style = label.style()
    before = sys.getrefcount(None)
    for number in range(VOID_CALLS // 4):  # four calls of Qt methods that return nothing
        label.setToolTip("a" if number % 2 else "b")
        label.setAccessibleDescription("x")
        style.unpolish(label)
        style.polish(label)
    after = sys.getrefcount(None)
    # a draining binding loses one reference per call: 10,000 here
    assert after > before - VOID_CALLS // 10, f"None lost {before - after} references in {VOID_CALLS} void calls"


def test_known_bad_combination_is_named():
    problem = binding_problem("6.12.0", (3, 11, 7))
    assert problem is not None and "\n" not in problem
    assert "6.12.0" in problem and "3.11" in problem and "6.11.3" in problem
    assert binding_problem("6.12.0", (3, 12, 0)) is None  # None is immortal from 3.12
    assert binding_problem("6.11.3", (3, 11, 7)) is None
    assert version_tuple("6.12.0a1") == (6, 12, 0)
    assert installed_problem() is None  # this test run itself uses a binding that may start


def test_window_refuses_to_start_on_a_bad_binding(tmp_path):
    script = (
        "import sys, PySide6; PySide6.__version__ = '6.12.0'; sys.version_info = (3, 11, 7, 'final', 0)\n"
        "from boardtool.gui.app import run_app\n"
        "sys.exit(run_app())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
                               "BOARDTOOL_DATA_DIR": str(tmp_path), "HOME": str(tmp_path),
                               "PYTHONPATH": str(__import__("pathlib").Path(__file__).resolve().parents[2])})
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("boardtool: PySide6 6.12.0 crashes on Python 3.11")
    assert "Traceback" not in done.stderr


def test_checks_redraw_only_the_fields_whose_state_changed(window, qtbot, monkeypatch):
    from boardtool.gui.fields import FieldEditor

    restyled = []
    original_restyle = FieldEditor._restyle
    monkeypatch.setattr(FieldEditor, "_restyle", lambda self, marked: restyled.append(self.spec.path) or original_restyle(self, marked))
    window.cases.setCurrentRow(0)
    window.check_now()
    restyled.clear()
    for _ in range(20):  # the same problems again and again: nothing to redraw
        window.check_now()
    assert restyled == []
    question = window.editor.widget_for("question")
    question.selectAll()
    qtbot.keyClick(question, Qt.Key.Key_Delete)
    window.check_now()
    assert restyled == ["question"]  # only the field that became a problem
