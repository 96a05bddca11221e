"""Library figures on SQLite and PostgreSQL (a script, not a test).

Run from the repository root:

    python tests/benchmarks/bench_library.py [--meetings 500] [--per-meeting 20]

It fills a fresh library on each engine with 10,000 fictional cases over 500 weekly
meetings (each case a copy of a sample case with its own patient, status and plan, the
sample's key images shared), then times the worklists, opening a meeting and the yearly
report. PostgreSQL is the cluster named by $BOARDTOOL_TEST_POSTGRES_URL, else a
throw-away cluster started here (needs the PostgreSQL server programs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "library")]

import pg_cluster  # noqa: E402
from sqlalchemy import text  # noqa: E402

from boardtool.library.audit import Actor  # noqa: E402
from boardtool.library.core import Library  # noqa: E402
from boardtool.library.meetings import add_board, list_meetings, open_meeting  # noqa: E402
from boardtool.library.report import build_report  # noqa: E402
from boardtool.library.worklists import WORKLISTS, worklist  # noqa: E402
from boardtool.model.board import Board, Patient  # noqa: E402
from boardtool.samples import sample_board  # noqa: E402

FIRST_MEETING = dt.date(2016, 11, 3)
TARGETS_MS = {"worklist": 50, "open meeting": 200, "yearly report": 2000}
REPEATS = 25


def fictional_board(number: int, per_meeting: int, template: Board, rng: random.Random) -> Board:
    """Return meeting ``number`` with ``per_meeting`` cases copied from the sample's cases."""
    board = template.model_copy(deep=True)
    board.meeting.date = FIRST_MEETING + dt.timedelta(weeks=number)
    board.meeting.attendees = [a.model_copy(update={"present": rng.random() < 0.88}) for a in template.meeting.attendees]
    board.cases = []
    for index in range(per_meeting):
        serial = number * per_meeting + index
        case = template.cases[serial % len(template.cases)].model_copy(deep=True)
        case.id = f"b{serial:07d}"
        case.patient = Patient(name=f"Fictional Patient {serial}", mrn=f"SYN-{serial % 7000:06d}",
                               birth_date=dt.date(1950 + serial % 60, 1 + serial % 12, 1 + serial % 28), sex="unknown")
        case.status = rng.choices(["discussed", "deferred", "to_discuss"], [85, 10, 5])[0]
        case.plan.status = "final" if case.status == "discussed" and rng.random() < 0.9 else "draft"
        case.plan.finalised_at = dt.datetime.combine(board.meeting.date, dt.time(9)) if case.plan.status == "final" else None
        case.plan.guideline_concordant = rng.random() < 0.9
        case.plan.trial_discussed = rng.random() < 0.3
        board.cases.append(case)
    return board


def fill(library: Library, meetings: int, per_meeting: int) -> float:
    """Fill the library through the ordinary import path; return the seconds it took."""
    rng, template = random.Random(7), sample_board()
    started = time.perf_counter()
    for number in range(meetings):
        add_board(library, fictional_board(number, per_meeting, template, rng))
        if number % 50 == 49:
            print(f"    {number + 1} meetings imported", flush=True)
    referred = fictional_board(meetings, 200, template, rng)  # and some referrals not yet scheduled
    add_board(library, referred, referred=True)
    with library.writing() as connection:  # most older recommendations have their follow-up recorded
        connection.execute(text("UPDATE follow_ups SET implemented = 'yes', response_3m = 'SD', response_6m = 'SD', "
                                "response_12m = 'SD', next_due = NULL WHERE recommendation_id % 10 < 7"))
    seconds = time.perf_counter() - started
    # A library in use has its planner statistics; after a bulk load they are made at once.
    with library.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))
    return seconds


def timed(function, repeats: int = REPEATS) -> tuple[float, float]:
    """Return the median and the 90th percentile of ``function``'s time in milliseconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=10)[-1]


def measure(library: Library, meetings: int) -> list[tuple[str, float, float, str]]:
    """Time each worklist, opening meetings and the report for the last full year."""
    today = FIRST_MEETING + dt.timedelta(weeks=meetings - 20)
    rows = []
    for name in WORKLISTS:
        count = len(worklist(library, name, today))
        median, worst = timed(lambda name=name: worklist(library, name, today))
        rows.append((f"worklist '{name}' ({count} lines)", median, worst, "worklist"))
    ids = [row.id for row in list_meetings(library, limit=meetings)]
    rng = random.Random(3)
    opened = open_meeting(library, ids[0])
    median, worst = timed(lambda: open_meeting(library, rng.choice(ids)))
    rows.append((f"open a meeting ({len(opened.board.cases)} cases, {len(opened.board.image_data)} images)",
                 median, worst, "open meeting"))
    year = today.year - 1
    report = build_report(library, dt.date(year, 1, 1), dt.date(year, 12, 31))
    median, worst = timed(lambda: build_report(library, dt.date(year, 1, 1), dt.date(year, 12, 31)), 7)
    rows.append((f"report for {year} ({report.meetings} meetings, {report.cases_presented} cases presented)",
                 median, worst, "yearly report"))
    return rows


def run_engine(label: str, url: str, meetings: int, per_meeting: int) -> None:
    print(f"\n{label}: filling with {meetings * per_meeting:,} cases over {meetings} meetings "
          "and 200 referrals …", flush=True)
    with Library.open(url, actor=Actor("benchmark", platform.node()), upgrade_if_old=True) as library:
        seconds = fill(library, meetings, per_meeting)
        print(f"  import: {seconds:.1f} s ({seconds / (meetings * per_meeting + 200) * 1000:.1f} ms per case)")
        print(f"  {'figure':<62} {'median':>9} {'90th pct':>9} {'target':>8}")
        for name, median, worst, target in measure(library, meetings):
            limit = TARGETS_MS[target]
            verdict = "ok" if worst < limit else "OVER"
            print(f"  {name:<62} {median:7.1f} ms {worst:7.1f} ms < {limit} ms {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=500)
    parser.add_argument("--per-meeting", type=int, default=20)
    options = parser.parse_args()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {dt.date.today()}")
    with tempfile.TemporaryDirectory() as folder:
        run_engine("SQLite", f"sqlite:///{folder}/bench.sqlite", options.meetings, options.per_meeting)
    url, cluster = os.environ.get("BOARDTOOL_TEST_POSTGRES_URL"), None
    if url is None:
        if pg_cluster.server_bin() is None:
            print("\nPostgreSQL: server programs not installed; not measured")
            return
        cluster = pg_cluster.start()
        os.environ["PGPASSFILE"] = str(cluster.pgpass)
        url = cluster.url
    else:
        from conftest import empty_postgres

        empty_postgres(url)
    try:
        run_engine("PostgreSQL", url, options.meetings, options.per_meeting)
    finally:
        if cluster is not None:
            pg_cluster.stop(cluster.folder)


if __name__ == "__main__":
    main()
