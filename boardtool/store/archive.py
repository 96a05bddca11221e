"""The .tboard zip: board.json and images/<name>. Names are checked before anything is
read, and only the images the board refers to are read, each streamed under a size limit."""

from __future__ import annotations

import io
import json
import lzma
import os
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

from boardtool.model.board import Board
from boardtool.model.errors import BoardFileError
from boardtool.store.files import is_plain_name

BOARD_ENTRY = "board.json"
IMAGE_FOLDER = "images/"
MAX_ENTRIES = 5_000
MAX_JSON_BYTES = 64 * 1024 * 1024
MAX_IMAGE_BYTES = 128 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
CHUNK = 1024 * 1024
DAMAGE = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, ValueError, NotImplementedError, RuntimeError)


def read_archive(path: Path, parse) -> tuple[Any, dict[str, bytes]]:
    """Return board.json parsed by ``parse`` and the bytes of the images it refers to."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise BoardFileError("is not a regular file", file=str(path))
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise BoardFileError("not a boardtool file (not a zip archive)", file=str(path)) from exc
    except OSError as exc:
        raise BoardFileError(f"cannot read ({exc.strerror or exc})", file=str(path)) from exc
    try:
        with archive:
            entries = _checked_entries(archive, str(path))
            data = parse(_read_entry(archive, entries[BOARD_ENTRY], MAX_JSON_BYTES, path))
            images = {name: _read_entry(archive, entries[IMAGE_FOLDER + name], MAX_IMAGE_BYTES, path)
                      for name in referenced_names(data) if IMAGE_FOLDER + name in entries}
    except DAMAGE as exc:  # an encrypted entry raises RuntimeError; a broken LZMA stream LZMAError
        raise BoardFileError(f"damaged archive ({str(exc)[:200]})", file=str(path)) from exc
    except OSError as exc:
        raise BoardFileError(f"cannot read ({exc.strerror or exc})", file=str(path)) from exc
    return data, images


def referenced_names(data: Any) -> set[str]:
    """Return the plain image names that parsed board.json refers to (nothing if it is malformed)."""
    names: set[str] = set()
    cases = data.get("cases") if isinstance(data, dict) else None
    for case in cases if isinstance(cases, list) else []:
        images = case.get("images") if isinstance(case, dict) else None
        for image in images if isinstance(images, list) else []:
            name = image.get("file") if isinstance(image, dict) else None
            if is_plain_name(name):
                names.add(name)
    return names


def _checked_entries(archive: zipfile.ZipFile, file: str) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise BoardFileError(f"holds {len(infos)} entries; at most {MAX_ENTRIES} are read", file=file)
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        _check_entry(info, file)
        if info.filename in entries:
            raise BoardFileError("the archive names the same entry twice", file=file, field=info.filename)
        entries[info.filename] = info
    if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
        raise BoardFileError("declares more content than a board can hold", file=file)
    if BOARD_ENTRY not in entries:
        raise BoardFileError("not a boardtool file (no board.json inside)", file=file)
    return entries


def _check_entry(info: zipfile.ZipInfo, file: str) -> None:
    name = info.filename
    parts = PurePosixPath(name).parts
    unsafe = name.startswith(("/", "\\")) or "\\" in name or ".." in parts or ":" in name or "\x00" in name
    if name.startswith(IMAGE_FOLDER) and name != IMAGE_FOLDER and not is_plain_name(name[len(IMAGE_FOLDER):]):
        unsafe = True  # images/<plain name> only: 'images//abs/path' would name an absolute path
    if unsafe:
        raise BoardFileError("refused an entry with an unsafe path", file=file, field=name)
    if stat.S_ISLNK(info.external_attr >> 16):
        raise BoardFileError("refused an entry that is a symbolic link", file=file, field=name)
    if info.file_size > MAX_IMAGE_BYTES and name != BOARD_ENTRY:
        raise BoardFileError("entry is larger than boardtool accepts", file=file, field=name)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, path: Path) -> bytes:
    """Return an entry's bytes, read in chunks and stopped as soon as it outgrows its limit."""
    if info.file_size > limit:
        raise BoardFileError("entry is larger than boardtool accepts", file=str(path), field=info.filename)
    out = io.BytesIO()
    with archive.open(info) as handle:
        while chunk := handle.read(CHUNK):
            out.write(chunk)
            if out.tell() > limit:
                raise BoardFileError("entry inflates beyond its declared size", file=str(path), field=info.filename)
    return out.getvalue()


def archive_bytes(board: Board, data: dict[str, Any]) -> bytes:
    """Return the .tboard bytes: board.json and each referenced image once."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(BOARD_ENTRY, json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))
        for name in sorted(used_images(board)):
            archive.writestr(IMAGE_FOLDER + name, board.image_data[name], zipfile.ZIP_STORED)
    return buffer.getvalue()


def used_images(board: Board) -> set[str]:
    """Return the names of the images the board's cases show and whose bytes it holds."""
    names = {image.file for case in board.cases for image in case.images}
    return {name for name in names & set(board.image_data) if is_plain_name(name)}
