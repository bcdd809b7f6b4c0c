"""Consistent snapshots of a data folder (store and search index) and restoring them.

``backup`` copies the store with SQLite's online backup API (readers and the portal go on
serving) and the index folders of the same batch. Imports take the data folder's writer lock
(``data_lock``) and so does ``backup``; on top of that a snapshot is only kept when the store's
last batch, the batch the index says it holds, and the live store's batch after the copy all
agree, else it is taken again. ``restore`` checks a snapshot (checksums, integrity, schema,
batches) before it replaces anything. A PostgreSQL store (``--store postgresql://…``) is
dumped with ``pg_dump`` from one exported snapshot instead (``lexsearch.pgbackup``), with the
folder's index when it is at the dumped batch, and restored in one transaction.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path

from . import store as _store
from .errors import LexsearchError, StoreError
from .schema import SCHEMA_VERSION
from .search.engine import ENGINES, index_path, open_engine
from .store import STORE_FILE, Store

SNAPSHOT_FILE = "snapshot.json"
SNAPSHOT_FORMAT = 2  # 2: every file with its size and sha256 (1: sha256 only; still read)
LOCK_FILE = ".writer.lock"
STATE_FILE = "state.json"
_SKIP = {".tantivy-writer.lock", ".tantivy-meta.lock", "MAIN_WRITELOCK"}


class BackupError(LexsearchError):
    """A snapshot could not be taken, or a snapshot is not fit to restore."""


@contextmanager
def data_lock(data_dir: str | Path, timeout: float = 600.0) -> Iterator[None]:
    """The data folder's writer lock (``DATA/.writer.lock``): one import or backup at a time,
    across processes. Waits up to ``timeout`` seconds, then raises ``BackupError``."""
    path = Path(data_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
        handle = open(path / LOCK_FILE, "a+b")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise StoreError(f"{path}: the data folder is not writable ({exc.strerror}): "
                         "imports, indexing and restores need write access") from None
    with handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BackupError(f"{path}: another import or backup holds {LOCK_FILE} "
                                      f"(waited {timeout:.0f} s)") from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def index_state(folder: Path) -> dict | None:
    try:
        return json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _live_batch(data_dir: Path) -> int:
    with Store(data_dir, readonly=True) as store:
        return store.last_batch_id()


def _copy_store(data_dir: Path, dest: Path) -> int:
    """Copy the store into ``dest/lexsearch.db`` (one consistent snapshot); its last batch."""
    target = dest / STORE_FILE
    target.unlink(missing_ok=True)
    with Store(data_dir, readonly=True) as store:
        out = sqlite3.connect(target)
        try:
            store.conn.raw.backup(out)
            out.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            out.execute("PRAGMA journal_mode=DELETE")  # a self-contained file
            batch = out.execute("SELECT coalesce(max(id), 0) FROM batches").fetchone()[0]
        finally:
            out.close()
    return int(batch)


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies inside it (links resolved)."""
    return path.resolve().is_relative_to(folder.resolve())


