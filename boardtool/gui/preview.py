"""Live preview: the current case's PDF summary, rebuilt in the background once typing pauses."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from boardtool.gui.document import BoardDocument
from boardtool.gui.pdf_pages import PagePicture, render_pages, to_qimage
from boardtool.gui.rendering import case_preview_request
from boardtool.gui.settings import Preferences
from boardtool.gui.tasks import run_task
from boardtool.gui.theme import mark_label

PREVIEW_DPI = 150  # at most: a narrower view is drawn at the resolution it shows
LEAST_DPI = 48
PAGE_INCHES = 8.5  # the wider of A4 and Letter
WAIT_AT_MOST_MS = 1500  # for the first paint, before previewing anyway


def preview_board(board, case_id: str):
    """Return what the preview's worker reads while the window goes on editing: the meeting and
    the previewed case copied, the other cases shared (only their patients' identifiers, order,
    status and minutes are read, to scrub identifiers and time the agenda), and only the
    previewed case's pictures."""
    case = board.case_by_id(case_id)
    cases = [c.model_copy(deep=True) if c.id == case_id else c.model_copy() for c in board.cases]
    pictures = board.image_data.subset(image.file for image in case.images) if case else board.image_data.subset(())
    return board.model_copy(update={"meeting": board.meeting.model_copy(deep=True), "cases": cases,
                                    "image_data": pictures})


def register_fonts_in_background() -> None:
    """Load the summary's fonts on a thread of their own, so that the first preview need not wait for them."""
    def register() -> None:
        from boardtool.export import fonts

        fonts.register()

    threading.Thread(target=register, name="fonts", daemon=True).start()


def build_pages(board, request, dpi: float = PREVIEW_DPI) -> list[PagePicture]:
    """Return the pages of the PDF summary that a render request asks for, as pictures (worker thread)."""
    from boardtool.export import summary_pdf

    return render_pages(summary_pdf(board, request)[0], dpi)


def dpi_for(width_px: float) -> float:
    """Return the resolution at which a page fills this many device pixels across."""
    return max(LEAST_DPI, min(PREVIEW_DPI, width_px / PAGE_INCHES))


class PageView(QScrollArea):
    """Pages of a PDF one below the other, each fitted to the width of the view."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setBackgroundRole(self.palette().ColorRole.Dark)
        self._pages: list[QPixmap] = []
        self._labels: list[QLabel] = []
        self._fitted = 0  # the width the pages were last scaled to
        self.on_wider = lambda: None  # called when the view grows well beyond the pages' resolution
        holder = QWidget(self)
        self._column = QVBoxLayout(holder)
        self._column.setContentsMargins(6, 6, 6, 6)
        self._column.setSpacing(8)
        self._column.addStretch(1)
        self.setWidget(holder)

    def wanted_dpi(self) -> float:
        """Return the resolution that fills the view's width on this screen."""
        width = self.contentsRect().width() - self.verticalScrollBar().sizeHint().width() - 12
        return dpi_for(max(50, width) * self.devicePixelRatioF())

    def page_count(self) -> int:
        """Return how many pages are shown."""
        return len(self._pages)

    def set_pages(self, pictures: list[PagePicture], keep_position: bool) -> None:
        """Show these pages; keep the scroll position when the same document is refreshed."""
        position = self.verticalScrollBar().value() if keep_position else 0
        self._pages = [QPixmap.fromImage(to_qimage(p)) for p in pictures]
        while len(self._labels) < len(self._pages):
            label = QLabel(self.widget())
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self._column.insertWidget(len(self._labels), label)
            self._labels.append(label)
        for index, label in enumerate(self._labels):
            label.setVisible(index < len(self._pages))
        self._fitted = 0
        self._fit()
        self.verticalScrollBar().setValue(position)

    def clear(self) -> None:
        """Show no pages."""
        self.set_pages([], keep_position=False)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Scale the pages to the view's width, less room for the scroll bar whether or not it shows
        (fitting to the viewport alone, pages that show the bar then hide it, again and again), and
        once per width: a resize that keeps it costs nothing."""
        width = max(50, self.contentsRect().width() - self.verticalScrollBar().sizeHint().width() - 12)
        if width == self._fitted:
            return
        self._fitted = width
        if self._pages and width * self.devicePixelRatioF() > self._pages[0].width() * 1.25:
            self.on_wider()
        for pixmap, label in zip(self._pages, self._labels, strict=False):
            label.setPixmap(pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))


class PreviewPane(QWidget):
    """Shows the PDF summary of the current case and refreshes it after edits."""

    refreshed = Signal()
    _waiting = True  # for the window's first paint: the preview's work must not delay it

    def __init__(self, doc: BoardDocument, preferences: Preferences, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.preferences = doc, preferences
        self.case_id: str | None = None
        self.view = PageView(self)
        self.view.on_wider = lambda: self.schedule()
        self.view.setAccessibleName("Preview of the PDF summary")
        self.status = QLabel("Preview", self)
        mark_label(self.status, "hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.refresh_now)
        self._busy = False
        self._again = False
        self._first_load = True
        QTimer.singleShot(WAIT_AT_MOST_MS, self.begin)  # a window that is never painted still previews
        doc.changed.connect(lambda *_: self.schedule())
        doc.cases_changed.connect(lambda *_: self.schedule())

    def event(self, event) -> bool:
        if self._waiting and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self.begin)
        return super().event(event)

    def begin(self) -> None:
        """Start previewing (once the window has been drawn): load the fonts, draw the case shown."""
        if not self._waiting:
            return
        self._waiting = False
        register_fonts_in_background()
        if self.case_id is not None:
            self.schedule(immediately=True)

    def show_case(self, case_id: str | None) -> None:
        self._first_load = case_id != self.case_id or self._first_load
        self.case_id = case_id
        self.schedule(immediately=True)

    def schedule(self, immediately: bool = False) -> None:
        """Refresh after the typing pause (or at once)."""
        self.timer.start(0 if immediately else int(self.preferences.value("preview_delay_ms")))

    def refresh_now(self) -> None:
        if self._waiting:
            return
        if self.case_id is None or self.doc.board.case_by_id(self.case_id) is None:
            self.view.clear()
            self.status.setText("No case selected")
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        self.status.setText("Updating preview…")
        board = preview_board(self.doc.board, self.case_id)
        request = case_preview_request(self.preferences, self.case_id)
        dpi = self.view.wanted_dpi()
        run_task(self, lambda: build_pages(board, request, dpi), self._loaded, self._failed)

    def _loaded(self, pages: list[PagePicture]) -> None:
        self._busy = False
        keep_position = not self._first_load  # a newly shown case starts at its first page
        self._first_load = False
        self.view.set_pages(pages, keep_position)
        self.status.setText(f"Preview · {self.view.page_count()} page(s)")
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
