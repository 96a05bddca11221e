"""Form fields from declarations: one editor per model field, bound through the undo stack."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QTabWidget,
    QWidget,
)

from boardtool.gui import dates, theme
from boardtool.gui.document import BoardDocument, Refusal, Scope

Choices = Callable[[Any], list[tuple[Any, str]]]  # catalog → [(value, label)]


@dataclass(frozen=True)
class FieldSpec:
    """One editable field: where it lives in the model, its label and its kind of value."""

    path: str
    label: str
    kind: str = "text"  # text, multiline, lines, date, datetime, time, int, float, choice, bool
    choices: Choices | tuple = ()
    hint: str = ""
    height: int = 0


@dataclass(frozen=True)
class FieldRow:
    """Fields read together on one line of a form under one label (an examination: date, result)."""

    label: str
    fields: tuple[FieldSpec, ...]
    captions: tuple[str, ...] = ()  # a short caption before each field after the first

    @property
    def path(self) -> str:
        """Return the record the fields belong to ('staging.mri_brain')."""
        return self.fields[0].path.rpartition(".")[0]


def parse(kind: str, text: str) -> Any:
    """Return the typed value of a field's text (None when empty); raise ValueError with advice."""
    text = text.strip()
    if kind in ("date", "time", "datetime", "int", "float") and not text:
        return None
    if kind == "date":
        return dates.parse_date(text)
    if kind == "datetime":
        return dates.parse_datetime(text)
    try:
        if kind == "time":
            short = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text)  # 7:30 and 7.30 as typed on a clock
            return dt.time(int(short[1]), int(short[2])) if short else dt.time.fromisoformat(text)
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text.replace(",", "."))
    except ValueError:
        advice = {"time": "use HH:MM", "int": "enter a whole number", "float": "enter a number"}[kind]
        raise ValueError(advice) from None
    return text


def show(kind: str, value: Any) -> str:
    """Return the text a field shows for a model value."""
    if value is None:
        return ""
    if kind == "datetime":
        return value.strftime("%Y-%m-%d %H:%M")
    if kind == "time":
        return value.strftime("%H:%M")
    if kind == "float":
        return f"{value:g}"
    if kind == "lines":
        return "\n".join(value)
    return str(value)


