"""A board file's key images are read when they are needed, not when the board opens; a file
that changed on disk since is refused by name; saving over the file keeps every picture readable."""

from __future__ import annotations

import copy
import io
import zipfile

import pytest
from PIL import Image

from boardtool.model.board import KeyImage
from boardtool.model.errors import BoardFileError
from boardtool.model.images import ImageData
from boardtool.store import load_board, save_board


def _picture(colour: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (colour, 40, 90)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def saved(board, tmp_path):
    case = board.cases[0]
    case.images = [KeyImage(file=board.add_image(_picture(c), "png"), label=f"Series {c}") for c in (10, 200)]
    path = tmp_path / "week.tboard"
    save_board(board, path)
    return board, path


def test_opening_refers_to_images_without_reading_them(saved):
    board, path = saved
    loaded = load_board(path)
    shown = {image.file for case in board.cases for image in case.images}
    assert set(loaded.image_data) == shown
    assert set(loaded.image_data.referred()) == shown  # nothing held in memory yet
    for name in shown:
        assert loaded.image_data[name] == board.image_data[name]
        with loaded.image_data.source(name).open() as stream:
            assert Image.open(stream).size == Image.open(io.BytesIO(board.image_data[name])).size


def test_a_file_changed_on_disk_is_refused_naming_the_picture(saved, tmp_path):
    board, path = saved
    loaded = load_board(path)
    name = sorted(loaded.image_data)[0]
    with zipfile.ZipFile(path, "w") as archive:  # another program rewrites the file
        archive.writestr("board.json", "{}")
        archive.writestr(f"images/{name}", _picture(99))
    with pytest.raises(BoardFileError, match="changed on disk") as refused:
        loaded.image_data[name]
    assert refused.value.field == f"images/{name}"


def test_saving_over_the_file_keeps_an_image_no_case_shows(saved):
    """An undo may bring back a picture removed before the save: it must still be readable."""
    board, path = saved
    loaded = load_board(path)
    dropped = loaded.cases[0].images[1].file
    kept = loaded.cases[0].images[0].file
    loaded.cases[0].images = loaded.cases[0].images[:1]
    save_board(loaded, path)
    assert loaded.image_data[dropped] == board.image_data[dropped]  # held in memory before the file was replaced
    assert dropped not in loaded.image_data.referred()
    assert loaded.image_data[kept] == board.image_data[kept]  # still read from the new file
    assert kept in loaded.image_data.referred()


def test_copies_share_the_pictures_and_compare_equal(saved):
    _, path = saved
    loaded = load_board(path)
    copied = loaded.model_copy(deep=True)
    assert copied.image_data == loaded.image_data
    assert copied.image_data is not loaded.image_data
    assert copied.image_data.referred() == loaded.image_data.referred()
    copied.image_data["extra.png"] = _picture(5)
    assert "extra.png" not in loaded.image_data


def test_image_data_accepts_plain_bytes():
    data = ImageData({"a.png": _picture(1)})
    assert data["a.png"] == _picture(1) and data == {"a.png": _picture(1)}
    assert copy.deepcopy(data) == data
    assert data.subset(["a.png", "missing.png"]) == data
