"""The garbage collector and a responsive window.

A full pass of Python's cyclic garbage collector holds every thread still while it walks every
object alive. Over the window of a large board (Qt wrappers, the board, the undo history) and an
export's slides and pages, such passes took from 70 to over 150 ms: the window froze while the
user typed and while an export ran. The window therefore sets the objects alive after opening a
board aside from those passes, and holds full passes back while an export runs in the background.
Objects are still freed as soon as nothing refers to them; only the search for unreachable
cycles among the set-aside objects is skipped."""

from __future__ import annotations

import gc

HELD_BACK = 1_000  # young-generation passes before a full pass while background work runs
_held: list[tuple[int, int, int]] = []


def settle() -> None:
    """Set the objects alive now aside from full passes (after a board is opened). What was set
    aside before (the board open until now, say) is looked through once first, so that a
    session opening board after board does not keep the garbage of each."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def hold_full_passes() -> None:
    """Hold full passes back (while an export or other long background work runs)."""
    thresholds = gc.get_threshold()
    _held.append(thresholds)
    gc.freeze()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], HELD_BACK))


def release_full_passes() -> None:
    """Let full passes run again as before ``hold_full_passes``."""
    if _held:
        gc.set_threshold(*_held.pop())
