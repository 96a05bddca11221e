"""Open and save boards: the .tboard zip (board.json + images/) and plain JSON."""

from __future__ import annotations

import io
import json
import os
import stat
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from boardtool.model.board import Board
from boardtool.model.errors import BoardFileError
from boardtool.model.images import content_name
from boardtool.store.migrations import migrate
import contextlib

BOARD_ENTRY = "board.json"
IMAGE_FOLDER = "images/"
MAX_ENTRIES = 5_000
MAX_JSON_BYTES = 64 * 1024 * 1024
MAX_IMAGE_BYTES = 128 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
FILE_MODE = 0o600


def load_board(path: Path | str) -> Board:
    """Read a board from a ``.tboard`` zip or a plain ``.json`` file."""
    path = Path(path)
    if not path.exists():
        raise BoardFileError("no such file", file=str(path))
    if path.is_dir():
        raise BoardFileError("is a folder, not a board file", file=str(path))
    if path.suffix.lower() == ".json":
        return _load_json(path)
    return _load_zip(path)


def save_board(board: Board, path: Path | str) -> None:
    """Write the board atomically: the previous file survives any failure."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        _save_json(board, path)
    else:
        write_atomically(path, _zip_bytes(board))


# ------------------------------------------------------------------ zip


def _load_zip(path: Path) -> Board:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise BoardFileError("not a boardtool file (not a zip archive)", file=str(path)) from exc
    except OSError as exc:
        raise BoardFileError(f"cannot read ({exc.strerror or exc})", file=str(path)) from exc
    try:
        with archive:
            entries = _checked_entries(archive, str(path))
            data = _parse_json(_read_entry(archive, entries[BOARD_ENTRY], MAX_JSON_BYTES, path), path)
            images = {
                name[len(IMAGE_FOLDER):]: _read_entry(archive, info, MAX_IMAGE_BYTES, path)
                for name, info in entries.items()
                if name.startswith(IMAGE_FOLDER) and not name.endswith("/")
            }
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise BoardFileError(f"damaged archive ({exc})", file=str(path)) from exc
    except OSError as exc:
        raise BoardFileError(f"cannot read ({exc.strerror or exc})", file=str(path)) from exc
    return board_from_data(data, images, str(path))


def _checked_entries(archive: zipfile.ZipFile, file: str) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise BoardFileError(f"holds {len(infos)} entries; at most {MAX_ENTRIES} are read", file=file)
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        _check_entry_name(info, file)
        if info.filename in entries:
            raise BoardFileError("the archive names the same entry twice", file=file, field=info.filename)
        entries[info.filename] = info
    if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
        raise BoardFileError("declares more content than a board can hold", file=file)
    if BOARD_ENTRY not in entries:
        raise BoardFileError("not a boardtool file (no board.json inside)", file=file)
    return entries


def _check_entry_name(info: zipfile.ZipInfo, file: str) -> None:
    name = info.filename
    parts = PurePosixPath(name).parts
    if name.startswith(("/", "\\")) or "\\" in name or ".." in parts or ":" in name:
        raise BoardFileError("refused an entry with an unsafe path", file=file, field=name)
    if stat.S_ISLNK(info.external_attr >> 16):
        raise BoardFileError("refused an entry that is a symbolic link", file=file, field=name)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, path: Path) -> bytes:
    if info.file_size > limit:
        raise BoardFileError("entry is larger than boardtool accepts", file=str(path), field=info.filename)
    with archive.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise BoardFileError("entry inflates beyond its declared size", file=str(path), field=info.filename)
    return data


def _zip_bytes(board: Board) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(BOARD_ENTRY, json.dumps(board_to_data(board), indent=1, ensure_ascii=False))
        for name in sorted(_referenced_images(board)):
            archive.writestr(IMAGE_FOLDER + name, board.image_data[name], zipfile.ZIP_STORED)
    return buffer.getvalue()


def _referenced_images(board: Board) -> set[str]:
    names = {image.file for case in board.cases for image in case.images}
    return names & set(board.image_data)


# ------------------------------------------------------------------ plain JSON


def _load_json(path: Path) -> Board:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BoardFileError(f"cannot read ({exc.strerror or exc})", file=str(path)) from exc
    data = _parse_json(raw, path)
    images: dict[str, bytes] = {}
    for case_no, case in enumerate(_cases(data) if isinstance(data, dict) else []):
        for image_no, image in enumerate(case.get("images", []) if isinstance(case, dict) else []):
            if isinstance(image, dict) and isinstance(image.get("file"), str):
                image["file"] = _read_image_beside(path, image["file"], images, case_no, image_no)
    return board_from_data(data, images, str(path))


def _cases(data: dict[str, Any]) -> list[Any]:
    cases = data.get("cases", [])
    return cases if isinstance(cases, list) else []


def _read_image_beside(path: Path, relative: str, images: dict, case_no: int, image_no: int) -> str:
    where = f"Case {case_no + 1} › Key image {image_no + 1}"
    target = (path.parent / relative).resolve()
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise BoardFileError(f"cannot read image '{relative}' ({exc.strerror})", file=str(path), field=where) from exc
    name = content_name(data, target.suffix)
    images[name] = data
    return name


def _save_json(board: Board, path: Path) -> None:
    folder = path.with_name(path.stem + "-images")
    data = board_to_data(board)
    used = _referenced_images(board)
    if used:
        folder.mkdir(parents=True, exist_ok=True)
        for name in used:
            write_atomically(folder / name, board.image_data[name])
    for case in data["cases"]:
        for image in case["images"]:
            if image["file"] in used:
                image["file"] = f"{folder.name}/{image['file']}"
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, text.encode("utf-8"))


# ------------------------------------------------------------------ shared


def board_to_data(board: Board) -> dict[str, Any]:
    """Return the board as JSON-ready data (images referenced by content name)."""
    return board.model_dump(mode="json")


def board_from_data(data: Any, images: dict[str, bytes], file: str) -> Board:
    """Build a validated board from parsed board.json data and its image bytes."""
    if not isinstance(data, dict):
        raise BoardFileError("board.json must hold an object", file=file)
    data = migrate(data, file)
    try:
        board = Board.model_validate(data)
    except ValidationError as exc:
        raise BoardFileError(describe_validation(exc), file=file, field=_first_field(exc)) from exc
    board.image_data.update(images)
    return board


def _parse_json(raw: bytes, path: Path) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BoardFileError("board.json is not UTF-8 text", file=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise BoardFileError(
            f"broken JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", file=str(path)
        ) from exc


def field_label(loc: tuple) -> str:
    """Return a readable place for a pydantic error location ('Case 2 › patient.birth_date')."""
    parts = list(loc)
    head = ""
    if len(parts) >= 2 and parts[0] == "cases" and isinstance(parts[1], int):
        head, parts = f"Case {parts[1] + 1}", parts[2:]
    elif parts and parts[0] == "meeting":
        head, parts = "Meeting", parts[1:]
    tail = ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in parts)
    return " › ".join(x for x in (head, tail) if x)


def _first_field(exc: ValidationError) -> str:
    errors = exc.errors()
    return field_label(errors[0]["loc"]) if errors else ""


def describe_validation(exc: ValidationError) -> str:
    """Return pydantic's errors as short clinician-readable lines."""
    lines = [f"{field_label(e['loc'])}: {e['msg']}" for e in exc.errors()[:10]]
    more = len(exc.errors()) - len(lines)
    if more > 0:
        lines.append(f"… and {more} more")
    return "invalid board:\n  " + "\n  ".join(lines)


def write_atomically(path: Path, data: bytes) -> None:
    """Write bytes via a temporary file in the same folder, fsync, then replace."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle = tempfile.NamedTemporaryFile(
            dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False
        )
    except OSError as exc:
        raise BoardFileError(f"cannot write here ({exc.strerror})", file=str(path)) from exc
    tmp = Path(handle.name)
    try:
        with handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _fsync_folder(folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BoardFileError(f"cannot write ({exc.strerror or exc})", file=str(path)) from exc
    _remove_leftovers(folder, path.name)


def _remove_leftovers(folder: Path, name: str) -> None:
    """Remove temporary files that an interrupted save of the same file left behind."""
    for leftover in folder.glob(f".{glob_escape(name)}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def glob_escape(name: str) -> str:
    """Return a file name with glob's special characters taken literally."""
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
