"""One family of exceptions whose messages a clinician can act on."""

from __future__ import annotations


class BoardError(Exception):
    """A problem with a board, a catalog or a file, worded for the user."""

    def __init__(self, message: str, *, file: str | None = None, field: str | None = None):
        self.file = file
        self.field = field
        self.detail = message
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = " › ".join(part for part in (self.file, self.field) if part)
        return f"{where}: {self.detail}" if where else self.detail


class BoardFileError(BoardError):
    """A board file cannot be read or written."""


class CatalogError(BoardError):
    """A disease catalog is missing or malformed."""


class ExportError(BoardError):
    """A deck or summary cannot be produced."""
