"""`lexsearch backup` / `lexsearch restore`: consistent snapshots taken while readers work,
checked before they are restored."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from web_fixtures import web_data  # noqa: F401 - the session store of the sample

from lexsearch.backup import SNAPSHOT_FILE, BackupError, backup, restore, validate
from lexsearch.cli import main
from lexsearch.render import edition_text
from lexsearch.search import Searcher
from lexsearch.store import STORE_FILE, Store

QUERIES = ["mehnat shartnomasi", "меҳнат шартномаси", "водный объект", "Mehnat kodeksi 39-modda"]


@pytest.fixture
def data(tmp_path, web_data) -> Path:  # noqa: F811
    copy = tmp_path / "var"
    shutil.copytree(web_data, copy)
    return copy


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def fingerprint(data: Path) -> dict:
    """Stats, every edition's text, and the search results for a few queries."""
    with Store(data, readonly=True) as store:
        texts = {e.uri: edition_text(store, w, e) for w in store.works()
                 for e in store.editions(w.uri)}
        stats = store.stats()
    with Searcher(data) as searcher:
        results = {q: [(h.work, h.eid) for h in searcher.search(q, limit=20).hits]
                   for q in QUERIES}
    return {"stats": stats, "texts": texts, "search": results}


def test_round_trip_while_a_reader_queries(data, tmp_path):
    expected = fingerprint(data)
    stop, served, failures = threading.Event(), [0], []

    def reader() -> None:
        with Searcher(data) as searcher:
            while not stop.is_set():
                try:
                    assert searcher.search(QUERIES[served[0] % 4], limit=5).total > 0
                    assert searcher.store.stats()["works"] == expected["stats"]["works"]
                    served[0] += 1
                except Exception as exc:  # reported below, not swallowed
                    failures.append(exc)
                    return

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        result = run("--data", str(data), "backup", str(tmp_path / "snap"), "--json")
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    assert not failures and served[0] > 0
    snapshot = json.loads(result.output)
    assert snapshot["batch"] == expected["stats"]["batches"]
    assert set(snapshot["indexes"]) == {"tantivy"}
    assert not (tmp_path / "snap" / "lexsearch.db-wal").exists()

    result = run("--data", str(tmp_path / "restored"), "restore", str(tmp_path / "snap"))
    assert result.exit_code == 0, result.output
    assert fingerprint(tmp_path / "restored") == expected


def test_restore_refuses_a_non_empty_folder_without_force(data, tmp_path):
    backup(data, tmp_path / "snap")
    result = run("--data", str(data), "restore", str(tmp_path / "snap"))
    assert result.exit_code != 0 and "--force" in result.output
    target = tmp_path / "other"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    assert run("--data", str(target), "restore", str(tmp_path / "snap")).exit_code != 0
    assert (target / "keep.txt").read_text() == "mine"
    result = run("--data", str(target), "restore", "--force", str(tmp_path / "snap"))
    assert result.exit_code == 0, result.output
    assert not (target / "keep.txt").exists()
    with Store(target, readonly=True) as restored, Store(data, readonly=True) as source:
        assert restored.stats() == source.stats()


@pytest.mark.parametrize("damage", ["flip_db", "drop_index_file", "no_manifest", "edit_state"])
def test_a_damaged_snapshot_is_refused_before_anything_changes(data, tmp_path, damage):
    snap = tmp_path / "snap"
    backup(data, snap)
    if damage == "flip_db":
        raw = bytearray((snap / STORE_FILE).read_bytes())
        raw[len(raw) // 2] ^= 0xFF
        (snap / STORE_FILE).write_bytes(bytes(raw))
    elif damage == "drop_index_file":
        next(p for p in (snap / "index" / "tantivy").iterdir() if p.suffix == ".idx").unlink()
    elif damage == "no_manifest":
        (snap / SNAPSHOT_FILE).unlink()
    else:
        state = snap / "index" / "tantivy" / "state.json"
        state.write_text(state.read_text().replace('"batch": 3', '"batch": 2'))
        manifest = json.loads((snap / SNAPSHOT_FILE).read_text())
        manifest["batch"] = 7
        (snap / SNAPSHOT_FILE).write_text(json.dumps(manifest))
    with pytest.raises(BackupError):
        validate(snap)
    target = tmp_path / "target"
    result = run("--data", str(target), "restore", str(snap))
    assert result.exit_code != 0
    assert not target.exists()


def test_backup_refuses_a_non_empty_destination_and_a_missing_store(data, tmp_path):
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "x").write_text("x")
    with pytest.raises(BackupError, match="not empty"):
        backup(data, dest)
    with pytest.raises(BackupError, match="no store"):
        backup(tmp_path / "nothing", tmp_path / "snap2")


def test_backup_during_an_import_is_one_batch(data, tmp_path, shared):
    """An import runs in another process while the backup is taken: the snapshot holds the
    store and the index of one and the same batch, before or after the release."""
    release = tmp_path / "gazette"
    release.mkdir()
    for name in ("102024315.html", "102073578.html"):
        shutil.copy(shared / "ru/pravo_gov_ru_ips_codes_html" / name, release)
    before = Store(data, readonly=True).last_batch_id()
    proc = subprocess.Popen([sys.executable, "-m", "lexsearch.cli", "--data", str(data),
                             "import", str(release)], stdout=subprocess.DEVNULL)
    try:
        snapshot = backup(data, tmp_path / "snap")
    finally:
        assert proc.wait(timeout=300) == 0
    assert snapshot["batch"] in (before, before + 1)
    validate(tmp_path / "snap")
    restore(tmp_path / "snap", tmp_path / "restored")
    with Searcher(tmp_path / "restored") as searcher:
        works = {w.uri for w in searcher.store.works()}
        hits = searcher.search("наследство", limit=50).hits
        assert {h.work for h in hits} <= works  # no index document of a work the store lacks


