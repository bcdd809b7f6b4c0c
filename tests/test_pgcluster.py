"""lexsearch/pgcluster.py on real PostgreSQL 15 servers: one primary and streaming standby per
module (tests/pg_fixtures.py), the failover at the end of the file on its own pair's servers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import psycopg
import pytest

from lexsearch import pgcluster
from lexsearch.errors import StoreError

ROOT = Path(__file__).resolve().parent.parent
# Uzbek Cyrillic lines of the traffic rules (lex.uz 5953883) as the rows we write
RULES = ROOT / "corpora" / "uz-multi" / "vmq-172_yol_harakati_qoidalari_cyrl.txt"


def _lines(count: int) -> list[str]:
    lines = [line.strip() for line in RULES.read_text(encoding="utf-8").splitlines()]
    picked = [line for line in lines if line and "боб" in line][:count]
    assert len(picked) == count, f"{RULES} has fewer than {count} chapter lines"
    return picked


@pytest.fixture(scope="module")
def table(pg_pair):
    """A table of real chapter headings on the pair's primary, replayed on the standby."""
    lines = _lines(8)
    pg_pair.primary.sql("CREATE TABLE heading (n int PRIMARY KEY, text text NOT NULL)")
    with pg_pair.primary.connect() as conn:
        conn.cursor().executemany("INSERT INTO heading VALUES (%s, %s)", list(enumerate(lines)))
    pgcluster.wait_replayed(pg_pair.primary, pg_pair.standby)
    return lines


def test_primary_answers_with_the_settings_it_was_made_with(pg_pair):
    primary = pg_pair.primary
    assert primary.is_running() and not primary.in_recovery()
    assert primary.value("SHOW server_version").startswith("15.")
    settings = dict(primary.sql(
        "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
        [["listen_addresses", "wal_level", "port", "lc_collate", "unix_socket_directories"]]))
    assert settings == {"listen_addresses": "127.0.0.1", "wal_level": "replica",
                        "port": str(primary.port), "lc_collate": "C",
                        "unix_socket_directories": ""}
    assert primary.url("lex") == f"postgresql://postgres@127.0.0.1:{primary.port}/lex"


def test_standby_streams_and_refuses_writes(pg_pair, table):
    standby = pg_pair.standby
    assert standby.in_recovery()
    assert pg_pair.primary.value(
        "SELECT state FROM pg_stat_replication WHERE application_name = 'standby'") == "streaming"
    # byte order (as SQLite compares) and Unicode case folding of Uzbek Cyrillic
    rows = standby.sql("SELECT text, lower(text) FROM heading ORDER BY text")
    assert [r[0] for r in rows] == sorted(table)
    assert [r[1] for r in rows] == [t.lower() for t in sorted(table)]
    with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
        standby.sql("INSERT INTO heading VALUES (100, 'x')")


def test_a_later_write_is_seen_on_the_standby_after_wait_replayed(pg_pair, table):
    line = _lines(9)[-1]
    pg_pair.primary.sql("INSERT INTO heading VALUES (%s, %s)", [len(table), line])
    lsn = pgcluster.wait_replayed(pg_pair.primary, pg_pair.standby, timeout=30)
    assert pg_pair.standby.value("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
    assert pg_pair.standby.value("SELECT text FROM heading WHERE n = %s", [len(table)]) == line


@pytest.mark.parametrize("attrs, which", [
    ("read-write", "primary"), ("prefer-standby", "standby"), ("any", "primary"),
    ("read-only", "standby")])
def test_a_two_host_url_picks_by_session_attrs(pg_pair, attrs, which):
    url = pgcluster.multi_host_url([pg_pair.primary, pg_pair.standby], "postgres", attrs)
    with psycopg.connect(url) as conn:
        assert conn.info.port == getattr(pg_pair, which).port


def test_a_synchronous_standby_is_reported_sync_and_released(pg_pair, table):
    primary = pg_pair.primary
    folder = pgcluster.scratch_dir("lexsearch-pgsync-")
    try:
        sync = pgcluster.make_standby(primary, folder / "sync", synchronous=True)
        assert primary.value("SELECT sync_state FROM pg_stat_replication "
                             "WHERE application_name = 'sync'") == "sync"
        primary.sql("UPDATE heading SET text = text || '.' WHERE n = 0")  # waits for its flush
        pgcluster.wait_replayed(primary, sync)
        assert sync.value("SELECT text FROM heading WHERE n = 0") == table[0] + "."
    finally:
        primary.sql("ALTER SYSTEM RESET synchronous_standby_names")
        primary.sql("SELECT pg_reload_conf()")
        pgcluster.Server(folder / "sync", 0).remove()  # stops it if it started
        shutil.rmtree(folder, ignore_errors=True)


def test_fresh_database_per_test(pg_url, pg_server):
    assert pg_url.startswith(f"postgresql://postgres@127.0.0.1:{pg_server.port}/test_")
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                            ).fetchone() == (0,)
        conn.execute("CREATE TABLE work (uri text PRIMARY KEY)")


