"""Pictures read and written with Qt, from the window and from its workers.

Qt creates its image readers and writers under one lock of its own, and asks Python (under the
interpreter lock) about a buffer made in Python while it holds that lock; a worker that asks Qt
for a picture's size holds the interpreter lock while it waits for Qt's. The two could wait for
each other for ever (the window froze opening the annotator while thumbnails were decoded).
One lock of boardtool's own keeps reading and writing pictures to one thread at a time."""

from __future__ import annotations

import threading

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader

_ONE_AT_A_TIME = threading.Lock()


def read_image(data: bytes, most: int | None = None) -> QImage:
    """Return the picture turned upright from its EXIF orientation (as the exports show it),
    decoded at about ``most`` pixels at most across when given; a null image when unreadable."""
    with _ONE_AT_A_TIME:
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        reader.setAutoTransform(True)
        if most is not None:
            size = reader.size()
            if size.isValid() and (size.width() > most or size.height() > most):
                reader.setScaledSize(size.scaled(most, most, Qt.AspectRatioMode.KeepAspectRatio))
        return reader.read()


def png_bytes(image: QImage) -> bytes:
    """Return a picture (a pasted screenshot) as PNG bytes."""
    with _ONE_AT_A_TIME:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data)


def readable(data: bytes) -> bool:
    """Return True when Qt can read these bytes as a picture."""
    with _ONE_AT_A_TIME:
        return not QImage.fromData(data).isNull()
