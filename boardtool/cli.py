"""The ``boardtool`` command: argument parsing only; the work lives in the packages."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from boardtool import __version__
from boardtool.model.errors import BoardError
from boardtool.model.terms import DECK_MODES, PAPER_SIZES

EXIT_OK, EXIT_USAGE_OR_INPUT = 0, 2
COMMANDS = ("sample", "validate", "schema", "export", "import", "open", "library")


def main(argv: list[str] | None = None) -> int:
    """Run boardtool with the given arguments; return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in (*COMMANDS, "-h", "--help", "--version"):
        args = ["open", *args]
    parser = _parser()
    options = parser.parse_args(args)
    try:
        return options.run(options)
    except BoardError as exc:
        print(f"boardtool: {exc}", file=sys.stderr)
        return EXIT_USAGE_OR_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a message, never a traceback; BOARDTOOL_DEBUG=1 shows it
        if os.environ.get("BOARDTOOL_DEBUG"):
            raise
        where = getattr(options, "board", None) or getattr(options, "path", None) or ""
        print(f"boardtool: {where}{': ' if where else ''}could not finish ({type(exc).__name__}: {str(exc)[:200]})",
              file=sys.stderr)
        return EXIT_USAGE_OR_INPUT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boardtool",
        description="Prepare and record multidisciplinary tumour-board meetings.",
        epilog="Run 'boardtool' alone, or 'boardtool BOARD', to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"boardtool {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    _command(sub, "open", "open the window, optionally with a board", _open).add_argument(
        "board", nargs="?", type=Path, help="a .tboard or .json board file"
    )
    sample = _command(sub, "sample", "write the fictional sample board", _sample)
    sample.add_argument("path", type=Path, help="where to write it (.tboard or .json)")
    _command(sub, "validate", "check a board; exit 2 listing every problem", _validate).add_argument(
        "board", type=Path
    )
    _command(sub, "schema", "print the JSON Schema of board.json", _schema)
    _add_export(sub)
    _add_import(sub)
    _add_library(sub)
    return parser


def _command(sub, name: str, help_text: str, run: Callable) -> argparse.ArgumentParser:
    command = sub.add_parser(name, help=help_text, description=help_text)
    command.set_defaults(run=run)
    return command


def _add_export(sub) -> None:
    export = _command(sub, "export", "write the PowerPoint deck and/or the PDF summary", _export)
    export.add_argument("board", type=Path)
    export.add_argument("--pptx", type=Path, help="write the deck here")
    export.add_argument("--pdf", type=Path, help="write the PDF summary here")
    export.add_argument("--per-case", type=Path, metavar="DIR",
                        help="write one PDF per case into DIR, named by case code (TB-2026-2.pdf), with its sign-off")
    export.add_argument("--letters", type=Path, metavar="DIR",
                        help="write one outcome letter per case to its referring clinician into DIR")
    export.add_argument("--letter-template", type=Path, metavar="FILE",
                        help="the institution's own letter wording (a copy of templates/letters/outcome-letter.toml)")
    export.add_argument("--case", help="export only the case with this id")
    export.add_argument("--deidentify", action="store_true", help="show patients as case code and age")
    export.add_argument("--relative-dates", action="store_true",
                        help="show clinical dates as time from diagnosis (Dx +14 mo); always so with --deidentify")
    export.add_argument("--template", type=Path, help="an institution's own .pptx template")
    export.add_argument("--paper", choices=PAPER_SIZES, default=PAPER_SIZES[0], help="PDF paper size")
    export.add_argument("--logo", type=Path, help="the institution's logo (PNG or JPEG) for the slides")
    export.add_argument("--deck", choices=DECK_MODES, default=DECK_MODES[0],
                        help="full: every section of each case (default); compact: overview and "
                             "discussion, one or two slides a case, for long boards")


def _add_import(sub) -> None:
    kinds = sub.add_parser("import", help="add clinical records (FHIR) or a key image (DICOM) to a board",
                           description="add clinical records (FHIR) or a key image (DICOM) to a board")
    what = kinds.add_subparsers(title="kinds", metavar="KIND", required=True)
    fhir = _command(what, "fhir", "add one case per patient of FHIR R4 / mCODE bundles (or fill case N)", _import_fhir)
    fhir.add_argument("board", type=Path)
    fhir.add_argument("bundles", type=Path, nargs="+", metavar="BUNDLE.json")
    fhir.add_argument("--case", metavar="N", help="fill this case (agenda number or id) instead of adding one")
    fhir.add_argument("--replace", action="store_true",
                      help="with --case: let the record replace values the case already has (each is listed)")
    dicom = _command(what, "dicom", "add a DICOM image's pixels to a case as a key image", _import_dicom)
    dicom.add_argument("board", type=Path)
    dicom.add_argument("file", type=Path, metavar="FILE.dcm", help="a DICOM file, or a folder holding one series")
    dicom.add_argument("--case", metavar="N", required=True, help="the case (agenda number or id)")
    dicom.add_argument("--frame", type=int, metavar="K",
                       help="frame of a multi-frame image, or slice of a series folder, from 1 (default: middle)")
    group = dicom.add_mutually_exclusive_group()
    group.add_argument("--window", metavar="C/W", help="window centre/width, e.g. 40/80")
    group.add_argument("--preset", metavar="NAME", help="a window preset: one of the file's, or brain, soft-tissue, bone, lung")
    dicom.add_argument("--label", default="", help="the image's label on the slide")
    dicom.add_argument("--confirm-no-identifiers", action="store_true",
                       help="you have looked at the picture: it shows no burned-in patient identifiers")


def _import_fhir(options: argparse.Namespace) -> int:
    from boardtool.intake.board_import import import_fhir_file

    _print(import_fhir_file(options.board, options.bundles, options.case, replace=options.replace))
    return EXIT_OK


def _import_dicom(options: argparse.Namespace) -> int:
    from boardtool.intake.dicom_import import import_dicom_file

    _print(import_dicom_file(options.board, options.file, case=options.case, frame=options.frame,
                             window=options.window, preset=options.preset, label=options.label,
                             confirmed=options.confirm_no_identifiers))
    return EXIT_OK


def _print(lines: list[str], file=None) -> None:
    for line in lines:
        print(line, file=file)


def _add_library(sub) -> None:
    from boardtool.library import commands as run
    from boardtool.library.names import WORKLISTS

    library = sub.add_parser("library", help="the department library (SQLite or PostgreSQL)",
                             description="The department library: meetings, cases, follow-up, audit trail, reports.")
    library.add_argument("--url", help="the library's address (default: $BOARDTOOL_LIBRARY_URL, else a file in "
                         "your data folder)")
    library.set_defaults(run=lambda _options: library.print_help() or EXIT_USAGE_OR_INPUT)
    commands = library.add_subparsers(title="library commands", metavar="COMMAND")
    _command(commands, "upgrade", "bring the library to this boardtool's schema", run.upgrade)
    add = _command(commands, "add", "import a board file's meeting and cases", run.add)
    add.add_argument("board", type=Path)
    add.add_argument("--referred", action="store_true", help="add its cases as referrals, not yet scheduled")
    export = _command(commands, "export", "write a meeting as .tboard (or its deck .pptx / summary .pdf)", run.export)
    export.add_argument("meeting", help="the meeting's id or date (YYYY-MM-DD)")
    export.add_argument("out", type=Path)
    export.add_argument("--deidentify", action="store_true", help="deck or PDF only: patients as case code and age")
    export.add_argument("--relative-dates", action="store_true", help="deck or PDF only: dates as time from diagnosis")
    listing = _command(commands, "list", "list the meetings, or the cases of a worklist", run.list_)
    listing.add_argument("--worklist", choices=tuple(WORKLISTS), help="; ".join(f"{k}: {v}" for k, v in WORKLISTS.items()))
    listing.add_argument("--today", type=run.day, help="the day to list for (YYYY-MM-DD; default today)")
    _command(commands, "audit", "check the audit trail's hash chain", run.verify_audit).add_argument(
        "--verify", action="store_true", help="prove the chain unbroken or name the first bad event")
    _add_library_report(commands, run)


def _add_library_report(commands, run) -> None:
    from boardtool.library.names import IMPLEMENTED, MILESTONES, RESPONSES

    report = _command(commands, "report", "write the accreditation report for a period", run.report)
    report.add_argument("--from", dest="start", type=run.day, required=True, metavar="DATE",
                        help="the first meeting day counted (YYYY-MM-DD)")
    report.add_argument("--to", dest="end", type=run.day, required=True, metavar="DATE",
                        help="the last meeting day counted (YYYY-MM-DD)")
    report.add_argument("--pdf", type=Path, help="write the report with its attendance chart here")
    report.add_argument("--csv", type=Path, help="write the figures as CSV here")
    report.add_argument("--threshold", action="append", metavar="KEY=SHARE", help="a target, e.g. prospective=0.75")
    report.add_argument("--institution", default="", help="named in the PDF's heading")
    follow = _command(commands, "follow-up", "record whether a recommendation was implemented, and the response",
                      run.follow_up)
    follow.add_argument("case", help="the case's id")
    follow.add_argument("--implemented", choices=IMPLEMENTED)
    follow.add_argument("--reason", help="why not (fully) implemented")
    for months in MILESTONES:
        follow.add_argument(f"--response-{months}m", choices=RESPONSES, help=f"response at {months} months")


def _open(options: argparse.Namespace) -> int:
    from boardtool.gui.app import run_app  # reads the board once, refusing a broken file before any window opens

    return run_app(options.board)


def _sample(options: argparse.Namespace) -> int:
    from boardtool.samples import write_sample

    write_sample(options.path)
    print(f"wrote the sample board to {options.path}")
    return EXIT_OK


def _validate(options: argparse.Namespace) -> int:
    from boardtool.store.checking import check_board_file

    checked = check_board_file(options.board)
    _print(checked.lines(), file=sys.stderr if checked.problems else None)
    return EXIT_USAGE_OR_INPUT if checked.problems else EXIT_OK


def _schema(_options: argparse.Namespace) -> int:
    from boardtool.model.board import Board

    print(json.dumps(Board.model_json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _export(options: argparse.Namespace) -> int:
    if not (options.pptx or options.pdf or options.per_case or options.letters):
        print("boardtool export: say where to write: --pptx PATH, --pdf PATH, --per-case DIR and/or --letters DIR",
              file=sys.stderr)
        return EXIT_USAGE_OR_INPUT
    from boardtool.export import ExportRequest
    from boardtool.export.per_case import export_files
    from boardtool.store import load_board

    board = load_board(options.board)
    request = ExportRequest(
        pptx=options.pptx,
        pdf=options.pdf,
        case_id=options.case,
        deidentify=options.deidentify,
        relative_dates=options.relative_dates,
        template=options.template,
        paper=options.paper,
        logo=options.logo,
        deck=options.deck,
        board_file=options.board,
    )
    problems, written = export_files(board, request, options.per_case, options.letters, options.letter_template)
    if problems:
        print(f"boardtool: {options.board}: {len(problems)} problem(s); the exports are marked DRAFT", file=sys.stderr)
    _print([f"  {problem}" for problem in problems], file=sys.stderr)
    _print(written)
    return EXIT_OK
