"""Checking a board file as it is on disk: read it, then check every case against its disease catalog."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from boardtool.model import check_board, load_catalog
from boardtool.model.validation import Problem
from boardtool.store.boardfile import load_board


@dataclass(frozen=True)
class FileCheck:
    """What checking one board file found."""

    path: Path
    cases: int
    problems: list[Problem]

    def lines(self) -> list[str]:
        """Return the check's report: a line naming the file, then one line per problem."""
        if not self.problems:
            return [f"{self.path}: no problems in {self.cases} case(s)"]
        return [f"{self.path}: {len(self.problems)} problem(s)", *(f"  {problem}" for problem in self.problems)]


def check_board_file(path: Path) -> FileCheck:
    """Return the problems of the board file at ``path`` (raises BoardError when it cannot be read)."""
    board = load_board(path)
    return FileCheck(Path(path), len(board.cases), check_board(board, load_catalog(board.disease)))
