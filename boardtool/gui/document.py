"""The open board with its file name and undo history; every edit goes through here."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from boardtool.gui.case_defaults import follow_ons, next_meeting_day
from boardtool.model.board import Board, Case, ModalityDiscussion
from boardtool.model.catalog import Catalog, load_catalog
from boardtool.store import load_board, save_board

MERGE_ID = 4711
Scope = Callable[[], str | None]  # which case an editor edits now: a case id, or None for the meeting


def get_path(root: Any, path: str) -> Any:
    """Return the value at a dotted path ('patient.name', 'discussion.radiation.notes')."""
    value = root
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list):
            value = value[int(part)]
        else:
            value = getattr(value, part)
        if value is None:
            return None
    return value


def set_path(root: Any, path: str, value: Any) -> None:
    """Set the value at a dotted path, creating a modality's discussion record when needed."""
    *parents, last = path.split(".")
    target = root
    for part in parents:
        if isinstance(target, dict):
            target = target.setdefault(part, ModalityDiscussion())
        elif isinstance(target, list):
            target = target[int(part)]
        else:
            target = getattr(target, part)
    if isinstance(target, dict):
        if value is None:
            target.pop(last, None)
        else:
            target[last] = value
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        setattr(target, last, value)  # pydantic validates the assignment


@dataclass(frozen=True)
class Refusal:
    """A value typed into a field that the board did not take, and why."""

    label: str  # the field as the user sees it
    text: str  # what the field shows
    message: str  # why it was not taken


class SetField(QUndoCommand):
    """Change one field of a case (or of the meeting when ``case_id`` is None)."""

    def __init__(self, doc: BoardDocument, case_id: str | None, path: str, value: Any, merge: bool):
        super().__init__(f"Edit {path.split('.')[-1].replace('_', ' ')}")
        self.doc, self.case_id, self.path, self.merge = doc, case_id, path, merge
        self.old = copy.deepcopy(get_path(doc.root(case_id), path))
        self.new = value

    def id(self) -> int:
        return MERGE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetField) or (other.case_id, other.path) != (self.case_id, self.path):
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.doc.apply(self.case_id, self.path, copy.deepcopy(self.new))

    def undo(self) -> None:
        self.doc.apply(self.case_id, self.path, copy.deepcopy(self.old))


class ReplaceCases(QUndoCommand):
    """Replace the list of cases (add, duplicate, remove, reorder)."""

    def __init__(self, doc: BoardDocument, cases: list[Case], text: str, select: str | None = None):
        super().__init__(text)
        self.doc, self.new, self.old = doc, cases, list(doc.board.cases)
        self.select = select

    def redo(self) -> None:
        self.doc.set_cases(self.new, self.select)

    def undo(self) -> None:
        self.doc.set_cases(self.old, None)


