"""Library fixtures: every test runs on SQLite and on PostgreSQL.

PostgreSQL comes from $BOARDTOOL_TEST_POSTGRES_URL (.ci/run starts a throw-away cluster),
else from a cluster started here for the session when the server programs are installed.
Without them the PostgreSQL half is skipped visibly, except in CI where it fails."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

import pg_cluster
from boardtool.library.audit import Actor
from boardtool.library.core import Library

URL_VARIABLE = "BOARDTOOL_TEST_POSTGRES_URL"
ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_url():
    """Return the URL of an empty PostgreSQL test database (skipped when no server can be had)."""
    url = os.environ.get(URL_VARIABLE)
    if url:
        yield url
        return
    if pg_cluster.server_bin() is None:
        message = "PostgreSQL server programs (initdb) are not installed: the PostgreSQL half is not tested"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI must test both engines)")
        pytest.skip(message)
    cluster = pg_cluster.start()
    previous = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(cluster.pgpass)
    try:
        yield cluster.url
    finally:
        pg_cluster.stop(cluster.folder)
        if previous is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = previous


def empty_postgres(url: str) -> None:
    """Drop everything in the test database's public schema."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=ENGINES)
def library_url(request, tmp_path):
    """Return the URL of an empty library on each engine in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'library.sqlite'}"
    url = request.getfixturevalue("postgres_url")
    empty_postgres(url)
    return url


@pytest.fixture
def library(library_url):
    """Return an open, empty library at the newest schema, acting as a fictional coordinator."""
    opened = Library.open(library_url, actor=Actor("A. Coordinator", "ward-pc-1"), upgrade_if_old=True)
    yield opened
    opened.close()