def test_drop_database_ends_its_sessions(pg_server):
    url = pg_server.create_database("test_drop_me")
    with psycopg.connect(url) as conn:
        pg_server.drop_database("test_drop_me")
        with pytest.raises(psycopg.OperationalError):
            conn.execute("SELECT 1")
    assert not pg_server.value("SELECT count(*) FROM pg_database WHERE datname = 'test_drop_me'")
    with pytest.raises(StoreError, match="letters, digits"):
        pg_server.create_database('x"; DROP DATABASE postgres; --')


def test_server_folders_must_be_enterable_by_the_server_user(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("only root hands its folders to the postgres user")
    # pytest's tmp_path sits under /tmp/pytest-of-root, mode 0700
    with pytest.raises(StoreError, match=r"cannot enter .*pytest-of-root"):
        pgcluster.init_primary(tmp_path / "primary")


def test_a_non_empty_folder_is_refused(pg_server):
    with pytest.raises(StoreError, match="not empty"):
        pgcluster.init_primary(pg_server.folder)


def test_missing_binaries_say_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("LEXSEARCH_PG_BIN", str(tmp_path))
    reason = pgcluster.unavailable()
    assert reason and str(tmp_path) in reason and "install_postgres.sh" in reason
    with pytest.raises(StoreError, match="binaries not found"):
        pgcluster.bin_dir()


@pytest.mark.parametrize("ci, outcome", [("1", pytest.fail.Exception),
                                         ("", pytest.skip.Exception)])
def test_no_server_fails_under_ci_and_skips_elsewhere(monkeypatch, tmp_path, ci, outcome):
    import pg_fixtures

    monkeypatch.setenv("CI", ci)
    monkeypatch.setenv("LEXSEARCH_PG_BIN", str(tmp_path))
    with pytest.raises(outcome, match=f"binaries not found in LEXSEARCH_PG_BIN={tmp_path}"):
        pg_fixtures._scratch("lexsearch-never-")


def test_failover_promote_and_two_host_url_finds_the_new_primary(pg_pair, table):
    primary, standby = pg_pair.primary, pg_pair.standby
    primary.sql("INSERT INTO heading VALUES (200, %s)", [table[1]])
    pgcluster.wait_replayed(primary, standby)
    rows = primary.value("SELECT count(*) FROM heading")
    before = primary.processes()
    assert len(before) > 3  # postmaster, checkpointer, walwriter, walsender …
    primary.stop("fast")
    assert not primary.is_running() and primary.processes() == []
    assert not [p for p in before if pgcluster.alive(p)]
    primary.stop("fast")  # stopping a stopped server is nothing

    with pytest.raises(psycopg.OperationalError):  # the standby alone is not read-write
        psycopg.connect(pg_pair.url("postgres"), connect_timeout=3).close()
    seconds = pgcluster.promote(standby)
    assert 0 < seconds < 60 and not standby.in_recovery()
    with psycopg.connect(pg_pair.url("postgres"), autocommit=True) as conn:
        assert conn.info.port == standby.port
        assert conn.execute("SELECT text FROM heading WHERE n = 200").fetchone() == (table[1],)
        conn.execute("INSERT INTO heading VALUES (201, %s)", [table[2]])
    assert standby.value("SELECT count(*) FROM heading") == rows + 1


def test_a_taken_port_is_said_and_a_picked_one_replaced(pg_server, monkeypatch):
    folder = pgcluster.scratch_dir("lexsearch-pgport-")
    try:
        with pytest.raises(StoreError, match="Address already in use"):
            pgcluster.init_primary(folder / "fixed", port=pg_server.port)
        assert not pgcluster.Server(folder / "fixed", pg_server.port).is_running()
        picks = iter([pg_server.port])  # someone takes the picked port before the start
        real = pgcluster.free_port
        monkeypatch.setattr(pgcluster, "free_port", lambda: next(picks, None) or real())
        server = pgcluster.init_primary(folder / "picked")
        assert server.port != pg_server.port and server.value("SELECT 1") == 1
        server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
