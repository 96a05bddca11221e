"""A lock file beside an open board, so a second boardtool warns before editing it too.
Locks are created exclusively and never through a link; a lock is read without following
one, so a planted link cannot make boardtool write or read somewhere else."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import stat
from dataclasses import dataclass
from pathlib import Path

from boardtool.store.processes import own_identity, process_alive, still_running

__all__ = ["LockOwner", "acquire", "lock_path", "other_owner", "process_alive", "release"]
MAX_LOCK_BYTES = 4096


@dataclass(frozen=True)
class LockOwner:
    """Who holds a board open."""

    host: str
    pid: int
    user: str
    since: str
    started: str = ""

    def describe(self) -> str:
        return f"{self.user or 'someone'} on {self.host} (process {self.pid}) since {self.since}"

    def is_us(self) -> bool:
        """Return True when this lock was written by this very process."""
        return self.host == socket.gethostname() and (self.pid, self.started) == own_identity()


def lock_path(board: Path) -> Path:
    """Return the lock file of a board: '.~<name>.lock' in the same folder."""
    board = Path(board)
    return board.with_name(f".~{board.name}.lock")


def _read(path: Path) -> LockOwner | None:
    """Return the lock's owner; None when there is no lock or it is not one (a link, a pipe, junk)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            data = json.loads(handle.read(MAX_LOCK_BYTES).decode("utf-8"))
        return LockOwner(str(data["host"]), int(data["pid"]), str(data.get("user", "")), str(data.get("since", "")),
                         str(data.get("started", "")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def other_owner(board: Path) -> LockOwner | None:
    """Return who else holds the board open, or None (no lock, our own, or a stale one)."""
    owner = _read(lock_path(board))
    if owner is None or owner.is_us():
        return None
    if owner.host == socket.gethostname() and not still_running(owner.pid, owner.started):
        return None  # left by a process that is gone
    return owner


def acquire(board: Path) -> None:
    """Create our lock for the board, taking over a stale one. Failing to lock is not fatal."""
    pid, started = own_identity()
    data = json.dumps({"host": socket.gethostname(), "pid": pid, "started": started,
                       "user": os.environ.get("USER", ""), "since": dt.datetime.now().strftime("%Y-%m-%d %H:%M")})
    path = lock_path(board)
    for attempt in range(2):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            if attempt or other_owner(board) is not None:
                return  # another running boardtool holds it: theirs stays
            with contextlib.suppress(OSError):
                path.unlink()  # stale, ours, or no lock at all (such as a planted link): the name is freed
            continue
        except OSError:
            return
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        return


def release(board: Path) -> None:
    """Remove our lock (leave another process's lock alone)."""
    path = lock_path(board)
    owner = _read(path)
    if owner is not None and owner.is_us():
        path.unlink(missing_ok=True)
