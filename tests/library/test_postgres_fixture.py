"""Without PostgreSQL's server programs the PostgreSQL tests skip visibly, and in CI they fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _run_without_server(tmp_path, ci: bool) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("BOARDTOOL_TEST_POSTGRES_URL", "CI")}
    env.update(BOARDTOOL_PG_BIN=str(tmp_path / "no-server-here"), QT_QPA_PLATFORM="offscreen")
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                           str(HERE / "test_storage.py"), "-k", "referred_cases_have_no_meeting"],
                          cwd=HERE.parents[1], env=env, capture_output=True, text=True, timeout=300)


def test_missing_server_is_a_visible_skip_locally(tmp_path):
    result = _run_without_server(tmp_path, ci=False)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 1 skipped" in result.stdout
    assert "PostgreSQL server programs (initdb) are not installed" in result.stdout


def test_missing_server_fails_in_ci(tmp_path):
    result = _run_without_server(tmp_path, ci=True)
    assert result.returncode == 1, result.stdout
    assert "CI must test both engines" in result.stdout
