"""``GET /healthz``: can this node answer a request? 200 when it can, 503 (JSON) when not.

It checks what a request needs, not just that files exist:

* **store**: opens, is at this lexsearch's schema, and every page reads back (SQLite's
  ``PRAGMA quick_check``). The check reads the whole file, so its verdict is kept per process
  for the store file's identity (inode, size, mtime of the database and its WAL) and redone
  when that changes or after ``HEALTH_RECHECK_SECONDS`` (default 300).
* **index**: every file of every live segment matches the CRC32 that tantivy wrote in its
  footer (the check tantivy's own ``validate_checksum`` makes; kept per file identity, as
  segments are immutable), the index opens, and a probe search that sorts, aggregates and
  loads a stored document runs.
* **index batch == store batch**: ``index.lag_batches`` (also ``behind``) is how many batches
  the index lacks. An index left behind the store (an import died between the store commit
  and the index update) serves stale text, so it is unhealthy, unless something is catching
  it up: an import holds the writer lock right now (``"updating": true``), or a follower
  (``indexes.follow``, a read node's) holds the node's follower lock (``"following": true``);
  then the node still answers 200 and says ``"lagging": true``. An index ahead of the store
  (the store restored from an older backup) is unhealthy too. A new node whose follower is
  building its first index is 503 with ``"building": true``.
* **follower** (present once one ran for the folder): what it last recorded -- the batch it
  holds, the store batch it last saw, its last error and when, and ``age_seconds`` since its
  last poll (a large age with ``running: false``: the follower is gone).
* On PostgreSQL the store part says ``backend`` and whether the server is a ``standby``; page
  checks are the server's own (SQLite's ``quick_check`` is for the file).

``?detail=1`` adds the provision count (a table scan).
"""

from __future__ import annotations

import json
import os
import struct
import threading
import time
import zlib
from pathlib import Path

from flask import Blueprint, current_app, g, jsonify, request

from lexsearch.errors import LexsearchError
from lexsearch.schema import SCHEMA_VERSION

bp = Blueprint("health", __name__)

RECHECK_SECONDS = 300
SEGMENT_COMPONENTS = ("idx", "pos", "term", "store", "fast", "fieldnorm")  # tantivy writes all
_FOOTER_MAGIC = 1337  # tantivy's file footer: <json {version, crc}> <u32 json length> <u32 1337>
_verdicts: dict[tuple, tuple[float, str | None]] = {}  # (what, identity) -> (when, error)
_lock = threading.Lock()


