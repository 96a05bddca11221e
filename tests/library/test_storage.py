"""Where the library lives, how it refuses bad addresses, and that a meeting round-trips."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from boardtool.library import LibraryError
from boardtool.library.core import Library
from boardtool.library.engine import default_url, library_url, make_engine
from boardtool.library.meetings import add_board, list_meetings, open_meeting, take_case


def test_default_library_is_a_private_wal_file_in_the_data_folder(data_dir, monkeypatch):
    monkeypatch.delenv("BOARDTOOL_LIBRARY_URL", raising=False)
    assert library_url() == default_url() == f"sqlite:///{data_dir / 'library.sqlite'}"
    library = Library.open()
    path = data_dir / "library.sqlite"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with library.reading() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        wal = Path(str(path) + "-wal")
        assert wal.exists() and stat.S_IMODE(wal.stat().st_mode) == 0o600
    library.close()


def test_xdg_data_home_is_used_without_an_own_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("BOARDTOOL_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_url() == f"sqlite:///{tmp_path / 'xdg' / 'boardtool' / 'library.sqlite'}"


def test_environment_overrides_the_preference(monkeypatch):
    monkeypatch.setenv("BOARDTOOL_LIBRARY_URL", "postgresql://board@db.example/tumourboard")
    assert library_url("sqlite:////elsewhere.sqlite") == "postgresql://board@db.example/tumourboard"
    monkeypatch.delenv("BOARDTOOL_LIBRARY_URL")
    assert library_url("sqlite:////elsewhere.sqlite") == "sqlite:////elsewhere.sqlite"


@pytest.mark.parametrize("url, words", [
    ("postgresql://board:secret@db.example/tumourboard", "pgpass"),
    ("mysql://db.example/board", "SQLite or PostgreSQL"),
    ("not a url", "not a database address"),
])
def test_bad_addresses_are_refused_without_showing_a_password(url, words):
    with pytest.raises(LibraryError) as caught:
        make_engine(url)
    assert words in str(caught.value)
    assert "secret" not in str(caught.value)


def test_an_unreachable_server_is_a_message(tmp_path):
    with pytest.raises(LibraryError, match="cannot reach the library"):
        Library.open("postgresql://nobody@127.0.0.1:9/none")


def test_a_meeting_round_trips_with_its_images(library, board):
    meeting_id = add_board(library, board)
    opened = open_meeting(library, meeting_id)
    assert opened.board.model_dump() == board.model_dump()
    assert opened.board.image_data == {name: board.image_data[name] for name in opened.board.image_data}
    assert {image.file for case in board.cases for image in case.images} <= set(opened.board.image_data)
    assert opened.case_versions == {case.id: 1 for case in board.cases}
    (row,) = list_meetings(library)
    assert (row.id, row.date, row.cases) == (meeting_id, board.meeting.date, len(board.cases))


def test_images_are_stored_once_by_content(library, board):
    board.cases[1].images = [image.model_copy() for image in board.cases[0].images]
    add_board(library, board)
    with library.reading() as connection:
        stored = connection.execute(text("SELECT count(*) FROM images")).scalar()
    assert stored == len({image.file for case in board.cases for image in case.images})


def test_importing_the_same_board_twice_is_refused_and_keeps_the_first(library, board):
    add_board(library, board)
    board.cases[0].question = "a different question"
    with pytest.raises(LibraryError, match="already in the library"):
        add_board(library, board)
    case, version, _ = take_case(library, board.cases[0].id)
    assert version == 1 and case.question != "a different question"
    assert len(list_meetings(library)) == 1


def test_referred_cases_have_no_meeting(library, board):
    assert add_board(library, board, referred=True) is None
    assert list_meetings(library) == []
    case, version, images = take_case(library, board.cases[0].id)
    assert case == board.cases[0] and version == 1 and images


@pytest.mark.parametrize(("url", "said"), [
    ("sqlite:////srv/boards/library.sqlite", "the library file on this computer, /srv/boards/library.sqlite"),
    ("postgresql+psycopg://coordinator@db.hospital.example/tumourboard",
     "the department library tumourboard on db.hospital.example, as coordinator"),
    ("postgresql+psycopg://coordinator:secret@db/tb", "the department library tb on db, as coordinator"),
])
def test_the_window_says_where_the_library_is_in_words_never_a_password(url, said):
    from boardtool.library.engine import described

    assert described(url) == said
