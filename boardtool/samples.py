"""The bundled fictional sample board."""

from __future__ import annotations

from pathlib import Path

from boardtool import resources
from boardtool.model.board import Board
from boardtool.store import load_board, save_board

SAMPLE_FILE = "ependymoma-board.json"


def sample_board() -> Board:
    """Return a fresh copy of the fictional ependymoma sample board."""
    return load_board(resources.samples_dir() / SAMPLE_FILE)


def write_sample(path: Path | str) -> None:
    """Write the sample board to ``path`` (.tboard, or .json with an images folder beside it)."""
    save_board(sample_board(), path)
