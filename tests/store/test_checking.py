"""Checking a board file as it is on disk."""

from __future__ import annotations

import pytest

from boardtool.model.errors import BoardError
from boardtool.store import save_board
from boardtool.store.checking import check_board_file


def test_a_sound_board_reports_its_cases(board, tmp_path):
    path = tmp_path / "week49.tboard"
    save_board(board, path)
    checked = check_board_file(path)
    assert checked.problems == []
    assert checked.lines() == [f"{path}: no problems in {len(board.cases)} case(s)"]


def test_each_problem_is_a_line_naming_case_and_field(board, tmp_path):
    board.cases[1].question = ""
    board.cases[1].performance.value = 500
    path = tmp_path / "week49.json"
    save_board(board, path)
    checked = check_board_file(path)
    lines = checked.lines()
    assert lines[0] == f"{path}: {len(checked.problems)} problem(s)" and len(checked.problems) >= 2
    assert any(line.startswith("  Case 2 › Question") for line in lines[1:])
    assert any(line.startswith("  Case 2 › Performance") for line in lines[1:])


def test_an_unreadable_file_raises_naming_it(tmp_path):
    path = tmp_path / "missing.tboard"
    with pytest.raises(BoardError, match="missing.tboard"):
        check_board_file(path)
