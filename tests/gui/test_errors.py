"""Unexpected problems are logged with their traceback in the user's data folder and the message names
the log; damaged board files are described in plain words."""

from __future__ import annotations

import sys

from boardtool.gui.errors import log_file, open_failure
from boardtool.gui.tasks import run_task
from boardtool.store import save_board


def test_a_slot_exception_is_logged_with_its_traceback(window, dialogs, monkeypatch, data_dir):
    from boardtool.gui.app import install_error_handler

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_error_handler(window)

    def slot_that_fails():
        raise RuntimeError("simulated fault in a slot")

    try:
        slot_that_fails()
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    log = log_file()
    assert log.parent == data_dir and log.exists()
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "slot_that_fails" in text
    assert "simulated fault in a slot" in text
    message = next(t for t in dialogs.asked if "Unexpected problem" in t)
    assert str(log) in message and "simulated fault" in message
    assert oct(log.stat().st_mode & 0o777) == "0o600"


def test_a_worker_exception_is_logged_and_the_message_names_the_log(window, qtbot):
    failures = []

    def work():
        return {}["no such key"]

    run_task(window, work, lambda _result: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=10_000)
    assert str(log_file()) in failures[0] and "KeyError" in failures[0]
    text = log_file().read_text()
    assert "in a background task" in text and "return {}[\"no such key\"]" in text


def test_a_truncated_board_is_damaged_or_incomplete(window, dialogs, tmp_path):
    whole = tmp_path / "week.tboard"
    save_board(window.doc.board, whole)
    cut = tmp_path / "cut.tboard"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert not window.open_path(cut, asked=True)
    message = next(t for t in dialogs.asked if "cut.tboard" in t)
    assert "damaged or incomplete" in message and "zip" not in message
    empty = tmp_path / "empty.tboard"
    empty.write_bytes(b"")
    assert "is empty" in open_failure(empty, ValueError("x"))
    assert len(window.doc.board.cases) == 3  # the open board is untouched


def test_opening_a_truncated_board_from_the_command_line_says_so(window, tmp_path, capsys):
    from boardtool.cli import main

    whole = tmp_path / "week.tboard"
    save_board(window.doc.board, whole)
    cut = tmp_path / "cut.tboard"
    cut.write_bytes(whole.read_bytes()[:-200])
    assert main([str(cut)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "cut.tboard" in err and "damaged or incomplete" in err
