"""Hostile files stay contained: image names cannot escape the board's folder, links and
devices are not followed, locks and saves never clobber, temporary files of running
writers survive, files are owner-only."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from boardtool.cli import main
from boardtool.model.errors import BoardFileError
from boardtool.store import autosave, boardfile, load_board, lock, save_board
from boardtool.store.processes import own_identity

ROOT = Path(__file__).resolve().parents[2]


def _json_board(tmp_path, reference: str, name="b") -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"schema_version": 2, "cases": [{"images": [{"file": reference}]}]}))
    return path


# ------------------------------------------------------------------ confinement


def test_double_slash_entry_cannot_name_an_absolute_path(tmp_path, capsys):
    target = tmp_path / "outside" / "planted.png"
    path = tmp_path / "evil.tboard"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("board.json", json.dumps({"schema_version": 2, "cases": [{"images": [{"file": str(target)}]}]}))
        archive.writestr(f"images/{target}", b"bytes written outside")
    assert main(["validate", str(path)]) == 2
    assert "unsafe path" in capsys.readouterr().err
    with pytest.raises(BoardFileError, match="unsafe path"):
        load_board(path)
    assert not target.exists()


def test_image_file_names_in_a_board_must_be_plain(tmp_path):
    path = tmp_path / "b.tboard"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("board.json", json.dumps({"schema_version": 2, "cases": [{"images": [{"file": "/etc/x.png"}]}]}))
    with pytest.raises(BoardFileError, match="plain file name"):
        load_board(path)


@pytest.mark.parametrize("reference", ["/etc/passwd", "../secret.png", "b-images/../../secret.png", "other/x.png",
                                       "b-images/sub/x.png"])
def test_json_image_paths_stay_in_the_boards_images_folder(tmp_path, reference):
    (tmp_path / "b-images" / "sub").mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(b"secret")
    with pytest.raises(BoardFileError, match="images folder"):
        load_board(_json_board(tmp_path, reference))


@pytest.mark.parametrize("kind", ["symlink", "device", "fifo", "folder"])
def test_json_images_must_be_regular_files_not_followed(tmp_path, kind):
    folder = tmp_path / "b-images"
    folder.mkdir()
    (tmp_path / "real.png").write_bytes(b"\x89PNG real")
    target = folder / "x.png"
    if kind == "symlink":
        target.symlink_to(tmp_path / "real.png")
    elif kind == "device":
        target.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(target)  # opening one for reading would wait for a writer
    else:
        target.mkdir()
    with pytest.raises(BoardFileError, match="cannot read|not a regular file"):
        load_board(_json_board(tmp_path, "b-images/x.png"))


def test_json_image_over_the_size_limit(tmp_path, monkeypatch):
    (tmp_path / "b-images").mkdir()
    (tmp_path / "b-images" / "x.png").write_bytes(b"x" * 100)
    monkeypatch.setattr(boardfile, "MAX_IMAGE_BYTES", 50)
    with pytest.raises(BoardFileError, match="larger than boardtool accepts"):
        load_board(_json_board(tmp_path, "b-images/x.png"))


@pytest.mark.parametrize("suffix", [".json", ".tboard"])
def test_a_pipe_named_as_a_board_is_refused_without_waiting(tmp_path, suffix):
    path = tmp_path / f"pipe{suffix}"
    os.mkfifo(path)
    with pytest.raises(BoardFileError, match="not a regular file"):
        load_board(path)


# ------------------------------------------------------------------ locks


def test_planted_lock_link_is_never_written_through(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    board = tmp_path / "b.tboard"
    lock.lock_path(board).symlink_to(victim)
    assert lock.other_owner(board) is None
    lock.acquire(board)
    assert victim.read_text() == "precious"
    assert not lock.lock_path(board).is_symlink()
    assert json.loads(lock.lock_path(board).read_text())["pid"] == os.getpid()


def test_lock_link_to_a_device_is_not_read(tmp_path):
    board = tmp_path / "b.tboard"
    lock.lock_path(board).symlink_to("/dev/zero")
    assert lock.other_owner(board) is None  # returns at once: the link is not followed


def test_live_lock_of_another_boardtool_is_kept(tmp_path):
    board = tmp_path / "b.tboard"
    other = {"host": "ward-pc-7", "pid": 4242, "user": "hb", "since": "08:01"}
    lock.lock_path(board).write_text(json.dumps(other))
    lock.acquire(board)
    assert json.loads(lock.lock_path(board).read_text()) == other


# ------------------------------------------------------------------ overwrites


def test_read_only_board_is_not_replaced(board, tmp_path):
    path = tmp_path / "b.tboard"
    save_board(board, path)
    before = path.read_bytes()
    path.chmod(0o400)
    board.meeting.title = "changed"
    with pytest.raises(BoardFileError, match="read-only"):
        save_board(board, path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("outputs", [["--pdf", "{board}"], ["--pptx", "{board}"], ["--pptx", "{o}", "--pdf", "{o}"],
                                     ["--pptx", "{link}"]])
def test_export_refuses_to_overwrite_its_inputs(tmp_path, capsys, outputs):
    board = tmp_path / "b.tboard"
    main(["sample", str(board)])
    (tmp_path / "link.pptx").symlink_to(board)
    before = board.read_bytes()
    names = {"board": board, "o": tmp_path / "o.pdf", "link": tmp_path / "link.pptx"}
    args = [part.format(**names) for part in outputs]
    assert main(["export", str(board), *args]) == 2
    assert "would overwrite" in capsys.readouterr().err
    assert board.read_bytes() == before and not (tmp_path / "o.pdf").exists()


def test_saving_through_a_link_writes_its_target(board, tmp_path):
    real = tmp_path / "shared" / "week.tboard"
    real.parent.mkdir()
    save_board(board, real)
    link = tmp_path / "week.tboard"
    link.symlink_to(real)
    board.meeting.title = "through the link"
    save_board(board, link)
    assert link.is_symlink()
    assert load_board(real).meeting.title == "through the link"


# ------------------------------------------------------------------ temporary files and leftovers


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_only_stale_temporary_files_are_removed(board, tmp_path):
    pid, started = own_identity()
    running = tmp_path / f".b.tboard.p{pid}s{started}.abcd1234.tmp"
    gone = tmp_path / f".b.tboard.p{_dead_pid()}s{started}.abcd1234.tmp"
    reused = tmp_path / f".b.tboard.p{pid}s0000ffff1.abcd1234.tmp"  # our pid, but another process's start
    for path in (running, gone, reused):
        path.write_bytes(b"half a board")
    save_board(board, tmp_path / "b.tboard")
    assert running.exists() and not gone.exists() and not reused.exists()


def test_two_processes_saving_one_board_never_fail(tmp_path):
    code = ("import sys; from boardtool.samples import sample_board; from boardtool.store import save_board\n"
            "board = sample_board(); failures = 0\n"
            "for n in range(40):\n"
            "    board.meeting.title = f'{sys.argv[1]} {n}'\n"
            "    try: save_board(board, sys.argv[2])\n"
            "    except Exception as exc: failures += 1; print(exc)\n"
            "sys.exit(failures)")
    target = str(tmp_path / "shared.tboard")
    writers = [subprocess.Popen([sys.executable, "-c", code, name, target], cwd=ROOT, stdout=subprocess.PIPE, text=True)
               for name in ("a", "b")]
    results = [(w.wait(timeout=300), w.communicate()[0]) for w in writers]
    assert results == [(0, ""), (0, "")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.tboard"]


def test_json_board_leftovers_and_unused_images_are_removed(board, tmp_path):
    path = tmp_path / "b.json"
    save_board(board, path)
    folder = tmp_path / "b-images"
    dead = _dead_pid()
    (tmp_path / f".b.json.p{dead}s1.zz99zz99.tmp").write_bytes(b"half")
    (folder / f".{'0' * 64}.png.p{dead}s1.zz99zz99.tmp").write_bytes(b"half")
    (folder / "notes.txt").write_text("the user's own file")
    dropped = board.cases[0].images.pop()
    save_board(board, path)
    assert not (folder / dropped.file).exists()
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([*{i.file for c in board.cases for i in c.images}, "notes.txt"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b-images", "b.json"]


def test_json_save_where_the_images_folder_cannot_be_made(board, tmp_path, capsys):
    (tmp_path / "b-images").write_text("a file where the folder belongs")
    with pytest.raises(BoardFileError, match="images folder|not a folder"):
        save_board(board, tmp_path / "b.json")


# ------------------------------------------------------------------ recovery copies


def test_recovery_is_offered_when_the_pid_now_belongs_to_another_process(board, tmp_path):
    path = autosave.write_recovery(board, tmp_path / "week.tboard", "s1")
    note = json.loads(path.with_suffix(".json").read_text())
    note.update(pid=os.getppid(), started="0000ffff1")  # a running process, but not the one that wrote it
    path.with_suffix(".json").write_text(json.dumps(note))
    assert [r.path for r in autosave.pending()] == [path]
    note["started"] = own_identity()[1]
    note["pid"] = os.getpid()
    path.with_suffix(".json").write_text(json.dumps(note))
    assert [r.path for r in autosave.pending()] == [path]  # our own copy is ours to offer


def test_recovery_copy_of_a_running_boardtool_is_not_offered(board, tmp_path):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        path = autosave.write_recovery(board, tmp_path / "week.tboard", "s1")
        from boardtool.store.processes import process_start

        note = json.loads(path.with_suffix(".json").read_text())
        note.update(pid=child.pid, started=process_start(child.pid))
        path.with_suffix(".json").write_text(json.dumps(note))
        assert autosave.pending() == []
    finally:
        child.kill()
        child.wait()


@pytest.mark.parametrize("note", ["[1, 2]", '"text"', "7", "null", "{broken"])
def test_recovery_note_that_is_not_an_object(board, tmp_path, note):
    path = autosave.write_recovery(board, tmp_path / "week.tboard", "s1")
    path.with_suffix(".json").write_text(note)
    assert [r.path for r in autosave.pending()] == [path]


# ------------------------------------------------------------------ privacy of files


def test_json_images_folder_is_owner_only(board, tmp_path):
    folder = tmp_path / "b-images"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    save_board(board, tmp_path / "b.json")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(autosave.recovery_dir().stat().st_mode) == 0o700


def test_hostname_is_recorded_in_locks(tmp_path):
    board = tmp_path / "b.tboard"
    lock.acquire(board)
    assert json.loads(lock.lock_path(board).read_text())["host"] == socket.gethostname()
