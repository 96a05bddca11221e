"""The main window: meeting and cases on the left, the case editor, the live preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from boardtool.gui import memory
from boardtool.gui.agenda_column import AgendaColumn
from boardtool.gui.case_defaults import board_file_name
from boardtool.gui.case_editor import CaseEditor
from boardtool.gui.case_list import CaseList
from boardtool.gui.document import BoardDocument
from boardtool.gui.errors import open_failure
from boardtool.gui.exporting import ExportController
from boardtool.gui.fields import focus
from boardtool.gui.library_pane import install_library_pane
from boardtool.gui.meeting_panel import MeetingPanel
from boardtool.gui.menus import make_actions
from boardtool.gui.preview import PreviewPane
from boardtool.gui.problems import ProblemsController
from boardtool.gui.printing import PrintController
from boardtool.gui.recovery import RecoveryController
from boardtool.gui.undo_keys import UndoKeys
from boardtool.model.board import Board
from boardtool.model.errors import BoardError

BOARD_FILTER = "Boards (*.tboard *.json);;boardtool board (*.tboard);;Plain JSON board (*.json)"

EXPORT_WAIT_AT_CLOSE_MS = 120_000


class MainWindow(QMainWindow):
    """One window, one board."""

    def __init__(self, preferences, doc: BoardDocument | None = None):
        super().__init__()
        self.preferences = preferences
        self.doc: BoardDocument | None = None
        self.setWindowIcon(_icon())
        self.setMinimumSize(960, 560)
        self.checks = ProblemsController(self)
        self.problem_list, self.problems_dock, self.problem_count = self.checks.list, self.checks.dock, self.checks.count
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.problem_count)
        self.exports = ExportController(self)
        self.printing = PrintController(self)
        self.recovery = RecoveryController(self)
        self.undo_keys = UndoKeys(self)
        make_actions(self)
        self.library_pane = install_library_pane(self)
        self.set_document(doc or self._new_document())
        geometry = preferences.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self._fit_screen()

    # -- document ------------------------------------------------------------

    def set_document(self, doc: BoardDocument) -> None:
        """Show a board; the previous one (if any) is dropped."""
        old_central = self.centralWidget()
        if self.doc is not None:
            self.recovery.forget(self.doc.path)
            self.recovery.let_go(self.doc.path)
            self.doc.undo_stack.cleanChanged.disconnect(self._clean_changed)
            self.doc.deleteLater()
        self.doc = doc
        doc.setParent(self)
        self.recovery.hold(doc.path)
        self.meeting = MeetingPanel(doc)
        self.cases = CaseList(doc)
        self.editor = CaseEditor(doc, self.preferences)
        self.preview = PreviewPane(doc, self.preferences)
        self.setCentralWidget(self._layout())
        if old_central is not None:
            old_central.deleteLater()
        self.cases.case_selected.connect(self._case_selected)
        self.cases.itemClicked.connect(lambda _item: self.show_case_editor())
        doc.undo_stack.cleanChanged.connect(self._clean_changed)
        self.checks.watch(doc)
        doc.path_changed.connect(self._update_title)
        doc.failed.connect(lambda message: self.statusBar().showMessage(message, 6000))
        self.undo_action.setEnabled(doc.undo_stack.canUndo())
        self.redo_action.setEnabled(doc.undo_stack.canRedo())
        doc.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        doc.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.cases.refresh()
        self._update_title()
        self.undo_keys.watch(self.centralWidget())
        self.check_now()
        self.library_pane.follow(doc)
        memory.settle()  # the window and the board: out of the collector's full passes

    def _layout(self) -> QWidget:
        self.agenda = AgendaColumn(self)
        meeting_page = QScrollArea()
        meeting_page.setWidgetResizable(True)
        meeting_page.setWidget(self.meeting)
        self.centre = QStackedWidget()
        self.centre.addWidget(self.editor)
        self.centre.addWidget(meeting_page)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.agenda)
        split.addWidget(self.centre)
        split.addWidget(self.preview)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 2)
        width = self.width() if self.isVisible() else min(1440, self.screen().availableGeometry().width())
        left = max(220, width // 6)
        split.setSizes([left, (width - left) * 3 // 5, (width - left) * 2 // 5])
        return split

    def show_meeting(self) -> None:
        """Show the meeting's editor in the centre."""
        self.centre.setCurrentIndex(1)
        focus(self.meeting.form.editors["title"].widget)

    def show_case_tab(self, index: int) -> None:
        """Show one tab of the case editor and put the focus in it."""
        self.show_case_editor()
        self.editor.setCurrentIndex(index)
        self.editor.currentWidget().setFocus()
        self.editor.currentWidget().focusNextChild()

    def show_case_editor(self) -> None:
        """Show the case editor in the centre."""
        self.centre.setCurrentIndex(0)

    def _fit_screen(self) -> None:
        """Open at a comfortable size that fits the screen's free area."""
        screen = self.screen().availableGeometry()
        width, height = min(1440, screen.width()), min(900, screen.height())
        self.resize(max(width, 640), max(height, 480))
        self.move(screen.x() + (screen.width() - self.width()) // 2, screen.y() + (screen.height() - self.height()) // 2)

    def _case_selected(self, case_id) -> None:
        self.show_case_editor()
        self.editor.set_case(case_id)
        self.preview.show_case(case_id)
        self._show_case_problems()

    def _clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _update_title(self) -> None:
        name = self.doc.path.name if self.doc.path else "Untitled board"
        self.setWindowTitle(f"{name}[*] — boardtool")
        self.setWindowModified(not self.doc.undo_stack.isClean())

    # -- actions -------------------------------------------------------------

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.preferences.recent_files()
        if not files:
            self.recent_menu.addAction("(none)").setEnabled(False)
        for number, path in enumerate(files, start=1):
            action = self.recent_menu.addAction(f"&{number} {path}")
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(Path(p)))

    # -- files ---------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Ask before losing unsaved changes; return True when it is safe to go on."""
        if self.doc is None or self.doc.undo_stack.isClean():
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                          "This board has changes that are not saved. Save them first?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _new_document(self) -> BoardDocument:
        return BoardDocument(meeting_day=self.preferences.value("meeting_day"))

    def new_board(self) -> None:
        if self.maybe_save():
            self.set_document(self._new_document())

    def close_board(self) -> None:
        self.new_board()

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open board", self._folder(), BOARD_FILTER)
        if path:
            self.open_path(Path(path), asked=True)

    def open_path(self, path: Path, asked: bool = False, board: Board | None = None) -> bool:
        """Open a board file (``board``: its content, when read already); say clearly why when it cannot be opened."""
        if not asked and not self.maybe_save():
            return False
        if not self.recovery.may_open(Path(path)):
            return False
        try:
            doc = BoardDocument(board, Path(path)) if board is not None else BoardDocument.open(path)
        except BoardError as exc:
            QMessageBox.critical(self, "Cannot open the board", open_failure(Path(path), exc))
            return False
        self.set_document(doc)
        self.opened(path)
        return True

    def opened(self, path: Path) -> None:
        """Note a board file just shown: first among the recent boards, and in the status bar."""
        self.preferences.add_recent(str(path))
        self.statusBar().showMessage(f"Opened {path}", 4000)

    def open_sample(self) -> None:
        if not self.maybe_save():
            return
        from boardtool.samples import sample_board

        self.set_document(BoardDocument(sample_board()))
        self.statusBar().showMessage("Opened the fictional sample board (not saved)", 5000)

    def save(self) -> bool:
        if not self.refusals_accepted("Save"):
            return False
        if self.doc.path is None:
            return self.save_as(asked=True)
        return self._save_to(self.doc.path)

    def save_as(self, asked: bool = False) -> bool:
        if not asked and not self.refusals_accepted("Save"):
            return False
        meeting = self.doc.board.meeting
        suggested = str(self.doc.path or Path(self._folder()) / board_file_name(meeting.title, meeting.date))
        path, _ = QFileDialog.getSaveFileName(self, "Save board as", suggested, BOARD_FILTER)
        if not path:
            return False
        target = Path(path)
        if target.suffix.lower() not in (".tboard", ".json"):
            target = target.with_suffix(".tboard")
        return self._save_to(target)

    def _save_to(self, path: Path) -> bool:
        previous = self.doc.path
        if previous != path and not self.recovery.may_open(path):
            return False
        try:
            self.doc.save(path)
        except BoardError as exc:
            QMessageBox.critical(self, "Cannot save the board", f"{exc}\n\nYour changes are still open here.")
            return False
        if previous != path:
            self.recovery.let_go(previous)
            self.recovery.hold(path)
        self.recovery.forget(previous)
        self.recovery.forget(path)
        self.preferences.add_recent(str(path))
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def refusals_accepted(self, doing: str, case_id: str | None = None, everything: bool = True) -> bool:
        """Warn that fields hold values the board did not take; return True to go on."""
        refused = [r for (c, _p), r in self.doc.refused.items() if everything or c == case_id]
        if not refused:
            return True
        listed = "\n".join(f"• {r.label}: '{r.text}' ({r.message})" for r in refused[:8])
        box = QMessageBox(QMessageBox.Icon.Warning, "Values not accepted",
                          f"{len(refused)} field(s) hold a value that was not accepted:\n\n{listed}\n\n"
                          f"The board keeps the previous value of each. {doing} anyway?",
                          QMessageBox.StandardButton.NoButton, self)
        go = box.addButton(f"{doing} anyway", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is go

    def _folder(self) -> str:
        return str(self.doc.path.parent) if self.doc and self.doc.path else str(Path.home())

    # -- cases ---------------------------------------------------------------

    def add_case(self) -> None:
        self.doc.add_case()
        self.editor.setCurrentIndex(0)
        focus(self.editor.widget_for("patient.name"))

    def duplicate_case(self) -> None:
        case_id = self.cases.current_case_id()
        if case_id:
            self.doc.duplicate_case(case_id)

    def remove_case(self) -> None:
        case_id = self.cases.current_case_id()
        case = self.doc.board.case_by_id(case_id) if case_id else None
        if case is None:
            return
        answer = QMessageBox.question(
            self, "Remove case", f"Remove the case of {case.patient.name or 'this patient'} from the board?\n"
            "You can undo this with Ctrl+Z.")
        if answer == QMessageBox.StandardButton.Yes:
            self.doc.remove_case(case_id)

    # -- problems ------------------------------------------------------------

    @property
    def problems(self) -> list:
        """Return the problems found by the last check."""
        return self.checks.problems

    def check_now(self) -> list:
        """Run the clinical checks and show their results at the fields and in the list."""
        return self.checks.check_now()

    def _show_case_problems(self) -> None:
        self.checks.show_at_fields()

    def show_problems(self) -> None:
        self.checks.show_list()

    # -- preferences and help ------------------------------------------------

    def edit_preferences(self) -> None:
        from boardtool.gui.preferences_dialog import PreferencesDialog

        PreferencesDialog(self.preferences, self).exec()
        self.preview.schedule(immediately=True)
        self.recovery.restart()

    def about(self) -> None:
        from boardtool import __version__

        QMessageBox.about(self, "About boardtool",
                          f"<b>boardtool {__version__}</b><p>Prepares and records multidisciplinary "
                          "tumour-board meetings: a PowerPoint deck for the meeting and a PDF summary to "
                          "print, sign and file.</p>")

    def open_url(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # -- closing -------------------------------------------------------------

    def closeEvent(self, event) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.preferences.set_geometry(self.saveGeometry())
        from boardtool.gui.tasks import wait_for_tasks

        if self.exports.running:  # let the export finish writing its files
            self.statusBar().showMessage("Finishing the export before closing…")
            self.exports.finish_before_closing(EXPORT_WAIT_AT_CLOSE_MS)
        wait_for_tasks(10_000)
        self.recovery.forget(self.doc.path)
        self.recovery.let_go(self.doc.path)
        event.accept()


def _icon():
    from PySide6.QtGui import QIcon

    from boardtool import resources

    return QIcon(str(resources.assets_dir() / "icons" / "boardtool.png"))
