"""Long work off the GUI thread through one helper; results come back by signal."""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from boardtool.model.errors import BoardError


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int, str)


class _Task(QRunnable):
    def __init__(self, work: Callable[..., Any], signals: _Signals, with_progress: bool):
        super().__init__()
        self.work, self.signals, self.with_progress = work, signals, with_progress
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            if self.with_progress:
                result = self.work(lambda done, total, text: self.signals.progress.emit(done, total, text))
            else:
                result = self.work()
        except BoardError as exc:
            self._send(self.signals.failed, str(exc))
        except Exception as exc:  # a worker must never take the window down
            from boardtool.gui.errors import log_exception

            log = log_exception("in a background task", exc)
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            self._send(self.signals.failed, f"Unexpected problem: {detail}. The details are in the log file {log}.")
        else:
            self._send(self.signals.done, result)

    @staticmethod
    def _send(signal, value) -> None:
        with contextlib.suppress(RuntimeError):  # the application closed while the work ran
            signal.emit(value)


_running: set[_Signals] = set()


def run_task(owner: QObject, work: Callable[..., Any], on_done: Callable[[Any], None],
             on_failed: Callable[[str], None], on_progress: Callable[[int, int, str], None] | None = None) -> None:
    """Run ``work`` on the thread pool; call back on the GUI thread with its result or error,
    unless ``owner`` (the widget that asked) has been closed in the meantime.

    With ``on_progress``, ``work`` receives a function (done, total, message) to report with."""
    signals = _Signals()
    _running.add(signals)

    def finish(callback, value):
        _running.discard(signals)
        if shiboken6.isValid(owner):
            callback(value)

    signals.done.connect(lambda value: finish(on_done, value))
    signals.failed.connect(lambda message: finish(on_failed, message))
    if on_progress is not None:
        signals.progress.connect(lambda *args: shiboken6.isValid(owner) and on_progress(*args))
    QThreadPool.globalInstance().start(_Task(work, signals, on_progress is not None))


def wait_for_tasks(msecs: int = 30_000) -> bool:
    """Wait for every running task (used at exit and in tests); True when all finished."""
    return QThreadPool.globalInstance().waitForDone(msecs)