class ChoiceBox(QComboBox):
    """A list field that fits a narrow form: a label longer than the box ends in '…' (the list
    it opens is wide enough to show every label in full)."""

    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight,
                                                           field.width() - 4)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def showPopup(self) -> None:
        widest = max((self.fontMetrics().horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0)
        self.view().setMinimumWidth(min(widest + 40, self.screen().availableGeometry().width() // 2))
        super().showPopup()

    def shown_text(self) -> str:
        """Return the label as drawn (ending in '…' when the box is too narrow for it)."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight, field.width() - 4)


class FieldEditor(QObject):
    """Wraps the widget of one field: reads, writes and marks problems on it."""

    edited = Signal(object, bool)  # value, merge with the previous edit of this field
    unreadable = Signal(str, str)  # text, why it cannot be read as this kind of value

    def __init__(self, spec: FieldSpec, catalog: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.widget = self._make(spec, catalog, parent)
        self.widget.setAccessibleName(spec.label)
        self._problem = ""
        self._source = ""  # where an imported value came from
        self.holds_refused: Callable[[], bool] = lambda: False  # set by the form that binds the field
        self._tip = ""
        self._show_tip()

    def _make(self, spec: FieldSpec, catalog: Any, parent: QWidget | None) -> QWidget:
        if spec.kind == "choice":
            box = ChoiceBox(parent)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(10)
            box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            for value, label in (spec.choices(catalog) if callable(spec.choices) else spec.choices):
                box.addItem(label, value)
            box.currentIndexChanged.connect(lambda _i: self.edited.emit(box.currentData(), False))
            return box
        if spec.kind == "bool":
            check = QCheckBox(spec.label, parent)
            check.toggled.connect(lambda on: self.edited.emit(on, False))
            return check
        if spec.kind in ("multiline", "lines"):
            edit = TextBox(parent)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(spec.height or 64)
            edit.setMaximumHeight(max(spec.height or 64, 64) * 2)
            edit.textChanged.connect(self._text_changed)
            return edit
        line = QLineEdit(parent)
        line.setPlaceholderText({"date": "YYYY-MM-DD", "time": "HH:MM", "datetime": "YYYY-MM-DD HH:MM"}.get(spec.kind, ""))
        line.textEdited.connect(self._text_changed)
        if spec.kind in ("date", "datetime", "time"):
            line.editingFinished.connect(self._tidy)
        else:  # a long name reads from its start once the user moves on
            line.editingFinished.connect(lambda: line.setCursorPosition(0))
        return line

    def _tidy(self) -> None:
        """Show a date or time that was taken in the one way the board writes it (2026-03-05)."""
        try:
            value = parse(self.spec.kind, self.text())
        except ValueError:
            return
        if value is not None and not self.holds_refused():
            self.set_text(show(self.spec.kind, value))

    def text(self) -> str:
        """Return what the field shows."""
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentText()
        if isinstance(w, QCheckBox):
            return "yes" if w.isChecked() else "no"
        return w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()

    def _text_changed(self, *_args) -> None:
        kind = self.spec.kind
        text = self.text()
        if kind == "lines":
            self.edited.emit([line.strip() for line in text.split("\n") if line.strip()], True)
            return
        try:
            value = parse(kind, text)
        except ValueError as exc:
            self.unreadable.emit(text, str(exc))
            return
        # the keystrokes of one text or date are one step to undo
        self.edited.emit(value, kind in ("text", "multiline", "date", "datetime"))

    def set_value(self, value: Any) -> None:
        """Show a model value without emitting an edit."""
        w = self.widget
        w.blockSignals(True)
        try:
            if isinstance(w, QComboBox):
                select_data(w, value)
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif not self._shows(value):  # leave the text alone while it already says this
                self.set_text(show(self.spec.kind, value))
        finally:
            w.blockSignals(False)

    def set_text(self, text: str) -> None:
        """Show this text (a value the board did not take) without emitting an edit."""
        w = self.widget
        if isinstance(w, QComboBox | QCheckBox) or self.text() == text:
            return
        w.blockSignals(True)
        if isinstance(w, QPlainTextEdit):
            w.setPlainText(text)
        else:
            w.setText(text)
            w.setCursorPosition(0)  # show the start of long values
        w.blockSignals(False)

    def _shows(self, value: Any) -> bool:
        """Return True when the field's current text stands for this model value."""
        text = self.text()
        if self.spec.kind == "lines":
            return [x.strip() for x in text.split("\n") if x.strip()] == list(value or [])
        try:
            return parse(self.spec.kind, text) == value
        except ValueError:
            return False

    def mark(self, message: str | None) -> None:
        """Highlight the field with a problem (or clear it); nothing is redrawn when unchanged."""
        message = message or ""
        if message == self._problem:
            return
        was_marked = bool(self._problem)
        self._problem = message
        self._show_tip()
        self.widget.setAccessibleDescription(message)
        if was_marked != bool(message):
            self._restyle(bool(message))

    def set_source(self, source: str) -> None:
        """Name where the field's value was imported from ('' when it was typed), on hover."""
        if source != self._source:
            self._source = source
            self._show_tip()

    def _show_tip(self) -> None:
        hint = self.spec.hint or DATE_HINTS.get(self.spec.kind, "")
        tip = tooltip(self._problem, self._source, hint)
        if tip != self._tip:
            self._tip = tip
            self.widget.setToolTip(tip)

    @property
    def source(self) -> str:
        return self._source

    def _restyle(self, marked: bool) -> None:
        """Draw the field with or without the problem mark."""
        theme.mark_problem(self.widget, marked)

    @property
    def problem(self) -> str:
        return self._problem


DATE_HINTS = {
    "date": "YYYY-MM-DD; also 5.3.2026, 05/03/2026 (day first) or 5 Mar 2026",
    "datetime": "YYYY-MM-DD HH:MM; the date may also be typed as 5.3.2026 or 5 Mar 2026",
}


def tooltip(problem: str, source: str, hint: str = "") -> str:
    """Return a field's tooltip: its problems first, then where its value came from, then the hint.

    With more than one part it is written as rich text, so that Qt wraps long lines."""
    parts = [p for p in (problem, f"Source: {source}" if source else "", hint if not problem else "") if p]
    if len(parts) < 2:
        return parts[0] if parts else ""
    paragraphs = (escape(part, quote=False).replace("\n", "<br>") for part in parts)
    return "<qt>" + "".join(f"<p>{text}</p>" for text in paragraphs) + "</qt>"


EXTRA = Qt.ItemDataRole.UserRole + 1  # marks a combo entry that shows a stored value not on offer


SHORT_KINDS = {"date": "0000-00-00 00", "time": "00:00 00", "datetime": "0000-00-00 00:00 00"}  # the widest text shown


class TextBox(QPlainTextEdit):
    """A text field of several lines that asks for its own minimum height, not Qt's generous
    default: a page lays its text fields out compactly and scrolls when it is taller than the window."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.minimumHeight() or hint.height())


def select_data(box: QComboBox, value: Any) -> None:
    """Select the entry for ``value``; a stored value that is not offered gets an entry of its own."""
    for index in reversed(range(box.count())):
        if box.itemData(index, EXTRA) and box.itemData(index) != value:
            box.removeItem(index)
    index = box.findData(value)
    if index < 0 and value is None:  # nothing to show (no record selected): an empty box
        box.setCurrentIndex(-1)
        return
    if index < 0:
        box.addItem(f"{value} (not in the list)", value)
        index = box.count() - 1
        box.setItemData(index, True, EXTRA)
    box.setCurrentIndex(index)


class Form(QObject):
    """A set of field editors laid out in a form and bound to one case (or the meeting)."""

    def __init__(self, doc: BoardDocument, specs: list[FieldSpec], layout: QFormLayout, scope: Scope,
                 parent: QWidget | None = None, prefix: Callable[[], str] = lambda: ""):
        super().__init__(parent)
        self.doc, self.scope, self.prefix = doc, scope, prefix
        self.layout = layout
        self.editors: dict[str, FieldEditor] = {}
        self.rows: dict[str, list[str]] = {}  # a line of fields: the record's path → its fields' paths
        for spec in specs:
            self.add(spec)

    def add(self, spec: FieldSpec | FieldRow) -> FieldEditor:
        """Add a field (or a line of fields) to the form and bind it; return its (first) editor."""
        if isinstance(spec, FieldRow):
            return self._add_row(spec)
        editor = self._bind(spec, self.layout.parentWidget())
        self.layout.addRow("" if spec.kind == "bool" else spec.label, editor.widget)
        label = self.layout.labelForField(editor.widget)
        if label is not None:
            label.setBuddy(editor.widget)
        return editor

    def _bind(self, spec: FieldSpec, parent: QWidget) -> FieldEditor:
        editor = FieldEditor(spec, self.doc.catalog, parent)
        editor.edited.connect(lambda value, merge, p=spec.path: self._edited(p, value, merge))
        editor.unreadable.connect(lambda text, why, p=spec.path: self._refused(p, text, why))
        editor.holds_refused = lambda p=spec.path: self.doc.refusal(self.scope(), self.prefix() + p) is not None
        self.editors[spec.path] = editor
        return editor

    def _add_row(self, row: FieldRow) -> FieldEditor:
        line = QWidget(self.layout.parentWidget())
        line.setAccessibleName(row.label)
        box = QHBoxLayout(line)
        box.setContentsMargins(0, 0, 0, 0)
        editors = []
        for index, spec in enumerate(row.fields):
            editor = self._bind(spec, line)
            if index and index - 1 < len(row.captions):
                caption = QLabel(row.captions[index - 1], line)
                caption.setBuddy(editor.widget)
                box.addWidget(caption)
            short = spec.kind in SHORT_KINDS  # a date beside a name: as wide as a date, no wider
            if short:
                editor.widget.setMaximumWidth(editor.widget.fontMetrics().horizontalAdvance(SHORT_KINDS[spec.kind]) + 24)
            box.addWidget(editor.widget, 0 if short else 1)
            editors.append(editor)
        self.layout.addRow(row.label, line)
        self.layout.labelForField(line).setBuddy(editors[0].widget)
        self.rows[row.path] = [e.spec.path for e in editors]
        return editors[0]

    def _edited(self, path: str, value: Any, merge: bool) -> None:
        full = self.prefix() + path
        if self.doc.edit(self.scope(), full, value, merge):
            self.doc.accept(self.scope(), full)
            self.editors[path].mark(None)
        else:  # keep what the user typed; say why it is not taken
            self._refused(path, self.editors[path].text(), self.doc.last_refusal)

    def _refused(self, path: str, text: str, why: str) -> None:
        editor = self.editors[path]
        refusal = Refusal(editor.spec.label, text, why)
        self.doc.refuse(self.scope(), self.prefix() + path, refusal)
        editor.mark(refusal_message(refusal))

    def refresh(self, path: str | None = None) -> None:
        """Show the model's values (all of them, or those at and under ``path``);
        a field holding a value the board did not take keeps showing it."""
        scope = self.scope()
        prefix = self.prefix()
        for bare, editor in self.editors.items():
            field_path = prefix + bare
            if path is None or field_path == path or field_path.startswith(path + ".") or path.startswith(field_path + "."):
                refusal = self.doc.refusal(scope, field_path)
                if refusal is not None:
                    editor.set_text(refusal.text)
                    editor.mark(refusal_message(refusal))
                    continue
                try:
                    editor.set_value(self.doc.value(scope, field_path))
                except (KeyError, AttributeError, IndexError):
                    editor.set_value(None)

    def clear(self) -> None:
        """Show every field empty and unmarked (nothing selected to edit)."""
        for editor in self.editors.values():
            editor.set_value(None)
            editor.mark(None)
            editor.set_source("")

    def show_sources(self, case) -> None:
        """Name, on hover, where each field's imported value came from (the case's provenance)."""
        prefix = self.prefix()
        for bare, editor in self.editors.items():
            editor.set_source(field_source(case, prefix + bare) if case is not None else "")

    def editor_for(self, path: str) -> FieldEditor | None:
        """Return the editor of exactly this field, or None."""
        prefix = self.prefix()
        return self.editors.get(path[len(prefix):]) if path.startswith(prefix) else None

    def widget_for(self, path: str) -> QWidget | None:
        """Return the widget that edits ``path`` (or its nearest parent field; for a record
        laid out as one line, the last field of the line: the examination's result)."""
        prefix = self.prefix()
        bare = path[len(prefix):] if path.startswith(prefix) else None
        if bare in self.rows:
            return self.editors[self.rows[bare][-1]].widget
        while path:
            if path.startswith(prefix) and path[len(prefix):] in self.editors:
                return self.editors[path[len(prefix):]].widget
            path = path.rpartition(".")[0]
        return None


def field_source(case, path: str) -> str:
    """Return where a field's value was imported from: its own provenance, or that of the
    nearest record it belongs to that was imported whole ('' when it was typed)."""
    from boardtool.intake.apply import provenance_of

    if not case.provenance:
        return ""
    own = provenance_of(case, path)
    while not own and "." in path:
        path = path.rpartition(".")[0]
        if any(entry.path == path for entry in case.provenance):
            own = provenance_of(case, path)
    return own


def refusal_message(refusal: Refusal) -> str:
    """Return how a field that holds a value the board did not take is marked."""
    return f"{refusal.label}: '{refusal.text}' was not accepted ({refusal.message}); the board keeps the previous value"


def focus(widget: QWidget) -> None:
    """Bring a field into view (switching tabs and scrolling) and give it the keyboard focus."""
    ancestors = []
    parent = widget.parentWidget()
    while parent is not None:
        ancestors.append(parent)
        parent = parent.parentWidget()
    for pages in (a for a in reversed(ancestors) if isinstance(a, QTabWidget | QStackedWidget)):
        for index in range(pages.count()):
            if pages.widget(index).isAncestorOf(widget):
                pages.setCurrentIndex(index)
    for area in (a for a in ancestors if isinstance(a, QScrollArea)):
        area.ensureWidgetVisible(widget)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
