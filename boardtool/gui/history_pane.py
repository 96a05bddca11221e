"""Treatment history: a list of dated events and a form for the selected one whose fields
follow the kind of event (chosen first, when the event is added)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from boardtool.gui.document import BoardDocument, Scope
from boardtool.gui.fields import FieldSpec, Form, select_data
from boardtool.gui.tables import Column, RecordTable
from boardtool.gui.theme import mark_label
from boardtool.model.board import RtVolume, Toxicity, TreatmentEvent
from boardtool.model.terms import (
    DOSE_UNIT_LABELS,
    EVENT_KIND_LABELS,
    INTENT_LABELS,
    PROCEDURE_LABELS,
    RESPONSE_CRITERIA_LABELS,
    RESPONSE_LABELS,
    RT_MODALITY_LABELS,
    RT_TECHNIQUE_LABELS,
)
from boardtool.outline_details import event_detail

NONE = (None, "—")
EVENT_KINDS = tuple(EVENT_KIND_LABELS.items())
RESPONSES = (NONE, *RESPONSE_LABELS.items())


def resections(catalog):
    return [("", "—")] + [(r.id, f"{r.id} — {r.name}") for r in catalog.resections]


# Fields every event has, before and after the fields of its kind.
COMMON_FIRST = [
    FieldSpec("date", "Date", "date"),
    FieldSpec("end_date", "End date", "date", hint="For a course of treatment; empty for a single day"),
]
COMMON_LAST = [
    FieldSpec("description", "Description", "multiline", height=56),
    FieldSpec("response", "Response", "choice", RESPONSES),
    FieldSpec("response_criteria", "Response criteria", "choice", (NONE, *RESPONSE_CRITERIA_LABELS.items()),
              hint="RANO for adults, RAPNO for children"),
    FieldSpec("response_date", "Response assessed on", "date"),
]
VOLUME_COLUMNS = (
    Column("target", "Target", width=150), Column("region", "Region", width=120),
    Column("dose", "Dose", "float", width=70), Column("unit", "Unit", "choice", tuple(DOSE_UNIT_LABELS.items()), 80),
    Column("fractions", "Fractions", "int", width=75),
    Column("modality", "Modality", "choice", (NONE, *RT_MODALITY_LABELS.items()), 90),
    Column("technique", "Technique", "choice", (NONE, *RT_TECHNIQUE_LABELS.items()), 110),
    Column("intent", "Intent", "choice", (NONE, *INTENT_LABELS.items()), 110),
)
TOXICITY_COLUMNS = (Column("term", "CTCAE term", width=220),
                    Column("grade", "Grade", "choice", (NONE, *((g, str(g)) for g in range(1, 6))), 70))
# The fields that belong to each kind of event. A new field of a kind is one more line here;
# a list of records inside the event (treated volumes, toxicities) is a TableSpec line.
@dataclass(frozen=True)
class TableSpec:
    """A list of records inside an event (such as the treated volumes of a course), edited as a table."""

    path: str  # the list's field on the event
    label: str
    record_type: type
    columns: tuple[Column, ...]
    item: str = ""  # what one row is called on its Add button


KIND_FIELDS: dict[str, list[FieldSpec | TableSpec]] = {
    "surgery": [
        FieldSpec("procedure", "Procedure", "choice", (NONE, *PROCEDURE_LABELS.items())),
        FieldSpec("resection", "Extent of resection", "choice", resections,
                  hint="For a resection only; a drain, shunt, ETV or biopsy has none"),
        FieldSpec("postop_mri", "Post-operative MRI", "date", hint="Best within 72 hours of the operation"),
    ],
    "radiotherapy": [TableSpec("volumes", "Treated volumes", RtVolume, VOLUME_COLUMNS, item="volume")],
    "chemotherapy": [FieldSpec("regimen", "Regimen"), FieldSpec("cycles", "Cycles", "int")],
    "other": [],
}
# Toxicities may follow any kind of event: shown for every kind, after the common fields.
EVERY_KIND_TABLES = [TableSpec("toxicities", "Toxicities (CTCAE)", Toxicity, TOXICITY_COLUMNS, item="toxicity")]
KIND_NAMES = dict(EVENT_KINDS)


def event_line(event: TreatmentEvent) -> str:
    """Return the one-line summary of an event shown in the list."""
    when = event.date.isoformat() if event.date else "no date yet"
    details = event_detail(event, lambda day: day.isoformat() if day else "")
    text = " — ".join(x for x in (details[:80], event.description.split("\n")[0][:60]) if x)
    return f"{when} · {KIND_NAMES[event.kind].split(' ')[0]}" + (f": {text}" if text else "")


def changed_kind(event: TreatmentEvent, kind: str) -> TreatmentEvent:
    """Return the event as another kind: the fields of its old kind are cleared."""
    keep = {spec.path for spec in (*COMMON_FIRST, *COMMON_LAST, *EVERY_KIND_TABLES)}
    data = {name: value for name, value in event.model_dump().items() if name in keep}
    return TreatmentEvent(kind=kind, **data)


class HistoryPane(QWidget):
    """Edits the treatment history of the current case, one event at a time."""

    def __init__(self, doc: BoardDocument, scope: Scope, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.scope = doc, scope
        self.list = QListWidget(self)
        self.list.setAccessibleName("Treatment events")
        self.list.setMinimumHeight(90)
        self.list.setMaximumHeight(self.list.fontMetrics().height() * 10)
        self.list.currentRowChanged.connect(self._select)
        adds = self._buttons()
        self.message = QLabel(self)
        mark_label(self.message, "problemText")
        self.message.setWordWrap(True)
        self.message.hide()
        self.details = QGroupBox("Selected event", self)
        form_layout = QFormLayout(self.details)
        form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.kind = QComboBox(self.details)
        for kind, name in EVENT_KINDS:
            self.kind.addItem(name, kind)
        self.kind.setAccessibleName("Kind of event")
        self.kind.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        form_layout.addRow("Kind of event", self.kind)
        form_layout.labelForField(self.kind).setBuddy(self.kind)
        self.form = Form(doc, [], form_layout, scope, self.details, prefix=lambda: f"history.{self.list.currentRow()}.")
        self.tables: dict[str, RecordTable] = {}
        self.selected = lambda _row: None  # the case editor re-shows the problems of the event selected
        self.rows: dict[str, list[QWidget]] = {}  # kind → the widgets of its own rows
        for kind, spec in [*((None, s) for s in COMMON_FIRST), *((k, s) for k, specs in KIND_FIELDS.items() for s in specs),
                           *((None, s) for s in (*COMMON_LAST, *EVERY_KIND_TABLES))]:
            widget = self._add_row(spec)
            if kind is not None:
                self.rows.setdefault(kind, []).append(widget)
        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addLayout(adds)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.details)
        layout.addStretch(1)

    def _add_row(self, spec: FieldSpec | TableSpec) -> QWidget:
        """Add a field, or a table of records inside the event, to the form; return its widget."""
        if isinstance(spec, FieldSpec):
            return self.form.add(spec).widget
        table = RecordTable(self.doc, lambda p=spec.path: f"history.{self.list.currentRow()}.{p}", spec.record_type,
                            list(spec.columns), self.scope, spec.label, self.details, item=spec.item)
        table.table.setMinimumHeight(90)
        self.form.layout.addRow(spec.label, table)
        self.form.layout.labelForField(table).setBuddy(table.table)
        self.tables[spec.path] = table
        return table

    def _buttons(self) -> QVBoxLayout:
        """Return the column of buttons beside the list: add an event of each kind, remove one.
        A column keeps its width at the narrowest window, where a row of five buttons is cramped."""
        column = QVBoxLayout()
        column.setSpacing(4)
        for kind, name in EVENT_KINDS:
            button = QPushButton(f"Add {name.lower()}" if kind != "other" else "Add other event", self)
            button.setToolTip(f"Add a {name.lower()} event to the history and type its date")
            button.clicked.connect(lambda _checked=False, k=kind: self.add_event(k))
            column.addWidget(button)
        column.addStretch(1)
        remove = QPushButton("Remove event", self)
        remove.setToolTip("Remove the selected event from the history")
        remove.clicked.connect(self.remove_event)
        column.addWidget(remove)
        return column

    # -- editing -------------------------------------------------------------

    def events(self) -> list[TreatmentEvent]:
        case_id = self.scope()
        return list(self.doc.value(case_id, "history") or []) if case_id else []

    def add_event(self, kind: str) -> None:
        """Add an event of this kind, select it and put the cursor in its date."""
        self.doc.edit(self.scope(), "history", [*self.events(), TreatmentEvent(kind=kind)])
        self.list.setCurrentRow(self.list.count() - 1)
        self.form.editors["date"].widget.setFocus()

    def remove_event(self) -> None:
        row, events = self.list.currentRow(), self.events()
        if 0 <= row < len(events):
            del events[row]
            self.doc.edit(self.scope(), "history", events)

    def _kind_chosen(self, _index: int) -> None:
        row, events = self.list.currentRow(), self.events()
        kind = self.kind.currentData()
        if 0 <= row < len(events) and events[row].kind != kind:
            self.doc.edit(self.scope(), f"history.{row}", changed_kind(events[row], kind))

    # -- showing -------------------------------------------------------------

    def refresh(self) -> None:
        """Show the case's events and the selected one's fields."""
        events = self.events()
        row = self.list.currentRow()
        self.list.blockSignals(True)
        while self.list.count() > len(events):
            self.list.takeItem(self.list.count() - 1)
        for index, event in enumerate(events):
            item = self.list.item(index) or QListWidgetItem(self.list)
            if item.text() != event_line(event):
                item.setText(event_line(event))
                item.setToolTip(event_line(event))  # the whole line, when the list is narrower
        self.list.setCurrentRow(min(max(row, 0), len(events) - 1) if events else -1)
        self.list.blockSignals(False)
        self._select(self.list.currentRow())

    def _select(self, row: int) -> None:
        events = self.events()
        self.details.setEnabled(0 <= row < len(events))
        kind = events[row].kind if 0 <= row < len(events) else "other"
        self.kind.blockSignals(True)
        select_data(self.kind, kind)
        self.kind.blockSignals(False)
        layout = self.details.layout()
        for own_kind, widgets in self.rows.items():
            for widget in widgets:
                layout.setRowVisible(widget, own_kind == kind)
        self.details.setTitle(f"Event {row + 1}: {KIND_NAMES[kind]}" if 0 <= row < len(events) else "No event selected")
        if 0 <= row < len(events):
            self.form.refresh()
            for table in self.tables.values():
                table.refresh()
        else:  # never the fields of an event shown before, which may be another patient's
            self.form.clear()
            for table in self.tables.values():
                table.clear()
        self.selected(row)

    def select_path(self, path: str) -> None:
        """Select the event that a problem's path ('history.2.date') points at."""
        parts = path.split(".")
        if len(parts) > 1 and parts[1].isdigit():
            self.list.setCurrentRow(int(parts[1]))

    def mark(self, messages: dict[str, list[str]]) -> None:
        """Show the history's problems that no field shows: at the tables of the selected event,
        and the rest (those of other events) under the list."""
        rest = dict(messages)
        for table in self.tables.values():
            own = [p for p in rest if p == table.path or p.startswith(table.path + ".")]
            table.mark({p: rest.pop(p) for p in own})
        text = "\n".join(m for ms in rest.values() for m in ms)
        if text != self.message.text():
            self.message.setText(text)
        self.message.setVisible(bool(text))
