"""Opening a board reads only the images it refers to, streaming: a small archive of huge
unreferenced entries does not fill the memory."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIMIT_MB = 256


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak memory from Linux's /proc")
def test_validate_of_unreferenced_zero_entries_stays_small(tmp_path):
    path = tmp_path / "zeros.tboard"
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("board.json", json.dumps({"schema_version": 2, "cases": [{"question": "q"}]}))
        for number in range(20):
            with archive.open(f"images/{number:02d}.png", "w", force_zip64=True) as entry:
                for _ in range(100):  # 100 MB of zeros each, under the per-entry limit
                    entry.write(chunk)
    assert path.stat().st_size < 3 * 1024 * 1024
    # VmHWM is this process's own peak; ru_maxrss would carry over the parent's from before exec
    code = ("import re, sys; from boardtool.cli import main; rc = main(['validate', sys.argv[1]]); "
            "status = open('/proc/self/status').read(); "
            "print(int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024); sys.exit(rc)")
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT,
                            timeout=300)
    assert result.returncode == 2 and "Traceback" not in result.stderr  # the board has problems, not a crash
    peak_mb = int(result.stdout.strip().splitlines()[-1])
    assert peak_mb <= LIMIT_MB, f"validate held {peak_mb} MB"
