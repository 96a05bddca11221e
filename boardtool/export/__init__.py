"""Exports: the PowerPoint deck and the PDF summary, both laid out from one outline."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from boardtool.model.board import Board
from boardtool.model.catalog import load_catalog
from boardtool.model.errors import ExportError
from boardtool.outline import build_outline
from boardtool.store.boardfile import write_atomically


@dataclass
class ExportRequest:
    """What to export, where, and how."""

    pptx: Path | None = None
    pdf: Path | None = None
    case_id: str | None = None
    deidentify: bool = False
    relative_dates: bool = False
    template: Path | None = None
    paper: str = "a4"
    logo: Path | None = None
    author: str = ""


@dataclass
class ExportReport:
    """What an export wrote and what it had to leave out."""

    written: list[tuple[str, Path]] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    slides: int = 0
    pages: int = 0

    def lines(self) -> list[str]:
        """Return a short human-readable account of the export."""
        out = [f"wrote {kind} to {path}" for kind, path in self.written]
        out += [f"left out {item}" for item in self.left_out]
        return out


def _read_logo(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ExportError(f"cannot read the logo ({exc.strerror})", file=str(path)) from exc


def export_board(board: Board, request: ExportRequest, progress=None) -> ExportReport:
    """Write the requested deck and/or summary; return what was written and left out.

    ``progress``, when given, is called with (done, total, message)."""
    from boardtool.export.deck import DeckOptions, write_deck
    from boardtool.export.summary import SummaryOptions, write_summary

    if request.paper not in ("a4", "letter"):
        raise ExportError(f"paper must be a4 or letter, not '{request.paper}'", field="paper")
    catalog = load_catalog(board.disease)
    outline = build_outline(board, catalog, deidentify=request.deidentify, case_id=request.case_id,
                            relative_dates=request.relative_dates)
    report = ExportReport()
    notify = progress or (lambda *_: None)
    from boardtool.export import fonts

    fonts.register()  # once, before the two writers start
    jobs = {}
    if request.pptx:
        jobs["deck"] = lambda: write_deck(outline, DeckOptions(template=request.template, logo=_read_logo(request.logo)))
    if request.pdf:
        jobs["summary"] = lambda: write_summary(outline, SummaryOptions(
            paper=request.paper, author=request.author or board.meeting.coordinator,
            generated=dt.datetime.now().replace(microsecond=0)))
    steps = len(jobs)
    notify(0, steps, "Writing the " + " and the ".join("deck" if k == "deck" else "PDF summary" for k in jobs) + "…")
    # Deck and summary are laid out side by side: their image work uses both cores.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="export") as pool:
        futures = {key: pool.submit(job) for key, job in jobs.items()}
        results = {}
        for done, key in enumerate(futures, start=1):
            results[key] = futures[key].result()
            notify(done, steps, "Writing files…")
    if "deck" in results:
        data, deck_report = results["deck"]
        write_atomically(request.pptx, data)
        report.written.append(("deck", request.pptx))
        report.slides = deck_report.slides
        report.left_out += deck_report.left_out
    if "summary" in results:
        data, summary_report = results["summary"]
        write_atomically(request.pdf, data)
        report.written.append(("PDF summary", request.pdf))
        report.pages = summary_report.pages
        report.left_out += [x for x in summary_report.left_out if x not in report.left_out]
    notify(steps, steps, "Done")
    return report
