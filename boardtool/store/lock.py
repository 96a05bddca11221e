"""A lock file beside an open board, so a second boardtool warns before editing it too."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LockOwner:
    """Who holds a board open."""

    host: str
    pid: int
    user: str
    since: str

    def describe(self) -> str:
        return f"{self.user or 'someone'} on {self.host} (process {self.pid}) since {self.since}"


def lock_path(board: Path) -> Path:
    """Return the lock file of a board: '.~<name>.lock' in the same folder."""
    board = Path(board)
    return board.with_name(f".~{board.name}.lock")


def process_alive(pid: int) -> bool:
    """Return True when a process with this id runs on this machine."""
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, ValueError, TypeError, OverflowError):
        return False
    except PermissionError:
        return True
    return True


def _read(path: Path) -> LockOwner | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockOwner(str(data["host"]), int(data["pid"]), str(data.get("user", "")), str(data.get("since", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def other_owner(board: Path) -> LockOwner | None:
    """Return who else holds the board open, or None (no lock, our own, or a stale one)."""
    owner = _read(lock_path(board))
    if owner is None:
        return None
    if owner.host == socket.gethostname() and (owner.pid == os.getpid() or not process_alive(owner.pid)):
        return None  # ours, or left by a process that is gone: stale
    return owner


def acquire(board: Path) -> None:
    """Write our lock for the board (taking over a stale one). Failing to write is not fatal."""
    data = {"host": socket.gethostname(), "pid": os.getpid(), "user": os.environ.get("USER", ""),
            "since": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}
    try:
        fd = os.open(lock_path(board), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
    except OSError:
        pass


def release(board: Path) -> None:
    """Remove our lock (leave another process's lock alone)."""
    path = lock_path(board)
    owner = _read(path)
    if owner is not None and owner.host == socket.gethostname() and owner.pid == os.getpid():
        path.unlink(missing_ok=True)
