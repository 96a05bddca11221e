"""Hostile board files are refused with exit 2 and a clear message; nothing is written anywhere."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import struct
import warnings
import zipfile

import pytest

from boardtool.cli import main
from boardtool.model.errors import BoardFileError
from boardtool.store import load_board
from boardtool.store.boardfile import MAX_IMAGE_BYTES

BOARD_JSON = json.dumps({"schema_version": 2, "cases": []})


def _zip(path, entries, mode=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", mode) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        for entry in entries:
            if isinstance(entry, zipfile.ZipInfo):
                archive.writestr(entry, b"/etc/passwd")
            else:
                archive.writestr(*entry)


def _refused(path, capsys, message):
    before = set(os.listdir(path.parent))
    with pytest.raises(BoardFileError, match=message):
        load_board(path)
    assert main(["validate", str(path)]) == 2
    assert re.search(message, capsys.readouterr().err)
    assert set(os.listdir(path.parent)) == before  # nothing extracted or written


def test_symlink_entry_refused(tmp_path, capsys):
    link = zipfile.ZipInfo("images/link.png")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = tmp_path / "link.tboard"
    _zip(path, [("board.json", BOARD_JSON), link])
    _refused(path, capsys, "symbolic link")


def test_duplicate_names_refused(tmp_path, capsys):
    path = tmp_path / "dup.tboard"
    _zip(path, [("board.json", BOARD_JSON), ("board.json", '{"schema_version": 2, "cases": [{}]}')])
    _refused(path, capsys, "same entry twice")


@pytest.mark.parametrize("name", ["/etc/cron.d/x", "../../outside.png", "images/../../x.png"])
def test_escaping_paths_refused(tmp_path, capsys, name):
    path = tmp_path / "escape.tboard"
    _zip(path, [("board.json", BOARD_JSON), (name, b"x")])
    _refused(path, capsys, "unsafe path")


def test_zip_bomb_refused_by_declared_size(tmp_path, capsys):
    path = tmp_path / "bomb.tboard"
    _zip(path, [("board.json", BOARD_JSON), ("images/a.png", b"\0" * (MAX_IMAGE_BYTES + 1))])
    assert path.stat().st_size < 2_000_000  # highly compressed
    _refused(path, capsys, "larger than boardtool accepts")


def test_zip_bomb_with_forged_small_size_refused(tmp_path, capsys):
    """The central directory claims a small entry the board shows; inflating stops at the claim and fails."""
    board = json.dumps({"schema_version": 2, "cases": [{"images": [{"file": "a.png"}]}]})
    buffer = io.BytesIO()
    _zip(buffer, [("board.json", board), ("images/a.png", b"\0" * 5_000_000)])
    data = bytearray(buffer.getvalue())
    central = data.rfind(b"PK\x01\x02")  # the last central-directory record: images/a.png
    struct.pack_into("<I", data, central + 24, 100)  # uncompressed size → 100 bytes
    local = data.find(b"PK\x03\x04", 30)
    struct.pack_into("<I", data, local + 22, 100)
    path = tmp_path / "forged.tboard"
    path.write_bytes(bytes(data))
    _refused(path, capsys, "damaged archive")


def test_board_json_that_is_not_an_object(tmp_path, capsys):
    path = tmp_path / "list.tboard"
    _zip(path, [("board.json", "[1, 2, 3]")])
    _refused(path, capsys, "must hold an object")
