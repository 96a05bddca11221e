"""The 'boardtool library' commands, run as a user would: exit codes and what they print."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from boardtool.cli import main
from boardtool.library.core import Library
from boardtool.library.engine import make_engine
from boardtool.store import save_board


@pytest.fixture
def url(library_url, monkeypatch):
    monkeypatch.setenv("BOARDTOOL_LIBRARY_URL", library_url)
    return library_url


@pytest.fixture
def board_file(board, tmp_path):
    path = tmp_path / "board.tboard"
    save_board(board, path)
    return path


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["library", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_upgrade_then_add_list_export(url, board_file, board, tmp_path, capsys):
    code, out, _ = run(capsys, "upgrade")
    assert code == 0 and "(empty) → 0002" in out
    assert run(capsys, "upgrade")[1].endswith("already at schema 0002\n")
    code, out, _ = run(capsys, "add", str(board_file))
    assert code == 0 and "with 3 case(s)" in out
    code, out, _ = run(capsys, "list")
    assert code == 0 and "2026-12-03" in out and "3 case(s)" in out
    code, out, _ = run(capsys, "export", "2026-12-03", str(tmp_path / "again.tboard"))
    assert code == 0 and "wrote 3 case(s)" in out
    from boardtool.store import load_board

    assert load_board(tmp_path / "again.tboard").model_dump() == board.model_dump()


def test_worklists_from_the_command_line(url, board_file, capsys):
    run(capsys, "add", str(board_file))
    code, out, _ = run(capsys, "list", "--worklist", "deferred")
    assert code == 0 and "1 case(s)" in out and "c-deferred-spinal" in out and "re-list 2026-12-10" in out
    code, out, _ = run(capsys, "list", "--worklist", "follow-up", "--today", "2027-01-02")
    assert "c-adult-pfb" in out and "implementation 2027-01-02" in out
    code, out, _ = run(capsys, "list", "--worklist", "this-meeting", "--today", "2026-12-01")
    assert out.count("SYN-") == 3


def test_follow_up_and_audit_verify(url, board_file, capsys):
    run(capsys, "add", str(board_file))
    code, _, err = run(capsys, "follow-up", "c-adult-pfb", "--implemented", "no")
    assert code == 2 and "say why" in err and "Traceback" not in err
    code, out, _ = run(capsys, "follow-up", "c-adult-pfb", "--implemented", "partial", "--reason", "declined",
                       "--response-3m", "SD")
    assert code == 0 and "implemented partial" in out and "3 months SD" in out
    code, out, _ = run(capsys, "audit", "--verify")
    assert code == 0 and "intact: 6 event(s)" in out
    engine = make_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP TRIGGER audit_events_sealed ON audit_events"))
        else:
            connection.execute(text("DROP TRIGGER audit_events_no_update"))
        connection.execute(text("UPDATE audit_events SET action = 'edit' WHERE seq = 4"))
    engine.dispose()
    code, _, err = run(capsys, "audit", "--verify")
    assert code == 2 and "BROKEN at event 4" in err and "3 event(s) before it are intact" in err


def test_report_writes_pdf_and_csv(url, board_file, tmp_path, capsys):
    run(capsys, "add", str(board_file))
    code, out, _ = run(capsys, "report", "--from", "2026-01-01", "--to", "2026-12-31", "--pdf", str(tmp_path / "r.pdf"),
                       "--csv", str(tmp_path / "r.csv"), "--threshold", "prospective=0")
    assert code == 0 and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert "Presented before first treatment" in (tmp_path / "r.csv").read_text(encoding="utf-8")
    assert "1 meeting(s), 2 case(s) presented" in out and "below target: Neuropathology" in out


@pytest.mark.parametrize("args, words", [
    (["export", "1999-01-01", "x.tboard"], "no such meeting"),
    (["report", "--from", "2026-12-31", "--to", "2026-01-01", "--csv", "r.csv"], "ends before it starts"),
    (["report", "--from", "2026-01-01", "--to", "2026-12-31"], "say where to write"),
    (["report", "--from", "2026-01-01", "--to", "2026-12-31", "--csv", "r.csv", "--threshold", "x=1"], "unknown threshold"),
    (["audit"], "--verify"),
])
def test_mistakes_are_messages_with_exit_code_2(url, args, words, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *args)
    assert code == 2 and words in err and "Traceback" not in err


def test_a_bad_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["library", "report", "--from", "yesterday", "--to", "2026-01-01", "--csv", "x"])
    assert caught.value.code == 2 and "not a date" in capsys.readouterr().err


def test_a_password_in_the_url_is_refused(capsys, monkeypatch):
    monkeypatch.setenv("BOARDTOOL_LIBRARY_URL", "postgresql://board:hunter2@127.0.0.1/x")
    code, _, err = run(capsys, "list")
    assert code == 2 and "pgpass" in err and "hunter2" not in err


def test_an_old_postgresql_library_asks_for_upgrade(postgres_url, monkeypatch, capsys):
    from conftest import empty_postgres

    from boardtool.library import schema

    empty_postgres(postgres_url)
    engine = make_engine(postgres_url)
    schema.upgrade(engine, "0001")
    engine.dispose()
    monkeypatch.setenv("BOARDTOOL_LIBRARY_URL", postgres_url)
    code, _, err = run(capsys, "list")
    assert code == 2 and "Run 'boardtool library upgrade' first" in err
    assert run(capsys, "upgrade")[0] == 0
    Library.open(postgres_url, upgrade_if_old=False).close()
