"""Export from the window: choose files, warn about problems, run off the GUI thread, report."""

from __future__ import annotations

from copy import copy
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from boardtool.export.process import ExportJob
from boardtool.gui.export_runner import ExportRunner
from boardtool.gui.rendering import render_request
from boardtool.model.errors import BoardError

MAX_LISTED = 8


class ExportController(QObject):
    """Runs the same export function as the command line, with progress and clear results."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.running = False
        self.last_report = None
        self.last_error = ""
        self._request, self._cases, self._origin = None, [], None  # of the export running
        self._draft = False  # the board had problems when the export was accepted: mark it DRAFT
        self.runner = ExportRunner(self)
        self.closing = False  # the window waits for this export before it closes

    def finish_before_closing(self, msecs: int) -> None:
        """Let a running export finish writing its files (the window is closing)."""
        self.closing = True
        self.runner.wait(msecs)

    def start(self, deck: bool, pdf: bool) -> bool:
        """Ask for the destination(s) and start the export; return False if it did not start."""
        if self.running:
            self.window.statusBar().showMessage("An export is already running.", 4000)
            return False
        doc = self.window.doc
        if not self._problems_accepted():
            return False
        stem = doc.path.stem if doc.path else "board"
        folder = doc.path.parent if doc.path else Path.home()
        compact = self.window.preferences.value("deck") == "compact"
        title, name = ("Export compact deck (overview and discussion)", f"{stem}-deck-compact.pptx") if compact else \
            ("Export deck", f"{stem}-deck.pptx")
        pptx = self._ask(title, folder / name, "PowerPoint deck (*.pptx)", ".pptx") if deck else None
        if deck and pptx is None:
            return False
        target = pptx.parent if pptx else folder
        summary = self._ask("Export PDF summary", target / f"{stem}-summary.pdf", "PDF (*.pdf)", ".pdf") if pdf else None
        if pdf and summary is None:
            return False
        self._run(pptx, summary)
        return True

    def start_per_case(self, letters: bool = False) -> bool:
        """Ask for a folder and write one PDF per case into it (or one outcome letter per case)."""
        if self.running:
            self.window.statusBar().showMessage("An export is already running.", 4000)
            return False
        if not self._problems_accepted():
            return False
        doc = self.window.doc
        title = "Folder for the outcome letters" if letters else "Folder for one PDF per patient"
        folder = QFileDialog.getExistingDirectory(self.window, title, str(doc.path.parent if doc.path else Path.home()))
        if not folder:
            return False
        template = self.window.preferences.value("letter_template")
        self._start("letters" if letters else "per_case", folder=Path(folder),
                    letter_template=Path(template) if template and letters else None)
        return True

    def _problems_accepted(self) -> bool:
        problems = self.window.check_now()
        self._draft = bool(problems)
        if not problems:
            return True
        listed = "\n".join(f"• {p}" for p in problems[:MAX_LISTED])
        more = f"\n… and {len(problems) - MAX_LISTED} more (F8 lists them all)" if len(problems) > MAX_LISTED else ""
        refused = len(self.window.doc.refused)
        kept = (f"{refused} field(s) hold a value that was not accepted; the export shows the previous value "
                "of each.\n\n") if refused else ""
        box = QMessageBox(QMessageBox.Icon.Warning, "The board has problems",
                          f"{len(problems)} problem(s) were found:\n\n{listed}{more}\n\n{kept}"
                          "Export this draft anyway?", QMessageBox.StandardButton.NoButton, self.window)
        go = box.addButton("Export anyway", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is go

    def _ask(self, title: str, suggested: Path, pattern: str, suffix: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self.window, title, str(suggested), pattern)
        if not path:
            return None
        path = Path(path)
        return path if path.suffix.lower() == suffix else path.with_suffix(suffix)

    def _run(self, pptx: Path | None, pdf: Path | None) -> None:
        self._start("board", pptx=pptx, pdf=pdf)

    def _start(self, kind: str, folder: Path | None = None, letter_template: Path | None = None, **where) -> None:
        """Export the board as it is now in a process of its own (see ExportRunner): its values
        are taken here at once, so that later edits in the window do not reach the export."""
        board = self.window.doc.board
        request = replace(render_request(self.window.preferences, board_file=self.window.doc.path, **where),
                          draft=self._draft)
        job = ExportJob(kind, board.model_dump_json(), copy(board.image_data), request, folder, letter_template)
        self._request, self._cases, self._origin = request, [case.id for case in board.cases], library_meeting(self.window)
        self.running = True
        bar = self.window.progress
        bar.setRange(0, 0)
        bar.show()
        self.window.statusBar().showMessage("Exporting…")
        self.runner.start(job, self._progress, self._done, self._failed)

    def _progress(self, done: int, total: int, message: str) -> None:
        bar = self.window.progress
        bar.setRange(0, max(total, 1))
        bar.setValue(done)
        self.window.statusBar().showMessage(message)

    def _finish(self) -> None:
        self.running = False
        self.window.progress.hide()
        self.window.statusBar().clearMessage()

    def _done(self, report) -> None:
        self._finish()
        self.last_report = report
        compact = " (compact)" if self._request.deck == "compact" else ""
        written = "\n".join(f"{kind[0].upper()}{kind[1:]}{compact if kind == 'deck' else ''}: {path}"
                            for kind, path in report.written)
        if self._request.draft:
            written += "\n\nThe board had problems: every page and slide is marked DRAFT."
        left_out = "".join(f"\n• left out {item}" for item in report.left_out)
        audit = self._record_in_library(report)
        if self.closing:  # the window is closing: the files are written, nothing to ask (a failure is still said)
            return
        box = QMessageBox(QMessageBox.Icon.Information, "Export finished", f"Written:\n{written}{left_out}{audit}",
                          QMessageBox.StandardButton.NoButton, self.window)
        open_button = box.addButton("Open", QMessageBox.ButtonRole.AcceptRole)
        folder_button = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        first = report.written[0][1] if report.written else None
        if first is not None and box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(first)))
        elif first is not None and box.clickedButton() is folder_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(first).parent)))

    def _record_in_library(self, report) -> str:
        """Write the export to the library's audit trail when the board came from the library;
        return a line for the report ('' when the board is not a library meeting)."""
        if self._origin is None or not report.written:
            return ""
        pane, meeting_id = self._origin
        from boardtool.library.meetings import record_export

        try:
            library = pane.connect_library()
            if library is None:
                raise BoardError(pane.where.text() or "the library cannot be reached")
            for _kind, path in report.written:
                record_export(library, meeting_id, self._cases, Path(path).suffix.lstrip(".").lower(),
                              deidentify=self._request.deidentify, via="window")
        except BoardError as exc:
            return f"\n\n⚠ The library's audit trail could not record this export: {exc}"
        return "\n\nRecorded in the library's audit trail."

    def _failed(self, message: str) -> None:
        self._finish()
        self.last_error = message
        QMessageBox.critical(self.window, "Export failed", f"{message}\n\nNothing was overwritten.")


def library_meeting(window) -> tuple[object, str] | None:
    """Return (library pane, meeting id) when the window's board is a meeting opened from (or saved
    to) the department library; None otherwise."""
    pane = getattr(window, "library_pane", None)
    opened = getattr(pane, "opened", None)
    if opened is None or pane.opened_doc is not window.doc or opened.meeting_id is None:
        return None
    return pane, opened.meeting_id