def _identity(*paths: Path) -> tuple:
    out: list = []
    for path in paths:
        try:
            st = path.stat()
            out.append((str(path), st.st_ino, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((str(path), None))
    return tuple(out)


def _remembered(key: tuple, check, max_age: float) -> str | None:
    """``check()`` (an error message or None), redone only when ``key`` is new or old."""
    now = time.monotonic()
    with _lock:
        seen = _verdicts.get(key)
    if seen is not None and now - seen[0] < max_age:
        return seen[1]
    verdict = check()
    with _lock:
        if len(_verdicts) > 4096:
            _verdicts.clear()
        _verdicts[key] = (now, verdict)
    return verdict


def _reason(exc: BaseException) -> str:
    if isinstance(exc, (LexsearchError, OSError, ValueError)) or not isinstance(exc, Exception):
        return f"{type(exc).__name__}: {str(exc)[:300]}"
    return type(exc).__name__


# ---- store --------------------------------------------------------------------------------
def store_health(detail: bool) -> dict:
    from .act_view import store

    out: dict = {"ok": False, "expected_schema": SCHEMA_VERSION}
    try:
        s = store()
        q = s.conn.execute
        out["schema_version"] = q("SELECT version FROM schema_version").fetchone()[0]
        out["batch"] = s.last_batch_id()
        out["works"] = q("SELECT count(*) FROM works").fetchone()[0]
        out["editions"] = q("SELECT count(*) FROM editions").fetchone()[0]
        if detail:
            out["provisions"] = q("SELECT count(*) FROM provisions").fetchone()[0]
        if getattr(s.conn, "dialect", "sqlite") == "postgresql":
            out["backend"] = "postgresql"  # page checksums are the server's own business
            out["standby"] = bool(q("SELECT pg_is_in_recovery()").fetchone()[0])
        elif error := _sqlite_pages_error(s, q):
            out["error"] = f"store damaged: {error}"
            return out
        out["ok"] = out["schema_version"] == SCHEMA_VERSION
    except Exception as exc:  # any failure to read is the answer, not a crash
        out["error"] = _reason(exc)
    return out


def _sqlite_pages_error(s, q) -> str | None:
    """``PRAGMA quick_check`` of the SQLite file, remembered per file identity."""
    def quick_check() -> str | None:
        rows = [r[0] for r in q("PRAGMA quick_check(5)").fetchall()]
        return None if rows == ["ok"] else "; ".join(rows)[:500]

    path = Path(s.path)
    key = ("store", _identity(path, path.with_name(path.name + "-wal")))
    return _remembered(key, quick_check, _max_age())


def embedding_health() -> dict:
    """How far ``lexsearch embed`` has got, per model, and whether search fuses vectors."""
    from lexsearch.embeddings import hybrid_default, status

    from .act_view import store

    try:
        return {"hybrid": hybrid_default(), **status(store())}
    except Exception as exc:
        return {"hybrid": hybrid_default(), "error": _reason(exc)}


def _max_age() -> float:
    return float(current_app.config.get("HEALTH_RECHECK_SECONDS", RECHECK_SECONDS))


# ---- index --------------------------------------------------------------------------------
def _file_checksum_error(path: Path) -> str | None:
    """None when ``path`` ends in a tantivy footer whose CRC32 matches its content."""
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, os.SEEK_END)
            if size < 8:
                return f"{path.name}: truncated"
            fh.seek(size - 8)
            length, magic = struct.unpack("<II", fh.read(8))
            if magic != _FOOTER_MAGIC or length > size - 8:
                return f"{path.name}: no tantivy footer"
            fh.seek(size - 8 - length)
            footer = json.loads(fh.read(length))
            fh.seek(0)
            crc, left = 0, size - 8 - length
            while left > 0:
                chunk = fh.read(min(left, 1 << 20))
                if not chunk:
                    return f"{path.name}: truncated"
                crc, left = zlib.crc32(chunk, crc), left - len(chunk)
    except (OSError, ValueError) as exc:
        return f"{path.name}: {exc}"
    return None if footer.get("crc") == crc else f"{path.name}: checksum mismatch"


def tantivy_segment_errors(folder: Path) -> list[str]:
    """What is wrong with the live segments that ``meta.json`` lists: a component file
    missing, or one whose checksum does not match."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    errors = []
    for seg in meta.get("segments", []):
        seg_id = seg["segment_id"].replace("-", "")
        names = [f"{seg_id}.{ext}" for ext in SEGMENT_COMPONENTS]
        if seg.get("deletes"):
            names.append(f"{seg_id}.{seg['deletes']['opstamp']}.del")
        for name in names:
            path = folder / name
            if not path.is_file():
                errors.append(f"{name}: missing")
                continue
            key = ("segment", _identity(path))
            if error := _remembered(key, lambda p=path: _file_checksum_error(p), float("inf")):
                errors.append(error)
    return errors


def _probe(engine) -> None:
    from lexsearch.search.engine import MatchAll

    engine.search(MatchAll(), limit=1, sort="date", facets=("lang",))
    engine.search(MatchAll(), limit=1)


def writer_busy(data_dir: str | Path) -> bool:
    """Whether an import or backup holds the data folder's writer lock right now."""
    from indexes.follow import lock_held
    from lexsearch.backup import LOCK_FILE

    return lock_held(Path(data_dir) / LOCK_FILE)


def index_health(store_batch: int | None) -> dict:
    from lexsearch.search.engine import default_engine, index_path

    from .ops import searcher

    engine = default_engine()
    data_dir = current_app.config["DATA_DIR"]
    folder = index_path(data_dir, engine)
    out: dict = {"ok": False, "engine": engine}
    try:
        state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        out.update(batch=state.get("batch"), docs=state.get("docs"),
                   updated_at=state.get("updated_at"))
        if engine == "tantivy" and (damaged := tantivy_segment_errors(folder)):
            out["error"] = "index damaged: " + "; ".join(damaged[:5])
            return out
        found = searcher()
        _probe(found.engine)
        out["searchable_docs"] = found.engine.doc_count()
    except BaseException as exc:  # noqa: BLE001 - a Rust panic is a BaseException
        if isinstance(exc, (SystemExit, KeyboardInterrupt, GeneratorExit)):
            raise
        if not isinstance(exc, Exception):
            g.engine_failed = True  # that searcher is not pooled again
        out["error"] = _reason(exc)
        if "batch" not in out and isinstance(exc, FileNotFoundError) and _following(data_dir):
            out["building"] = True  # a new read node: not searchable yet, and says why
            out["error"] = "no index yet: the follower is building it from the store"
        return out
    out["ok"] = True
    if store_batch is not None and isinstance(out.get("batch"), int):
        from .act_view import store

        try:  # counted, not subtracted: PostgreSQL's batch ids have gaps
            lag = store().batches_after(out["batch"])
        except Exception:  # noqa: BLE001 - the store part of /healthz reports why
            lag = max(0, store_batch - out["batch"])
        out["behind"] = out["lag_batches"] = lag
        if out["batch"] > store_batch:  # a store restored from an older backup
            out["ok"] = False
            out["error"] = (f"index at batch {out['batch']}, ahead of the store at batch "
                            f"{store_batch}: run `lexsearch index --rebuild`")
        elif out["behind"]:
            out["updating"] = writer_busy(data_dir)
            out["following"] = _following(data_dir)
            out["lagging"] = True  # serving the text of an older batch, and saying so
            if not (out["updating"] or out["following"]):
                out["ok"] = False
                out["error"] = (f"index at batch {out['batch']}, store at batch {store_batch}: "
                                "run `lexsearch index`")
    return out


def _following(data_dir: str | Path) -> bool:
    from indexes.follow import follower_running

    return follower_running(data_dir)


def follower_health(data_dir: str | Path) -> dict | None:
    """What the node's follower (``indexes.follow``) last recorded, with its age in seconds,
    or None when no follower ever ran for this folder. Informational: a follower that cannot
    reach the store says so here while the node serves the index it has."""
    from indexes.follow import age_seconds, follower_running, read_follower

    state = read_follower(data_dir)
    if state is None:
        return None
    keys = ("batch", "store_batch", "checked_at", "applied_at", "last_error", "error_at",
            "failures", "waiting", "interval", "pid")
    out = {"running": follower_running(data_dir), **{k: state.get(k) for k in keys}}
    out["age_seconds"] = age_seconds(state.get("checked_at") or state.get("started_at"))
    out["error_age_seconds"] = age_seconds(state.get("error_at"))
    out["failing"] = bool(state.get("failures"))  # its last attempt failed: retrying
    return out


@bp.get("/healthz")
def healthz():
    detail = request.args.get("detail") in ("1", "true", "yes")
    store_part = store_health(detail)
    index_part = index_health(store_part.get("batch"))
    ok = store_part["ok"] and index_part["ok"]
    body = {"status": "ok" if ok else "unhealthy", "store": store_part, "index": index_part}
    if (follower := follower_health(current_app.config["DATA_DIR"])) is not None:
        body["follower"] = follower  # a read node's follower: its lag, last error and age
    if (log := current_app.extensions.get("lexsearch_querylog")) is not None:
        body["querylog"] = log.status()  # off (a read-only folder) is a warning, not a failure
    body["embeddings"] = embedding_health()  # progress of `lexsearch embed`: never a failure
    resp = jsonify(body)
    resp.status_code = 200 if ok else 503
    resp.headers["Cache-Control"] = "no-store"
    return resp


__all__ = ["bp", "follower_health", "index_health", "store_health", "tantivy_segment_errors", "writer_busy"]
