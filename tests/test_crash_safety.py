"""SIGKILL the importer at points spread over a whole import: the store is then either as before
the release or as after it, never between, and importing again completes it."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import CORPORA

RELEASE = [str(CORPORA / "uz-lexuz-2025"), str(CORPORA / "uz-lexuz-2026-07"),
           str(CORPORA / "ru-pravo")]


def start(data):
    return subprocess.Popen(
        [sys.executable, "-m", "lexsearch.cli", "--data", str(data), "import", "--no-index",
         *RELEASE], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def state(data) -> tuple[int, int, int, str]:
    conn = sqlite3.connect(data / "lexsearch.db")
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "editions" not in tables:
            return (0, 0, 0, "ok")
        counts = tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                       for t in ("editions", "provisions", "notes"))
        return (*counts, conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture(scope="module")
def complete(tmp_path_factory):
    """The state after a full import, and how long it takes."""
    data = tmp_path_factory.mktemp("full")
    began = time.monotonic()
    assert start(data).wait(timeout=300) == 0
    return state(data), time.monotonic() - began


@pytest.mark.slow
@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99])
def test_killed_import_leaves_before_or_after(tmp_path, complete, fraction):
    after, duration = complete
    proc = start(tmp_path)
    time.sleep(duration * fraction)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    if (tmp_path / "lexsearch.db").exists():
        now = state(tmp_path)
        assert now[3] == "ok"
        assert now[:3] in ((0, 0, 0), after[:3]), f"half-written store: {now}"
    # importing again completes the release
    assert start(tmp_path).wait(timeout=300) == 0
    assert state(tmp_path) == after
