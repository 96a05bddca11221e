"""File › Add DICOM image…: a viewer with slice and frame sliders, window presets and a live
preview; the picture is added to the case only when the user says so (one undo step)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from boardtool.gui.document import BoardDocument
from boardtool.gui.theme import mark_label
from boardtool.intake.dicom import DicomImage, Preset, open_dicom, series_files
from boardtool.intake.dicom_import import header_facts, key_image
from boardtool.intake.dicom_render import Rendering, render
from boardtool.model.errors import BoardError

DICOM_FILTER = "DICOM files (*.dcm *.dicom *.ima);;All files (*)"
CUSTOM = "custom window"
PREVIEW = 480


class DicomViewer(QDialog):
    """Choose the slice, frame and window of a DICOM image and add its pixels to a case."""

    def __init__(self, doc: BoardDocument, case_id: str, files: list[Path], parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.case_id, self.files = doc, case_id, files
        self.image: DicomImage | None = None
        self.rendering: Rendering | None = None
        self.setWindowTitle("Add DICOM image")
        self.preview = QLabel(self)
        self.preview.setMinimumSize(PREVIEW, PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setAccessibleName("Preview")
        self.slice = self._slider("Slice of the series")
        self.frame = self._slider("Frame")
        self.presets = QComboBox(self)
        self.presets.setAccessibleName("Window")
        self.center, self.width = self._spin("Window centre", -5000, 5000), self._spin("Window width", 1, 20000)
        self.caption, self.label = QLineEdit(self), QLineEdit(self)
        self.label.setPlaceholderText("e.g. MRI T1 post-contrast, axial")
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        mark_label(self.warning, "problemText")
        self.confirm = QCheckBox("I have looked at the picture: it shows no patient name, number or date", self)
        self.info = QLabel(self)
        self.buttons = QDialogButtonBox(self)
        self.add_button = self.buttons.addButton("&Add to case", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.timer = QTimer(self, singleShot=True, interval=60)
        self.timer.timeout.connect(self.draw)
        self._layout()
        self.slice.setRange(1, len(files))
        self.slice.setValue((len(files) + 1) // 2)
        self.form.setRowVisible(self.slice_row, len(files) > 1)
        self.slice.valueChanged.connect(lambda _v: self.load())
        self.frame.valueChanged.connect(lambda _v: self.timer.start())
        self.presets.currentIndexChanged.connect(self._preset_chosen)
        self.center.valueChanged.connect(lambda _v: self._custom())
        self.width.valueChanged.connect(lambda _v: self._custom())
        self.confirm.toggled.connect(lambda _on: self._update_button())

    def _slider(self, name: str) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal, self)
        slider.setAccessibleName(name)
        slider.setMinimum(1)
        slider.setPageStep(5)
        count = QLabel(self)
        count.setMinimumWidth(70)
        slider.valueChanged.connect(lambda value: count.setText(f"{value} of {slider.maximum()}"))
        slider.rangeChanged.connect(lambda _low, high: count.setText(f"{slider.value()} of {high}"))
        slider.count_label = count
        return slider

    def _slider_row(self, slider: QSlider) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(slider, 1)
        layout.addWidget(slider.count_label)
        return row

    def _spin(self, name: str, low: float, high: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setAccessibleName(name)
        spin.setRange(low, high)
        spin.setDecimals(0)
        spin.setKeyboardTracking(False)
        return spin

    def _layout(self) -> None:
        form = QFormLayout()
        self.form = form
        self.slice_row, self.frame_row = self._slider_row(self.slice), self._slider_row(self.frame)
        form.addRow("&Slice:", self.slice_row)
        form.addRow("&Frame:", self.frame_row)
        form.labelForField(self.slice_row).setBuddy(self.slice)
        form.labelForField(self.frame_row).setBuddy(self.frame)
        form.addRow("&Window:", self.presets)
        self.window_row = QWidget(self)
        window = QHBoxLayout(self.window_row)
        window.setContentsMargins(0, 0, 0, 0)
        window.addWidget(QLabel("centre", self))
        window.addWidget(self.center)
        window.addWidget(QLabel("width", self))
        window.addWidget(self.width)
        form.addRow("", self.window_row)
        form.addRow("&Caption:", self.caption)
        form.addRow("&Label:", self.label)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addWidget(self.info)
        side.addWidget(self.warning)
        side.addWidget(self.confirm)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.preview, 3)
        row.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.buttons)

    # -- showing -------------------------------------------------------------

    def load(self) -> bool:
        """Open the chosen slice's file; say why when it cannot be used."""
        path = self.files[self.slice.value() - 1]
        try:
            image = open_dicom(path)
        except BoardError as exc:
            QMessageBox.warning(self, "Cannot use this DICOM file", str(exc))
            return False
        self.image = image
        for widget in (self.frame, self.presets):
            widget.blockSignals(True)
        self.frame.setRange(1, image.frames)
        self.frame.setValue(image.middle_frame() + 1)
        self.form.setRowVisible(self.frame_row, image.frames > 1)
        self.presets.clear()
        for preset in image.presets:
            self.presets.addItem(preset.label, preset)
        if image.grey:
            self.presets.addItem(CUSTOM, None)
        for widget in (self.frame, self.presets):
            widget.blockSignals(False)
        self.frame.count_label.setText(f"{self.frame.value()} of {image.frames}")
        self.slice.count_label.setText(f"{self.slice.value()} of {len(self.files)}")
        self.form.setRowVisible(self.window_row, image.grey)
        self._show_window_fields(image.presets[0])
        case = self.doc.board.case_by_id(self.case_id)
        self.caption.setText(header_facts(image, case).caption)
        self.warning.setText(image.warning)
        self.warning.setVisible(bool(image.warning))
        self.confirm.setChecked(False)
        self.draw()
        return True

    def _show_window_fields(self, preset: Preset | None) -> None:
        grey = self.image is not None and self.image.grey
        for spin in (self.center, self.width):
            spin.setEnabled(grey)
            spin.blockSignals(True)
        if preset is not None and preset.center is not None:
            self.center.setValue(preset.center)
            self.width.setValue(preset.width)
        for spin in (self.center, self.width):
            spin.blockSignals(False)

    def _preset_chosen(self, _index: int) -> None:
        self._show_window_fields(self.presets.currentData())
        self.timer.start()

    def _custom(self) -> None:
        if self.presets.currentText() != CUSTOM:
            self.presets.blockSignals(True)
            self.presets.setCurrentIndex(self.presets.findText(CUSTOM))
            self.presets.blockSignals(False)
        self.timer.start()

    def draw(self) -> None:
        """Render the chosen frame with the chosen window into the preview."""
        if self.image is None:
            return
        preset = self.presets.currentData()
        window = (self.center.value(), self.width.value()) if preset is None and self.image.grey else None
        try:
            self.rendering = render(self.image, self.frame.value() - 1, preset, window)
        except BoardError as exc:
            self.rendering = None
            self.preview.setText(str(exc))
            self._update_button()
            return
        pixels = self.rendering.pixels
        height, width = pixels.shape[:2]
        kind = QImage.Format.Format_RGB888 if pixels.ndim == 3 else QImage.Format.Format_Grayscale8
        picture = QImage(pixels.data, width, height, pixels.strides[0], kind).copy()
        self.preview.setPixmap(QPixmap.fromImage(picture).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        self.info.setText(f"{self.image.modality or 'image'} · {width}×{height} · frame {self.rendering.frame + 1} "
                          f"of {self.image.frames} · window {self.rendering.window}")
        self._update_button()

    def _update_button(self) -> None:
        looked = not (self.image and self.image.warning) or self.confirm.isChecked()
        self.add_button.setEnabled(self.rendering is not None and looked)

    # -- adding --------------------------------------------------------------

    def accept(self) -> None:
        if self.rendering is None or self.image is None or not self.add_button.isEnabled():
            return
        case = self.doc.board.case_by_id(self.case_id)
        record = key_image(self.doc.board, case, self.image, self.rendering, self.label.text(),
                           self.confirm.isChecked())
        record = record.model_copy(update={"caption": self.caption.text().strip()})
        self.doc.edit(self.case_id, "images", [*case.images, record])
        super().accept()


def add_dicom_image(window, folder: bool = False) -> None:
    """Ask for a DICOM file (or a series folder) and open the viewer for the selected case."""
    case_id = window.cases.current_case_id()
    if not case_id:
        QMessageBox.information(window, "Add DICOM image", "Select the case the image belongs to first.")
        return
    start = str(window.doc.path.parent) if window.doc.path else ""
    if folder:
        chosen = QFileDialog.getExistingDirectory(window, "Add DICOM image from a series folder", start)
        try:
            files = series_files(Path(chosen)) if chosen else []
        except BoardError as exc:
            QMessageBox.warning(window, "Cannot use this folder", str(exc))
            return
    else:
        path, _ = QFileDialog.getOpenFileName(window, "Add DICOM image", start, DICOM_FILTER)
        files = [Path(path)] if path else []
    if not files:
        return
    viewer = DicomViewer(window.doc, case_id, files, window)
    if viewer.load():
        window.dicom_viewer = viewer
        viewer.open()
