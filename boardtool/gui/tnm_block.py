"""The TNM block of staging: hidden while empty (CNS tumours are rarely staged by TNM); an
"Add TNM" button opens it, and it shows by itself when an imported record brings one."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from boardtool.gui.document import BoardDocument, Scope
from boardtool.gui.tables import Column, RecordTable
from boardtool.model.board import TnmStage
from boardtool.model.terms import TNM_BASIS_LABELS

TNM_COLUMNS = [Column("basis", "Basis", "choice", tuple(TNM_BASIS_LABELS.items())),
               Column("t", "T", width=60), Column("n", "N", width=60), Column("m", "M", width=60),
               Column("group", "Stage group", width=95), Column("system", "System / edition", width=130),
               Column("date", "Date", "date")]


class TnmBlock(QWidget):
    """An "Add TNM" button while the case has no TNM classification; the table once it has one."""

    def __init__(self, doc: BoardDocument, scope: Scope, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = RecordTable(doc, "staging.tnm", TnmStage, TNM_COLUMNS, scope, "TNM classification", self,
                                 item="TNM row")
        self.table.table.setMinimumHeight(80)
        self.add_button = QPushButton("Add &TNM", self)
        self.add_button.setToolTip("Record a TNM classification (clinical or pathologic), e.g. from a referral letter")
        self.add_button.clicked.connect(self.add_first)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table)
        self.refresh()

    def add_first(self) -> None:
        """Open the table with one empty classification and put the cursor in it."""
        self.table.add_row()
        self.refresh()
        self.table.table.setFocus()

    def refresh(self) -> None:
        """Show the table when the case has TNM rows, the button when it has none."""
        self.table.refresh()
        has_rows = bool(self.table.records())
        self.table.setVisible(has_rows)
        self.add_button.setVisible(not has_rows)
