"""Printing the PDF summary through the Qt print dialog, with print preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRect
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QMessageBox

from boardtool.gui.pdf_pages import page_sizes, render_pages, to_qimage
from boardtool.gui.rendering import render_request
from boardtool.gui.tasks import run_task

MAX_PRINT_DPI = 300  # finer than a laser printer resolves text at this size; bounds memory per page


def board_pdf(board, request) -> bytes:
    """Return the whole board's PDF summary for a render request (worker thread; no Qt)."""
    from boardtool.export import summary_pdf

    return summary_pdf(board, request)[0]


def paint_pdf(pdf: bytes, printer: QPrinter) -> None:
    """Print the PDF: to a PDF file as it is (text stays text); on paper each page is drawn
    fitted to the printable area."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        from boardtool.store.boardfile import write_atomically

        write_atomically(Path(printer.outputFileName()), pdf)
        return
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        for page in range(len(page_sizes(pdf))):
            if page:
                printer.newPage()
            picture = render_pages(pdf, dpi, range(page, page + 1))[0]
            width_pt, height_pt = picture.points
            area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            scale = min(area.width() / width_pt, area.height() / height_pt)
            painter.drawImage(QRect(0, 0, int(width_pt * scale), int(height_pt * scale)), to_qimage(picture))
    finally:
        painter.end()


class PrintController(QObject):
    """Builds the summary in the background, then prints or previews it."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.pdf = b""

    def _with_pdf(self, then) -> None:
        board = self.window.doc.board.model_copy(deep=True)
        request = render_request(self.window.preferences)
        self.window.statusBar().showMessage("Preparing the summary for printing…")
        run_task(self.window, lambda: board_pdf(board, request), lambda data: self._loaded(data, then), self._failed)

    def _loaded(self, data: bytes, then) -> None:
        self.window.statusBar().clearMessage()
        self.pdf = data
        then()

    def _failed(self, message: str) -> None:
        self.window.statusBar().clearMessage()
        QMessageBox.critical(self.window, "Cannot print", message)

    def print_dialog(self) -> None:
        self._with_pdf(self._print)

    def preview_dialog(self) -> None:
        self._with_pdf(self._preview)

    def _print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            paint_pdf(self.pdf, printer)

    def _preview(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintPreviewDialog(printer, self.window)
        dialog.paintRequested.connect(lambda p: paint_pdf(self.pdf, p))
        dialog.exec()
