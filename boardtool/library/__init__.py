"""The department library: meetings and cases in SQLite (one workstation) or PostgreSQL.

No Qt here. The board model stays the source of truth: each case is stored as its JSON
document, with indexed columns derived from it on save."""

from boardtool.library.core import Library
from boardtool.library.errors import Conflict, ConflictError, LibraryError

__all__ = ["Conflict", "ConflictError", "Library", "LibraryError"]
