"""File › Import from FHIR…: each proposed value beside the resource it came from, with a
checkbox; what was not mapped, and why; nothing enters a case until accepted, and the whole
import is one undo step."""

from __future__ import annotations

import html

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boardtool.gui.document import BoardDocument, ReplaceCases
from boardtool.gui.tasks import run_task
from boardtool.intake.apply import REVIEW_NOTES, Outcome
from boardtool.gui.wrapping import wrap_columns
from boardtool.intake.board_import import FhirImport, cases_after, plan_fhir_import
from boardtool.intake.fhir_warmup import load_fhir_models
from boardtool.intake.proposals import Source

FHIR_FILTER = "FHIR JSON (*.json);;All files (*)"
NEW_CASES = "__new__"


def source_tip(sources: tuple[Source, ...]) -> str:
    """Return the provenance of a value for a tooltip: file, hash, resource, import time."""
    lines = [f"{s.label} in {s.file_name}\nSHA-256 {s.file_sha256[:16]}…, imported {s.imported_at:%Y-%m-%d %H:%M}"
             for s in sources]
    return "\n".join(lines)


class ImportFhirDialog(QDialog):
    """Review of a FHIR import before anything enters the board."""

    def __init__(self, doc: BoardDocument, paths: list[Path], parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.paths, self.plan = doc, paths, None
        self.setWindowTitle("Import from FHIR")
        self.resize(1100, 720)
        self.target = QComboBox(self)
        self.target.setAccessibleName("Import into")
        self.target.addItem("Add a new case for each patient", NEW_CASES)
        for number, case in enumerate(doc.board.cases, start=1):
            self.target.addItem(f"Fill case {number} — {case.patient.name or 'unnamed'}", case.id)
        self.status = QLabel("Reading and checking the FHIR file(s)…", self)
        self.status.setWordWrap(True)
        self.values = QTreeWidget(self)
        self.values.setAccessibleName("Proposed values")
        self.values.setHeaderLabels(["Field", "Proposed value", "From resource", "Note"])
        self.values.setColumnWidth(0, 215)
        self.values.setColumnWidth(1, 400)
        self.values.setColumnWidth(2, 260)
        wrap_columns(self.values, (1, 3))  # a long proposed value or note wraps rather than being cut off
        self.skipped = QListWidget(self)
        self.skipped.setAccessibleName("Not mapped")
        self.skipped.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.accept_button = self.buttons.addButton("&Import checked values", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.accept_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._layout()
        self.target.currentIndexChanged.connect(lambda _i: self.read())
        self.read()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Import &into:", self, buddy=self.target))
        top.addWidget(self.target, 1)
        check_all = QPushButton("Check &all", self)
        check_all.clicked.connect(lambda: self._check_all(True))
        check_none = QPushButton("Check &none", self)
        check_none.clicked.connect(lambda: self._check_all(False))
        top.addWidget(check_all)
        top.addWidget(check_none)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("<b>Not mapped</b> — stays out of the case, with the reason", self))
        lower_layout.addWidget(self.skipped)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.values)
        split.addWidget(lower)
        split.setSizes([460, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)

    # -- reading -------------------------------------------------------------

    def read(self) -> None:
        """Read the files off the GUI thread and show the proposals when done."""
        self.accept_button.setEnabled(False)
        self.status.setText("Reading and checking the FHIR file(s)…")
        target = self.target.currentData()
        case = None if target == NEW_CASES else target
        board, catalog, paths = self.doc.board, self.doc.catalog, list(self.paths)
        run_task(self, lambda: plan_fhir_import(board, catalog, paths, case), self.show_plan, self.failed)

    def failed(self, message: str) -> None:
        self.plan = None
        self.values.clear()
        self.skipped.clear()
        self.status.setText(f"<b>Cannot import:</b> {message}")
        self.status.setProperty("failed", True)

    def show_plan(self, plan: FhirImport) -> None:
        self.plan = plan
        self.values.clear()
        self.skipped.clear()
        warnings = []
        for item in plan.cases:
            into = "new case" if item.is_new else " — ".join(x for x in ("existing case", item.case.patient.name) if x)
            head = QTreeWidgetItem(self.values, [f"Case {item.number} — {item.record.name or item.record.patient_id}",
                                                 into])
            if item.identity_warning():
                warnings.append(item.identity_warning())
                head.setToolTip(0, item.identity_warning())
            for outcome in item.outcomes:
                if outcome.status in REVIEW_NOTES:
                    self._value_row(head, outcome)
            head.setExpanded(True)
            for entry in item.not_mapped:
                row = QListWidgetItem(f"{entry.what} — {entry.reason}", self.skipped)
                if entry.source is not None:
                    row.setToolTip(source_tip((entry.source,)))
        for ref in plan.missing_references:
            QListWidgetItem(f"Missing reference target (not in the file): {ref}", self.skipped)
        count = sum(len(i.outcomes) for i in plan.cases)
        self.status.setText("".join(f"<p><b>⚠ {html.escape(w)}</b></p>" for w in warnings)
                            + f"{len(plan.cases)} patient(s), {count} proposed value(s). Nothing enters the board "
                            "until you import the checked values; Undo removes the whole import.")
        self.status.setProperty("failed", bool(warnings))
        self.accept_button.setEnabled(bool(plan.cases))

    def _value_row(self, parent: QTreeWidgetItem, outcome: Outcome) -> None:
        note = "; ".join(p for p in (REVIEW_NOTES[outcome.status], outcome.reason, outcome.proposal.note) if p)
        sources = outcome.proposal.sources
        row = QTreeWidgetItem(parent, [outcome.label, outcome.proposal.display,
                                       sources[0].label + (f" (+{len(sources) - 1})" if len(sources) > 1 else ""), note])
        row.setData(0, Qt.ItemDataRole.UserRole, outcome)
        tip = "\n".join(p for p in (f"{outcome.label}: {outcome.proposal.display}", note, source_tip(sources)) if p)
        for column in range(4):
            row.setToolTip(column, tip)
        if outcome.status == "same":
            row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            return
        row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        row.setCheckState(0, Qt.CheckState.Checked if outcome.status == "new" else Qt.CheckState.Unchecked)

    def _check_all(self, on: bool) -> None:
        for row in self._rows():
            if row.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                row.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _rows(self) -> list[QTreeWidgetItem]:
        rows = []
        for top in range(self.values.topLevelItemCount()):
            head = self.values.topLevelItem(top)
            rows += [head.child(i) for i in range(head.childCount())]
        return rows

    # -- accepting -----------------------------------------------------------

    def accepted_outcomes(self) -> dict[int, set[int]]:
        """Return, per patient of the plan, the positions of the checked outcomes."""
        chosen: dict[int, set[int]] = {}
        for top in range(self.values.topLevelItemCount()):
            head = self.values.topLevelItem(top)
            outcomes = self.plan.cases[top].outcomes
            for i in range(head.childCount()):
                row = head.child(i)
                if row.checkState(0) == Qt.CheckState.Checked:
                    outcome = row.data(0, Qt.ItemDataRole.UserRole)
                    chosen.setdefault(top, set()).add(next(n for n, o in enumerate(outcomes) if o is outcome))
        return chosen

    def accept(self) -> None:
        if self.plan is None:
            return
        cases = cases_after(self.doc.board, self.plan, self.accepted_outcomes())
        first = self.plan.cases[0]
        select = cases[len(self.doc.board.cases)].id if first.is_new else cases[first.number - 1].id
        self.doc.undo_stack.push(ReplaceCases(self.doc, cases, "Import from FHIR", select))
        super().accept()


def import_fhir(window) -> None:
    """Ask for FHIR files and open the review dialog for them."""
    folder = str(window.doc.path.parent) if window.doc.path else ""
    # the FHIR models take about a second to build the first time: build them while the user chooses
    run_task(window, load_fhir_models, lambda _result: None, lambda _message: None)
    files, _ = QFileDialog.getOpenFileNames(window, "Import from FHIR", folder, FHIR_FILTER)
    if not files:
        return
    dialog = ImportFhirDialog(window.doc, [Path(f) for f in files], window)
    window.fhir_dialog = dialog
    dialog.open()
