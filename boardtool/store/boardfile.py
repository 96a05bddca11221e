"""Open and save boards: the .tboard zip (board.json + images/) and plain JSON."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from boardtool.model.board import Board
from boardtool.model.errors import BoardFileError
from boardtool.model.images import content_name
from boardtool.store.archive import (
    MAX_IMAGE_BYTES,
    MAX_JSON_BYTES,
    ArchivedImage,
    read_archive,
    used_images,
    write_archive,
)
from boardtool.store.files import (
    FILE_MODE,
    check_path,
    is_plain_name,
    private_folder,
    read_regular,
    remove_stale_temps,
    write_atomically,
)
from boardtool.store.migrations import migrate

__all__ = ["FILE_MODE", "MAX_IMAGE_BYTES", "load_board", "save_board", "write_atomically"]
CONTENT_NAME_LENGTH = 64  # hex digits of SHA-256: the names boardtool gives images
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def load_board(path: Path | str) -> Board:
    """Read a board from a ``.tboard`` zip or a plain ``.json`` file."""
    path = check_path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise BoardFileError("no such file", file=str(path)) from None
    except OSError as exc:
        raise BoardFileError(f"cannot read ({exc.strerror or exc})", file=str(path)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise BoardFileError("is a folder, not a board file", file=str(path))
    if path.suffix.lower() == ".json":
        return _load_json(path)
    data, images = read_archive(path, lambda raw: parse_json(raw, path))
    return board_from_data(data, images, str(path))


def save_board(board: Board, path: Path | str) -> None:
    """Write the board atomically: the previous file survives any failure."""
    path = check_path(path)
    data = board_to_data(board)
    _hold_dropped_images(board, path)
    try:
        if path.suffix.lower() == ".json":
            _save_json(board, data, path)
        else:
            write_atomically(path, lambda out: write_archive(board, data, out))
    except UnicodeEncodeError as exc:
        raise BoardFileError("holds a character that cannot be saved (a lone surrogate)", file=str(path)) from exc


def _hold_dropped_images(board: Board, path: Path) -> None:
    """Read into memory the pictures the board still refers to in the file about to be
    replaced but will not write to it (no case shows them now; an undo may bring them back)."""
    target, used = os.path.realpath(path), used_images(board)
    board.image_data.hold(name for name, image in board.image_data.referred().items()
                          if name not in used and isinstance(image, ArchivedImage)
                          and os.path.realpath(image.path) == target)


# ------------------------------------------------------------------ plain JSON


def images_folder(path: Path) -> Path:
    """Return the folder beside a JSON board that holds its images: '<name>-images'."""
    return path.with_name(path.stem + "-images")


def _load_json(path: Path) -> Board:
    data = parse_json(read_regular(path, MAX_JSON_BYTES), path)
    images: dict[str, bytes] = {}
    cases = data.get("cases") if isinstance(data, dict) else None
    for case_no, case in enumerate(cases if isinstance(cases, list) else []):
        pictures = case.get("images") if isinstance(case, dict) else None
        for image_no, image in enumerate(pictures if isinstance(pictures, list) else []):
            if isinstance(image, dict) and isinstance(image.get("file"), str):
                where = f"Case {case_no + 1} › Key image {image_no + 1}"
                image["file"] = _read_image_beside(path, image["file"], images, where)
    return board_from_data(data, images, str(path))


def _read_image_beside(path: Path, reference: str, images: dict[str, bytes], where: str) -> str:
    """Read an image named in a JSON board; it must be a plain file in the board's own images
    folder ('NAME-images/picture.png'), opened without following links."""
    folder = images_folder(path)
    name = reference.removeprefix(folder.name + "/")
    if not is_plain_name(name):
        raise BoardFileError(f"image '{reference}' is not a file in the board's images folder '{folder.name}'",
                             file=str(path), field=where)
    try:
        folder_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as exc:
        raise BoardFileError(f"cannot open the images folder '{folder.name}' ({exc.strerror})",
                             file=str(path), field=where) from exc
    try:
        data = read_regular(Path(name), MAX_IMAGE_BYTES, dir_fd=folder_fd, follow=False,
                            file=str(path), field=f"{where} ('{reference}')")
    finally:
        os.close(folder_fd)
    stored = content_name(data, Path(name).suffix)
    images[stored] = data
    return stored


def _save_json(board: Board, data: dict[str, Any], path: Path) -> None:
    folder = images_folder(path)
    used = used_images(board)
    if used or folder.exists():
        private_folder(folder)
    for name in used:
        target = folder / name
        if target.is_symlink() or not target.is_file() or target.stat().st_size != len(board.image_data[name]):
            write_atomically(target, board.image_data[name], tidy=False, follow=False)
    for case in data["cases"]:
        for image in case["images"]:
            if image["file"] in used:
                image["file"] = f"{folder.name}/{image['file']}"
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, text.encode("utf-8"))
    if folder.is_dir():
        _forget_unused_images(folder, used)
        remove_stale_temps(folder)


def _forget_unused_images(folder: Path, used: set[str]) -> None:
    """Remove pictures boardtool stored in the folder that the board no longer shows."""
    for entry in folder.iterdir():
        stem, _, suffix = entry.name.partition(".")
        ours = len(stem) == CONTENT_NAME_LENGTH and all(c in "0123456789abcdef" for c in stem) and suffix
        if ours and entry.name not in used and entry.is_file() and not entry.is_symlink():
            entry.unlink(missing_ok=True)


# ------------------------------------------------------------------ shared


def board_to_data(board: Board) -> dict[str, Any]:
    """Return the board as JSON-ready data (images referenced by content name)."""
    return board.model_dump(mode="json")


def board_from_data(data: Any, images: Mapping[str, bytes | ArchivedImage], file: str) -> Board:
    """Build a validated board from parsed board.json data and its images (bytes, or where
    to read them)."""
    if not isinstance(data, dict):
        raise BoardFileError("board.json must hold an object", file=file)
    _refuse_lone_surrogates(data, file, ())
    data = migrate(data, file)
    try:
        board = Board.model_validate(data)
    except ValidationError as exc:
        raise BoardFileError(describe_validation(exc), file=file, field=_first_field(exc)) from exc
    except (RecursionError, ValueError, TypeError, OverflowError) as exc:
        raise BoardFileError(f"invalid board ({str(exc)[:200]})", file=file) from exc
    for number, case in enumerate(board.cases, start=1):
        for index, image in enumerate(case.images, start=1):
            if not is_plain_name(image.file):
                raise BoardFileError("an image must be named by a plain file name", file=file,
                                     field=f"Case {number} › Key image {index}")
    for name, image in images.items():
        if isinstance(image, bytes):
            board.image_data[name] = image
        else:
            board.image_data.refer(name, image)
    return board


def _refuse_lone_surrogates(value: Any, file: str, where: tuple) -> None:
    """Refuse text holding half of a UTF-16 pair: no file or export can carry it."""
    if isinstance(value, str):
        if LONE_SURROGATE.search(value):
            raise BoardFileError("holds an invalid character (a lone surrogate)", file=file, field=field_label(where))
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_lone_surrogates(key, file, where)
            _refuse_lone_surrogates(item, file, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_lone_surrogates(item, file, (*where, index))


def parse_json(raw: bytes, path: Path) -> Any:
    """Return parsed JSON, or refuse text that is not UTF-8, broken, too deep or too large a number."""
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BoardFileError("board.json is not UTF-8 text", file=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise BoardFileError(
            f"broken JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", file=str(path)
        ) from exc
    except RecursionError as exc:
        raise BoardFileError("board.json is nested too deeply", file=str(path)) from exc
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise BoardFileError(f"board.json holds a value boardtool cannot read ({str(exc)[:120]})", file=str(path)) from exc


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
