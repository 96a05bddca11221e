"""Careful file access: read only regular files (no links, devices or pipes where the name
comes from a board), write atomically without clobbering what must not be replaced, and
tidy only temporary files whose writer is gone."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from boardtool.model.errors import BoardFileError
from boardtool.store.processes import own_identity, still_running

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_TEMP = re.compile(r"^\..+\.p(?P<pid>\d+)s(?P<started>[0-9a-f]*)\.[^./]+\.tmp$")
OLD_TEMP_AGE = 24 * 3600  # seconds: a temporary file without a writer's identity is stale after a day
PLAIN_NAME = re.compile(r"^[^/\\\x00]{1,255}$")


def is_plain_name(name: object) -> bool:
    """Return True for a bare file name: no folder, no '..', nothing a path could escape with."""
    return isinstance(name, str) and bool(PLAIN_NAME.match(name)) and name not in (".", "..")


def check_path(path: Path | str, file: str | None = None) -> Path:
    """Return the path, or refuse one that no file system can hold (a NUL character)."""
    if "\x00" in str(path):
        raise BoardFileError("the file name contains a NUL character", file=repr(str(path)))
    return Path(path)


def read_regular(path: Path, limit: int, *, dir_fd: int | None = None, follow: bool = True,
                 file: str = "", field: str | None = None) -> bytes:
    """Return a regular file's bytes: opened without blocking (and, unless ``follow``, without
    following a link), refused when it is a folder, device or pipe or larger than ``limit``."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (0 if follow else os.O_NOFOLLOW)
    shown = file or str(path)
    try:
        fd = os.open(path, flags, dir_fd=dir_fd)
    except OSError as exc:
        raise BoardFileError(f"cannot read ({exc.strerror or exc})", file=shown, field=field) from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise BoardFileError("is not a regular file", file=shown, field=field)
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > limit:
            raise BoardFileError(f"is larger than boardtool accepts ({limit // 2**20} MB)", file=shown, field=field)
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise BoardFileError(f"cannot read ({exc.strerror or exc})", file=shown, field=field) from exc
    if len(data) > limit:
        raise BoardFileError(f"is larger than boardtool accepts ({limit // 2**20} MB)", file=shown, field=field)
    return data


def write_target(path: Path, follow: bool = True) -> Path:
    """Return where writing ``path`` lands: through a symbolic link, its target (as editors
    do) unless ``follow`` is off (the link itself is then replaced); refused when that is
    read-only or not a regular file."""
    path = check_path(path)
    if follow and path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        info = os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise BoardFileError(f"cannot write ({exc.strerror or exc})", file=str(path)) from exc
    if stat.S_ISLNK(info.st_mode):
        return path
    if not stat.S_ISREG(info.st_mode):
        raise BoardFileError("is not a regular file; refusing to replace it", file=str(path))
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise BoardFileError("is read-only; refusing to replace it", file=str(path))
    return path


def write_atomically(path: Path | str, data: bytes | Callable[[BinaryIO], None], *, tidy: bool = True,
                     follow: bool = True) -> None:
    """Write bytes (or what ``data(file)`` writes) via a temporary file in the same folder, fsync,
    then replace; afterwards remove temporary files that writers which are gone left there."""
    path = write_target(Path(path), follow)
    folder = path.parent if str(path.parent) else Path(".")
    pid, started = own_identity()
    try:
        handle = tempfile.NamedTemporaryFile(dir=folder, prefix=f".{path.name}.p{pid}s{started}.", suffix=".tmp",
                                             delete=False)
    except OSError as exc:
        raise BoardFileError(f"cannot write here ({exc.strerror})", file=str(path)) from exc
    tmp = Path(handle.name)
    try:
        with handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            if callable(data):
                data(handle)
            else:
                handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        fsync_folder(folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BoardFileError(f"cannot write ({exc.strerror or exc})", file=str(path)) from exc
    except BaseException:  # e.g. a picture that could not be read: the previous file stays
        tmp.unlink(missing_ok=True)
        raise
    if tidy:
        remove_stale_temps(folder, path.name)


def remove_stale_temps(folder: Path, written: str = "") -> None:
    """Remove temporary files left in the folder by interrupted writes whose writer is gone
    (and a day-old one of ``written`` from before writers were named); files that another
    running process is still writing are left alone."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    unnamed = re.compile(rf"^\.{re.escape(written)}\.[a-z0-9_]{{8}}\.tmp$") if written else None
    for name in names:
        found = _TEMP.match(name)
        if found:
            stale = not still_running(int(found["pid"]), found["started"])
        else:
            stale = bool(unnamed and unnamed.match(name)) and _age(folder / name) > OLD_TEMP_AGE
        if stale:
            with contextlib.suppress(OSError):
                (folder / name).unlink()


def _age(path: Path) -> float:
    try:
        return time.time() - path.lstat().st_mtime
    except OSError:
        return 0.0


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def private_folder(folder: Path) -> None:
    """Create the folder readable by its owner only, or make an existing one of ours so."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        if folder.is_symlink() or not folder.is_dir():
            raise BoardFileError("is not a folder", file=str(folder))
        if folder.stat().st_uid == os.getuid():
            os.chmod(folder, FOLDER_MODE)
    except OSError as exc:
        raise BoardFileError(f"cannot make the images folder ({exc.strerror or exc})", file=str(folder)) from exc


def why_unreadable(error: Exception) -> str:
    """Return why a file could not be read, for a message that already says 'cannot read …'
    ('No such file or directory', 'is not a regular file')."""
    detail = str(getattr(error, "detail", error))
    if detail.startswith("cannot read (") and detail.endswith(")"):
        return detail[len("cannot read ("):-1]
    return detail
