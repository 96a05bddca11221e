"""Export, scaling and window figures for boardtool, against an honest floor (a script, not a test).

Run from the repository root with the test extra installed:

    python tests/benchmarks/bench_export.py [--pairs 5] [--quick]

Boards: each case has two RGB JPEG scans and one grey-scale PNG scan of 2400×2400 (the
"mixed" board), or three JPEG scans (the "JPEG-only" board); every picture is different.
The boards are kept in a cache folder (BOARDTOOL_BENCH_CACHE, by default in the system's
temporary folder) so repeated runs skip drawing them.

The floor is what a competent developer would write with the bare libraries to make the same
files: the same slides (text runs with their sizes, weights and colours, the same shapes,
notes and pictures at the same placed and pixel sizes, read from boardtool's own deck), the
same pages (the text of each page of boardtool's PDF in the same bundled font, the same
thumbnails), python-pptx's public API, ReportLab's platypus, Pillow with JPEG draft
decoding, one thread per output, and every picture decoded once: the deck's thread decodes
it at the deck's size and hands the PDF's thread a thumbnail derived from it.

Every run is a fresh process (no warm caches); the export and the floor alternate, pair by
pair, and the ratio reported is the median of the pairs' ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageChops  # noqa: E402

SIDE = 2400
TARGET_PPI = 220
THUMB_W, THUMB_H = 80 * 72 / 25.4, 60 * 72 / 25.4  # the summary's thumbnail box, in points
CACHE = Path(os.environ.get("BOARDTOOL_BENCH_CACHE", Path(tempfile.gettempdir()) / "boardtool-bench-cache"))


# ---------------------------------------------------------------- boards


_fields: dict[str, Image.Image] = {}


def _field(name: str) -> Image.Image:
    if name not in _fields:
        gradient = Image.radial_gradient("L").resize((SIDE, SIDE))
        noise = Image.effect_noise((SIDE, SIDE), 40)
        _fields["gradient"], _fields["noise"] = gradient, noise
    return _fields[name]


def scan(seed: int, kind: str) -> bytes:
    """Return a synthetic 2400×2400 scan, different for each seed: RGB JPEG or grey-scale PNG."""
    shift = (seed * 97) % SIDE, (seed * 61) % SIDE
    noise = ImageChops.offset(_field("noise"), *shift)
    base = _field("gradient")
    out = io.BytesIO()
    if kind == "png":
        Image.blend(base, noise, 0.12).save(out, "PNG", compress_level=6)
    else:
        Image.merge("RGB", (base, Image.blend(base, noise, 0.3), ImageChops.offset(noise, shift[1], 0))) \
            .save(out, "JPEG", quality=90)
    return out.getvalue()


def board_path(cases: int, mix: str) -> Path:
    """Return the cached board file of ``cases`` cases ("mixed" or "jpeg" pictures), made if missing."""
    path = CACHE / f"bench-{mix}-{cases}.tboard"
    if path.exists():
        return path
    from boardtool.model.board import Board, KeyImage
    from boardtool.samples import sample_board
    from boardtool.store import save_board

    CACHE.mkdir(parents=True, exist_ok=True)
    kinds = ("jpeg", "jpeg", "png") if mix == "mixed" else ("jpeg", "jpeg", "jpeg")
    sample = sample_board()
    board = Board(meeting=sample.meeting.model_copy(deep=True))
    for number in range(cases):
        case = sample.cases[number % 2].model_copy(deep=True, update={"id": f"bench-{number:03d}"})
        case.images = []
        for k, kind in enumerate(kinds):
            picture = _cached_scan(number * len(kinds) + k, kind)
            name = board.add_image(picture, "png" if kind == "png" else "jpg")
            case.images.append(KeyImage(file=name, label=f"MRI series {k + 1}", caption="Synthetic benchmark picture"))
        board.cases.append(case)
    save_board(board, path)
    return path


def _cached_scan(seed: int, kind: str) -> bytes:
    path = CACHE / "scans" / f"{kind}-{seed}.{'png' if kind == 'png' else 'jpg'}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(scan(seed, kind))
    return path.read_bytes()


# ---------------------------------------------------------------- one measured run (own process)


def measured(fn) -> dict:
    """Run ``fn``; return its wall time, CPU time and the process's peak memory."""
    before, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    extra = fn() or {}
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open("/proc/self/status") as status:  # VmHWM: ru_maxrss carries a parent's peak across exec
        rss = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    return {"wall": wall, "cpu": cpu, "rss": rss, **extra}


