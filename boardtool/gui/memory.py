"""The garbage collector and a responsive window.

A full pass of Python's cyclic garbage collector holds every thread still while it walks every
object alive. Over the window of a large board (Qt wrappers, the board, the undo history) and an
export's slides and pages, such passes took from 70 to over 150 ms: the window froze while the
user typed and while an export ran. The window therefore sets the objects alive after opening a
board aside from those passes, and holds full passes back while an export runs in the background.
Objects are still freed as soon as nothing refers to them; only the search for unreachable
cycles among the set-aside objects is skipped."""

from __future__ import annotations

import gc

HELD_BACK = 1_000  # young-generation passes before a full pass while background work runs
RESUME_AT_LATEST_MS = 3_000  # after start, when the window has not been drawn by then
_held: list[tuple[int, int, int]] = []


def pause_while_starting() -> None:
    """Run no collector passes while the window starts (imports and building the window make
    many objects and no garbage worth looking for); see resume_after_first_paint."""
    gc.disable()


def resume_now() -> None:
    """Let the collector run again (start-up ended early)."""
    gc.enable()


def resume_after_first_paint(window) -> None:
    """Let the collector run again once ``window`` has been drawn for the first time (or after
    RESUME_AT_LATEST_MS, whatever became of the window)."""
    import shiboken6
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, _watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                resume()
            return False

    paused = [True]

    def resume() -> None:
        if paused[0]:
            paused[0] = False
            gc.enable()
            if shiboken6.isValid(watcher):
                watcher.deleteLater()  # a deleted filter leaves the window's filters

    watcher = FirstPaint(window)
    window.installEventFilter(watcher)
    QTimer.singleShot(RESUME_AT_LATEST_MS, resume)


def settle() -> None:
    """Set the objects alive now aside from full passes (after a board is opened). What was set
    aside before (the board open until now, say) is looked through once first, so that a
    session opening board after board does not keep the garbage of each."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def hold_full_passes() -> None:
    """Hold full passes back (while an export or other long background work runs)."""
    thresholds = gc.get_threshold()
    _held.append(thresholds)
    gc.freeze()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], HELD_BACK))


def release_full_passes() -> None:
    """Let full passes run again as before ``hold_full_passes``."""
    if _held:
        gc.set_threshold(*_held.pop())
