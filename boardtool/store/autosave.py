"""Recovery copies of open boards in the user's data folder, offered again after a crash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from boardtool.model.board import Board
from boardtool.model.errors import BoardError
from boardtool.store.boardfile import load_board, save_board, write_atomically
from boardtool.store.files import private_folder
from boardtool.store.processes import own_identity, still_running

MAX_NOTE_BYTES = 64 * 1024

DATA_VARIABLE = "BOARDTOOL_DATA_DIR"


def recovery_dir() -> Path:
    """Return the folder for recovery copies (created owner-only when missing)."""
    base = os.environ.get(DATA_VARIABLE) or os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    folder = Path(base) / ("" if os.environ.get(DATA_VARIABLE) else "boardtool") / "recovery"
    private_folder(folder)
    return folder


@dataclass(frozen=True)
class Recovery:
    """A recovery copy: where it is, which board it belongs to, and when it was written."""

    path: Path
    source: str  # the board's own file, or '' for a board never saved
    saved_at: str

    def load(self) -> Board:
        return load_board(self.path)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
        self.path.with_suffix(".json").unlink(missing_ok=True)


def recovery_name(source: Path | None, session: str) -> str:
    """Return the recovery file's name: one per board file, or per session for an unsaved board."""
    if source is None:
        return f"untitled-{session}.tboard"
    digest = hashlib.sha256(str(Path(source).resolve()).encode()).hexdigest()[:16]
    return f"{digest}.tboard"


def write_recovery(board: Board, source: Path | None, session: str) -> Path:
    """Write a recovery copy of the board and a note of where it belongs."""
    path = recovery_dir() / recovery_name(source, session)
    save_board(board, path)
    pid, started = own_identity()
    note = {"source": str(source or ""), "saved_at": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "pid": pid, "started": started}
    write_atomically(path.with_suffix(".json"), json.dumps(note).encode())
    return path


def remove_recovery(source: Path | None, session: str) -> None:
    """Remove the recovery copy after a clean save or close."""
    path = recovery_dir() / recovery_name(source, session)
    Recovery(path, "", "").discard()


def pending() -> list[Recovery]:
    """Return the recovery copies left by sessions that did not close cleanly."""
    found = []
    for path in sorted(recovery_dir().glob("*.tboard")):
        note = _note(path.with_suffix(".json"))
        pid, started = note.get("pid"), note.get("started")
        if pid not in (None, os.getpid()) and still_running(pid, started):
            continue  # still being edited in another running boardtool (the same process, not a reused id)
        found.append(Recovery(path, str(note.get("source", "")), str(note.get("saved_at", ""))))
    return found


def _note(path: Path) -> dict:
    """Return a recovery note; an unreadable one, or one that is not a JSON object, is empty."""
    try:
        with path.open("rb") as handle:
            note = json.loads(handle.read(MAX_NOTE_BYTES).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return note if isinstance(note, dict) else {}


def readable(recovery: Recovery) -> Board | None:
    """Return the recovered board, or None when the copy itself is damaged."""
    try:
        return recovery.load()
    except BoardError:
        return None
