"""Key images: add by file dialog, drag and drop or paste; thumbnails; caption, label and date."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boardtool.gui.document import BoardDocument, Scope
from boardtool.gui.fields import FieldSpec, Form
from boardtool.gui.imageio import png_bytes, read_image, readable
from boardtool.gui.theme import mark_label
from boardtool.model.errors import BoardError

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.gif *.webp)"
THUMB = 150
MAX_IMAGE_BYTES = 128 * 1024 * 1024


class ImageList(QListWidget):
    """Thumbnails that can be reordered by dragging and take image files dropped on them."""

    def __init__(self, pane: ImagesPane):
        super().__init__(pane)
        self.pane = pane
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setGridSize(QSize(THUMB + 30, THUMB + 44))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Snap)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAcceptDrops(True)
        self.setWordWrap(True)
        self.setAccessibleName("Key images")

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        mime = event.mimeData()
        if mime.hasUrls():
            self.pane.add_files([Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()])
            event.acceptProposedAction()
        elif mime.hasImage():
            self.pane.add_qimage(QImage(mime.imageData()))
            event.acceptProposedAction()
        else:
            source = self.currentRow()
            target = self.indexAt(event.position().toPoint()).row()
            event.ignore()
            self.pane.move(source, target if target >= 0 else self.count() - 1)


class ImagesPane(QWidget):
    """Edits the key images of the current case."""

    def __init__(self, doc: BoardDocument, scope: Scope, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.scope = doc, scope
        self.list = ImageList(self)
        self.message = QLabel(self)
        mark_label(self.message, "problemText")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QHBoxLayout()
        for text, slot, tip in (("&Add images…", self.choose_files, "Add image files"),
                                ("&Paste", self.paste, "Paste a screenshot from the clipboard (Ctrl+V)"),
                                ("Move &left", lambda: self.move(self.list.currentRow(), self.list.currentRow() - 1), ""),
                                ("Move &right", lambda: self.move(self.list.currentRow(), self.list.currentRow() + 1), ""),
                                ("A&nnotate…", self.annotate, "Draw arrows, circles or labels over the selected image"),
                                ("Re&move", self.remove, "Remove the selected image")):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            button.setToolTip(tip)
            buttons.addWidget(button)
            if slot == self.annotate:
                self.annotate_button = button
        buttons.addStretch(1)
        QShortcut(QKeySequence.StandardKey.Paste, self, activated=self.paste,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        details = QWidget(self)
        form_layout = QFormLayout(details)
        self.form = Form(doc, [FieldSpec("label", "Label", hint="e.g. MRI T1 post-contrast, axial"),
                               FieldSpec("caption", "Caption", "multiline", height=50),
                               FieldSpec("date", "Date", "date"),
                               FieldSpec("no_identifiers_confirmed", "Checked: no burned-in identifiers", "bool",
                                         hint="Tick once you have looked: only ticked pictures go into de-identified exports")],
                         form_layout, scope, details, prefix=lambda: f"images.{self.list.currentRow()}.")
        self.details = details
        layout = QVBoxLayout(self)
        hint = QLabel("Drop image files here, add them, or paste a screenshot with Ctrl+V.", self)
        mark_label(hint, "hint")
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(details)
        self.list.currentRowChanged.connect(self._select)

    def editor_for(self, path: str) -> QWidget | None:
        """Return what edits one field of a key image ('images.0.caption'); its marks are drawn
        in the annotation dialog that the Annotate button opens."""
        parts = path.split(".")
        if len(parts) != 3 or not parts[1].isdigit():
            return None
        self.list.setCurrentRow(int(parts[1]))
        if parts[2] == "annotations":
            return self.annotate_button
        editor = self.form.editor_for(path)
        return editor.widget if editor is not None else None

    def _select(self, row: int) -> None:
        """Show the selected picture's details; with none selected, empty fields (never the
        details of a picture shown before, which may be another patient's)."""
        self.details.setEnabled(row >= 0)
        if row >= 0:
            self.form.refresh()
        else:
            self.form.clear()

    # -- adding ----------------------------------------------------------------

    def choose_files(self) -> None:
        board = self.doc.path
        folder = str(board.parent) if board is not None else str(Path.home())
        files, _ = QFileDialog.getOpenFileNames(self, "Add key images", folder, IMAGE_FILTER)
        self.add_files([Path(f) for f in files])

    def add_files(self, paths: list[Path]) -> None:
        problems = []
        for path in paths:
            try:
                if path.stat().st_size > MAX_IMAGE_BYTES:
                    problems.append(f"{path.name}: larger than {MAX_IMAGE_BYTES // 2**20} MB")
                    continue
                data = path.read_bytes()
            except OSError as exc:
                problems.append(f"{path.name}: {exc.strerror}")
                continue
            if not readable(data):
                problems.append(f"{path.name}: not an image boardtool can read")
                continue
            if self._holds(data, path.suffix):
                problems.append(f"{path.name} is already one of this case's key images")
                continue
            self._add(data, path.suffix, "")
        self._say("\n".join(problems))

    def _holds(self, data: bytes, suffix: str) -> bool:
        """Return True when the case already has an image with exactly these bytes."""
        from boardtool.model.images import content_name

        name = content_name(data, suffix)
        return any(image.file == name for image in self.doc.value(self.scope(), "images") or [])

    def _add(self, data: bytes, suffix: str, label: str) -> None:
        """Add an image to the case and select it."""
        self.doc.add_image(self.scope(), data, suffix, label=label)
        self.list.setCurrentRow(self.list.count() - 1)

    def paste(self) -> None:
        """Add the clipboard's image (a screenshot from the imaging viewer) to the case."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasImage():
            self.add_qimage(QImage(QGuiApplication.clipboard().image()))
        elif mime is not None and mime.hasUrls():
            self.add_files([Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()])
        else:
            self._say("The clipboard holds no image. Copy a screenshot first, then paste.")

    def add_qimage(self, image: QImage) -> None:
        if image.isNull():
            self._say("The clipboard image is empty.")
            return
        data = png_bytes(image)
        if self._holds(data, "png"):
            self._say("This picture is already one of this case's key images.")
            return
        self._add(data, "png", "Pasted image")
        self._say("")

    # -- arranging -----------------------------------------------------------

    def move(self, source: int, target: int) -> None:
        images = list(self.doc.value(self.scope(), "images") or [])
        if not (0 <= source < len(images)) or not (0 <= target < len(images)) or source == target:
            return
        images.insert(target, images.pop(source))
        self.doc.edit(self.scope(), "images", images)
        self.list.setCurrentRow(target)

    def annotate(self) -> None:
        """Open the annotation editor for the selected image; its result is one undoable edit."""
        from boardtool.gui.annotate import AnnotateDialog

        row = self.list.currentRow()
        images = list(self.doc.value(self.scope(), "images") or [])
        data = self.doc.board.image_data.get(images[row].file) if 0 <= row < len(images) else None
        if data is None:
            self._say("Select an image that can be shown, then annotate it.")
            return
        case_id, image = self.scope(), images[row]
        self.annotator = AnnotateDialog(data, image.annotations, image.label or "Key image", self)
        self.annotator.accepted.connect(
            lambda: self.doc.edit(case_id, f"images.{row}.annotations", list(self.annotator.marks)))
        self.annotator.open()

    def remove(self) -> None:
        row = self.list.currentRow()
        images = list(self.doc.value(self.scope(), "images") or [])
        if 0 <= row < len(images):
            del images[row]
            self.doc.edit(self.scope(), "images", images)

    # -- showing -------------------------------------------------------------

    def refresh(self) -> None:
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        case_id = self.scope()
        images = self.doc.value(case_id, "images") if case_id else []
        waiting = []
        for image in images or []:
            item = QListWidgetItem(self.list)
            if image.file in _thumbnails:
                self._show_thumbnail(item, image, _thumbnails[image.file])
            else:
                item.setText(f"{image.label or 'Image'} (loading…)")
                waiting.append(image.file)
            item.setToolTip(image.caption)
        self.list.blockSignals(False)
        count = self.list.count()
        self.list.setCurrentRow(min(max(row, 0), count - 1) if count else -1)
        self._select(self.list.currentRow())
        if waiting:
            self._decode_later(case_id, waiting)

    def _show_thumbnail(self, item: QListWidgetItem, image, thumbnail: QImage | None) -> None:
        if thumbnail is None:
            item.setText(f"{image.label or 'Image'} (cannot be shown)")
            return
        item.setIcon(QIcon(_with_marks(QPixmap.fromImage(thumbnail), image.annotations)))
        item.setText(image.label or image.caption[:40] or "Key image")

    def _decode_later(self, case_id, names: list[str]) -> None:
        """Decode the thumbnails not seen before on a worker thread (a scan takes tens of
        milliseconds), then show them if the case is still the one shown."""
        from boardtool.gui.tasks import run_task

        pictures = self.doc.board.image_data

        def decode() -> dict[str, QImage | None]:
            return {name: _read_thumbnail(pictures, name) for name in names}

        def show(decoded: dict[str, QImage | None]) -> None:
            for name, thumbnail in decoded.items():
                _remember(name, thumbnail)
            if self.scope() != case_id:
                return
            images = self.doc.value(case_id, "images") or []
            for row, image in enumerate(images[:self.list.count()]):
                if image.file in decoded:
                    self._show_thumbnail(self.list.item(row), image, decoded[image.file])

        run_task(self, decode, show, lambda _message: show(dict.fromkeys(names)))

    def _say(self, message: str) -> None:
        self.message.setText(message)
        self.message.setVisible(bool(message))


THUMBNAILS_KEPT = 300
_thumbnails: dict[str, QImage] = {}  # by content name: the same name is the same picture


def _remember(name: str, thumbnail: QImage | None) -> None:
    """Keep a thumbnail by content name, so that moving between cases does not decode scans again."""
    if thumbnail is None:
        return
    _thumbnails[name] = thumbnail
    while len(_thumbnails) > THUMBNAILS_KEPT:
        del _thumbnails[next(iter(_thumbnails))]


def _read_thumbnail(pictures, name: str) -> QImage | None:
    """Return a picture's thumbnail read from the board's pictures, or None when it cannot be read."""
    try:
        data = pictures.get(name)
    except BoardError:
        return None
    return None if data is None else _decode_thumbnail(data)


def _decode_thumbnail(data: bytes) -> QImage | None:
    """Return the picture at most THUMB pixels wide and high, turned as its EXIF says, or None."""
    image = read_image(data, THUMB * 2)
    if image.isNull():
        return None
    return image.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


def _with_marks(pixmap: QPixmap, marks) -> QPixmap:
    """Return the thumbnail with its annotations drawn over a copy (the picture is untouched)."""
    if not marks:
        return pixmap
    from boardtool.gui.annotate import paint_marks

    shown = QPixmap(pixmap)
    painter = QPainter(shown)
    paint_marks(painter, QRectF(shown.rect()), marks)
    painter.end()
    return shown
