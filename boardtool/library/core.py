"""The open library: its engine, who is acting, and transactions that write safely."""

from __future__ import annotations

import contextlib
import getpass
import socket
from collections.abc import Iterator

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from boardtool.library import schema
from boardtool.library.audit import Actor
from boardtool.library.engine import WRITE_OPTION, described, is_postgresql, library_url, make_engine, shown_url
from boardtool.library.errors import LibraryError

WRITE_LOCK = 0x626F617264  # one advisory lock: writers to a PostgreSQL library take turns


def default_actor(name: str = "") -> Actor:
    """Return the person acting (the given name, else the login name) and this computer."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "unknown"
    return Actor(who=(name.strip() or login)[:120], host=socket.gethostname()[:120])


class Library:
    """A department library at one URL, checked to be at this boardtool's schema."""

    def __init__(self, engine: Engine, actor: Actor):
        self.engine = engine
        self.actor = actor

    @classmethod
    def open(cls, url: str | None = None, *, preference: str = "", actor: Actor | None = None,
             upgrade_if_old: bool | None = None) -> Library:
        """Open the library at ``url`` (or the one in force), creating an empty one's tables.

        A SQLite library is upgraded in place when older; a PostgreSQL one is upgraded by
        ``boardtool library upgrade``, so one workstation cannot surprise the department."""
        url = url or library_url(preference)
        engine = make_engine(url)
        if upgrade_if_old is None:
            upgrade_if_old = engine.dialect.name == "sqlite"
        try:
            with translated(url):
                schema.check(engine, upgrade_if_old=upgrade_if_old)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, actor or default_actor())

    @property
    def where(self) -> str:
        """Return the library's address without any password."""
        return shown_url(self.engine.url.render_as_string(hide_password=True))

    @property
    def described(self) -> str:
        """Return where the library is, in words for the window."""
        return described(self.engine.url.render_as_string(hide_password=True))

    @contextlib.contextmanager
    def writing(self) -> Iterator[Connection]:
        """Yield a connection inside one write transaction, committed when the block ends."""
        with translated(self.where), self.engine.connect() as connection:
            connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                if is_postgresql(self.engine):
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
                yield connection

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """Yield a connection for reading."""
        with translated(self.where), self.engine.connect() as connection:
            yield connection

    def close(self) -> None:
        """Release the library's connections."""
        self.engine.dispose()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


@contextlib.contextmanager
def translated(where: str) -> Iterator[None]:
    """Turn a database failure into a LibraryError that names the library."""
    try:
        yield
    except OperationalError as exc:
        raise LibraryError(f"cannot reach the library ({_first_line(exc)})", file=shown_url(where)) from exc
    except DBAPIError as exc:
        raise LibraryError(f"the library refused the request ({_first_line(exc)})", file=shown_url(where)) from exc


def _first_line(exc: DBAPIError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
