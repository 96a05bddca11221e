"""Live preview: the current case's PDF summary, rebuilt in the background once typing pauses."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from boardtool.gui.tasks import run_task


def build_case_pdf(board, case_id: str, deidentify: bool, paper: str, relative_dates: bool = False) -> bytes:
    """Return the PDF summary of one case (runs on a worker thread; no Qt here)."""
    from boardtool.export.summary import SummaryOptions, write_summary
    from boardtool.model.catalog import load_catalog
    from boardtool.outline import build_outline

    outline = build_outline(board, load_catalog(board.disease), deidentify=deidentify, case_id=case_id,
                            relative_dates=relative_dates)
    data, _ = write_summary(outline, SummaryOptions(paper=paper, meeting_pages=False))
    return data


class PreviewPane(QWidget):
    """Shows the PDF summary of the current case and refreshes it after edits."""

    refreshed = Signal()

    def __init__(self, doc, preferences, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.preferences = doc, preferences
        self.case_id: str | None = None
        self.pdf = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("Preview of the PDF summary")
        self.status = QLabel("Preview", self)
        self.status.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.refresh_now)
        self._busy = False
        self._again = False
        self._buffer: QBuffer | None = None
        self._first_load = True
        doc.changed.connect(lambda *_: self.schedule())
        doc.cases_changed.connect(lambda *_: self.schedule())

    def show_case(self, case_id: str | None) -> None:
        self._first_load = case_id != self.case_id or self._first_load
        self.case_id = case_id
        self.schedule(immediately=True)

    def schedule(self, immediately: bool = False) -> None:
        """Refresh after the typing pause (or at once)."""
        self.timer.start(0 if immediately else int(self.preferences.value("preview_delay_ms")))

    def refresh_now(self) -> None:
        if self.case_id is None or self.doc.board.case_by_id(self.case_id) is None:
            self.pdf.close()
            self.status.setText("No case selected")
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        self.status.setText("Updating preview…")
        board = self.doc.board.model_copy(deep=True)  # the worker gets its own copy
        deidentify = bool(self.preferences.value("deidentify"))
        paper = self.preferences.value("paper")
        case_id = self.case_id
        relative = bool(self.preferences.value("relative_dates"))
        run_task(self, lambda: build_case_pdf(board, case_id, deidentify, paper, relative), self._loaded, self._failed)

    def _loaded(self, data: bytes) -> None:
        self._busy = False
        page = self.view.pageNavigator().currentPage()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self._buffer)
        keep_page = not self._first_load  # a newly shown case starts at its first page
        self._first_load = False
        if keep_page and 0 < page < self.pdf.pageCount():
            self.view.pageNavigator().jump(page, self.view.pageNavigator().currentLocation())
        self.status.setText(f"Preview · {self.pdf.pageCount()} page(s)")
        self.refreshed.emit()
        if self._again:
            self._again = False
            self.schedule(immediately=True)

    def _failed(self, message: str) -> None:
        self._busy = False
        self.status.setText(f"Preview not available: {message}")
        if self._again:
            self._again = False
            self.schedule(immediately=True)
