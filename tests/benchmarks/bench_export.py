"""Export, start-up and responsiveness figures for boardtool (a script, not a test).

Run from the repository root with the test extra installed:

    python tests/benchmarks/bench_export.py

It builds a 20-case board from the fictional sample with three distinct 2400×2400 key
images per case, then prints a table of figures against the targets.
"""

from __future__ import annotations

import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from boardtool.model.board import Board, KeyImage  # noqa: E402
from boardtool.samples import sample_board  # noqa: E402

CASES, IMAGES_PER_CASE, SIDE = 20, 3, 2400


def scan_like(seed: int) -> bytes:
    """Return a synthetic photographic 2400×2400 picture (JPEG), different for each seed."""
    base = Image.radial_gradient("L").resize((SIDE, SIDE))
    noise = Image.effect_noise((SIDE, SIDE), 40 + seed % 20)
    img = Image.merge("RGB", (base, Image.blend(base, noise, 0.3), noise.rotate(seed % 360)))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90)
    return out.getvalue()


def build_board() -> Board:
    sample = sample_board()
    board = Board(meeting=sample.meeting.model_copy(deep=True))
    cases = []
    for number in range(CASES):
        template = sample.cases[number % 2]
        case = template.model_copy(deep=True, update={"id": f"bench-{number:02d}"})
        case.images = [
            KeyImage(file=board.add_image(scan_like(number * IMAGES_PER_CASE + k), "jpg"),
                     label=f"MRI series {k + 1}", caption="Synthetic benchmark picture")
            for k in range(IMAGES_PER_CASE)
        ]
        cases.append(case)
    board.cases = cases
    return board


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


# ---------------------------------------------------------------- export and floor


def export_once(board: Board, folder: Path):
    from boardtool.export import ExportRequest, export_board

    request = ExportRequest(pptx=folder / "bench.pptx", pdf=folder / "bench.pdf")
    return timed(export_board, board, request)


def floor(board: Board, folder: Path) -> dict[str, float]:
    """Build the same slides and pages with bare library calls: the time no tool can beat."""
    from pptx import Presentation
    from pptx.util import Emu
    from pypdf import PdfReader
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Image as RLImage
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
    from xml.sax.saxutils import escape

    from boardtool.export import fonts

    deck = Presentation(str(folder / "bench.pptx"))
    slides = []
    for slide in deck.slides:
        items = []
        for shape in slide.shapes:
            box = (shape.left, shape.top, shape.width, shape.height)
            if shape.shape_type == 13:
                items.append(("picture", box, shape.image.blob))
            elif shape.has_text_frame:
                items.append(("text", box, shape.text_frame.text))
        slides.append(items)
    sources = list(board.image_data.values())

    def pillow():
        for data in sources:
            img = Image.open(io.BytesIO(data))
            img.thumbnail((1100, 1100))
            img.save(io.BytesIO(), "JPEG", quality=85)

    def bare_deck():
        prs = Presentation(str(ROOT / "templates" / "decks" / "boardtool-16x9.pptx"))
        layout = prs.slide_layouts[1]
        for items in slides:
            slide = prs.slides.add_slide(layout)
            for kind, (x, y, w, h), payload in items:
                if kind == "picture":
                    slide.shapes.add_picture(io.BytesIO(payload), Emu(x), Emu(y), Emu(w), Emu(h))
                else:
                    slide.shapes.add_textbox(Emu(x), Emu(y), Emu(w), Emu(h)).text_frame.text = payload
        prs.save(io.BytesIO())

    pages = [page.extract_text() for page in PdfReader(str(folder / "bench.pdf")).pages]

    def bare_pdf():
        fonts.register()
        style = getSampleStyleSheet()["BodyText"]
        style.fontName = fonts.FAMILY
        story = []
        pictures = iter(sources)
        for text in pages:
            for line in text.split("\n"):
                story.append(Paragraph(escape(line), style))
            story.append(PageBreak())
        for _ in range(CASES * IMAGES_PER_CASE):
            img = Image.open(io.BytesIO(next(pictures)))
            img.thumbnail((700, 520))
            out = io.BytesIO()
            img.save(out, "JPEG", quality=85)
            story.append(RLImage(io.BytesIO(out.getvalue()), width=220, height=220))
        SimpleDocTemplate(io.BytesIO()).build(story)

    return {"pillow": timed(pillow)[0], "deck": timed(bare_deck)[0], "pdf": timed(bare_pdf)[0]}


# ---------------------------------------------------------------- processes


# VmHWM, not ru_maxrss: Linux carries a parent's peak into ru_maxrss across exec.
RSS_SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from boardtool.store import load_board
from boardtool.export import ExportRequest, export_board
board = load_board({board!r})
export_board(board, ExportRequest(pptx=Path({out!r}) / "rss.pptx", pdf=Path({out!r}) / "rss.pdf"))
print(next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")))
"""

START_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
from boardtool.gui.app import make_app
app = make_app()
from PySide6.QtCore import QSettings, QTimer
from boardtool.gui.main_window import MainWindow
from boardtool.gui.settings import Preferences
window = MainWindow(Preferences(QSettings({ini!r}, QSettings.Format.IniFormat)))
window.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
app.exec()
"""


def peak_rss_mb(board_path: Path, folder: Path) -> float:
    script = RSS_SCRIPT.format(root=str(ROOT), board=str(board_path), out=str(folder))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return int(result.stdout.strip().splitlines()[-1]) / 1024


def cold_start(folder: Path) -> float:
    times = []
    for run in range(5):
        script = START_SCRIPT.format(root=str(ROOT), ini=str(folder / f"start{run}.ini"))
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                                env={**os.environ, "BOARDTOOL_DATA_DIR": str(folder / "data")})
        proc.stdout.readline()
        times.append(time.perf_counter() - start)
        proc.wait(timeout=60)
    return statistics.median(times)


