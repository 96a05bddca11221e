"""PDF pages as pictures for the preview and the printer, drawn by PDFium (pypdfium2).

PDFium may only be called from one thread at a time, so every call here holds one lock.
The rasterising functions run on worker threads and use no Qt; ``to_qimage`` turns their
result into a picture on the GUI thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtGui import QImage

_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class PagePicture:
    """One rendered page: RGB pixels, their size and the page's size in points."""

    width: int
    height: int
    rgb: bytes
    points: tuple[float, float]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Return each page's (width, height) in points."""
    import pypdfium2

    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return [document.get_page_size(i) for i in range(len(document))]
        finally:
            document.close()


def render_pages(pdf: bytes, dpi: float, pages: range | None = None) -> list[PagePicture]:
    """Return the pages of a PDF drawn at ``dpi`` (all pages unless ``pages`` is given)."""
    import pypdfium2

    pictures = []
    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            for index in pages if pages is not None else range(len(document)):
                page = document[index]
                try:
                    bitmap = page.render(scale=dpi / 72.0)
                    image = bitmap.to_pil().convert("RGB")
                    bitmap.close()
                    pictures.append(PagePicture(image.width, image.height, image.tobytes(), page.get_size()))
                finally:
                    page.close()
        finally:
            document.close()
    return pictures


def to_qimage(picture: PagePicture) -> QImage:
    """Return a QImage that owns a copy of the page's pixels (GUI thread)."""
    image = QImage(picture.rgb, picture.width, picture.height, picture.width * 3, QImage.Format.Format_RGB888)
    return image.copy()
