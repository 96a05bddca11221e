"""The boardtool command: exit codes and messages, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from boardtool.cli import main


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "boardtool", *map(str, args)], capture_output=True, text=True, timeout=120
    )


def test_sample_validate_schema(tmp_path, capsys):
    path = tmp_path / "s.tboard"
    assert main(["sample", str(path)]) == 0
    assert main(["validate", str(path)]) == 0
    assert "no problems in 3 case(s)" in capsys.readouterr().out
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "question" in json.dumps(schema)
    assert "image_data" not in json.dumps(schema)


def test_sample_as_json_writes_images_folder(tmp_path):
    path = tmp_path / "s.json"
    assert main(["sample", str(path)]) == 0
    assert len(list((tmp_path / "s-images").iterdir())) == 4


def test_validate_lists_every_problem_with_exit_2(tmp_path, capsys):
    path = tmp_path / "s.json"
    main(["sample", str(path)])
    data = json.loads(path.read_text())
    data["cases"][0]["question"] = ""
    data["cases"][0]["performance"]["scale"] = "lansky"
    path.write_text(json.dumps(data))
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "2 problem(s)" in err
    assert "Case 1 › Question for the board" in err
    assert "Case 1 › Performance status: Lansky applies to ages 1–16; the patient is 34" in err


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda p: None, "no such file"),
        (lambda p: p.write_bytes(b"garbage"), "not a zip archive"),
        (lambda p: p.write_text("{"), "broken JSON"),
        (lambda p: p.write_text('{"schema_version": 99}'), "newer boardtool"),
        (lambda p: p.write_text('{"schema_version": 2, "cases": [{"minutes": "ten"}]}'), "Case 1 › minutes"),
    ],
)
def test_bad_input_exit_2_without_traceback(tmp_path, setup, message):
    suffix = ".tboard" if "zip" in message else ".json"
    path = tmp_path / f"bad{suffix}"
    setup(path)
    result = run("validate", path)
    assert result.returncode == 2
    assert message in result.stderr
    assert str(path) in result.stderr
    assert "Traceback" not in result.stderr


def test_export_without_destination_is_usage_error(tmp_path, capsys):
    path = tmp_path / "s.tboard"
    main(["sample", str(path)])
    assert main(["export", str(path)]) == 2
    assert "--pptx PATH, --pdf PATH, --per-case DIR and/or --letters DIR" in capsys.readouterr().err


def test_unknown_option_is_exit_2():
    result = run("validate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_export_path_imports_no_qt(tmp_path):
    path = tmp_path / "s.tboard"
    main(["sample", str(path)])
    code = (
        "import sys; from boardtool.cli import main; "
        f"rc = main(['export', {str(path)!r}, '--pdf', {str(tmp_path / 'o.pdf')!r}, "
        f"'--pptx', {str(tmp_path / 'o.pptx')!r}]); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'; sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_export_one_case_deidentified_on_letter(tmp_path, capsys):
    from pptx import Presentation
    from pypdf import PdfReader

    board = tmp_path / "s.tboard"
    main(["sample", str(board)])
    pptx, pdf = tmp_path / "o.pptx", tmp_path / "o.pdf"
    rc = main(["export", str(board), "--pptx", str(pptx), "--pdf", str(pdf), "--case", "c-child-zfta",
               "--deidentify", "--paper", "letter"])
    assert rc == 0
    out = capsys.readouterr().out
    assert f"wrote deck to {pptx}" in out and f"wrote PDF summary to {pdf}" in out
    reader = PdfReader(str(pdf))
    assert round(float(reader.pages[0].mediabox.width)) == 612  # US Letter
    text = "".join(page.extract_text() for page in reader.pages)
    assert "TB-2026-2" in text and "Elio" not in text and "Maren" not in text
    assert len(Presentation(str(pptx)).slides) > 5


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--case", "missing"], "no case with id 'missing'"),
        (["--template", "/nonexistent/t.pptx"], "cannot open the deck template"),
    ],
)
def test_export_bad_options_exit_2(tmp_path, extra, message):
    board = tmp_path / "s.tboard"
    main(["sample", str(board)])
    result = run("export", board, "--pptx", tmp_path / "o.pptx", *extra)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_export_with_logo_places_it_on_every_slide(tmp_path):
    from PIL import Image
    from pptx import Presentation

    board, logo, deck = tmp_path / "s.tboard", tmp_path / "logo.png", tmp_path / "o.pptx"
    main(["sample", str(board)])
    Image.new("RGB", (400, 100), (31, 58, 95)).save(logo)
    assert main(["export", str(board), "--pptx", str(deck), "--case", "c-adult-pfb", "--logo", str(logo)]) == 0
    slides = list(Presentation(str(deck)).slides)
    for slide in slides:
        pictures = [s for s in slide.shapes if s.shape_type == 13 and abs(s.width / s.height - 4.0) < 0.05]
        assert pictures, "logo missing"
    result = run("export", board, "--pptx", deck, "--logo", tmp_path / "none.png")
    assert result.returncode == 2 and "cannot read the logo" in result.stderr
