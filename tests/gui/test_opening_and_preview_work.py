"""A board already read is opened without reading it again (tests/gui/test_app.py: from the
command line); the preview's worker is handed a copy of
the previewed case alone (and its pictures), not of the whole board."""

from __future__ import annotations

from boardtool.gui.document import BoardDocument
from boardtool.gui.preview import preview_board
from boardtool.store import save_board


def test_window_opens_a_board_already_read_without_reading_it_again(empty_window, board, tmp_path, monkeypatch):
    path = tmp_path / "week.tboard"
    save_board(board, path)
    monkeypatch.setattr(BoardDocument, "open", classmethod(lambda cls, p, parent=None: 1 / 0))
    assert empty_window.open_path(path, asked=True, board=board)
    assert empty_window.doc.board is board and empty_window.doc.path == path
    assert empty_window.preferences.recent_files()[0] == str(path)


def test_preview_copies_the_previewed_case_only(board):
    previewed = board.cases[1]
    copied = preview_board(board, previewed.id)
    assert [c.id for c in copied.cases] == [c.id for c in board.cases]
    assert copied.cases[1] == previewed and copied.cases[1] is not previewed
    assert copied.cases[1].patient is not previewed.patient  # the window may go on editing it
    assert copied.cases[0].patient is board.cases[0].patient  # shared: only read, to scrub identifiers
    assert copied.meeting == board.meeting and copied.meeting is not board.meeting
    assert set(copied.image_data) == {image.file for image in previewed.images}


def test_key_image_thumbnails_are_decoded_off_the_gui_thread_and_remembered(window, qtbot, monkeypatch):
    import threading

    from boardtool.gui import images_pane

    images_pane._thumbnails.clear()
    threads = []
    decode = images_pane._decode_thumbnail
    monkeypatch.setattr(images_pane, "_decode_thumbnail",
                        lambda data: threads.append(threading.current_thread()) or decode(data))
    index, case = next((i, c) for i, c in enumerate(window.doc.board.cases) if c.images)
    window.cases.setCurrentRow(index)
    pane = window.editor.images
    pane.refresh()
    shown = pane.list
    assert shown.count() == len(case.images)
    qtbot.waitUntil(lambda: all(not shown.item(row).icon().isNull() for row in range(shown.count())), timeout=5000)
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert [shown.item(row).text() for row in range(shown.count())] == [
        i.label or i.caption[:40] or "Key image" for i in case.images]
    threads.clear()
    pane.refresh()  # shown again: from memory, at once
    assert not threads and all(not shown.item(row).icon().isNull() for row in range(shown.count()))
