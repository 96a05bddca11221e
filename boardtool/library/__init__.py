"""The department library: meetings and cases in SQLite (one workstation) or PostgreSQL.

No Qt here. The board model stays the source of truth: each case is stored as its JSON
document, with indexed columns derived from it on save."""

from boardtool.library.errors import Conflict, ConflictError, LibraryError

__all__ = ["Conflict", "ConflictError", "Library", "LibraryError"]


def __getattr__(name: str):
    # The database code (SQLAlchemy, Alembic) loads only when a library is first opened.
    if name == "Library":
        from boardtool.library.core import Library

        return Library
    raise AttributeError(name)
