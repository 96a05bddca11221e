"""Hostile inputs end with exit code 2 and a message naming the file: never a traceback,
never the catch-all."""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile

import pytest
from pptx import Presentation

from boardtool.cli import main


def _tboard(path, board_json: str | bytes, compression=zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", compression) as archive:
        archive.writestr("board.json", board_json)


def _refused(capsys, *args: str) -> str:
    assert main(list(args)) == 2
    err = capsys.readouterr().err
    assert err.startswith(("boardtool: ", args[1] if len(args) > 1 else "boardtool: ")), err
    assert "Traceback" not in err and "could not finish" not in err, err
    return err


def test_encrypted_entry(tmp_path, capsys):
    path = tmp_path / "locked.tboard"
    _tboard(path, json.dumps({"schema_version": 2}))
    data = bytearray(path.read_bytes())
    struct.pack_into("<H", data, 6, struct.unpack_from("<H", data, 6)[0] | 1)  # local header: encrypted
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 8, struct.unpack_from("<H", data, central + 8)[0] | 1)
    path.write_bytes(bytes(data))
    assert "damaged archive" in _refused(capsys, "validate", str(path))


def test_corrupt_lzma_entry(tmp_path, capsys):
    path = tmp_path / "lzma.tboard"
    _tboard(path, json.dumps({"schema_version": 2, "cases": [{"question": "x" * 5000}]}), zipfile.ZIP_LZMA)
    data = bytearray(path.read_bytes())
    for offset in range(60, 90):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    assert "damaged archive" in _refused(capsys, "validate", str(path))


@pytest.mark.parametrize("text, message", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"schema_version": 2, "cases": [{"minutes": ' + "7" * 5000 + "}]}", "cannot read"),
    ('{"schema_version": 2, "cases": [{"question": "\\ud800 alone"}]}', "lone surrogate"),
    ('{"schema_version": 1, "meeting": 5, "cases": [5, {"discussion": [1, "x", {"modality": 3}]}]}', "invalid board"),
    ('{"schema_version": 1, "cases": 7}', "invalid board"),
    ('{"schema_version": 2, "cases": [{"images": 5}]}', "invalid board"),
    ('{"schema_version": 2, "cases": [{"images": [5, {"file": 7}]}]}', "invalid board"),
], ids=["nested", "huge-integer", "lone-surrogate", "v1-wrong-types", "v1-cases-not-list", "images-5", "images-junk"])
@pytest.mark.parametrize("suffix", [".json", ".tboard"])
def test_malformed_board_json(tmp_path, capsys, text, message, suffix):
    path = tmp_path / f"b{suffix}"
    if suffix == ".json":
        path.write_text(text)
    else:
        _tboard(path, text)
    assert re.search(message, _refused(capsys, "validate", str(path)))
    assert main(["export", str(path), "--pdf", str(tmp_path / "o.pdf")]) == 2
    assert not (tmp_path / "o.pdf").exists()


def test_nul_in_a_path(tmp_path, capsys):
    assert "NUL" in _refused(capsys, "validate", str(tmp_path / "a\x00b.tboard"))
    board = tmp_path / "s.tboard"
    main(["sample", str(board)])
    capsys.readouterr()
    for option in ("--pdf", "--pptx", "--template", "--logo"):
        extra = ["--pdf", str(tmp_path / "o.pdf")] if option in ("--template", "--logo") else []
        _refused(capsys, "export", str(board), option, str(tmp_path / "x\x00.y"), *extra)
    _refused(capsys, "sample", str(tmp_path / "x\x00.tboard"))


def test_extreme_dates_and_minutes(tmp_path, capsys):
    board = tmp_path / "b.json"
    board.write_text(json.dumps({"schema_version": 2, "meeting": {"date": "9999-12-31", "start_time": "23:59:00"},
                                 "cases": [{"minutes": 10 ** 15, "diagnosis": {"date": "0001-01-01"},
                                            "patient": {"birth_date": "9999-12-31"},
                                            "history": [{"kind": "surgery", "date": "0001-01-01"}]},
                                           {"minutes": 30}]}))
    _refused(capsys, "validate", str(board))
    for flags in ([], ["--deidentify"], ["--relative-dates"]):
        assert main(["export", str(board), "--pdf", str(tmp_path / "o.pdf"), "--pptx", str(tmp_path / "o.pptx"), *flags]) == 0


def _template(path, unplaced=False, sizeless=False) -> None:
    prs = Presentation()
    if unplaced:
        for owner in [prs.slide_master, *prs.slide_layouts]:
            for ph in owner.placeholders:
                xfrm = ph._element.spPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}xfrm")
                if xfrm is not None:
                    ph._element.spPr.remove(xfrm)
    buffer = io.BytesIO()
    prs.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if sizeless and item.filename == "ppt/presentation.xml":
                data = re.sub(rb"<p:sldSz[^>]*/>", b"", data)
            target.writestr(item, data)


@pytest.mark.parametrize("kind", ["unplaced", "sizeless"])
def test_broken_templates(tmp_path, capsys, kind):
    board, template = tmp_path / "s.tboard", tmp_path / "t.pptx"
    main(["sample", str(board)])
    _template(template, **{kind: True})
    capsys.readouterr()
    err = _refused(capsys, "export", str(board), "--pptx", str(tmp_path / "o.pptx"), "--template", str(template))
    assert str(template) in err


def test_json_save_where_the_images_folder_cannot_be_made(tmp_path, capsys):
    (tmp_path / "s-images").write_text("a file, not a folder")
    assert "s-images" in _refused(capsys, "sample", str(tmp_path / "s.json"))
