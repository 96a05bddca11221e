"""The library's schema version: upgrade with the shipped migrations, refuse a newer one."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from boardtool.library.errors import LibraryError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SCHEMA_LOCK = 0x626F617265


def _config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """Return the newest schema revision this boardtool knows."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def known_revisions() -> set[str]:
    """Return every schema revision this boardtool ships."""
    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """Return the library's schema revision, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> tuple[str | None, str]:
    """Migrate the library to ``target``; return the revisions before and after."""
    before = current_revision(engine)
    refuse_newer(before)
    with engine.connect().execution_options(boardtool_write=True) as connection, connection.begin():
        if engine.dialect.name == "postgresql":  # workstations upgrading at once take turns
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
        command.upgrade(_config(connection), target)
    return before, current_revision(engine)


def refuse_newer(revision: str | None) -> None:
    """Raise when the library was migrated by a newer boardtool."""
    if revision is not None and revision not in known_revisions():
        raise LibraryError(f"the library's schema ({revision}) is newer than this boardtool knows "
                           f"(up to {head_revision()}). Update boardtool to use it.")


def check(engine: Engine, *, upgrade_if_old: bool) -> None:
    """Make sure the library is at the newest schema, upgrading it when allowed."""
    revision = current_revision(engine)
    refuse_newer(revision)
    if revision == head_revision():
        return
    if upgrade_if_old or revision is None and not _has_tables(engine):
        upgrade(engine)
        return
    raise LibraryError(f"the library's schema ({revision or 'none'}) is older than this boardtool's "
                       f"({head_revision()}). Run 'boardtool library upgrade' first.")


def _has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())
