"""Telling processes apart across pid reuse: a process is its id and the moment it started."""

from __future__ import annotations

import functools
import os
from pathlib import Path


def process_alive(pid: int) -> bool:
    """Return True when a process with this id runs on this machine."""
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, ValueError, TypeError, OverflowError):
        return False
    except PermissionError:
        return True
    return True


@functools.lru_cache(maxsize=1)
def _boot() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()[:8]
    except OSError:
        return ""


def process_start(pid: int) -> str:
    """Return when a process started, as a token unique across reboots ('' when unknown)."""
    try:
        stat = Path(f"/proc/{int(pid)}/stat").read_text(encoding="ascii", errors="replace")
        ticks = stat.rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError, ValueError, OverflowError):
        return ""
    return f"{_boot()}{ticks}" if ticks.isdigit() else ""


def own_identity() -> tuple[int, str]:
    """Return this process's id and start token."""
    pid = os.getpid()
    return pid, process_start(pid)


def still_running(pid, started) -> bool:
    """Return True while the process that recorded (pid, started) runs; without a start
    token, any process with that id counts."""
    if not isinstance(pid, int) or isinstance(pid, bool) or not process_alive(pid):
        return False
    if not isinstance(started, str) or not started:
        return True
    now = process_start(pid)
    return now == started if now else True
