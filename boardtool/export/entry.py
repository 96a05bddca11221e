"""The export entry point: a request in, the deck and/or the PDF summary written, a report out."""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from boardtool.model.board import Board
from boardtool.model.catalog import load_catalog
from boardtool.model.errors import BoardError, ExportError
from boardtool.model.terms import DECK_MODES, PAPER_SIZES
from boardtool.store.files import check_path, read_regular, why_unreadable, write_atomically


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
    deck: str = "full"  # or "compact": overview and discussion only
    institution: str = ""  # shown when the board names no institution of its own
    meeting_pages: bool = True  # the summary's agenda cover and minutes
    generated: dt.datetime | None = None  # the time printed on the summary; now when None
    board_file: Path | None = None  # the board being exported: never overwritten by an output
    draft: bool = False  # the board has open problems: every page and slide is marked DRAFT
    per_case: bool = False  # the summary holds one case, its record and sign-off (one file per patient)


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


MAX_LOGO_BYTES = 32 * 1024 * 1024


def _read_logo(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return read_regular(check_path(path), MAX_LOGO_BYTES)
    except BoardError as exc:
        raise ExportError(f"cannot read the logo ({why_unreadable(exc)})", file=str(path)) from exc


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.realpath(a) == os.path.realpath(b) or (a.exists() and b.exists() and os.path.samefile(a, b))
    except (OSError, ValueError):
        return False


def check_outputs(request: ExportRequest) -> None:
    """Refuse an output that is the board, the template, the logo or the other output."""
    outputs = [(name, check_path(path)) for name, path in (("--pptx", request.pptx), ("--pdf", request.pdf)) if path]
    inputs = [(what, check_path(path)) for what, path in (("the board", request.board_file),
              ("the deck template", request.template), ("the logo", request.logo)) if path]
    for index, (option, path) in enumerate(outputs):
        for what, other in inputs + [("the other output", p) for _, p in outputs[index + 1:]]:
            if _same_file(path, other):
                raise ExportError(f"would overwrite {what}; choose another file", file=str(path), field=option)


def export_board(board: Board, request: ExportRequest, progress=None) -> ExportReport:
    """Write the requested deck and/or summary; return what was written and left out.

    ``progress``, when given, is called with (done, total, message)."""
    from boardtool.export.pictures import PictureWork

    check_outputs(request)
    outline = _outline(board, request)
    notify = progress or (lambda *_: None)
    pictures = PictureWork()
    writers = _writers(board, outline, request, pictures)
    notify(0, len(writers), "Writing the " + " and the ".join(writers) + "…")
    results = {}
    pictures.start()
    try:  # deck and summary are laid out side by side while the pictures are prepared for both
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="export") as pool:
            futures = {kind: pool.submit(writer.build) for kind, writer in writers.items()}
            for done, kind in enumerate(futures, start=1):
                results[kind] = (futures[kind].result(), writers[kind].report)
                notify(done, len(writers), "Writing files…")
    finally:
        pictures.close()
    report = _write(results, request)
    notify(len(writers), len(writers), "Done")
    return report


def summary_pdf(board: Board, request: ExportRequest):
    """Return the PDF summary as bytes with its report, without writing a file (preview, print)."""
    from boardtool.export import fonts
    from boardtool.export.pictures import PictureWork
    from boardtool.export.summary import SummaryWriter

    fonts.register()
    pictures = PictureWork()
    writer = SummaryWriter(_outline(board, request), _summary_options(board, request), pictures)
    writer.want_pictures()
    pictures.start()
    try:
        return writer.build(), writer.report
    finally:
        pictures.close()


def _outline(board: Board, request: ExportRequest):
    if request.paper not in PAPER_SIZES:
        raise ExportError(f"paper must be a4 or letter, not '{request.paper}'", field="paper")
    if request.deck not in DECK_MODES:
        raise ExportError(f"the deck must be full or compact, not '{request.deck}'", field="deck")
    from boardtool.outline import build_outline  # not at import: the window starts without it

    if request.institution and not board.meeting.institution:
        board = board.model_copy(update={"meeting": board.meeting.model_copy(update={"institution": request.institution})})
    return build_outline(board, load_catalog(board.disease), deidentify=request.deidentify,
                         case_id=request.case_id, relative_dates=request.relative_dates, author=request.author,
                         draft=request.draft)


def outline_for(board: Board, request: ExportRequest):
    """Return the outline an export of this request lays out."""
    return _outline(board, request)


def _summary_options(board: Board, request: ExportRequest):
    from boardtool.export.summary import SummaryOptions

    return SummaryOptions(paper=request.paper, meeting_pages=request.meeting_pages, per_case=request.per_case,
                          generated=request.generated or dt.datetime.now().replace(microsecond=0))


def _writers(board: Board, outline, request: ExportRequest, pictures) -> dict:
    """Return the writers to run, by what they make, each having told ``pictures`` (the
    export's picture work) what it places."""
    from boardtool.export import fonts
    from boardtool.export.deck import DeckOptions, DeckWriter
    from boardtool.export.summary import SummaryWriter

    fonts.register()  # once, before the two writers start
    writers: dict = {}
    if request.pptx:
        options = DeckOptions(template=request.template, logo=_read_logo(request.logo), mode=request.deck)
        writers["deck"] = DeckWriter(outline, options, pictures)
    if request.pdf:
        writers["PDF summary"] = SummaryWriter(outline, _summary_options(board, request), pictures)
    for writer in writers.values():
        writer.want_pictures()
    return writers


def _write(results: dict, request: ExportRequest) -> ExportReport:
    """Write the finished files atomically and collect what each writer left out."""
    report = ExportReport()
    for kind, path in (("deck", request.pptx), ("PDF summary", request.pdf)):
        if kind not in results:
            continue
        data, made = results[kind]
        write_atomically(path, data)
        report.written.append((kind, path))
        report.slides = getattr(made, "slides", report.slides)
        report.pages = getattr(made, "pages", report.pages)
        report.left_out += [item for item in made.left_out if item not in report.left_out]
    return report
