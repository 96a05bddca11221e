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

EXIT_OK, EXIT_USAGE_OR_INPUT = 0, 2
COMMANDS = ("sample", "validate", "schema", "export", "open")


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
    export.add_argument("--case", help="export only the case with this id")
    export.add_argument("--deidentify", action="store_true", help="show patients as case code and age")
    export.add_argument("--relative-dates", action="store_true",
                        help="show clinical dates as time from diagnosis (Dx +14 mo); always so with --deidentify")
    export.add_argument("--template", type=Path, help="an institution's own .pptx template")
    export.add_argument("--paper", choices=("a4", "letter"), default="a4", help="PDF paper size")
    export.add_argument("--logo", type=Path, help="the institution's logo (PNG or JPEG) for the slides")


def _open(options: argparse.Namespace) -> int:
    if options.board is not None:
        from boardtool.store import load_board

        load_board(options.board)  # refuse a broken file before any window opens
    from boardtool.gui.app import run_app

    return run_app(options.board)


def _sample(options: argparse.Namespace) -> int:
    from boardtool.samples import write_sample

    write_sample(options.path)
    print(f"wrote the sample board to {options.path}")
    return EXIT_OK


def _validate(options: argparse.Namespace) -> int:
    from boardtool.model import check_board, load_catalog
    from boardtool.store import load_board

    board = load_board(options.board)
    problems = check_board(board, load_catalog(board.disease))
    if not problems:
        print(f"{options.board}: no problems in {len(board.cases)} case(s)")
        return EXIT_OK
    print(f"{options.board}: {len(problems)} problem(s)", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return EXIT_USAGE_OR_INPUT


def _schema(_options: argparse.Namespace) -> int:
    from boardtool.model.board import Board

    print(json.dumps(Board.model_json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _export(options: argparse.Namespace) -> int:
    if options.pptx is None and options.pdf is None:
        print("boardtool export: say where to write: --pptx PATH and/or --pdf PATH", file=sys.stderr)
        return EXIT_USAGE_OR_INPUT
    from boardtool.export import ExportRequest, export_board
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
        board_file=options.board,
    )
    report = export_board(board, request)
    for line in report.lines():
        print(line)
    return EXIT_OK
