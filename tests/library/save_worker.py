"""A second boardtool process for the concurrency test: open a meeting, wait, edit a case, save.

Prints 'opened', waits for a line on standard input, then prints one JSON line with the outcome."""

from __future__ import annotations

import json
import sys

from boardtool.library import ConflictError
from boardtool.library.audit import Actor
from boardtool.library.core import Library
from boardtool.library.meetings import open_meeting
from boardtool.library.saving import save_meeting


def main(url: str, meeting_id: str, case_id: str, question: str) -> None:
    library = Library.open(url, actor=Actor(question, "worker"))
    opened = open_meeting(library, meeting_id)
    print("opened", flush=True)
    sys.stdin.readline()
    opened.board.case_by_id(case_id).question = question
    try:
        save_meeting(library, opened)
        outcome = {"result": "saved"}
    except ConflictError as exc:
        (conflict,) = exc.conflicts
        outcome = {"result": "conflict", "mine": conflict.mine["question"], "theirs": conflict.theirs["question"],
                   "their_version": conflict.their_version}
    library.close()
    print(json.dumps(outcome), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
