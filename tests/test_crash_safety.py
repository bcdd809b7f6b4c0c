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


def pg_state(url: str) -> tuple[int, int, int]:
    from lexsearch.db import PostgresDatabase

    conn = PostgresDatabase(url)
    try:
        if "editions" not in conn.table_names():
            return (0, 0, 0)
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("editions", "provisions", "notes"))
    finally:
        conn.close()


@pytest.mark.slow
def test_killed_import_on_postgresql_leaves_before_or_after(tmp_path, pg_server, monkeypatch):
    """The same kill -9 at several moments of an import into a PostgreSQL store: the release's
    one transaction dies with its connection, the store holds all of it or none."""
    url = pg_server.create_database("crash_full")
    monkeypatch.setenv("LEXSEARCH_STORE", url)
    began = time.monotonic()
    assert start(tmp_path / "full").wait(timeout=300) == 0
    duration, after = time.monotonic() - began, pg_state(url)
    assert after[0] > 0
    for n, fraction in enumerate((0.3, 0.7, 0.95)):
        url = pg_server.create_database(f"crash_{n}")
        monkeypatch.setenv("LEXSEARCH_STORE", url)
        proc = start(tmp_path / f"killed{n}")
        time.sleep(duration * fraction)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert pg_state(url) in ((0, 0, 0), after), f"half-written store at {fraction}"
        assert start(tmp_path / f"killed{n}").wait(timeout=300) == 0  # imported again: whole
        assert pg_state(url) == after
