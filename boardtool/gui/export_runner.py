"""Runs an export job in a process of its own, so that the window answers at once while a large
board is exported; on a worker thread when no such process can be started."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer

from boardtool.export.process import ExportJob, job_bytes, report_from
from boardtool.gui.errors import log_text
from boardtool.gui.tasks import run_task

# The export process finds boardtool and its libraries where this window found them.
BOOT = ("import json, os, sys; sys.path[:] = json.loads(os.environ['BOARDTOOL_SYS_PATH']); "
        "from boardtool.export.process import main; sys.exit(main())")
KEPT_ERROR_OUTPUT = 64 * 1024  # of the process's error output, for the log when it stops unexpectedly
# Pictures held in memory (added and not saved yet) are copied through the pipe; beyond this,
# the export runs in the window's process instead of doubling their memory for a while.
MOST_HELD_BYTES = 256 * 1024 * 1024


def use_process() -> bool:
    """Return True when exports run in a process of their own (not in a bundled application)."""
    return not getattr(sys, "frozen", False)


class ExportRunner(QObject):
    """One export at a time: start it, hear its progress, and get its report or the reason it failed."""

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.process: QProcess | None = None
        self.last_pid: int | None = None  # of the last export process (None when it ran on a thread)
        self._job: ExportJob | None = None
        self._calls: tuple[Callable, Callable, Callable] | None = None
        self._pending = b""
        self._errors = b""
        self._outcome: tuple[str, object] | None = None
        self._on_a_thread = False  # the running export is on a worker thread: full passes are held back

    def start(self, job: ExportJob, on_progress: Callable[[int, int, str], None],
              on_done: Callable[[object], None], on_failed: Callable[[str], None]) -> None:
        """Run the job; exactly one of ``on_done`` (with the report) and ``on_failed`` is called, later."""
        self._job, self._calls = job, (on_progress, on_done, on_failed)
        self._pending, self._errors, self._outcome, self.last_pid = b"", b"", None, None
        if not use_process() or job.pictures.held_size() > MOST_HELD_BYTES:
            self._on_thread()
            return
        process = QProcess(self)
        process.setProgram(sys.executable)
        process.setArguments(["-c", BOOT])
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert("BOARDTOOL_SYS_PATH", json.dumps(sys.path))
        process.setProcessEnvironment(environment)
        process.readyReadStandardOutput.connect(self._read)
        process.readyReadStandardError.connect(self._read_errors)
        process.finished.connect(self._finished)
        process.errorOccurred.connect(self._error)
        self.process = process
        QTimer.singleShot(0, self._launch)  # after the turn that took the board's values: the window answers between

    def _launch(self) -> None:
        process = self.process
        if process is None or self._job is None:
            return
        process.start()
        if process.waitForStarted(10_000):
            self.last_pid = process.processId()
            process.write(job_bytes(self._job))
            process.closeWriteChannel()

    def wait(self, msecs: int) -> bool:
        """Wait for a running export process (when the window closes); True when none is left running."""
        if self.process is None:
            return True
        if self.process.state() == QProcess.ProcessState.NotRunning and self.last_pid is None:
            self._launch()  # asked to wait before the process was started
        if self.process is None:  # it could not be started: the export runs on a thread
            return True
        if not self.process.waitForFinished(msecs):
            self.process.kill()
            self.process.waitForFinished(5_000)
            return False
        return True

    # -- the process ---------------------------------------------------------

    def _read(self) -> None:
        if self.process is None:
            return
        self._pending += bytes(self.process.readAllStandardOutput())
        *lines, self._pending = self._pending.split(b"\n")
        for line in lines:
            try:
                message = json.loads(line) if line.strip() else None
            except ValueError:  # not one of the export's messages: kept for the log, if it fails
                self._errors = (self._errors + line + b"\n")[-KEPT_ERROR_OUTPUT:]
                continue
            if isinstance(message, dict):
                self._heard(message)

    def _read_errors(self) -> None:
        if self.process is not None:
            self._errors = (self._errors + bytes(self.process.readAllStandardError()))[-KEPT_ERROR_OUTPUT:]

    def _heard(self, message: dict) -> None:
        if "progress" in message:
            self._calls[0](*message["progress"])
        elif "done" in message:
            self._outcome = ("done", report_from(message))
        elif "failed" in message:
            self._outcome = ("failed", message["failed"])
        elif "crashed" in message:
            log = log_text("in an export", message["trace"])
            self._outcome = ("failed", f"Unexpected problem: {message['crashed']}. The details are in the log file {log}.")

    def _finished(self, code: int, status) -> None:
        self._read()
        self._read_errors()
        outcome = self._outcome
        if outcome is None:
            log = log_text("in an export", f"The export process stopped (exit code {code}, {status.name}) "
                                           f"before reporting. Its error output:\n"
                                           f"{self._errors.decode('utf-8', 'replace')}")
            outcome = ("failed", f"The export stopped unexpectedly (exit code {code}). "
                                 f"The details are in the log file {log}.")
        self._end(*outcome)

    def _error(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._outcome is None and self.process is not None:
            self._drop_process()
            self._on_thread()  # no process could be started here: the export runs in the window's process

    def _drop_process(self) -> None:
        process, self.process = self.process, None
        for signal in (process.readyReadStandardOutput, process.readyReadStandardError, process.finished,
                       process.errorOccurred):
            signal.disconnect()
        process.deleteLater()

    def _on_thread(self) -> None:
        from boardtool.gui import memory

        memory.hold_full_passes()  # the export's garbage is collected once it ends, not during it
        self._on_a_thread = True
        job = self._job
        run_task(self.parent(), lambda progress: job.run(progress), lambda report: self._end("done", report),
                 lambda message: self._end("failed", message), self._calls[0])

    def _end(self, kind: str, value) -> None:
        if self._on_a_thread:
            from boardtool.gui import memory

            self._on_a_thread = False
            memory.release_full_passes()
        if self.process is not None:
            self._drop_process()
        calls, self._calls, self._job = self._calls, None, None
        if calls is not None:
            (calls[1] if kind == "done" else calls[2])(value)
