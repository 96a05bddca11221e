"""The case editor: its parts in the source document's order, built from declarations."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from boardtool.gui.settings import Preferences
from boardtool.gui.document import BoardDocument
from boardtool.gui.discussion import DiscussionPane
from boardtool.gui.fields import FieldRow, FieldSpec, Form
from boardtool.gui.history_pane import HistoryPane
from boardtool.gui.images_pane import ImagesPane
from boardtool.gui.plan_pane import PlanPane
from boardtool.gui.tables import Column, RecordTable
from boardtool.gui.tnm_block import TnmBlock
from boardtool.model.board import Marker, MetastaticSite
from boardtool.model.terms import (
    CASE_STATUS_LABELS,
    CENTRAL_REVIEW_LABELS,
    DIAGNOSIS_STATE_LABELS,
    DISEASE_STATUS_LABELS,
    EXAM_RESULT_LABELS,
    MARKER_RESULT_LABELS,
    NOS_NEC_LABELS,
    SEX_LABELS,
)

NONE = (None, "—")
DISEASE_STATUS = (NONE, *DISEASE_STATUS_LABELS.items())
GRADES = (NONE, (1, "1"), (2, "2"), (3, "3"), (4, "4"))
MARKER_RESULTS = (NONE, *MARKER_RESULT_LABELS.items())
EXAM_RESULTS = (NONE, *EXAM_RESULT_LABELS.items())


def tumour_types(catalog):
    return [("", "—")] + [(t.id, t.name + (" (NOS/NEC)" if t.nos_nec else "")) for t in catalog.tumour_types]


def compartments(catalog):
    names = dict.fromkeys(t.compartment for t in catalog.tumour_types if t.compartment != "any")
    return [("", "—")] + [(n, n.capitalize()) for n in names]


def m_stages(catalog):
    return [NONE] + [(m.id, f"{m.id} — {m.description}") for m in catalog.m_stages]


def examination(exam: str, name: str) -> FieldRow:
    """Return the line of one staging examination: its date, then its result."""
    return FieldRow(name, (FieldSpec(f"staging.{exam}.date", f"{name}: date", "date"),
                           FieldSpec(f"staging.{exam}.result", f"{name}: result", "choice", EXAM_RESULTS)),
                    captions=("result",))


def scales(catalog):
    return [("", "—")] + [(s.id, f"{s.name} ({_ages(s.min_age, s.max_age)})") for s in catalog.performance_scales]


def _ages(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"ages {low}–{high}"
    if low is not None or high is not None:
        return f"ages {low} and over" if low is not None else f"ages up to {high}"
    return "any age"


def marker_names(catalog) -> list[str]:
    return list(catalog.marker_names)


def marker_methods(catalog) -> list[str]:
    return list(catalog.marker_methods)


PATIENT = [
    FieldSpec("patient.name", "Patient name"),
    FieldSpec("patient.also_known_as", "Also known as",
              hint="A nickname or other name the patient goes by; removed from de-identified exports too"),
    FieldSpec("patient.mrn", "MRN"),
    FieldSpec("patient.birth_date", "Date of birth", "date"),
    FieldSpec("patient.sex", "Sex", "choice", tuple(SEX_LABELS.items())),
    FieldSpec("status", "Status", "choice", tuple(CASE_STATUS_LABELS.items())),
    FieldSpec("presenter", "Presenter"),
    FieldSpec("referring_clinician", "Referring clinician"),
    FieldSpec("minutes", "Minutes on the agenda", "int"),
]
QUESTION = [
    FieldSpec("question", "Question for the board", "multiline", hint="Every case needs one", height=70),
    FieldSpec("clinical_summary", "Clinical summary", "multiline", height=90),
    FieldSpec("symptoms", "Symptoms", "multiline", height=50),
]
DIAGNOSIS = [
    FieldSpec("diagnosis.state", "Diagnostic state", "choice", tuple(DIAGNOSIS_STATE_LABELS.items()),
              hint="Suspected: presented before tissue, from imaging. Histological: molecular results pending"),
    FieldSpec("diagnosis.tumour_type", "WHO CNS5 type", "choice", tumour_types),
    FieldSpec("diagnosis.compartment", "Compartment", "choice", compartments),
    FieldSpec("diagnosis.grade", "CNS WHO grade", "choice", GRADES),
    FieldSpec("diagnosis.nos_nec", "NOS / NEC", "choice", tuple(NOS_NEC_LABELS.items())),
    FieldSpec("diagnosis.date", "Date of diagnosis", "date"),
    FieldSpec("diagnosis.central_review", "Central pathology review", "choice",
              (NONE, *CENTRAL_REVIEW_LABELS.items())),
    FieldSpec("diagnosis.methylation_class", "Methylation class"),
    FieldSpec("diagnosis.methylation_score", "Methylation score", "float", hint="Calibrated score, 0 to 1"),
]
STAGING = [
    FieldSpec("disease_status", "Disease status", "choice", DISEASE_STATUS),
    FieldSpec("primary_site", "Primary site"),
    FieldSpec("staging.m_stage", "Chang M stage", "choice", m_stages),
    examination("mri_brain", "MRI brain"),
    examination("mri_spine", "MRI whole spine"),
    examination("csf_cytology", "Lumbar CSF cytology"),
]
CONDITION = [
    FieldSpec("performance.scale", "Performance scale", "choice", scales,
              hint="Lansky for children under 16, Karnofsky from 16; chosen for you when you enter a score"),
    FieldSpec("performance.value", "Performance score", "int"),
    FieldSpec("performance.rated_by", "Rated by"),
    FieldSpec("performance.date", "Rated on", "date"),
    FieldSpec("dexamethasone_mg_per_day", "Dexamethasone (mg/day)", "float"),
    FieldSpec("comorbidities", "Comorbidities (one a line)", "lines", height=50),
    FieldSpec("medications", "Current medication (one a line)", "lines", height=50),
]

MARKER_COLUMNS = [Column("name", "Marker", width=150, suggestions=marker_names),
                  Column("result", "Result", "choice", MARKER_RESULTS, 120), Column("detail", "Detail", width=140),
                  Column("method", "Method", width=150, suggestions=marker_methods), Column("date", "Date", "date")]
SITE_COLUMNS = [Column("site", "Site", width=200), Column("detected", "Detected", "date"), Column("evidence", "Evidence")]
ITEM_NAMES = {"diagnosis.markers": "marker", "metastatic_sites": "site"}


class _FullHeight(QObject):
    """Keeps a tab's page at least as tall as its layout wants, so that a page taller than the
    window scrolls instead of squeezing its fields below their height."""

    def eventFilter(self, page, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and page.layout() is not None:
            wanted = page.layout().sizeHint().height()
            if page.minimumHeight() != wanted:
                page.setMinimumHeight(wanted)
        return False


def _scroll(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(inner)
    keeper = _FullHeight(area)
    inner.installEventFilter(keeper)
    return area


class CaseEditor(QTabWidget):
    """Tabs for one case: patient and question; diagnosis and staging; history; key images;
    discussion; consensus plan."""

    def __init__(self, doc: BoardDocument, preferences: Preferences, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.preferences = doc, preferences
        self.case_id: str | None = None
        self.forms: list[Form] = []
        self.tables: dict[str, RecordTable] = {}
        scope = lambda: self.case_id
        self.addTab(self._page([("Patient", PATIENT), ("Question for the board", QUESTION)]), "1 Patient")
        self.tnm = TnmBlock(doc, scope)
        self.addTab(self._page(
            [("Diagnosis", DIAGNOSIS), ("Markers", ("diagnosis.markers", Marker, MARKER_COLUMNS)),
             ("Disease extent and staging", STAGING),
             ("Metastatic sites", ("metastatic_sites", MetastaticSite, SITE_COLUMNS)),
             ("Clinical status", CONDITION)], extras={"Disease extent and staging": ("TNM", self.tnm)}), "2 Diagnosis")
        self.tables["staging.tnm"] = self.tnm.table
        self.history = HistoryPane(doc, scope, self)
        self.history.selected = lambda _row: self.show_problems(self._problems)
        self._problems: list = []  # the problems of the case, as last shown
        self.forms.append(self.history.form)
        self.addTab(_scroll(self.history), "3 History")
        self.images = ImagesPane(doc, scope, self)
        self.addTab(self.images, "4 Images")
        self.discussion = DiscussionPane(doc, scope, self)
        self.addTab(_scroll(self.discussion), "5 Discussion")
        self.forms += self.discussion.forms
        self.plan = PlanPane(doc, scope, preferences, self)
        self.addTab(_scroll(self.plan), "6 Plan")
        self.forms += self.plan.forms
        self.tables.update(self.plan.tables)
        for index in range(self.count()):
            self.setTabToolTip(index, f"Alt+{index + 1}")
        doc.changed.connect(self._model_changed)

    def _page(self, groups, extras: dict | None = None) -> QScrollArea:
        """Return a scrolling page of titled groups: forms from field lists, tables from (path, type, columns);
        ``extras`` adds a labelled widget at the end of a group's form."""
        inner = QWidget()
        column = QVBoxLayout(inner)
        for title, content in groups:
            box = QGroupBox(title, inner)
            if isinstance(content, tuple):
                path, record_type, columns = content
                table = RecordTable(self.doc, path, record_type, columns, lambda: self.case_id, title, box,
                                    item=ITEM_NAMES.get(path, ""))
                QVBoxLayout(box).addWidget(table)
                self.tables[path] = table
            else:
                form = QFormLayout(box)
                form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
                self.forms.append(Form(self.doc, content, form, lambda: self.case_id, box))
                if extras and title in extras:
                    label, widget = extras[title]
                    widget.setParent(box)
                    form.addRow(label, widget)
            column.addWidget(box)
        column.addStretch(1)
        return _scroll(inner)

    def set_case(self, case_id: str | None) -> None:
        """Show this case (or nothing); another case is shown from the top of each tab."""
        if case_id != self.case_id:
            for area in self.findChildren(QScrollArea):
                area.verticalScrollBar().setValue(0)
        self.case_id = case_id
        self.setEnabled(case_id is not None)
        if case_id is None:
            return
        for form in self.forms:
            form.refresh()
        for table in self.tables.values():
            table.refresh()
        self.tnm.refresh()
        self.history.refresh()
        self.images.refresh()
        self.discussion.refresh()
        self.plan.refresh()
        self.show_sources()

    def _model_changed(self, case_id, path: str) -> None:
        if case_id is None or case_id != self.case_id:
            return
        for form in self.forms:
            form.refresh(path)
        root = path.split(".")[0]
        for table_path, table in self.tables.items():
            if path == table_path or table_path.startswith(path) or path.startswith(table_path):
                table.refresh()
        if "staging.tnm".startswith(path) or path.startswith("staging.tnm"):
            self.tnm.refresh()
        if root == "history":
            self.history.refresh()
        if root == "images":
            self.images.refresh()
        self.discussion.refresh_prompts()
        if root == "discussion":
            self.discussion.refresh()
        self.show_sources()

    def show_sources(self) -> None:
        """Name on hover where each imported value of the case came from."""
        case = self.doc.board.case_by_id(self.case_id) if self.case_id else None
        for form in self.forms:
            form.show_sources(case)

    # -- problems and the field of each path ------------------------------------

    def all_tables(self) -> list[RecordTable]:
        """Return every table of the case editor, those of the selected history event included."""
        return [*self.tables.values(), *self.history.tables.values()]

    def widget_for(self, path: str) -> QWidget | None:
        """Return the widget that edits a problem's field (a table's cell is made the current one)."""
        if path.startswith("history."):
            self.history.select_path(path)
        for form in self.forms:
            widget = form.widget_for(path)
            if widget is not None:
                return widget
        for table in self.all_tables():
            if path == table.path or path.startswith(table.path + "."):
                table.select_path(path)
                return table.table
        return self.pane_widget_for(path)

    def pane_widget_for(self, path: str) -> QWidget | None:
        """Return the list or pane that shows a path no field or table edits."""
        if path.startswith("history"):
            return self.history.list
        if path.startswith("images"):
            return self.images.list
        if path.startswith("discussion"):
            return self.discussion.modalities
        return None

    def editor_for(self, path: str) -> QWidget | None:
        """Return the widget that edits exactly this field of the case (not a record around it), or None."""
        parts = path.split(".")
        if parts[0] == "history" and len(parts) > 2:
            self.history.select_path(path)
            if parts[2] == "kind":
                return self.history.kind
        for form in self.forms:
            editor = form.editor_for(path)
            if editor is not None:
                return editor.widget
        for table in self.all_tables():
            if table.edits(path):
                return table.table
        if parts[0] == "images" and len(parts) > 2:
            return self.images.editor_for(path)
        if parts[0] == "discussion" and len(parts) == 3:
            return self.discussion.editor_for(parts[1], parts[2])
        return self.plan.editor_for(path)

    def show_problems(self, problems) -> None:
        """Highlight the fields with problems in this case; clear the others."""
        self._problems = list(problems)
        messages: dict[str, list[str]] = {}
        for problem in problems:
            messages.setdefault(problem.path, []).append(f"{problem.area}: {problem.message}")
        shown = set()
        for form in self.forms:
            shown |= _mark_form(form, messages)
        self.history.mark({p: ms for p, ms in messages.items() if p.startswith("history") and p not in shown})
        for table_path, table in self.tables.items():
            table.mark({p: ms for p, ms in messages.items() if p == table_path or p.startswith(table_path + ".")})


def _mark_form(form: Form, messages: dict[str, list[str]]) -> set[str]:
    """Mark each field of a form with the problems at or under it (a record laid out as one line:
    at its last field); return the problem paths shown."""
    prefix = form.prefix()
    routed = dict(messages)
    for record, fields in form.rows.items():
        if prefix + record in routed:
            target = prefix + fields[-1]
            routed[target] = [*routed.get(target, []), *routed.pop(prefix + record)]
    shown = {prefix + record for record in form.rows if prefix + record in messages}
    for bare, editor in form.editors.items():
        path = prefix + bare
        own = [m for p, ms in routed.items() if p == path or p.startswith(path + ".") for m in ms]
        shown.update(p for p in routed if p == path or p.startswith(path + "."))
        editor.mark("\n".join(own) if own else None)
    return shown
