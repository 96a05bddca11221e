"""A bounded fuzz: thousands of byte- and schema-level mutations of boards go through opening,
validation, the outline and (some) both exports; the only exception allowed is boardtool's own
clear BoardError."""

from __future__ import annotations

import copy
import io
import json
import random
import traceback
import zipfile

import pytest

from boardtool.export import ExportRequest, export_board
from boardtool.model import check_board, load_catalog
from boardtool.model.errors import BoardError
from boardtool.outline import build_outline
from boardtool.samples import sample_board
from boardtool.store import load_board, save_board
from boardtool.store.boardfile import board_to_data, board_from_data

BYTE_MUTATIONS = 1_000
SCHEMA_MUTATIONS = 1_200
EXPORT_EVERY = 60  # every so many boards that open are also exported (deck and PDF)
HOSTILE_VALUES = [
    None, True, False, 0, -1, 10 ** 30, -(10 ** 30), 1.5, -1e308, 1e308, float("nan"), "", " ", "x" * 5_000,
    "\u202e\u0000\ud800", "9999-12-31", "0001-01-01", "2026-02-30", "24:00:00", "23:59:59", "2026-12-03T25:00",
    "../../etc/passwd", "images//abs/x.png", "<b>&amp;</b>", "Maren Holt", "SYN-004417", "14.05.1992", "İıßẞ", "😀" * 50,
    [], {}, [[[[[]]]]], {"unexpected": 1}, ["a", 1, None], [{"file": "a.png"}], {"surgery": {"discussed": True}},
]


class Fuzz:
    """Feeds one mutated board through everything that reads it; records any unexpected exception."""

    def __init__(self, tmp_path):
        self.tmp_path, self.catalog = tmp_path, load_catalog("ependymoma")
        self.opened = self.failures = 0
        self.problems: list[str] = []

    def check(self, label: str, opener) -> None:
        try:
            board = opener()
        except BoardError:
            return
        except Exception:  # the point of the fuzz: anything else is a defect
            self.problems.append(f"{label}: opening\n{traceback.format_exc(limit=4)}")
            return
        self.opened += 1
        try:
            self._use(board)
        except BoardError:
            return
        except Exception:
            self.problems.append(f"{label}: using\n{traceback.format_exc(limit=6)}")

    def _use(self, board) -> None:
        check_board(board, self.catalog)
        for deidentify in (False, True):
            build_outline(board, self.catalog, deidentify=deidentify)
        save_board(board, self.tmp_path / "again.tboard")
        if self.opened % EXPORT_EVERY == 0:
            export_board(board, ExportRequest(pptx=self.tmp_path / "f.pptx", pdf=self.tmp_path / "f.pdf",
                                              deidentify=self.opened % (2 * EXPORT_EVERY) == 0))


GENTLE = b"0123456789abcXYZ -:.,/\xc3\xa9"  # bytes that keep JSON readable more often than not


def _mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 1, 2, 4, 16))):
        action, at = rng.random(), rng.randrange(len(out) or 1)
        if action < 0.3 and out:
            out[at] = rng.randrange(256)
        elif action < 0.5 and out:
            out[at] = rng.choice(GENTLE)
        elif action < 0.7:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif action < 0.85:
            del out[at:at + rng.randint(1, 64)]
        else:
            out = out[:at]
    return bytes(out)


def _zipped(board_json: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("board.json", board_json)
    return buffer.getvalue()


def _places(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


def _mutate_data(rng: random.Random, data: dict) -> dict:
    data = copy.deepcopy(data)
    for _ in range(rng.choice((1, 1, 2, 3))):
        places = [p for p in _places(data) if p]
        path = rng.choice(places)
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = rng.random()
        if action < 0.7:
            parent[path[-1]] = copy.deepcopy(rng.choice(HOSTILE_VALUES))
        elif action < 0.85:
            del parent[path[-1]]
        elif isinstance(parent, list):
            parent.insert(path[-1], copy.deepcopy(parent[path[-1]]))
        else:
            parent[rng.choice(["extra", "schema_version", "when", "discussion"])] = rng.choice(HOSTILE_VALUES)
    if rng.random() < 0.1:
        data["schema_version"] = 1  # the migration runs on whatever is there
    return data


@pytest.fixture(scope="module")
def seeds():
    board = sample_board()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("board.json", json.dumps(board_to_data(board)))
        for name, data in list(board.image_data.items())[:1]:
            archive.writestr(f"images/{name}", data[:3_000])
    return board, board_to_data(board), buffer.getvalue()


def test_byte_level_mutations(seeds, tmp_path):
    board, data, archive = seeds
    rng, fuzz = random.Random(20261203), Fuzz(tmp_path)
    text = json.dumps(data, ensure_ascii=False).encode("utf-8")
    (tmp_path / "m-images").mkdir()
    for name, image in board.image_data.items():
        (tmp_path / "m-images" / name).write_bytes(image)
    for number in range(BYTE_MUTATIONS):
        kind = ("json", "tboard", "zipped json")[number % 3]
        path = tmp_path / ("m.json" if kind == "json" else "m.tboard")
        if kind == "zipped json":
            path.write_bytes(_zipped(_mutate_bytes(rng, text)))
        else:
            path.write_bytes(_mutate_bytes(rng, text if kind == "json" else archive))
        fuzz.check(f"byte mutation {number} ({kind})", lambda p=path: load_board(p))
    assert fuzz.problems == [], "\n\n".join(fuzz.problems[:5])
    assert fuzz.opened > 50  # the fuzz reached past the parser, not only into it


def test_schema_level_mutations(seeds, tmp_path):
    board, data, _ = seeds
    rng, fuzz = random.Random(4417), Fuzz(tmp_path)
    for number in range(SCHEMA_MUTATIONS):
        mutated = _mutate_data(rng, data)
        raw = json.dumps(mutated, ensure_ascii=False, allow_nan=True)
        fuzz.check(f"schema mutation {number}",
                   lambda r=raw: board_from_data(_parse(r), dict(board.image_data), "fuzz"))
    assert fuzz.problems == [], "\n\n".join(fuzz.problems[:5])
    assert fuzz.opened > SCHEMA_MUTATIONS // 6


def _parse(raw: str):
    try:
        return json.loads(raw)
    except ValueError as exc:  # what the loaders turn into a BoardError
        raise BoardError(str(exc)) from exc
