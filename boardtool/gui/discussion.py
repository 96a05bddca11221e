"""The discussion: the catalog's modalities as a checklist, each ticked one with its own panel."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boardtool.gui.document import BoardDocument, Scope
from boardtool.gui.fields import FieldSpec, Form
from boardtool.gui.theme import mark_label
from boardtool.model.board import ModalityDiscussion
from boardtool.model.prompts import prompts_for

PROMPT_MARK = "  ⚑"
# What the board wrote about each modality it discussed, below the modality's checklist.
TEXTS = [
    FieldSpec("notes", "Discussion notes", "multiline", height=60),
    FieldSpec("recommendation", "Recommendation", "multiline", height=60),
]


class _CheckText(QLabel):
    """The wrapping text of a check box; clicking it ticks the box."""

    def __init__(self, text: str, box: QCheckBox, parent: QWidget):
        super().__init__(text, parent)
        self.box = box
        self.setWordWrap(True)
        self.setBuddy(box)

    def mousePressEvent(self, event) -> None:
        if self.box.isEnabled():
            self.box.toggle()
        event.accept()


def wrapping_check(text: str, layout: QVBoxLayout, parent: QWidget) -> QCheckBox:
    """Add a check box whose text wraps to the width available; clicking the text ticks it."""
    row = QHBoxLayout()
    box = QCheckBox(parent)
    box.setAccessibleName(text)
    label = _CheckText(text, box, parent)
    row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(label, 1)
    layout.addLayout(row)
    return box


class ModalityPanel(QGroupBox):
    """The options, notes and recommendation of one modality, generated from its catalog section."""

    def __init__(self, pane: DiscussionPane, section, parent: QWidget | None = None):
        super().__init__(section.title, parent)
        self.pane, self.section = pane, section
        self.setAccessibleName(f"{section.title} discussion")
        layout = QVBoxLayout(self)
        about = QLabel(section.description, self)
        about.setWordWrap(True)
        mark_label(about, "hint")
        layout.addWidget(about)
        self.prompts = QLabel(self)
        mark_label(self.prompts, "prompt")
        self.prompts.setWordWrap(True)
        layout.addWidget(self.prompts)
        self.options: dict[str, QCheckBox] = {}
        for option in section.options:
            box = wrapping_check(option.label, layout, self)
            box.toggled.connect(self._options_changed)
            self.options[option.id] = box
        texts = QFormLayout()
        texts.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # each caption above its text
        texts.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(texts)
        self.form = Form(pane.doc, TEXTS, texts, pane.scope, self, prefix=lambda: f"discussion.{section.id}.")
        for spec in TEXTS:
            self.form.editors[spec.path].widget.setAccessibleName(f"{section.title}: {spec.label}")
        self.notes = self.form.editors["notes"].widget
        self.recommendation = self.form.editors["recommendation"].widget

    def _options_changed(self) -> None:
        chosen = [key for key, box in self.options.items() if box.isChecked()]
        self.pane.edit_options(self.section.id, chosen)

    def show_options(self, record: ModalityDiscussion) -> None:
        """Tick the options the board chose (the texts are the form's to show)."""
        for key, box in self.options.items():
            box.blockSignals(True)
            box.setChecked(key in record.options)
            box.blockSignals(False)


class DiscussionPane(QWidget):
    """Modalities to tick, their panels, and the prompts that apply to the case."""

    def __init__(self, doc: BoardDocument, scope: Scope, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.scope = doc, scope
        self.modalities = QListWidget(self)
        self.modalities.setAccessibleName("Modalities discussed")
        self.modalities.setWordWrap(True)
        self.general = QLabel(self)
        mark_label(self.general, "prompt")
        self.general.setWordWrap(True)
        self.panels: dict[str, ModalityPanel] = {}
        panels = QVBoxLayout()
        panels.addWidget(self.general)
        for section in doc.catalog.modalities:
            item = QListWidgetItem(section.title, self.modalities)
            item.setData(Qt.ItemDataRole.UserRole, section.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            panel = ModalityPanel(self, section, self)
            panel.hide()
            panels.addWidget(panel)
            self.panels[section.id] = panel
        panels.addStretch(1)
        self.forms = [panel.form for panel in self.panels.values()]
        self.modalities.setFlow(QListView.Flow.LeftToRight)  # the ticks flow in rows above the panels
        self.modalities.setWrapping(True)
        self.modalities.setResizeMode(QListView.ResizeMode.Adjust)
        self.modalities.setWordWrap(False)
        self.modalities.setSpacing(2)
        self.modalities.setFixedHeight(self.modalities.fontMetrics().height() * 3 + 16)
        caption = QLabel("Modalities the board discussed (Space ticks the selected one):", self)
        caption.setWordWrap(True)
        caption.setBuddy(self.modalities)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.modalities)
        layout.addLayout(panels, 1)
        self.modalities.itemChanged.connect(self._ticked)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_ticks)

    def _fit_ticks(self) -> None:
        """Give the row of modality ticks just the height its wrapped rows need."""
        count = self.modalities.count()
        if not count:
            return
        bottom = max(self.modalities.visualItemRect(self.modalities.item(i)).bottom() for i in range(count))
        bottom += self.modalities.verticalScrollBar().value()
        height = bottom + 2 * self.modalities.frameWidth() + 6
        if height > 20 and height != self.modalities.height():
            self.modalities.setFixedHeight(height)

    def _record(self, section_id: str) -> ModalityDiscussion | None:
        case = self.doc.board.case_by_id(self.scope()) if self.scope() else None
        return case.discussion.get(section_id) if case else None

    def _ticked(self, item: QListWidgetItem) -> None:
        section_id = item.data(Qt.ItemDataRole.UserRole)
        on = item.checkState() == Qt.CheckState.Checked
        record = self._record(section_id) or ModalityDiscussion()
        if record.discussed != on:
            self.doc.edit(self.scope(), f"discussion.{section_id}", record.model_copy(update={"discussed": on}))

    def edit_options(self, section_id: str, options: list[str]) -> None:
        if self._record(section_id) is not None:
            self.doc.edit(self.scope(), f"discussion.{section_id}.options", options)

    def refresh(self) -> None:
        """Show the case's discussion: ticks, open panels and their contents."""
        self.modalities.blockSignals(True)
        for row in range(self.modalities.count()):
            item = self.modalities.item(row)
            section_id = item.data(Qt.ItemDataRole.UserRole)
            record = self._record(section_id)
            on = bool(record and record.discussed)
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.panels[section_id].setVisible(on)
            if record is not None:
                self.panels[section_id].show_options(record)
        self.modalities.blockSignals(False)
        self.refresh_prompts()

    def refresh_prompts(self) -> None:
        """Show the catalog prompts whose conditions hold for the case as it is now."""
        case = self.doc.board.case_by_id(self.scope()) if self.scope() else None
        applying = prompts_for(case, self.doc.catalog, self.doc.board.meeting.date) if case else []
        by_section: dict[str, list] = {}
        for prompt in applying:
            by_section.setdefault(prompt.section, []).append(prompt)
        self.modalities.blockSignals(True)
        for row in range(self.modalities.count()):
            item = self.modalities.item(row)
            section_id = item.data(Qt.ItemDataRole.UserRole)
            shown = by_section.get(section_id, [])
            tip = "\n\n".join(f"{p.text}\nSource: {p.source}" for p in shown)
            title = self.panels[section_id].section.title
            item.setText(title + (PROMPT_MARK if shown else ""))
            item.setToolTip(tip)
            self.panels[section_id].prompts.setText("\n".join(f"⚑ {p.text}" for p in shown))
            self.panels[section_id].prompts.setToolTip(tip)
            self.panels[section_id].prompts.setVisible(bool(shown))
        self.modalities.blockSignals(False)
        general = [p for key, shown in by_section.items() if self.doc.catalog.section(key).kind != "modality"
                   for p in shown]
        self.general.setText("\n".join(f"⚑ {p.text}" for p in general))
        self.general.setToolTip("\n\n".join(f"{p.text}\nSource: {p.source}" for p in general))
        self.general.setVisible(bool(general))

    def editor_for(self, section_id: str, field: str) -> QWidget | None:
        """Return what edits a modality's tick or options (its texts are fields of the panel's form)."""
        panel = self.panels.get(section_id)
        if panel is None:
            return None
        if field == "discussed":
            return self.modalities
        return next(iter(panel.options.values()), None) if field == "options" else None

    def prompts_shown(self, section_id: str) -> str:
        """Return the prompt text shown beside a modality (empty when none applies)."""
        return self.panels[section_id].prompts.text()
