"""The log of unexpected problems in the user's data folder, and board-file problems in plain words."""

from __future__ import annotations

import datetime as dt
import os
import traceback
import zipfile
from pathlib import Path

LOG_NAME = "boardtool.log"
MAX_LOG_BYTES = 1_000_000  # then the log starts afresh, keeping one previous file


def log_file() -> Path:
    """Return the log file in the user's data folder (beside the recovery copies)."""
    from boardtool.store.autosave import recovery_dir

    return recovery_dir().parent / LOG_NAME


def log_exception(where: str, error: BaseException) -> Path:
    """Append the error with its traceback to the log; return the log's path."""
    return log_text(where, "".join(traceback.format_exception(type(error), error, error.__traceback__)))


def log_text(where: str, text: str) -> Path:
    """Append a problem's account (a traceback, for one) to the log; return the log's path."""
    path = log_file()
    stamp = dt.datetime.now().isoformat(sep=" ", timespec="seconds")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            path.replace(path.with_suffix(".log.1"))
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as log:
            log.write(f"--- {stamp} {where} (pid {os.getpid()})\n{text.rstrip()}\n\n")
    except OSError:
        pass  # a full or read-only disk must not turn one problem into two
    return path


def open_failure(path: Path, error: Exception) -> str:
    """Return why a board file cannot be opened, in plain words naming the file."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
        size = path.stat().st_size
    except OSError:
        return str(error)
    if size == 0:
        return f"{path}: the file is empty — it was not written completely. Open an earlier copy of the board."
    if head == b"PK\x03\x04" and (not zipfile.is_zipfile(path) or "damaged archive" in str(error)):
        return (f"{path}: the board file is damaged or incomplete (it ends before the board does, "
                "or part of it cannot be read). Open an earlier copy, or the recovery copy if one is offered.")
    return str(error)