class BoardDocument(QObject):
    """The board being edited: model, file path, undo stack and change signals."""

    changed = Signal(object, str)  # case id (None for the meeting), path
    cases_changed = Signal(object)  # case id to select, or None
    path_changed = Signal()
    failed = Signal(str)  # an edit the model refused, worded for the user
    refusals_changed = Signal()

    def __init__(self, board: Board | None = None, path: Path | None = None, parent: QObject | None = None,
                 meeting_day: str = ""):
        super().__init__(parent)
        self.board = board or Board()
        if board is None:  # a new board meets on the next meeting day; the date stays editable
            self.board.meeting.date = next_meeting_day(dt.date.today(), meeting_day)
        self.path = path
        self.catalog: Catalog = load_catalog(self.board.disease)
        self.undo_stack = QUndoStack(self)
        self.last_refusal = ""
        self.refused: dict[tuple[str | None, str], Refusal] = {}
        if board is None and not self.board.meeting.quorum_specialties:
            self.board.meeting.quorum_specialties = list(self.catalog.core_specialties)

    @classmethod
    def open(cls, path: Path, parent: QObject | None = None) -> BoardDocument:
        """Return a document for the board file at ``path`` (raises BoardError)."""
        return cls(load_board(path), Path(path), parent)

    def save(self, path: Path | None = None) -> None:
        """Write the board (raises BoardError); marks the undo stack clean."""
        target = Path(path or self.path)
        save_board(self.board, target)
        if self.path != target:
            self.path = target
            self.path_changed.emit()
        self.undo_stack.setClean()

    # -- reading -----------------------------------------------------------

    def root(self, case_id: str | None) -> Any:
        """Return the object that a path is relative to: a case, or the meeting."""
        if case_id is None:
            return self.board.meeting
        case = self.board.case_by_id(case_id)
        if case is None:
            raise KeyError(case_id)
        return case

    def value(self, case_id: str | None, path: str) -> Any:
        return get_path(self.root(case_id), path)

    # -- editing -----------------------------------------------------------

    def edit(self, case_id: str | None, path: str, value: Any, merge: bool = False) -> bool:
        """Change a field through the undo stack, with the fields that follow from it;
        return False (and say why) if refused."""
        if self.value(case_id, path) == value:
            return True
        command = SetField(self, case_id, path, value, merge)
        try:  # try it first: an exception inside the undo stack would be swallowed by Qt
            set_path(self.root(case_id), path, copy.deepcopy(value))
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            self.last_refusal = first_message(exc)
            self.failed.emit(self.last_refusal)
            return False
        set_path(self.root(case_id), path, copy.deepcopy(command.old))
        extras = self._follow_ons(case_id, path, value)
        if not extras:
            self.undo_stack.push(command)
            return True
        self.undo_stack.beginMacro(command.text())
        self.undo_stack.push(command)
        for extra_path, extra in extras.items():
            self.undo_stack.push(SetField(self, case_id, extra_path, extra, False))
        self.undo_stack.endMacro()
        return True

    def _follow_ons(self, case_id: str | None, path: str, value: Any) -> dict[str, Any]:
        """Return the other fields of the case that follow from this edit."""
        if case_id is None:
            return {}
        return follow_ons(self.root(case_id), self.catalog, self.board.meeting.date, path, value)

    def apply(self, case_id: str | None, path: str, value: Any) -> None:
        affected = {key: self._value_or_none(*key) for key in self.refused
                    if key[0] == case_id and (key[1] == path or key[1].startswith(path + "."))}
        set_path(self.root(case_id), path, value)
        gone = [key for key, before in affected.items() if self._value_or_none(*key) != before]
        for key in gone:  # the stored value moved on: the field shows it again
            del self.refused[key]
        self.changed.emit(case_id, path)
        if gone:
            self.refusals_changed.emit()

    def set_cases(self, cases: list[Case], select: str | None) -> None:
        self.board.cases = list(cases)
        ids = {case.id for case in cases}
        gone = [key for key in self.refused if key[0] is not None and key[0] not in ids]
        for key in gone:
            del self.refused[key]
        self.cases_changed.emit(select)
        if gone:
            self.refusals_changed.emit()

    # -- values typed but not taken ----------------------------------------

    def refuse(self, case_id: str | None, path: str, refusal: Refusal) -> None:
        """Remember that a field shows a value the board did not take."""
        if self.refused.get((case_id, path)) != refusal:
            self.refused[(case_id, path)] = refusal
            self.refusals_changed.emit()

    def accept(self, case_id: str | None, path: str) -> None:
        """Forget a refusal: the field shows the stored value again."""
        if self.refused.pop((case_id, path), None) is not None:
            self.refusals_changed.emit()

    def refusal(self, case_id: str | None, path: str) -> Refusal | None:
        """Return the refusal of a field, or None when it shows the stored value."""
        return self.refused.get((case_id, path))

    def _value_or_none(self, case_id: str | None, path: str) -> Any:
        try:
            return self.value(case_id, path)
        except (KeyError, AttributeError, IndexError, ValueError):
            return None

    def add_case(self) -> str:
        case = Case()
        self.undo_stack.push(ReplaceCases(self, [*self.board.cases, case], "Add case", case.id))
        return case.id

    def duplicate_case(self, case_id: str) -> str | None:
        source = self.board.case_by_id(case_id)
        if source is None:
            return None
        copy_ = source.model_copy(deep=True, update={"id": Case().id, "status": "to_discuss"})
        index = self.board.cases.index(source) + 1
        cases = [*self.board.cases[:index], copy_, *self.board.cases[index:]]
        self.undo_stack.push(ReplaceCases(self, cases, "Duplicate case", copy_.id))
        return copy_.id

    def remove_case(self, case_id: str) -> None:
        cases = [c for c in self.board.cases if c.id != case_id]
        if len(cases) != len(self.board.cases):
            self.undo_stack.push(ReplaceCases(self, cases, "Remove case", cases[0].id if cases else None))

    def move_case(self, source: int, target: int) -> None:
        """Move the case at ``source`` so that it ends up at position ``target``."""
        cases = list(self.board.cases)
        if not 0 <= source < len(cases):
            return
        case = cases.pop(source)
        cases.insert(max(0, min(target, len(cases))), case)
        if [c.id for c in cases] != [c.id for c in self.board.cases]:
            self.undo_stack.push(ReplaceCases(self, cases, "Reorder cases", case.id))

    def add_image(self, case_id: str, data: bytes, suffix: str, label: str = "") -> None:
        """Add a key image to a case (undoable)."""
        from boardtool.model.board import KeyImage

        name = self.board.add_image(data, suffix)
        images = [*self.value(case_id, "images"), KeyImage(file=name, label=label)]
        self.edit(case_id, "images", images)


def first_message(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        items = errors()
        if items:
            return str(items[0].get("msg", exc))
    return str(exc)
