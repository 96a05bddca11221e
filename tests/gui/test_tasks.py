"""gui/tasks.py: work runs off the GUI thread; its result, error and progress come back on the
GUI thread, and are dropped once the widget that asked is gone."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QObject, QThread

from boardtool.gui import tasks
from boardtool.gui.tasks import run_task, wait_for_tasks
from boardtool.model.errors import BoardError


def _on_gui_thread(qapp) -> bool:
    return QThread.currentThread() is qapp.thread()


def test_the_result_comes_back_on_the_gui_thread(qapp, qtbot):
    owner = QObject()
    worked_on, results = [], []

    def work():
        worked_on.append(_on_gui_thread(qapp))
        return 42

    run_task(owner, work, lambda value: results.append((value, _on_gui_thread(qapp))), results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert worked_on == [False] and results == [(42, True)]
    assert not tasks._running


def test_progress_arrives_in_order_on_the_gui_thread(qapp, qtbot):
    owner = QObject()
    seen, done = [], []

    def work(report):
        for step in range(1, 4):
            report(step, 3, f"case {step}")
        return "written"

    run_task(owner, work, done.append, done.append,
             on_progress=lambda *args: seen.append((*args, _on_gui_thread(qapp))))
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert done == ["written"]
    assert seen == [(1, 3, "case 1", True), (2, 3, "case 2", True), (3, 3, "case 3", True)]


def test_a_board_error_is_said_as_it_is_and_anything_else_names_the_log(qapp, qtbot, data_dir):
    owner = QObject()
    failures = []

    def refused():
        raise BoardError("the template has no title layout", file="own.pptx")

    def broken():
        raise ZeroDivisionError("division by zero")

    run_task(owner, refused, failures.append, failures.append)
    run_task(owner, broken, failures.append, failures.append)
    qtbot.waitUntil(lambda: len(failures) == 2, timeout=5000)
    unexpected = [f for f in failures if f.startswith("Unexpected problem")]
    (plain,) = [f for f in failures if f not in unexpected]
    assert "own.pptx" in plain and "no title layout" in plain
    assert unexpected == [f"Unexpected problem: ZeroDivisionError: division by zero. The details are in the log "
                          f"file {data_dir / 'boardtool.log'}."]
    assert "ZeroDivisionError" in (data_dir / "boardtool.log").read_text()


def test_callbacks_are_dropped_once_their_owner_is_gone(qapp, qtbot):
    owner = QObject()
    release = threading.Event()
    heard = []

    def work(report):
        release.wait(5)
        report(1, 1, "late")
        return "late result"

    run_task(owner, work, heard.append, heard.append, on_progress=lambda *args: heard.append(args))
    shiboken6.delete(owner)  # the dialog that asked was closed
    release.set()
    assert wait_for_tasks(5000)
    qtbot.wait(50)  # let the queued signals arrive
    assert heard == [] and not tasks._running