def _check_store(path: Path) -> int:
    """SQLite's integrity check of the store file ``path``; its last batch. ``BackupError``
    when the file is not a database or a page is damaged."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
            batch = conn.execute("SELECT coalesce(max(id), 0) FROM batches").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path}: unreadable store ({exc})") from None
    if problems != ["ok"]:
        raise BackupError(f"{path}: the store fails SQLite's integrity check: "
                          f"{'; '.join(problems[:3])}")
    return int(batch)


def _check_index(folder: Path, name: str) -> int:
    """Open the ``name`` index in ``folder`` (every segment file it lists must be there) and
    count its documents; ``BackupError`` when it cannot be read."""
    try:
        engine = open_engine(name, folder)
        try:
            return engine.doc_count()
        finally:
            engine.close()
    except BaseException as exc:  # tantivy's panics are BaseExceptions  # noqa: BLE001
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise BackupError(f"{folder}: the {name} index cannot be read "
                          f"({type(exc).__name__}: {exc})") from None


def _manifest(folder: Path) -> dict[str, dict]:
    """``{relative path: {"size", "sha256"}}`` of every file of a snapshot folder."""
    return {p.relative_to(folder).as_posix(): {"size": p.stat().st_size, "sha256": _sha256(p)}
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != SNAPSHOT_FILE and p.name not in _SKIP}


def _copy_indexes(data_dir: Path, dest: Path, batch: int) -> dict[str, dict] | None:
    """Copy every built index whose state says ``batch``; None when one is at another batch."""
    engines: dict[str, dict] = {}
    for name in ENGINES:
        src = index_path(data_dir, name)
        before = index_state(src)
        if before is None:
            continue
        if before.get("batch") != batch:
            return None
        target = index_path(dest, name)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(src, target, ignore=lambda _d, names: [n for n in names if n in _SKIP])
        if index_state(src) != before:
            return None
        engines[name] = before
    return engines


def backup(data_dir: str | Path, dest: str | Path, *, attempts: int = 20,
           lock_timeout: float = 600.0) -> dict:
    """Snapshot ``data_dir`` into the new or empty folder ``dest``; returns the snapshot
    description (also written to ``dest/snapshot.json``)."""
    data_dir, dest = Path(data_dir), Path(dest)
    if not _store.default_url(data_dir) and not (data_dir / STORE_FILE).exists():
        raise BackupError(f"no store at {data_dir / STORE_FILE}")
    if _inside(dest, data_dir):  # it would copy itself (into the index folder: without end)
        raise BackupError(f"{dest}: inside the data folder {data_dir}; a backup must go "
                          "outside the folder it copies")
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty")
    created = not dest.exists()
    dest.mkdir(parents=True, exist_ok=True)
    try:
        snapshot = _take(data_dir, dest, attempts, lock_timeout)
    except BaseException:
        if created:  # leave no half snapshot behind
            shutil.rmtree(dest, ignore_errors=True)
        else:
            for child in dest.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise
    return snapshot


def _take(data_dir: Path, dest: Path, attempts: int, lock_timeout: float) -> dict:
    # A data folder this process cannot write is not imported into by it: no lock to take
    # (and none could be); the batch agreement below still guards against other writers.
    lock = data_lock(data_dir, lock_timeout) if os.access(data_dir, os.W_OK) else nullcontext()
    url = _store.default_url(data_dir)
    with lock:
        if url:  # the dump is of one exported snapshot: exactly the batch it reports
            from . import pgbackup

            batch = pgbackup.dump(url, dest)
            engines = _copy_indexes(data_dir, dest, batch)
            if engines is None:  # this node's index is at another batch: the store alone
                shutil.rmtree(dest / "index", ignore_errors=True)
                engines = {}
        else:
            batch, engines = _take_sqlite(data_dir, dest, attempts)
    for name in engines:
        _check_index(index_path(dest, name), name)
    files = _manifest(dest)
    snapshot = {"format": SNAPSHOT_FORMAT, "created_at": datetime.now(UTC).isoformat(
        timespec="seconds"), "source": str(data_dir.resolve()), "schema_version": SCHEMA_VERSION,
        "batch": batch, "indexes": engines, "files": files,
        "backend": "postgresql" if url else "sqlite"}
    (dest / SNAPSHOT_FILE).write_text(json.dumps(snapshot, indent=1), encoding="utf-8")
    return snapshot


def _take_sqlite(data_dir: Path, dest: Path, attempts: int) -> tuple[int, dict]:
    for _ in range(attempts):
        try:
            batch = _copy_store(data_dir, dest)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{data_dir / STORE_FILE}: unreadable store ({exc}): not "
                              "backed up") from None
        engines = _copy_indexes(data_dir, dest, batch)
        if engines is not None and _live_batch(data_dir) == batch:
            break
        time.sleep(0.2)  # an import (without the lock) is between store and index
    else:
        raise BackupError(f"{data_dir}: store and index stayed at different batches over "
                          f"{attempts} attempts; is an import running?")
    _check_store(dest / STORE_FILE)  # a damaged store is refused, not preserved
    return batch, engines


def validate(src: str | Path) -> dict:
    """The snapshot description of ``src`` after checking every file against it, the store's
    integrity, schema version and batch, and each index's batch; ``BackupError`` otherwise."""
    src = Path(src)
    try:
        snapshot = json.loads((src / SNAPSHOT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{src / SNAPSHOT_FILE}: not a lexsearch snapshot ({exc})") from None
    if snapshot.get("format") not in (1, SNAPSHOT_FORMAT) or not isinstance(
            snapshot.get("files"), dict):
        raise BackupError(f"{src / SNAPSHOT_FILE}: unknown snapshot format")
    for rel, want in snapshot["files"].items():
        path = src / rel
        if not isinstance(want, dict):  # format 1
            want = {"sha256": want}
        if not _inside(path, src) or not path.is_file():
            raise BackupError(f"{path}: missing from the snapshot")
        if "size" in want and path.stat().st_size != want["size"]:
            raise BackupError(f"{path}: {path.stat().st_size} bytes, the backup wrote "
                              f"{want['size']}")
        if _sha256(path) != want.get("sha256"):
            raise BackupError(f"{path}: changed since the backup (checksum)")
    if snapshot.get("backend") == "postgresql":
        from .pgbackup import DUMP_FILE, check

        if DUMP_FILE not in snapshot["files"]:
            raise BackupError(f"{src}: snapshot holds no {DUMP_FILE}")
        check(src / DUMP_FILE)
        batch, version = snapshot.get("batch"), snapshot.get("schema_version")
    else:
        batch, version = _validate_sqlite(src, snapshot)
    if version is None or version > SCHEMA_VERSION:
        raise BackupError(f"{src}: store schema {version}, this lexsearch reads up to "
                          f"{SCHEMA_VERSION}")
    for name in snapshot.get("indexes") or {}:
        folder = index_path(src, name)
        prefix = folder.relative_to(src).as_posix() + "/"
        if sum(1 for rel in snapshot["files"] if rel.startswith(prefix)) < 2:
            raise BackupError(f"{folder}: the snapshot lists no files of its {name} index")
        state = index_state(folder)
        if state is None or state.get("batch") != batch:
            raise BackupError(f"{folder}: index is not at batch {batch}")
        _check_index(folder, name)
    return snapshot


def _validate_sqlite(src: Path, snapshot: dict) -> tuple[int, int | None]:
    if STORE_FILE not in snapshot["files"]:
        raise BackupError(f"{src}: snapshot holds no {STORE_FILE}")
    conn = sqlite3.connect(f"file:{src / STORE_FILE}?mode=ro", uri=True)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        batch = conn.execute("SELECT coalesce(max(id), 0) FROM batches").fetchone()[0]
        version = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{src / STORE_FILE}: unreadable store ({exc})") from None
    finally:
        conn.close()
    if check != "ok":
        raise BackupError(f"{src / STORE_FILE}: integrity check failed: {check}")
    if batch != snapshot.get("batch"):
        raise BackupError(f"{src / STORE_FILE}: holds batch {batch}, snapshot says "
                          f"{snapshot.get('batch')}")
    return batch, version


def restore(src: str | Path, data_dir: str | Path, *, force: bool = False) -> dict:
    """Bring snapshot ``src`` back as ``data_dir``; refuses a non-empty ``data_dir`` unless
    ``force`` (then the old folder is replaced only once the copy is complete)."""
    src, data_dir = Path(src), Path(data_dir)
    if _inside(src, data_dir):  # replacing the folder would delete the snapshot with it
        raise BackupError(f"{src}: the snapshot is inside the data folder {data_dir} that "
                          "restore replaces: move it out of the folder first")
    if _inside(data_dir, src):
        raise BackupError(f"{data_dir}: inside the snapshot {src}: restore into a folder "
                          "outside it")
    snapshot = validate(src)
    if data_dir.exists() and any(p.name != LOCK_FILE for p in data_dir.iterdir()) and not force:
        raise BackupError(f"{data_dir} is not empty: restore into a new folder or use --force")
    url = _store.default_url(data_dir)
    if (snapshot.get("backend") == "postgresql") != bool(url):
        raise BackupError(f"{src}: a snapshot of a {snapshot.get('backend', 'sqlite')} store; "
                          f"{data_dir}'s store is {'PostgreSQL' if url else 'SQLite'}: restore "
                          "it where the store is of the same kind")
    staging = data_dir.with_name(data_dir.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        shutil.copytree(src, staging, ignore=lambda _d, names: [
            n for n in names if n in (SNAPSHOT_FILE, "store.pgdump")])
    except BaseException:  # a full disk, an interrupt: no half copy left beside the data
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if url:
        from .pgbackup import DUMP_FILE, load

        try:
            load(src / DUMP_FILE, url, force=force)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    else:
        try:
            conn = sqlite3.connect(staging / STORE_FILE)
            conn.execute("PRAGMA journal_mode=WAL")  # as the store runs
            conn.close()
        except sqlite3.DatabaseError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise StoreError(f"{staging / STORE_FILE}: {exc}") from None
    if data_dir.exists():
        with data_lock(data_dir):
            old = data_dir.with_name(data_dir.name + f".replaced-{os.getpid()}")
            data_dir.rename(old)
        staging.rename(data_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(data_dir)
    return snapshot


__all__ = ["BackupError", "backup", "data_lock", "restore", "validate"]
