"""Starting the desktop application."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget


def make_app(argv: list[str] | None = None):
    """Return the QApplication (created once) with boardtool's name and style."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("boardtool")
    app.setOrganizationName("boardtool")
    app.setApplicationDisplayName("boardtool")
    from boardtool.gui.theme import BoardStyle

    if not isinstance(app.style(), BoardStyle):
        app.setStyle(BoardStyle(app.style().name()))
    global _follower
    if _follower is None:
        _follower = PaletteFollower()
    return app


class PaletteFollower(QWidget):
    """An unseen widget that recolours boardtool's marks and labels when the desktop switches
    between light and dark (every widget, shown or not, hears of a new application palette)."""

    def event(self, event) -> bool:
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
            from boardtool.gui.theme import follow_palette

            follow_palette()
        return super().event(event)


_follower: PaletteFollower | None = None


def install_error_handler(window) -> None:
    """Turn an unexpected error in the window into a message, after saving a recovery copy;
    the details, with the traceback, go to the log file in the user's data folder."""

    def handle(kind, error, trace) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        from PySide6.QtWidgets import QMessageBox

        from boardtool.gui.errors import log_exception

        log = log_exception("in the window", error.with_traceback(trace))
        with contextlib.suppress(Exception):  # the message matters more than the copy here
            window.recovery.write_now()
        QMessageBox.critical(
            window, "Unexpected problem",
            f"boardtool ran into an unexpected problem ({kind.__name__}: {error}).\n\n"
            "Your work is still open; a recovery copy is being written. Save your board, "
            f"and report the problem with the log file {log}.")

    sys.excepthook = handle


def ask_for_name(window, preferences) -> None:
    """At the first start, ask for the user's name (recorded when they finalise a plan)."""
    if preferences.value("user_name") or preferences.asked_for_name():
        return
    from PySide6.QtWidgets import QInputDialog

    preferences.set_asked_for_name()
    name, ok = QInputDialog.getText(window, "Welcome to boardtool",
                                    "Your name, as it should appear when you finalise a plan\n"
                                    "(you can change it later in Preferences):")
    if ok and name.strip():
        preferences.set("user_name", name.strip())


def run_app(board: Path | None = None) -> int:
    """Open the window (with a board file when given) and run until it closes; return the exit code
    (2 when the board file cannot be read: said before any window opens)."""
    from boardtool.gui import memory
    from boardtool.gui.binding import installed_problem

    problem = installed_problem()
    if problem is not None:
        print(f"boardtool: {problem}", file=sys.stderr)
        return 2
    memory.pause_while_starting()
    opened = None
    if board is not None:
        board = Path(board).resolve()
        opened = _read_board(board)
        if opened is None:
            memory.resume_now()
            return 2
    app = make_app()
    from boardtool.gui.main_window import MainWindow
    from boardtool.gui.settings import Preferences

    preferences = Preferences()
    shown = _document(board, opened)
    window = MainWindow(preferences, shown)  # the window is laid out once, with the board in it
    install_error_handler(window)
    memory.resume_after_first_paint(window)
    window.show()
    ask_for_name(window, preferences)
    if window.recovery.offer_restore():
        return app.exec()
    if shown is not None:
        window.opened(board)
    elif opened is not None:  # another boardtool has it open: the window asks first
        window.open_path(board, asked=True, board=opened)
    return app.exec()


def _document(path: Path | None, board):
    """Return the document for a board read at start, unless another running boardtool holds
    the file (then the window asks before opening it)."""
    from boardtool.gui.document import BoardDocument
    from boardtool.store import lock

    if board is None or lock.other_owner(path) is not None:
        return None
    return BoardDocument(board, path)


def _read_board(path: Path):
    """Return the board read from ``path``, or None after saying on stderr why it cannot be opened."""
    from boardtool.gui.errors import open_failure
    from boardtool.model.errors import BoardError
    from boardtool.store import load_board

    try:
        return load_board(path)
    except BoardError as exc:
        print(f"boardtool: {open_failure(path, exc)}", file=sys.stderr)
        return None
