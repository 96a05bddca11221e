"""The .tboard zip: board.json and images/<name>. Names are checked before anything is
read; the images the board refers to are read only when they are needed, each streamed
under a size limit."""

from __future__ import annotations

import io
import json
import lzma
import os
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

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


LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … file name length, extra field length
LOCAL_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class ArchivedImage:
    """A key image stored (uncompressed) in a board file, read only when it is needed. The
    entry must still be the one found when the file was opened: same name, size and checksum."""

    path: Path
    entry: str
    offset: int  # of the entry's local header
    size: int
    crc: int

    def open(self) -> BinaryIO:
        """Return a seekable stream over the entry's bytes (for reading a header alone)."""
        handle = open(self.path, "rb")  # closed with the stream
        try:
            start = self._data_start(handle, self.offset)
            if start is None:  # the file was saved again: look the entry up by name
                start = self._data_start(handle, self._find_again())
            if start is None:
                raise self._changed()
            return io.BufferedReader(_Window(handle, start, self.size))
        except OSError as exc:
            handle.close()
            raise BoardFileError(f"cannot read ({exc.strerror or exc})", file=str(self.path), field=self.entry) from exc
        except BoardFileError:
            handle.close()
            raise

    def _data_start(self, handle, offset: int) -> int | None:
        """Return where the entry's bytes start if its local header stands at ``offset``."""
        handle.seek(offset)
        header = handle.read(LOCAL_HEADER.size)
        if len(header) < LOCAL_HEADER.size:
            return None
        signature, name_length, extra_length = LOCAL_HEADER.unpack(header)
        name = handle.read(name_length)
        if signature != LOCAL_SIGNATURE or name not in (self.entry.encode(), self.entry.encode("cp437")):
            return None
        return offset + LOCAL_HEADER.size + name_length + extra_length

    def _find_again(self) -> int:
        """Return the offset of the entry of this name, size and checksum in the file as it is now."""
        try:
            with zipfile.ZipFile(self.path) as archive:
                info = archive.getinfo(self.entry)
        except (KeyError, *DAMAGE) as exc:
            raise self._changed() from exc
        stored = info.compress_type == zipfile.ZIP_STORED and info.compress_size == info.file_size
        if not stored or (info.file_size, info.CRC) != (self.size, self.crc):
            raise self._changed()
        object.__setattr__(self, "offset", info.header_offset)  # the same picture, found where it now is
        return info.header_offset

    def read(self) -> bytes:
        """Return the entry's bytes, or refuse if the board file has changed since it was opened."""
        try:
            with self.open() as stream:
                data = stream.read()
        except OSError as exc:
            raise BoardFileError(f"cannot read ({exc.strerror or exc})", file=str(self.path), field=self.entry) from exc
        if len(data) != self.size or zlib.crc32(data) != self.crc:
            raise self._changed()
        return data

    def _changed(self) -> BoardFileError:
        return BoardFileError("the board file changed on disk since it was opened; this picture can no "
                              "longer be read from it (open the board again)", file=str(self.path), field=self.entry)


class _Window(io.RawIOBase):
    """A read-only view of ``size`` bytes of a file from ``start``."""

    def __init__(self, handle, start: int, size: int):
        self._handle, self._start, self._size, self._at = handle, start, size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._at

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._at, io.SEEK_END: self._size}[whence]
        self._at = min(max(0, base + offset), self._size)
        return self._at

    def readinto(self, buffer) -> int:
        want = min(len(buffer), self._size - self._at)
        if want <= 0:
            return 0
        self._handle.seek(self._start + self._at)
        got = self._handle.readinto(memoryview(buffer)[:want])
        self._at += got or 0
        return got or 0

    def close(self) -> None:
        if not self.closed:
            self._handle.close()
        super().close()


def read_archive(path: Path, parse) -> tuple[Any, dict[str, ArchivedImage | bytes]]:
    """Return board.json parsed by ``parse`` and where to read the images it refers to
    (each read only when it is needed)."""
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
            images = {name: _archived(archive, path, entries[IMAGE_FOLDER + name])
                      for name in referenced_names(data) if IMAGE_FOLDER + name in entries}
    except DAMAGE as exc:  # an encrypted entry raises RuntimeError; a broken LZMA stream LZMAError
        raise BoardFileError(f"damaged archive ({str(exc)[:200]})", file=str(path)) from exc
    except OSError as exc:
        raise BoardFileError(f"cannot read ({exc.strerror or exc})", file=str(path)) from exc
    return data, images


def _archived(archive: zipfile.ZipFile, path: Path, info: zipfile.ZipInfo) -> ArchivedImage | bytes:
    """Return a stored (uncompressed) entry as a reference: it cannot hold more than it
    occupies. A compressed entry is read (and its inflation checked) now."""
    if info.compress_type != zipfile.ZIP_STORED or info.compress_size != info.file_size:
        return _read_entry(archive, info, MAX_IMAGE_BYTES, path)
    if info.file_size > MAX_IMAGE_BYTES:
        raise BoardFileError("entry is larger than boardtool accepts", file=str(path), field=info.filename)
    return ArchivedImage(Path(os.path.abspath(path)), info.filename, info.header_offset, info.file_size, info.CRC)


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
    write_archive(board, data, buffer)
    return buffer.getvalue()


def write_archive(board: Board, data: dict[str, Any], out: BinaryIO) -> None:
    """Write the .tboard to ``out``: board.json and each referenced image once, read one at a time."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(BOARD_ENTRY, json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))
        for name in sorted(used_images(board)):
            archive.writestr(IMAGE_FOLDER + name, board.image_data[name], zipfile.ZIP_STORED)


def used_images(board: Board) -> set[str]:
    """Return the names of the images the board's cases show and whose bytes it holds."""
    names = {image.file for case in board.cases for image in case.images}
    return {name for name in names & set(board.image_data) if is_plain_name(name)}
