"""Board files: round trips, migration, refusals, atomic saves."""

from __future__ import annotations

import json
import os
import stat
import zipfile

import pytest

from boardtool.model.board import SCHEMA_VERSION, Board
from boardtool.model.errors import BoardFileError
from boardtool.store import load_board, save_board
from boardtool.store.boardfile import write_atomically


def test_tboard_round_trip_is_exact(board, tmp_path):
    path = tmp_path / "week49.tboard"
    save_board(board, path)
    again = load_board(path)
    assert again == board
    assert again.image_data == board.image_data


def test_tboard_layout_and_deduplicated_images(board, tmp_path):
    case = board.cases[0]
    case.images = [*case.images, case.images[0].model_copy(update={"caption": "same picture again"})]
    path = tmp_path / "b.tboard"
    save_board(board, path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        data = json.loads(archive.read("board.json"))
    images = [n for n in names if n.startswith("images/")]
    assert "board.json" in names
    assert len(images) == 4  # five references, four distinct pictures
    assert all(n.split("/")[1].split(".")[0] and len(n.split("/")[1].split(".")[0]) == 64 for n in images)
    assert data["schema_version"] == SCHEMA_VERSION


def test_json_round_trip_with_images_beside(board, tmp_path):
    path = tmp_path / "board.json"
    save_board(board, path)
    data = json.loads(path.read_text())
    first = data["cases"][0]["images"][0]["file"]
    assert first.startswith("board-images/")
    assert (tmp_path / first).is_file()
    assert load_board(path) == board


def test_saved_files_are_owner_only(board, tmp_path):
    path = tmp_path / "b.tboard"
    save_board(board, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_version_1_board_is_migrated(tmp_path):
    old = {
        "schema_version": 1,
        "disease": "ependymoma",
        "meeting": {"title": "Board", "when": "2025-03-06T07:30"},
        "cases": [
            {
                "id": "a1",
                "question": "Adjuvant RT?",
                "discussion": [{"modality": "radiation", "options": ["focal-rt"], "notes": "n"}],
            }
        ],
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    board = load_board(path)
    assert str(board.meeting.date) == "2025-03-06"
    assert str(board.meeting.start_time) == "07:30:00"
    assert board.cases[0].discussion["radiation"].discussed
    assert board.cases[0].discussion["radiation"].options == ["focal-rt"]
    assert board.schema_version == SCHEMA_VERSION


def test_newer_board_is_refused_clearly(tmp_path):
    path = tmp_path / "future.json"
    path.write_text(json.dumps({"schema_version": SCHEMA_VERSION + 1}))
    with pytest.raises(BoardFileError, match="newer boardtool.*Update boardtool"):
        load_board(path)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not a zip at all", "not a zip archive"),
        (b"", "not a zip archive"),
    ],
)
def test_not_a_board(tmp_path, content, message):
    path = tmp_path / "x.tboard"
    path.write_bytes(content)
    with pytest.raises(BoardFileError, match=message):
        load_board(path)


def _zip(path, entries):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries:
            archive.writestr(name, data)


def test_zip_without_board_json(tmp_path):
    path = tmp_path / "x.tboard"
    _zip(path, [("readme.txt", "hi")])
    with pytest.raises(BoardFileError, match="no board.json"):
        load_board(path)


def test_broken_json_names_line(tmp_path):
    path = tmp_path / "x.tboard"
    _zip(path, [("board.json", '{"schema_version": 2,\n "cases": [}')])
    with pytest.raises(BoardFileError, match="broken JSON at line 2"):
        load_board(path)


def test_invalid_field_names_case_and_field(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"schema_version": 2, "cases": [{}, {"performance": {"value": "good"}}]}))
    with pytest.raises(BoardFileError) as info:
        load_board(path)
    assert "Case 2 › performance.value" in str(info.value)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("name", ["../evil.png", "/abs/board.png", "images/../../x", "C:\\x"])
def test_unsafe_entry_names_are_refused(tmp_path, name):
    path = tmp_path / "x.tboard"
    _zip(path, [("board.json", json.dumps({"schema_version": 2})), (name, b"x")])
    with pytest.raises(BoardFileError, match="unsafe path"):
        load_board(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(BoardFileError, match="no such file"):
        load_board(tmp_path / "missing.tboard")
    with pytest.raises(BoardFileError, match="is a folder"):
        load_board(tmp_path)


def test_atomic_write_keeps_old_file_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "b.tboard"
    path.write_bytes(b"old board")

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(BoardFileError, match="No space left"):
        write_atomically(path, b"new board")
    assert path.read_bytes() == b"old board"
    assert [p.name for p in tmp_path.iterdir()] == ["b.tboard"]


def test_empty_board_round_trips(tmp_path):
    path = tmp_path / "empty.tboard"
    save_board(Board(), path)
    assert load_board(path) == Board()
