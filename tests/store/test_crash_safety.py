"""Saving survives being killed at any moment; files are owner-only; locks and recovery copies."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from boardtool.model.errors import BoardFileError
from boardtool.store import autosave, load_board, lock, save_board

TRIALS = 120


def _child_saves_forever(board, path) -> None:
    """In a forked child: alternate two versions of the board until killed."""
    try:
        flip = 0
        while True:
            board.meeting.title = f"version {flip % 2}"
            save_board(board, path)
            flip += 1
    finally:
        os._exit(0)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork() to kill a writer mid-save")
def test_killed_writer_leaves_old_or_new_board(board, tmp_path):
    path = tmp_path / "board.tboard"
    board.meeting.title = "version 0"
    save_board(board, path)
    rng = random.Random(20261203)
    for _trial in range(TRIALS):
        with warnings.catch_warnings():  # newer Pythons warn about fork() beside Qt's idle threads
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:
            _child_saves_forever(board, path)
        time.sleep(rng.uniform(0.0, 0.06))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        loaded = load_board(path)  # never a broken file
        assert loaded.meeting.title in ("version 0", "version 1")
        assert loaded.image_data == board.image_data
    save_board(board, path)  # a later save clears what killed saves left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.tboard"]


def test_boards_images_and_exports_are_owner_only(board, tmp_path):
    from boardtool.export import ExportRequest, export_board

    save_board(board, tmp_path / "b.tboard")
    save_board(board, tmp_path / "b.json")
    export_board(board, ExportRequest(pptx=tmp_path / "b.pptx", pdf=tmp_path / "b.pdf"))
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 8  # tboard, json, 4 images, pptx, pdf
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_stale_lock_is_taken_over_and_live_lock_reported(tmp_path):
    board = tmp_path / "b.tboard"
    board.write_bytes(b"")
    assert lock.other_owner(board) is None
    code = f"from boardtool.store import lock; lock.acquire(__import__('pathlib').Path({str(board)!r}))"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert lock.lock_path(board).exists()
    assert lock.other_owner(board) is None  # the process that wrote it is gone: stale
    lock.acquire(board)
    assert lock.other_owner(board) is None  # our own
    lock.lock_path(board).write_text('{"host": "ward-pc-7", "pid": 4242, "user": "hb", "since": "08:01"}')
    owner = lock.other_owner(board)
    assert owner is not None and "ward-pc-7" in owner.describe()
    lock.release(board)
    assert lock.lock_path(board).exists()  # not ours: left alone


def test_recovery_copy_round_trip(board, tmp_path, data_dir):
    source = tmp_path / "week.tboard"
    path = autosave.write_recovery(board, source, "s1")
    assert path.parent == data_dir / "recovery"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    (found,) = [r for r in autosave.pending() if r.path == path]
    assert found.source == str(source)
    assert autosave.readable(found) == board
    autosave.remove_recovery(source, "s1")
    assert autosave.pending() == []


def test_damaged_recovery_copy_is_not_offered_as_a_board(tmp_path, data_dir):
    folder = autosave.recovery_dir()
    (folder / "broken.tboard").write_bytes(b"junk")
    (item,) = autosave.pending()
    assert autosave.readable(item) is None
    with pytest.raises(BoardFileError):
        item.load()
