"""Which Qt binding the window may run on: refuse the combinations known to crash."""

from __future__ import annotations

import re
import sys

# PySide6 6.12.0 drops one reference to None on every call of a Qt method that returns
# nothing. From Python 3.12 on None is immortal and nothing happens; below it, the count
# reaches zero after some thousands of calls and the interpreter aborts
# ("Fatal Python error: none_dealloc"). 6.9.3, 6.10.3 and 6.11.3 were measured clean.
DRAINS_NONE = {(6, 12, 0)}
IMMORTAL_NONE = (3, 12)


def version_tuple(text: str) -> tuple[int, ...]:
    """Return '6.11.3' as (6, 11, 3); stops at the first part that is not a plain number."""
    match = re.match(r"\d+(?:\.\d+)*", text)
    return tuple(int(part) for part in match.group(0).split(".")) if match else ()


def binding_problem(pyside: str, python: tuple[int, ...]) -> str | None:
    """Return a one-line reason why this PySide6 on this Python must not run the window, or None."""
    version = version_tuple(pyside)[:3]
    if version in DRAINS_NONE and tuple(python[:2]) < IMMORTAL_NONE:
        running = ".".join(map(str, python[:3]))
        return (f"PySide6 {pyside} crashes on Python {running} (it loses references to None); "
                "install PySide6-Essentials 6.11.3: pip install 'PySide6-Essentials==6.11.3'")
    return None


def installed_problem() -> str | None:
    """Return the reason the installed binding must not run the window, or None when it may."""
    import PySide6

    return binding_problem(PySide6.__version__, sys.version_info)
