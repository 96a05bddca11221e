"""One PDF per patient: each case with the meeting's facts, its attendance and sign-off lines,
in a file named after the case code (never the patient's name), so it files to one record."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from boardtool.export import ExportReport, ExportRequest, summary_pdf
from boardtool.model.board import Board
from boardtool.model.errors import ExportError
from boardtool.outline_case import case_code
from boardtool.store.files import check_path, write_atomically


def open_problems(board: Board) -> list[str]:
    """Return the board's problems as lines; an export of a board with any is marked DRAFT."""
    from boardtool.model import check_board, load_catalog

    return [str(problem) for problem in check_board(board, load_catalog(board.disease))]


def case_file_names(board: Board, suffix: str = ".pdf") -> list[tuple[str, str]]:
    """Return (case id, file name) for every case: 'TB-2026-2.pdf', from the meeting year and agenda number."""
    return [(case.id, f"{case_code(board, number)}{suffix}") for number, case in enumerate(board.cases, start=1)]


def check_folder(folder: Path, option: str = "--per-case") -> Path:
    """Return the folder to write into, made if missing; refuse a file or an unusable path."""
    folder = check_path(folder)
    if folder.exists() and not folder.is_dir():
        raise ExportError("is a file; name a folder for one file per case", file=str(folder), field=option)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot make the folder ({exc.strerror})", file=str(folder), field=option) from exc
    return folder


def export_per_case(board: Board, folder: Path, request: ExportRequest, progress=None) -> ExportReport:
    """Write one PDF per case into ``folder``; return what was written and left out.

    ``progress``, when given, is called with (done, total, message)."""
    ids = [case.id for case in board.cases]
    if len(set(ids)) != len(ids):
        raise ExportError("two cases share the same id; give each case its own before writing one file per case")
    folder = check_folder(folder)
    notify = progress or (lambda *_: None)
    report = ExportReport()
    names = [(case_id, name) for case_id, name in case_file_names(board) if request.case_id in (None, case_id)]
    for done, (case_id, name) in enumerate(names):
        notify(done, len(names), f"Writing {name}…")
        one = dataclasses.replace(request, case_id=case_id, per_case=True, pptx=None, pdf=folder / name)
        data, made = summary_pdf(board, one)
        write_atomically(folder / name, data)
        report.written.append(("case PDF", folder / name))
        report.pages += made.pages
        report.left_out += [item for item in made.left_out if item not in report.left_out]
    notify(len(names), len(names), "Done")
    return report


def export_files(board: Board, request: ExportRequest, per_case: Path | None = None, letters: Path | None = None,
                 letter_template: Path | None = None) -> tuple[list[str], list[str]]:
    """Write what the request and the folders ask for, marked DRAFT when the board has problems;
    return (the problems, the lines saying what was written and left out)."""
    from boardtool.export import export_board
    from boardtool.export.letter import export_letters

    problems = open_problems(board)
    request = dataclasses.replace(request, draft=bool(problems))
    reports = [export_board(board, request)] if request.pptx or request.pdf else []
    if per_case:
        reports.append(export_per_case(board, per_case, request))
    if letters:
        reports.append(export_letters(board, letters, request, letter_template))
    return problems, [line for report in reports for line in report.lines()]
