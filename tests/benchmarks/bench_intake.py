"""Import figures for boardtool (a script, not a test).

Run from the repository root with the test extra installed:

    python tests/benchmarks/bench_intake.py

FHIR: reading, validating (every resource against the FHIR R4 definition) and mapping the
40-entry mCODE bundle of the test data, in a fresh process (cold: the FHIR models are loaded
and built on first use) and then again in the same process (warm).
DICOM: opening and rendering a 512×512 CT slice to 8-bit PNG pixels, uncompressed and JPEG 2000.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
BUNDLE = ROOT / "tests" / "data" / "fhir" / "mcode" / "Bundle-mcode-patient-bundle-jenny-m.json"
RUNS = 10

COLD = """
import sys, time
sys.path.insert(0, {root!r})
start = time.perf_counter()
if {as_window}:  # the running window has the model, the store and the catalog loaded already
    import boardtool.model, boardtool.store, boardtool.intake.board_import, boardtool.intake.fhir_warmup
    boardtool.model.load_catalog("ependymoma")
    if {warmed}:  # the window builds the FHIR models while its file dialog is open
        boardtool.intake.fhir_warmup.load_fhir_models()
    start = time.perf_counter()
from pathlib import Path
from boardtool.intake.board_import import plan_fhir_import
from boardtool.model import load_catalog
from boardtool.model.board import Board
board = Board()
plan_fhir_import(board, load_catalog("ependymoma"), [Path({bundle!r})])
print(time.perf_counter() - start)
"""


def median_seconds(work, runs: int = RUNS) -> float:
    """Return the median wall time of ``work`` over ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fhir_figures() -> list[tuple[str, float, str]]:
    from boardtool.intake.board_import import plan_fhir_import
    from boardtool.model import load_catalog
    from boardtool.model.board import Board

    def cold(as_window: bool, warmed: bool = False) -> float:
        code = COLD.format(root=str(ROOT), bundle=str(BUNDLE), as_window=as_window, warmed=warmed)
        runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
                for _ in range(3)]
        return statistics.median(runs)

    catalog = load_catalog("ependymoma")
    plan_fhir_import(Board(), catalog, [BUNDLE])
    warm = median_seconds(lambda: plan_fhir_import(Board(), catalog, [BUNDLE]))
    return [("FHIR 40-entry bundle: read, validate, map — new process, all imports (median of 3)", cold(False), ""),
            ("FHIR 40-entry bundle: first import in a running window, FHIR models not yet built", cold(True), ""),
            ("FHIR 40-entry bundle: first import in the window, models built during the file dialog", cold(True, True),
             "< 0.5 s"),
            ("FHIR 40-entry bundle: every later import (median of 10)", warm, "< 0.5 s")]


def dicom_figures() -> list[tuple[str, float, str]]:
    import pydicom
    from pydicom.data import get_testdata_file
    from pydicom.pixels import pixel_array
    from pydicom.uid import ExplicitVRLittleEndian

    from boardtool.intake.dicom import open_dicom
    from boardtool.intake.dicom_render import render

    compressed = Path(get_testdata_file("J2K_pixelrep_mismatch.dcm"))
    with tempfile.TemporaryDirectory() as folder:
        ds = pydicom.dcmread(compressed)
        pixels = pixel_array(ds, decoding_plugin="pillow")
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.set_pixel_data(pixels, photometric_interpretation="MONOCHROME2", bits_stored=16)
        plain = Path(folder) / "ct-512.dcm"
        ds.save_as(plain)
        figures = []
        for name, path in (("uncompressed", plain), ("JPEG 2000", compressed)):
            render(open_dicom(path))
            took = median_seconds(lambda p=path: render(open_dicom(p)).png())
            figures.append((f"DICOM 512×512 CT slice ({name}): open, window, PNG", took,
                            "< 0.2 s" if name == "uncompressed" else ""))
        return figures


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    rows = fhir_figures() + dicom_figures()
    width = max(len(r[0]) for r in rows)
    print(f"{'figure'.ljust(width)}  measured  target")
    for label, seconds, target in rows:
        print(f"{label.ljust(width)}  {seconds:7.3f} s  {target}")


if __name__ == "__main__":
    main()
