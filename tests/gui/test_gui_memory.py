"""gui/memory.py: full collector passes are held back while an export runs and let go after."""

from __future__ import annotations

import gc
import os

import pytest

from boardtool.gui import memory


def test_full_passes_are_held_back_during_background_work_and_restored_after():
    before = gc.get_threshold()
    memory.hold_full_passes()
    try:
        assert gc.get_threshold()[2] >= memory.HELD_BACK
        assert gc.get_threshold()[:2] == before[:2]
        assert gc.get_freeze_count() > 0
    finally:
        memory.release_full_passes()
    assert gc.get_threshold() == before
    memory.release_full_passes()  # one release too many changes nothing
    assert gc.get_threshold() == before


@pytest.mark.parametrize("in_process", [True, False])
def test_an_export_from_the_window_restores_the_collector_when_it_ends(window, qtbot, tmp_path, monkeypatch,
                                                                       in_process):
    """An export runs in a process of its own, leaving the window's collector alone; where no
    process can be started it runs on a thread, with full passes held back until it ends."""
    from PySide6.QtWidgets import QFileDialog

    from boardtool.gui import export_runner

    monkeypatch.setattr(export_runner, "use_process", lambda: in_process)
    before = gc.get_threshold()
    seen = []
    real = memory.hold_full_passes
    monkeypatch.setattr(memory, "hold_full_passes", lambda: (real(), seen.append(gc.get_threshold())))
    paths = [str(tmp_path / "board.pptx"), str(tmp_path / "board.pdf")]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (paths.pop(0), "")))
    window.exports._problems_accepted = lambda: True
    window.export_both_action.trigger()
    qtbot.waitUntil(lambda: not window.exports.running, timeout=120_000)
    if in_process:
        assert not seen and window.exports.runner.last_pid not in (None, os.getpid())
    else:
        assert seen and seen[0][2] >= memory.HELD_BACK and window.exports.runner.last_pid is None
    assert gc.get_threshold() == before
    assert (tmp_path / "board.pdf").exists() and (tmp_path / "board.pptx").exists()


def test_garbage_set_aside_with_one_board_is_freed_when_the_next_is_opened():
    import weakref

    class Node:
        pass

    memory.settle()
    cycle = Node()
    cycle.me = cycle  # unreachable once dropped, freed only by a collector pass
    watch = weakref.ref(cycle)
    memory.settle()  # set aside while the first board is open
    del cycle
    gc.collect()
    assert watch() is not None  # frozen: full passes skip it
    memory.settle()  # the next board
    assert watch() is None
    gc.unfreeze()


def test_the_collector_pauses_while_the_window_starts_and_resumes_once_it_is_drawn(qtbot, preferences, board):
    from boardtool.gui.document import BoardDocument
    from boardtool.gui.main_window import MainWindow

    memory.pause_while_starting()
    try:
        win = MainWindow(preferences, BoardDocument(board))
        qtbot.addWidget(win)
        memory.resume_after_first_paint(win)
        assert not gc.isenabled()
        win.show()
        qtbot.waitUntil(gc.isenabled, timeout=memory.RESUME_AT_LATEST_MS // 2)  # at the first paint
        unseen = MainWindow(preferences, BoardDocument(board))
        qtbot.addWidget(unseen)
        memory.pause_while_starting()
        memory.resume_after_first_paint(unseen)  # never shown: resumed after a while all the same
        qtbot.waitUntil(gc.isenabled, timeout=memory.RESUME_AT_LATEST_MS + 2_000)
    finally:
        gc.enable()
    for window in (win, unseen):
        window.doc.undo_stack.setClean()
