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
    assert Store(target, readonly=True).stats()["works"] == 11


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
