"""Pictures decoded on workers (thumbnails) while the window reads one (the annotator): Qt's
image lock and the interpreter lock must never wait for each other."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

STRESS = r"""
import io, sys, threading, time
from PIL import Image
from PySide6.QtWidgets import QApplication
from boardtool.gui.annotate import upright_image
from boardtool.gui.images_pane import _decode_thumbnail

app = QApplication([])
pictures = []
for n, kind in enumerate(("JPEG", "PNG", "JPEG")):
    out = io.BytesIO()
    Image.new("RGB", (900 + 40 * n, 700), (30 * n, 90, 160)).save(out, kind)
    pictures.append(out.getvalue())
stop = time.monotonic() + 4.0
def worker():
    while time.monotonic() < stop:
        for data in pictures:
            assert _decode_thumbnail(data) is not None
threads = [threading.Thread(target=worker) for _ in range(3)]
for thread in threads:
    thread.start()
reads = 0
while time.monotonic() < stop:
    for data in pictures:
        assert not upright_image(data).isNull()
        reads += 1
for thread in threads:
    thread.join()
print("done", reads)
"""


def test_thumbnails_on_workers_and_a_picture_read_by_the_window_never_deadlock():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    try:
        result = subprocess.run([sys.executable, "-c", STRESS], capture_output=True, text=True, timeout=60, env=env)
    except subprocess.TimeoutExpired as exc:  # the window would have frozen
        raise AssertionError("reading pictures on several threads froze") from exc
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("done")