# ---------------------------------------------------------------- window


def window_figures(board: Board, folder: Path) -> tuple[float, float]:
    """Return (longest event-loop stall during a 20-case export, keystroke-to-preview time)."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from boardtool.gui.app import make_app
    from boardtool.gui.document import BoardDocument
    from boardtool.gui.main_window import MainWindow
    from boardtool.gui.settings import Preferences
    from boardtool.gui.tasks import wait_for_tasks

    make_app()
    QMessageBox.exec = lambda self: 0
    paths = [str(folder / "win.pptx"), str(folder / "win.pdf")]
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (paths.pop(0), ""))
    os.environ["BOARDTOOL_DATA_DIR"] = str(folder / "data")
    window = MainWindow(Preferences(QSettings(str(folder / "w.ini"), QSettings.Format.IniFormat)),
                        BoardDocument(board))
    window.show()

    def spin(ms):
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    spin(1500)
    wait_for_tasks()
    spin(200)
    clock, gaps = QElapsedTimer(), []
    probe = QTimer()
    probe.setInterval(5)
    last = [0]

    def tick():
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    probe.timeout.connect(tick)
    window.exports._problems_accepted = lambda: True
    clock.start()
    probe.start()
    window.export_both_action.trigger()
    while window.exports.running:
        spin(20)
    probe.stop()
    stall = max(gaps) if gaps else 0.0

    window.cases.setCurrentRow(0)
    spin(300)
    wait_for_tasks()
    spin(300)
    field = window.editor.widget_for("symptoms")
    done = []
    window.preview.refreshed.connect(lambda: done.append(time.perf_counter()))
    typed = time.perf_counter()
    field.insertPlainText(" More headache.")
    while not done and time.perf_counter() - typed < 30:
        spin(5)
    preview = (done[0] - typed) if done else float("inf")
    window.doc.undo_stack.setClean()
    window.close()
    return stall / 1000.0, preview


# ---------------------------------------------------------------- report


def main() -> None:
    from boardtool.store import save_board

    folder = Path(tempfile.mkdtemp(prefix="boardtool-bench-"))
    print(f"boardtool export benchmark · {CASES} cases · {CASES * IMAGES_PER_CASE} images of {SIDE}×{SIDE}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    board = build_board()
    board_path = folder / "bench.tboard"
    save_board(board, board_path)
    source_bytes = sum(len(d) for d in board.image_data.values())

    cold, report = export_once(board, folder)
    warm, _ = export_once(board, folder)
    bare = floor(board, folder)
    bare_total = sum(bare.values())
    deck_size = (folder / "bench.pptx").stat().st_size
    pdf_size = (folder / "bench.pdf").stat().st_size
    from pptx import Presentation

    embedded = sum(len(s.image.blob) for sl in Presentation(str(folder / "bench.pptx")).slides
                   for s in sl.shapes if s.shape_type == 13)
    rss = peak_rss_mb(board_path, folder)
    start = cold_start(folder)
    stall, preview = window_figures(board, folder)

    mb = 1024 * 1024
    rows = [
        ("full export, first (deck + PDF)", f"{cold:.2f} s", ""),
        ("full export, again (image cache warm)", f"{warm:.2f} s", ""),
        ("floor: bare Pillow + python-pptx + ReportLab", f"{bare_total:.2f} s",
         f"Pillow {bare['pillow']:.2f} s, pptx {bare['deck']:.2f} s, PDF {bare['pdf']:.2f} s"),
        ("export / floor (first export)", f"{cold / bare_total:.2f}", "target ≤ 1.5"),
        ("deck size", f"{deck_size / mb:.1f} MB", f"target ≤ 25 MB; {report.slides} slides"),
        ("deck size with images unprocessed (estimate)", f"{(deck_size - embedded + source_bytes) / mb:.1f} MB", ""),
        ("PDF size", f"{pdf_size / mb:.1f} MB", f"{report.pages} pages"),
        ("PDF size with images unprocessed (estimate)", f"{(pdf_size + source_bytes) / mb:.1f} MB", "upper bound"),
        ("peak RSS of an export process", f"{rss:.0f} MB", "target ≤ 400 MB"),
        ("cold start to first shown window (median of 5)", f"{start:.2f} s", "target ≤ 1.0 s"),
        ("longest GUI stall during the 20-case export", f"{stall * 1000:.0f} ms", "target ≤ 100 ms"),
        ("last keystroke → refreshed preview (one case)", f"{preview:.2f} s", "target ≤ 0.5 s"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>9}  {note}")
    print(json.dumps({"export_s": cold, "floor_s": bare_total, "deck_mb": deck_size / mb, "rss_mb": rss,
                      "start_s": start, "stall_ms": stall * 1000, "preview_s": preview}))


if __name__ == "__main__":
    main()
