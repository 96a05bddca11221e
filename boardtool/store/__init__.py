"""Reading and writing board files (.tboard zip and plain JSON)."""

from boardtool.store.boardfile import load_board, save_board

__all__ = ["load_board", "save_board"]
