"""What each ``boardtool library …`` command does (the parsing lives in boardtool.cli)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from typing import TYPE_CHECKING

from boardtool.library.errors import LibraryError
from boardtool.library.names import WORKLISTS, library_url

if TYPE_CHECKING:
    from boardtool.library.core import Library

EXIT_OK, EXIT_PROBLEM = 0, 2


def _library(options: argparse.Namespace) -> Library:
    from boardtool.library.core import Library

    return Library.open(options.url or library_url())


def upgrade(options: argparse.Namespace) -> int:
    from boardtool.library import schema
    from boardtool.library.core import translated
    from boardtool.library.engine import make_engine, shown_url

    url = options.url or library_url()
    engine = make_engine(url)
    try:
        with translated(url):
            before, after = schema.upgrade(engine)
    finally:
        engine.dispose()
    if before == after:
        print(f"{shown_url(url)}: already at schema {after}")
    else:
        print(f"{shown_url(url)}: schema {before or '(empty)'} → {after}")
    return EXIT_OK


def add(options: argparse.Namespace) -> int:
    from boardtool.library.meetings import add_board
    from boardtool.store import load_board

    board = load_board(options.board)
    with _library(options) as library:
        meeting_id = add_board(library, board, referred=options.referred)
    if meeting_id is None:
        print(f"added {len(board.cases)} referred case(s) from {options.board} (not yet scheduled)")
    else:
        when = board.meeting.date.isoformat() if board.meeting.date else "no date"
        print(f"added meeting {meeting_id} ({when}) with {len(board.cases)} case(s) from {options.board}")
    return EXIT_OK


def export(options: argparse.Namespace) -> int:
    from boardtool.library.meetings import export_meeting, find_meeting

    with _library(options) as library:
        lines = export_meeting(library, find_meeting(library, options.meeting), options.out,
                               deidentify=options.deidentify, relative_dates=options.relative_dates)
    for line in lines:
        print(line)
    return EXIT_OK


def list_(options: argparse.Namespace) -> int:
    with _library(options) as library:
        return _list_meetings(library) if options.worklist is None else _list_worklist(library, options)


def _list_meetings(library: Library) -> int:
    from boardtool.library.meetings import list_meetings

    rows = list_meetings(library)
    for row in rows:
        print(f"{row.id}  {row.date.isoformat() if row.date else 'no date   '}  {row.cases:3d} case(s)  {row.title}")
    if not rows:
        print("no meetings in the library yet ('boardtool library add BOARD' imports one)")
    return EXIT_OK


def _list_worklist(library: Library, options: argparse.Namespace) -> int:
    from boardtool.library.worklists import worklist

    items = worklist(library, options.worklist, options.today)
    print(f"{WORKLISTS[options.worklist]}: {len(items)} case(s)")
    for item in items:
        due = f"{item.note} {item.due.isoformat()}" if item.due else ""
        meeting = item.meeting_date.isoformat() if item.meeting_date else "unscheduled"
        print(f"  {item.case_id}  {item.patient or '(no name)'}  {item.mrn}  {item.status}  {meeting}  {due}".rstrip())
    return EXIT_OK


def verify_audit(options: argparse.Namespace) -> int:
    if not options.verify:
        print("boardtool library audit: say what to do: --verify", file=sys.stderr)
        return EXIT_PROBLEM
    from boardtool.library import audit

    with _library(options) as library:
        verdict = audit.verify(library.engine)
    if verdict.intact:
        print(f"audit trail intact: {verdict.events} event(s), newest seal {verdict.head}")
        return EXIT_OK
    print(f"audit trail BROKEN at event {verdict.bad_seq}: {verdict.reason} "
          f"({verdict.events} event(s) before it are intact)", file=sys.stderr)
    return EXIT_PROBLEM


def report(options: argparse.Namespace) -> int:
    from boardtool.library.report import build_report, thresholds_from
    from boardtool.library.report_files import write_csv, write_pdf

    if options.pdf is None and options.csv is None:
        print("boardtool library report: say where to write: --pdf PATH and/or --csv PATH", file=sys.stderr)
        return EXIT_PROBLEM
    thresholds = thresholds_from(options.threshold or [])
    with _library(options) as library:
        result = build_report(library, options.start, options.end, thresholds)
    if options.csv:
        write_csv(result, options.csv)
        print(f"wrote the report's figures to {options.csv}")
    if options.pdf:
        write_pdf(result, options.pdf, options.institution)
        print(f"wrote the report to {options.pdf}")
    below = [f.label for f in (*result.figures, *result.attendance) if f.meets is False]
    print(f"{result.meetings} meeting(s), {result.cases_presented} case(s) presented; "
          + (f"below target: {'; '.join(below)}" if below else "every measure with data meets its target"))
    return EXIT_OK


def follow_up(options: argparse.Namespace) -> int:
    from boardtool.library.followup import record

    responses = {m: getattr(options, f"response_{m}m") for m in (3, 6, 12) if getattr(options, f"response_{m}m")}
    if options.implemented is None and not responses:
        raise LibraryError("say what to record: --implemented and/or --response-3m/6m/12m", field="follow-up")
    with _library(options) as library:
        state = record(library, options.case, implemented=options.implemented, reason=options.reason,
                       responses=responses)
    print(f"case {options.case}: implemented {state.implemented or '(not recorded)'}; responses "
          + ", ".join(f"{m} months {v or '–'}" for m, v in state.responses.items()))
    return EXIT_OK


def day(text: str) -> dt.date:
    """Return a date given as YYYY-MM-DD (for argparse)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None