def run_export(board: Path, out: Path) -> dict:
    """Load the board file and write the deck and the summary as the command line does."""
    from boardtool.export import ExportRequest, export_board
    from boardtool.store import load_board

    def work():
        report = export_board(load_board(board), ExportRequest(pptx=out / "export.pptx", pdf=out / "export.pdf"))
        return {"slides": report.slides, "pages": report.pages}

    return measured(work)


def run_floor(board: Path, plan_file: Path, out: Path) -> dict:
    """Write the same slides and pages with the bare libraries (see the module's docstring)."""
    import pptx  # noqa: F401  (imports are not timed, as for the export)
    import reportlab.platypus  # noqa: F401

    plan = json.loads(plan_file.read_text())
    return measured(lambda: Floor(board, plan, out).build())


# ---------------------------------------------------------------- the floor


def _ratio_box(aspect: float, width: float, height: float) -> tuple[float, float]:
    return (height * aspect, height) if width / height > aspect else (width, width / aspect)


class Floor:
    """The same deck and PDF as boardtool's, built plainly: python-pptx, ReportLab, Pillow."""

    def __init__(self, board: Path, plan: dict, out: Path):
        self.board, self.plan, self.out = board, plan, out
        self.thumbnails: list[Future] = [Future() for _ in plan["pictures"]]

    def build(self) -> dict:
        with ThreadPoolExecutor(max_workers=2) as pool:
            deck, pdf = pool.submit(self.deck), pool.submit(self.pdf)
            slides, pages = deck.result(), pdf.result()
        return {"slides": slides, "pages": pages}

    def picture(self, archive: zipfile.ZipFile, index: int, pixels: tuple[int, int]) -> bytes:
        """Decode the picture once at the deck's size; resolve its thumbnail from that."""
        with archive.open("images/" + self.plan["pictures"][index]) as handle:
            image = Image.open(io.BytesIO(handle.read()))
            if image.format == "JPEG":
                image.draft(image.mode, pixels)
            image.load()
        image = image.resize(pixels, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85, optimize=True)
        aspect = image.width / image.height
        w, h = _ratio_box(aspect, THUMB_W, THUMB_H)
        thumb = image.resize((round(w / 72 * TARGET_PPI), round(h / 72 * TARGET_PPI)), Image.Resampling.LANCZOS)
        thumb_out = io.BytesIO()
        thumb.save(thumb_out, "JPEG", quality=85, optimize=True)
        self.thumbnails[index].set_result((thumb_out.getvalue(), w, h))
        return out.getvalue()

    def deck(self) -> int:
        from pptx import Presentation
        from pptx.dml.color import RGBColor
        from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
        from pptx.util import Emu, Pt

        prs = Presentation(str(ROOT / "templates" / "decks" / "boardtool-16x9.pptx"))
        layouts = {layout.name: layout for layout in prs.slide_layouts}
        archive = zipfile.ZipFile(self.board)
        for spec in self.plan["slides"]:
            slide = prs.slides.add_slide(layouts[spec["layout"]])
            if spec["title"] is not None and slide.shapes.title is not None:
                run = slide.shapes.title.text_frame.paragraphs[0].add_run()
                run.text, run.font.size, run.font.bold = spec["title"], Pt(28), True
                run.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
            for shape in spec["shapes"]:
                kind, (x, y, w, h) = shape["kind"], [Emu(v) for v in shape["box"]]
                if kind == "picture":
                    data = self.picture(archive, shape["source"], tuple(shape["pixels"]))
                    slide.shapes.add_picture(io.BytesIO(data), x, y, w, h)
                elif kind == "text":
                    frame = slide.shapes.add_textbox(x, y, w, h).text_frame
                    frame.word_wrap = True
                    for index, para in enumerate(shape["paras"]):
                        p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
                        p.line_spacing, p.space_before = Pt(para["line"]), Pt(para["before"])
                        for text, size, bold, colour in para["runs"]:
                            run = p.add_run()
                            run.text, run.font.size, run.font.bold = text, Pt(size), bold
                            run.font.color.rgb, run.font.name = RGBColor.from_string(colour), "Calibri"
                elif kind == "line":
                    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, x, y, x + w, y + h)
                    line.line.color.rgb, line.line.width = RGBColor.from_string(shape["colour"]), Pt(2)
                else:
                    auto = slide.shapes.add_shape(MSO_SHAPE(shape["shape"]), x, y, w, h)
                    auto.fill.solid()
                    auto.fill.fore_color.rgb = RGBColor.from_string(shape["colour"])
                    auto.line.fill.background()
            if spec["notes"]:
                slide.notes_slide.notes_text_frame.text = spec["notes"]
        prs.save(str(self.out / "floor.pptx"))
        return len(prs.slides)

    def pdf(self) -> int:
        from xml.sax.saxutils import escape

        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.platypus import Image as Picture
        from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

        fonts = ROOT / "assets" / "fonts"
        pdfmetrics.registerFont(TTFont("FloorSans", str(fonts / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("FloorSans-Bold", str(fonts / "DejaVuSans-Bold.ttf")))
        style = ParagraphStyle("body", fontName="FloorSans", fontSize=8.5, leading=11)
        story: list = []
        pictures = iter(range(len(self.thumbnails)))
        for page in self.plan["pages"]:
            story += [Paragraph(escape(line), style) for line in page["lines"]]
            cells = []
            for _ in range(page["pictures"]):
                data, w, h = self.thumbnails[next(pictures)].result()
                cells.append(Picture(io.BytesIO(data), width=w, height=h))
            if cells:
                story.append(Table([cells[i:i + 2] for i in range(0, len(cells), 2)]))
            story.append(PageBreak())
        doc = SimpleDocTemplate(str(self.out / "floor.pdf"), topMargin=40, bottomMargin=40)
        doc.build(story)
        return doc.page


def make_plan(board: Path, deck: Path, pdf: Path) -> dict:
    """Return what the floor must build, read from boardtool's deck and PDF of this board."""
    from pptx import Presentation
    from pypdf import PdfReader

    from boardtool.store import load_board

    loaded = load_board(board)
    sources = [image.file for case in loaded.cases for image in case.images]
    slides, used = [], 0
    for slide in Presentation(str(deck)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else None
        shapes = []
        for shape in _flat_shapes(slide.shapes):
            entry = _shape_plan(shape, used)
            if entry is None:
                continue
            used += entry["kind"] == "picture"
            shapes.append(entry)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append({"layout": slide.slide_layout.name, "title": title, "shapes": shapes, "notes": notes})
    reader = PdfReader(str(pdf))
    pages = [{"lines": (page.extract_text() or "").split("\n"), "pictures": len(page.images)} for page in reader.pages]
    return {"slides": slides, "pages": pages, "pictures": sources[:used]}


def _flat_shapes(shapes):
    for shape in shapes:
        if shape.shape_type == 6:  # a group: its members are placed in slide coordinates
            yield from _flat_shapes(shape.shapes)
        elif not shape.is_placeholder:
            yield shape


def _shape_plan(shape, pictures_so_far: int) -> dict | None:
    box = [shape.left, shape.top, shape.width, shape.height]
    if shape.shape_type == 13:
        return {"kind": "picture", "box": box, "pixels": list(shape.image.size), "source": pictures_so_far}
    if shape.shape_type == 9 or shape.shape_type is None and "cxnSp" in shape._element.tag:
        colour = shape.line.color.rgb if shape.line.color.type is not None else "000000"
        return {"kind": "line", "box": box, "colour": str(colour)}
    if shape.shape_type == 17 or (shape.has_text_frame and shape.shape_type != 1):
        paras = []
        for p in shape.text_frame.paragraphs:
            runs = [(r.text, r.font.size.pt if r.font.size else 18.0, bool(r.font.bold),
                     str(r.font.color.rgb) if r.font.color.type is not None else "000000") for r in p.runs]
            line = p.line_spacing.pt if hasattr(p.line_spacing, "pt") else 20.0
            paras.append({"runs": runs, "line": line, "before": p.space_before.pt if p.space_before else 0.0})
        return {"kind": "text", "box": box, "paras": paras}
    if shape.shape_type == 1:
        fill = shape.fill
        colour = str(fill.fore_color.rgb) if fill.type == 1 and fill.fore_color.type is not None else "FFFFFF"
        return {"kind": "shape", "box": box, "shape": int(shape.auto_shape_type), "colour": colour}
    return None


# ---------------------------------------------------------------- running processes


def _child(*args: str) -> dict:
    result = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"benchmark step failed: {' '.join(args)}\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def plan_for(board: Path, folder: Path) -> Path:
    """Export the board once (not measured) and write the floor's plan beside it."""
    _child("--run", "export", str(board), str(folder))
    plan = folder / (board.stem + ".plan.json")
    plan.write_text(json.dumps(make_plan(board, folder / "export.pptx", folder / "export.pdf")))
    return plan


def paired(board: Path, pairs: int, folder: Path) -> dict:
    """Run export and floor alternately, ``pairs`` times each; return the medians and runs."""
    plan = plan_for(board, folder)
    runs = []
    for index in range(pairs):
        order = ("export", "floor") if index % 2 == 0 else ("floor", "export")
        pair = {}
        for kind in order:
            args = ["--run", kind, str(board), str(folder)] + (["--plan", str(plan)] if kind == "floor" else [])
            pair[kind] = _child(*args)
        runs.append(pair)
    ratio = statistics.median(p["export"]["wall"] / p["floor"]["wall"] for p in runs)
    median = {kind: {key: statistics.median(p[kind][key] for p in runs) for key in ("wall", "cpu", "rss")}
              for kind in ("export", "floor")}
    return {"ratio": ratio, "median": median, "runs": runs}


# ---------------------------------------------------------------- the window (own process)


OPEN_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
start = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog
QInputDialog.getText = staticmethod(lambda *a, **k: ("", False))
import boardtool.gui.app as app_module  # light: the window's modules load in `boardtool open`, as for a user

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if (event.type() == QEvent.Type.Paint and type(obj).__name__ == "MainWindow"
                and getattr(obj, "doc", None) is not None and obj.doc.board.cases):
            print(time.perf_counter() - start, flush=True)
            QApplication.instance().removeEventFilter(self)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False

made = app_module.make_app
def make_app(*args):
    app = made(*args)
    app.installEventFilter(spy)
    return app
spy = FirstPaint()
app_module.make_app = make_app
from boardtool.cli import main
main(["open", {board!r}])
"""


def first_paint(board: Path, folder: Path, runs: int = 3) -> float:
    """Return the median time from `boardtool open BOARD` to the window's first paint with the board."""
    times = []
    for run in range(runs):
        home = folder / f"home{run}"
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
               "BOARDTOOL_DATA_DIR": str(home / "data")}
        script = OPEN_SCRIPT.format(root=str(ROOT), board=str(board))
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
        times.append(float(result.stdout.strip().splitlines()[0]))
    return statistics.median(times)


def window_figures(board_file: Path, folder: Path) -> dict:
    """Return keystroke → refreshed preview, and the longest event-loop stall while typing,
    switching cases and exporting, on this board opened in the window."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from boardtool.gui.app import make_app
    from boardtool.gui.main_window import MainWindow
    from boardtool.gui.settings import Preferences
    from boardtool.gui.tasks import wait_for_tasks

    make_app()
    QMessageBox.exec = lambda self: 0
    paths = [str(folder / "win.pptx"), str(folder / "win.pdf")]
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (paths.pop(0), ""))
    os.environ["BOARDTOOL_DATA_DIR"] = str(folder / "data")
    window = MainWindow(Preferences(QSettings(str(folder / "w.ini"), QSettings.Format.IniFormat)))
    window.resize(1600, 1000)  # a desktop window: the preview as wide as people see it
    window.show()
    window.open_path(board_file, asked=True)

    def spin(ms):
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    spin(1000)
    wait_for_tasks()
    clock, gaps, last = QElapsedTimer(), [], [0]
    probe = QTimer()
    probe.setInterval(5)

    def tick():
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    probe.timeout.connect(tick)
    clock.start()
    probe.start()
    previews = []
    for row in (0, 1, len(window.doc.board.cases) - 1):  # switch cases, then type into one
        window.cases.setCurrentRow(row)
        spin(600)
    wait_for_tasks()
    spin(300)
    switching_stall = max(gaps) if gaps else 0.0
    gaps.clear()
    last[0] = clock.elapsed()
    field = window.editor.widget_for("symptoms")
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    done: list[float] = []
    window.preview.refreshed.connect(lambda: done.append(time.perf_counter()))
    for _ in range(5):
        done.clear()
        QTest.keyClicks(field, " x")
        typed = time.perf_counter()
        while not done and time.perf_counter() - typed < 30:
            spin(2)
        previews.append((done[0] - typed) if done else float("inf"))
        spin(300)
    typing_stall = max(gaps) if gaps else 0.0
    gaps.clear()
    last[0] = clock.elapsed()
    window.exports._problems_accepted = lambda: True
    window.export_both_action.trigger()
    while window.exports.running:
        spin(20)
    probe.stop()
    export_stall = max(gaps) if gaps else 0.0
    window.doc.undo_stack.setClean()
    window.close()
    del Qt
    return {"preview_s": statistics.median(previews), "typing_stall_ms": typing_stall,
            "switching_stall_ms": switching_stall, "export_stall_ms": export_stall,
            "preview_width_px": window.preview.view.contentsRect().width()}


# ---------------------------------------------------------------- report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="the 20-case mixed board only")
    parser.add_argument("--run", choices=("export", "floor", "window"))
    parser.add_argument("--plan", type=Path)
    parser.add_argument("paths", nargs="*", type=Path)
    options = parser.parse_args()
    if options.run:
        board, out = options.paths
        if options.run == "export":
            result = run_export(board, out)
        elif options.run == "floor":
            result = run_floor(board, options.plan, out)
        else:
            result = window_figures(board, out)
        print(json.dumps(result))
        return
    report(options)


def _line(name: str, value: str, note: str = "") -> None:
    print(f"  {name:<52} {value:>12}  {note}")


def report(options) -> None:
    folder = Path(tempfile.mkdtemp(prefix="boardtool-bench-"))
    print(f"boardtool export benchmark · {dt.datetime.now():%Y-%m-%d %H:%M} · load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    boards = [("mixed", 20)] + ([] if options.quick else [("jpeg", 20)])
    for mix, cases in boards:
        figures = paired(board_path(cases, mix), options.pairs, folder)
        e, f = figures["median"]["export"], figures["median"]["floor"]
        run = figures["runs"][0]
        print(f"\n{cases} cases, {'2 JPEG + 1 grey-scale PNG' if mix == 'mixed' else '3 JPEG'} per case "
              f"({run['export']['slides']} slides, {run['export']['pages']} pages; floor "
              f"{run['floor']['slides']} slides, {run['floor']['pages']} pages) · {options.pairs} alternating pairs")
        _line("export: wall / CPU / peak RSS (medians)", f"{e['wall']:.2f} s", f"CPU {e['cpu']:.2f} s, {e['rss']:.0f} MB")
        _line("floor: wall / CPU / peak RSS (medians)", f"{f['wall']:.2f} s", f"CPU {f['cpu']:.2f} s, {f['rss']:.0f} MB")
        _line("export / floor (median of the pairs' ratios)", f"{figures['ratio']:.2f}", "target ≤ 1.0")
        ratios = ", ".join(f"{p['export']['wall'] / p['floor']['wall']:.2f}" for p in figures["runs"])
        _line("pair ratios", "", ratios)
    sizes = (5, 20) if options.quick else (5, 20, 50, 100)
    print("\nscaling (mixed boards, one export each)")
    print(f"  {'cases':>5} {'wall':>8} {'CPU / case':>11} {'peak RSS':>9}")
    for cases in sizes:
        run = _child("--run", "export", str(board_path(cases, "mixed")), str(folder))
        print(f"  {cases:>5} {run['wall']:>7.2f}s {run['cpu'] / cases:>10.3f}s {run['rss']:>7.0f}MB")
    big = board_path(20 if options.quick else 100, "mixed")
    print(f"\nwindow, {big.stem}")
    _line("`boardtool open BOARD` → first paint (median of 3)", f"{first_paint(big, folder):.2f} s", "target ≤ 1.0 s")
    window = _child("--run", "window", str(big), str(folder))
    _line("keystroke → refreshed preview (median of 5)", f"{window['preview_s']:.2f} s",
          f"target ≤ 0.25 s; preview {window['preview_width_px']} px wide")
    _line("longest stall: typing, preview refreshing", f"{window['typing_stall_ms']:.0f} ms", "target ≤ 50 ms")
    _line("longest stall: switching between cases", f"{window['switching_stall_ms']:.0f} ms",
          "(the case editor fills its forms)")
    _line("longest stall during the window's export", f"{window['export_stall_ms']:.0f} ms", "target ≤ 50 ms")


if __name__ == "__main__":
    main()