# ---- issue 14, finding 10 ----------------------------------------------------------------
def _corrupt_pages(db: Path) -> None:
    """Garbage over the store's pages past the header: a damaged file SQLite still opens."""
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db, "r+b") as fh:
        for n in (3, 5, 8, 13, 21):  # inside tables and indexes
            fh.seek(page * n + 64)
            fh.write(b"\xa5" * 512)


def test_a_corrupted_store_is_not_backed_up(data, tmp_path):
    _corrupt_pages(data / STORE_FILE)
    dest = tmp_path / "snap"
    result = run("--data", str(data), "backup", str(dest))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "integrity check" in result.output or "unreadable store" in result.output
    assert not dest.exists()  # nothing half-made is left to be restored later


def test_a_store_of_garbage_is_not_backed_up(data, tmp_path):
    (data / STORE_FILE).write_bytes(b"not a database " * 4096)
    result = run("--data", str(data), "backup", str(tmp_path / "snap"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert str(data / STORE_FILE) in result.output


@pytest.mark.parametrize("where", ["index", "index/tantivy", ".", "sub/snap"])
def test_backup_into_the_data_folder_is_refused(data, where):
    dest = data / where if where != "." else data
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    result = run("--data", str(data), "backup", str(dest))
    assert result.exit_code == 1
    assert "inside the data folder" in result.output
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before


def test_backup_through_a_link_into_the_data_folder_is_refused(data, tmp_path):
    (tmp_path / "alias").symlink_to(data / "index", target_is_directory=True)
    result = run("--data", str(data), "backup", str(tmp_path / "alias" / "snap"))
    assert result.exit_code == 1 and "inside the data folder" in result.output
    assert not (data / "index" / "snap").exists()


def test_restore_force_from_a_snapshot_inside_the_data_folder_keeps_it(data, tmp_path):
    outside = tmp_path / "snap"
    assert run("--data", str(data), "backup", str(outside)).exit_code == 0
    inside = data / "snapshots" / "monday"
    shutil.copytree(outside, inside)  # a snapshot an operator kept in the data folder
    result = run("--data", str(data), "restore", "--force", str(inside))
    assert result.exit_code == 1, result.output
    assert "inside the data folder" in result.output
    assert validate(inside)["batch"] >= 1  # still there and whole
    assert (data / STORE_FILE).exists()


@pytest.mark.parametrize("lose", ["segment", "index_folder_and_its_entries"])
def test_a_snapshot_missing_index_files_is_refused(data, tmp_path, lose):
    snap = tmp_path / "snap"
    assert run("--data", str(data), "backup", str(snap)).exit_code == 0
    meta = json.loads((snap / SNAPSHOT_FILE).read_text(encoding="utf-8"))
    assert meta["format"] == 2 and all(
        set(v) == {"size", "sha256"} for v in meta["files"].values())
    index_files = [rel for rel in meta["files"] if rel.startswith("index/tantivy/")]
    if lose == "segment":  # one segment file gone, the manifest as written
        victim = next(rel for rel in index_files if rel.endswith(".idx"))
        (snap / victim).unlink()
    else:  # the whole index and its manifest entries gone: the snapshot still names it
        shutil.rmtree(snap / "index")
        meta["files"] = {k: v for k, v in meta["files"].items() if k not in index_files}
        (snap / SNAPSHOT_FILE).write_text(json.dumps(meta), encoding="utf-8")
    target = tmp_path / "restored"
    result = run("--data", str(target), "restore", str(snap))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "index" in result.output
    assert not target.exists()


def test_backup_refuses_an_index_with_a_missing_segment(data, tmp_path):
    victim = next((data / "index" / "tantivy").glob("*.idx"))
    victim.unlink()
    dest = tmp_path / "snap"
    result = run("--data", str(data), "backup", str(dest))
    assert result.exit_code == 1 and "cannot be read" in result.output
    assert not dest.exists()


def test_postgresql_store_round_trip_through_pg_dump(tmp_path, pg_server, monkeypatch):
    """A PostgreSQL store (a real release of corpora/uz-multi) backed up while a reader reads,
    checked, and restored into another empty database: the same texts, stats and search."""
    from conftest import CORPORA
    from store_backends import dump

    from lexsearch import db
    from lexsearch import store as store_module
    from lexsearch.pgbackup import load

    urls = {tmp_path / "var": pg_server.create_database("bk_source"),
            tmp_path / "copy": pg_server.create_database("bk_target")}
    monkeypatch.setattr(store_module, "default_url", lambda d: urls[Path(d)])
    try:
        source = tmp_path / "var"
        assert run("--data", str(source), "import", str(CORPORA / "uz-multi")).exit_code == 0
        before = fingerprint(source)
        snapshot = backup(source, tmp_path / "snap")
        assert snapshot["backend"] == "postgresql" and snapshot["batch"] == 1
        assert set(snapshot["indexes"]) and "store.pgdump" in snapshot["files"]
        assert validate(tmp_path / "snap")["batch"] == 1
        restore(tmp_path / "snap", tmp_path / "copy")
        assert fingerprint(tmp_path / "copy") == before
        assert dump(tmp_path / "copy") == dump(source)
        with pytest.raises(BackupError, match="already holds a store"):  # no silent overwrite
            load(tmp_path / "snap" / "store.pgdump", urls[tmp_path / "copy"], force=False)
        (tmp_path / "snap" / "store.pgdump").write_bytes(b"PGDMP broken")
        with pytest.raises(BackupError, match="store.pgdump"):
            validate(tmp_path / "snap")
    finally:
        db.close_pools()
        for name in ("bk_source", "bk_target"):
            pg_server.drop_database(name)
