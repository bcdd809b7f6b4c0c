"""Snapshots of a PostgreSQL store (``lexsearch backup`` / ``restore`` when the store is a
``postgresql://`` URL), with PostgreSQL's own tools.

``pg_dump`` writes the store in its custom format from a snapshot this module exports, so the
dump holds exactly the batch read in the same snapshot (imports go on meanwhile; the dump does
not block them). The local search index goes along when it is at that batch (a read node's
index can always be rebuilt from the store). ``pg_restore --list`` checks the archive before the
snapshot is kept; ``restore`` loads it in one transaction (``--single-transaction``: all of it
or nothing) into the data folder's store database, which must hold no store yet unless
``force`` replaces it. A streaming standby is copied with ``pg_basebackup`` by
``lexsearch.pgcluster`` instead: that is replication, this is a backup.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .db import redact

DUMP_FILE = "store.pgdump"


def _tool(name: str) -> str:
    """``pg_dump``/``pg_restore`` of the server's major version (Debian's folder first: the
    ``/usr/bin`` wrappers pick a version by cluster, which a URL does not name)."""
    from .pgcluster import bin_dir

    try:
        return str(bin_dir() / name)
    except Exception:  # noqa: BLE001 - fall back to whatever PATH has
        found = shutil.which(name)
        if found is None:
            from .backup import BackupError

            raise BackupError(f"{name} not found: install Debian's postgresql-client-15") from None
        return found


def _run(args: list[str], what: str, timeout: float = 3600) -> str:
    from .backup import BackupError

    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BackupError(f"{what}: {exc}") from None
    if proc.returncode:
        tail = " | ".join(proc.stderr.strip().splitlines()[-3:])
        raise BackupError(f"{what} failed (exit {proc.returncode}): {redact(tail)[:500]}")
    return proc.stdout


def dump(url: str, dest: Path) -> int:
    """Dump the store at ``url`` into ``dest/store.pgdump``; the last batch it holds."""
    import psycopg

    target = dest / DUMP_FILE
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        batch = conn.execute("SELECT coalesce(max(id), 0) FROM batches").fetchone()[0]
        # the exported snapshot lives while this transaction is open
        _run([_tool("pg_dump"), f"--snapshot={snapshot}", "--format=custom", "--no-owner",
              "--no-privileges", f"--file={target}", f"--dbname={url}"],
             f"pg_dump of {redact(url)}")
        conn.execute("COMMIT")
    check(target)
    return int(batch)


def check(path: Path) -> None:
    """``BackupError`` unless ``path`` is a whole pg_dump archive of a lexsearch store."""
    from .backup import BackupError

    listing = _run([_tool("pg_restore"), "--list", str(path)], f"{path}: pg_restore --list")
    for table in ("batches", "works", "editions", "provisions", "texts", "schema_version"):
        if f"TABLE DATA public {table} " not in listing:
            raise BackupError(f"{path}: the dump holds no data of table {table}")


def load(path: Path, url: str, *, force: bool) -> None:
    """Restore ``path`` into the database at ``url`` in one transaction."""
    from .backup import BackupError
    from .db import PostgresDatabase

    db = PostgresDatabase(url)
    try:
        tables = db.table_names()
    finally:
        db.close()
    if tables and not force:
        raise BackupError(f"{redact(url)} already holds a store ({len(tables)} tables): restore "
                          "into an empty database or use --force")
    args = [_tool("pg_restore"), "--single-transaction", "--no-owner", "--no-privileges",
            f"--dbname={url}", str(path)]
    if tables:
        args[1:1] = ["--clean", "--if-exists"]
    _run(args, f"pg_restore into {redact(url)}")
