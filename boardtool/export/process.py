"""An export run in a process of its own, so that the window stays responsive while the deck and
the summary are laid out (in one process, the export's threads and the window would take turns).

The window writes one job to the process's standard input (a pickle: it is written by this
boardtool to its own child, never read from a file) and reads one message per line back from
its standard output: progress, then the report or the reason for failing."""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from boardtool.export.entry import ExportReport, ExportRequest
from boardtool.model.errors import BoardError
from boardtool.model.images import ImageData

NICER = 5  # an export is background work: the window is served first


@dataclass
class ExportJob:
    """What an export process is asked to do: the board as it was when the export started."""

    kind: str  # "board" (deck and/or summary), "per_case" (one PDF per case) or "letters"
    board: str  # the board's values, as JSON (quicker to take on the window's thread than a dump and a pickle)
    pictures: ImageData  # its key images, held or referred to in the board file
    request: ExportRequest
    folder: Path | None = None  # per_case and letters: where the files go
    letter_template: Path | None = None

    def run(self, progress) -> ExportReport:
        """Rebuild the board and run the export (in the export process)."""
        from boardtool.model.board import Board

        board = Board.model_validate_json(self.board)
        board.image_data = self.pictures
        if self.kind == "board":
            from boardtool.export.entry import export_board

            return export_board(board, self.request, progress)
        if self.kind == "per_case":
            from boardtool.export.per_case import export_per_case

            return export_per_case(board, self.folder, self.request, progress)
        if self.kind == "letters":
            from boardtool.export.letter import export_letters

            return export_letters(board, self.folder, self.request, self.letter_template, progress)
        raise ValueError(f"unknown export kind {self.kind!r}")


def job_bytes(job: ExportJob) -> bytes:
    """Return the job as the export process reads it."""
    return pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)


def report_message(report: ExportReport) -> dict:
    """Return the report as a line of the export process's output."""
    return {"done": {"written": [[kind, str(path)] for kind, path in report.written], "left_out": report.left_out,
                     "slides": report.slides, "pages": report.pages}}


def report_from(message: dict) -> ExportReport:
    """Return the report a 'done' line carries."""
    done = message["done"]
    return ExportReport(written=[(kind, Path(path)) for kind, path in done["written"]],
                        left_out=list(done["left_out"]), slides=done["slides"], pages=done["pages"])


def forbid_network() -> None:
    """Refuse any network use in this process: an export reads the board and writes files, nothing else."""
    def audit(event: str, _args) -> None:
        if event.startswith("socket.") and event != "socket.__new__":
            raise PermissionError(f"boardtool's export does not use the network ({event})")

    sys.addaudithook(audit)


def serve(stdin, stdout) -> int:
    """Read one job from ``stdin``, run it, and write its messages to ``stdout``; return the exit code."""
    def say(message: dict) -> None:
        stdout.write(json.dumps(message) + "\n")
        stdout.flush()

    try:
        job = pickle.load(stdin)
        report = job.run(lambda done, total, text: say({"progress": [done, total, text]}))
    except BoardError as exc:
        say({"failed": str(exc)})
        return 1
    except Exception as exc:  # said to the window, which logs it
        say({"crashed": "".join(traceback.format_exception_only(type(exc), exc)).strip(),
             "trace": traceback.format_exc()})
        return 1
    say(report_message(report))
    return 0


def main() -> int:
    forbid_network()
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):  # not allowed here: the export runs at the window's priority
            os.nice(NICER)
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # anything a library prints goes to stderr, not to the window
    sys.stdout = sys.stderr
    return serve(sys.stdin.buffer, channel)


if __name__ == "__main__":
    sys.exit(main())
