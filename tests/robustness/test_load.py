"""Many users at once: the short load test (10 sessions for 10 s) against a real server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_concurrent_sessions_get_their_own_answers_without_errors(cache_dir, engine, tmp_path):
    # ``engine`` has saved the shipped article's index in ``cache_dir``: the server loads it.
    report_path = tmp_path / "load.json"
    result = subprocess.run(
        [sys.executable, "-m", "eval.loadtest", "--short", "--cache-dir", str(cache_dir),
         "--json", str(report_path)],
        capture_output=True, text=True, timeout=900, cwd=ROOT,
    )
    assert report_path.exists(), result.stderr[-3000:]
    report = json.loads(report_path.read_text())
    assert report["sessions"] == 10
    assert report["requests"] >= report["sessions"], report
    assert report["errors"] == 0 and report["mismatches"] == 0, report["examples"]
    assert report["ok"] and result.returncode == 0
    assert 0 < report["server_rss_before_mb"] and 0 < report["server_rss_after_mb"]
