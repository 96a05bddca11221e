"""Where the library lives: the default SQLite file or a department's PostgreSQL server."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from boardtool.library.errors import LibraryError
from boardtool.library.names import default_url, library_url

__all__ = ["checked_url", "default_url", "is_postgresql", "library_url", "make_engine", "shown_url"]

SQLITE_BUSY_MS = 10_000
WRITE_OPTION = "boardtool_write"


def shown_url(url: str) -> str:
    """Return the URL as it may be shown to people (never a password)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unreadable library address)"


def described(url: str) -> str:
    """Return where the library is, in words for the window: a file on this computer, or a
    department database on its server (never a password)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "an unreadable library address"
    if parsed.get_backend_name() == "sqlite":
        return f"the library file on this computer, {parsed.database}" if parsed.database else "a library in memory"
    who = f", as {parsed.username}" if parsed.username else ""
    return f"the department library {parsed.database or ''} on {parsed.host or 'this computer'}{who}".replace("  ", " ")


def checked_url(url: str):
    """Return the parsed library URL, or raise LibraryError saying what is wrong with it: not a
    database address, a password in it, another database than SQLite or PostgreSQL, no file."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise LibraryError("not a database address (expected sqlite:///FILE or postgresql://HOST/DB)",
                           field="library URL") from exc
    if parsed.password:
        raise LibraryError("the library address holds a password; boardtool never stores one. "
                           "Put it in ~/.pgpass (or use the server's own sign-in) and leave it out of the URL.",
                           field=shown_url(url))
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise LibraryError(f"unsupported database '{parsed.get_backend_name()}': use SQLite or PostgreSQL",
                           field=shown_url(url))
    if parsed.get_backend_name() == "sqlite" and (not parsed.database or parsed.database == ":memory:"):
        raise LibraryError("a SQLite library needs a file", field=shown_url(url))
    return parsed


def make_engine(url: str) -> Engine:
    """Return an engine for a SQLite or PostgreSQL library URL, refusing anything else."""
    parsed = checked_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10,
                                                                     "application_name": "boardtool"})


def _sqlite_engine(parsed) -> Engine:
    path = Path(parsed.database).expanduser()
    _create_private(path)
    engine = create_engine(parsed.set(database=str(path)))
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_begin(connection) -> None:
    # A writer takes the write lock at once (BEGIN IMMEDIATE) so it queues instead of failing late.
    writing = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def _create_private(path: Path) -> None:
    """Create the library file (and its folder) readable by its owner only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(fd)
    except OSError as exc:
        raise LibraryError(f"cannot create the library file ({exc.strerror or exc})", file=str(path)) from exc


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Transactions are begun by the "begin" listener, not by the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def is_postgresql(engine: Engine) -> bool:
    """Return True for a PostgreSQL library."""
    return engine.dialect.name == "postgresql"
