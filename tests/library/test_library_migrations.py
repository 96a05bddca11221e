"""Migrations: from an empty database, from the previous schema with data, and refusals."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from boardtool.library import LibraryError, schema
from boardtool.library.core import Library
from boardtool.library.engine import make_engine
from boardtool.library.tables import metadata

NOW = dt.datetime(2026, 3, 5, 9, 30, tzinfo=dt.UTC)


def test_an_empty_database_migrates_to_the_declared_tables(library_url):
    engine = make_engine(library_url)
    assert schema.current_revision(engine) is None
    assert schema.upgrade(engine) == (None, schema.head_revision())
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []
    engine.dispose()


def test_at_least_two_revisions_ship():
    assert {"0001", "0002"} <= schema.known_revisions()
    assert schema.head_revision() == "0002"


def _old_library_with_a_final_case(engine, board) -> None:
    """Build a library at the first schema, the way the previous boardtool wrote it."""
    schema.upgrade(engine, "0001")
    case = board.cases[0]
    assert case.plan.status == "final"
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO meetings VALUES ('m1', :day, 'Board', 'ependymoma', 2, '{}', 1, :now, 'someone')"),
            {"day": dt.date(2026, 3, 5), "now": NOW})
        connection.execute(text(
            "INSERT INTO cases (id, meeting_id, position, schema_version, document, version, patient_key, patient_name,"
            " patient_mrn, status, plan_status, disease, meeting_date, referred_on, updated_at, updated_by) VALUES "
            "(:id, 'm1', 0, 2, :doc, 3, 'k', 'A', 'B', 'discussed', 'final', 'ependymoma', :day, :day, :now, 'someone')"),
            {"id": case.id, "doc": json.dumps(case.model_dump(mode="json")), "day": dt.date(2026, 3, 5), "now": NOW})
        connection.execute(text("INSERT INTO audit_events VALUES (1, 'x', 'w', 'h', 'create', NULL, NULL, '{}', 'p', 'h')"))


def test_the_previous_schema_upgrades_keeping_cases_and_freezing_final_plans(library_url, board):
    engine = make_engine(library_url)
    _old_library_with_a_final_case(engine, board)
    with pytest.raises(LibraryError, match="library upgrade"):
        Library.open(library_url, upgrade_if_old=False)
    assert schema.upgrade(engine) == ("0001", "0002")
    with engine.connect() as connection:
        version = connection.execute(text("SELECT version FROM cases")).scalar()
        text_, digest = connection.execute(text("SELECT text, sha256 FROM recommendations")).one()
        due = connection.execute(text("SELECT implementation_due FROM follow_ups")).scalar()
    assert version == 3
    assert text_ == board.cases[0].plan.recommendation and len(digest) == 64
    finalised = board.cases[0].plan.finalised_at.date()
    assert str(due) == str(finalised + dt.timedelta(days=30))
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET who = 'someone else'"))
    engine.dispose()
    Library.open(library_url, upgrade_if_old=False).close()  # now current: opens


def test_sqlite_is_upgraded_when_opened(tmp_path, board):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    _old_library_with_a_final_case(engine, board)
    engine.dispose()
    library = Library.open(url)
    assert schema.current_revision(library.engine) == schema.head_revision()
    library.close()


def test_a_newer_schema_is_refused(library_url):
    engine = make_engine(library_url)
    schema.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    for attempt in (lambda: Library.open(library_url), lambda: schema.upgrade(engine)):
        with pytest.raises(LibraryError, match="newer than this boardtool knows"):
            attempt()
    engine.dispose()


def test_downgrade_to_the_first_schema_and_up_again(library_url):
    from alembic import command

    engine = make_engine(library_url)
    schema.upgrade(engine)
    with engine.begin() as connection:
        command.downgrade(schema._config(connection), "0001")
    assert schema.current_revision(engine) == "0001"
    schema.upgrade(engine)
    assert schema.current_revision(engine) == "0002"
    engine.dispose()
