"""A regular (non-editable) install carries the catalogs, templates, fonts and samples."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile

import pytest


@pytest.mark.skipif(importlib.util.find_spec("hatchling") is None, reason="hatchling (build backend) is not installed")
def test_wheel_bundles_data(tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(root)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = tmp_path.glob("boardtool-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "boardtool/_data/templates/catalogs/ependymoma.toml",
        "boardtool/_data/templates/decks/boardtool-16x9.pptx",
        "boardtool/_data/templates/letters/outcome-letter.toml",
        "boardtool/_data/assets/fonts/DejaVuSans.ttf",
        "boardtool/_data/assets/fonts/LICENSE-DejaVu.txt",
        "boardtool/_data/assets/samples/ependymoma-board.json",
        "boardtool/cli.py",
        "boardtool/library/migrations/script.py.mako",
        "boardtool/library/migrations/versions/0002_follow_up_and_sealed_audit.py",
    ):
        assert needed in names, needed
    assert any(n.startswith("boardtool/_data/assets/samples/ependymoma-board-images/") for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "boardtool = boardtool.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()
