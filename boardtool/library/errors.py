"""Errors of the department library, worded for the person at the keyboard."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from boardtool.model.errors import BoardError


class LibraryError(BoardError):
    """The library cannot be reached, is of another schema, or refuses a request."""


@dataclass
class Conflict:
    """One record someone else changed since it was opened: what is here and what is stored."""

    kind: str  # "case" or "meeting"
    key: str  # the case id or the meeting id
    label: str  # the patient's name or the meeting's title, for the dialog
    mine: dict[str, Any]
    theirs: dict[str, Any]
    their_version: int
    changed_by: str = ""
    changed_at: str = ""


@dataclass
class ConflictError(LibraryError):
    """Raised when a save would overwrite changes saved by someone else since opening."""

    conflicts: list[Conflict] = field(default_factory=list)

    def __post_init__(self) -> None:
        names = ", ".join(conflict.label or conflict.key for conflict in self.conflicts)
        LibraryError.__init__(self, f"changed by someone else since it was opened: {names}. Nothing was saved.")
