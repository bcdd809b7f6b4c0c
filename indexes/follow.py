"""A read node's follower: keeps the node's local search index at the store's last batch.

The batch log is the change feed: every committed release is a batch, and ``update_index``
indexes what the batches after the one an index holds changed. A ``Follower`` polls the store's
last batch every ``interval`` seconds and, when the index is behind, applies the range of new
batches (``catch_up``: an empty node folder is built from the whole store first; an index
ahead of the store, as after a restore, is rebuilt). It only reads the store, so it works
against a PostgreSQL standby, and it writes only the node folder:

* ``DATA/.follower.lock``: held (``flock``) for the follower's whole life, so one process per
  node follows, however many web workers serve; ``follower_running()`` tests it.
* ``DATA/follower.json``: what it last saw -- the batch the index holds, the store's last
  batch, when it last polled and applied, the last error and when (``read_follower``).
* the index is written under the data folder's writer lock (``DATA/.writer.lock``), as
  ``lexsearch import`` writes it, so an import into the same folder and the follower never
  write it at once; while an import holds that lock the poll waits for the next round.

A store that cannot be reached (a standby restarting, a failover, a missing file) is an error
recorded in the state, never a crash: the connection is dropped and retried with exponential
backoff (``interval`` doubling up to ``max_backoff``), and the web workers keep serving the
index the node has. The web workers notice a new index by themselves: their searcher pool
reopens when ``state.json`` of the index is a new file (``web.ops.index_signature``).

``python -m indexes.follow --data NODE_DIR`` runs one (``lexsearch serve`` starts it, see
``spawn``); the store is the one ``Store(NODE_DIR)`` opens: ``LEXSEARCH_STORE`` or the SQLite
file in the folder.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import logging
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from indexes.build import BuildReport, behind, catch_up, engines_of, index_dir, read_state
from lexsearch.backup import BackupError
from lexsearch.errors import LexsearchError, StoreError
from lexsearch.store import Store

STATE_NAME = "follower.json"
LOCK_NAME = ".follower.lock"
DEFAULT_INTERVAL = 5.0  # seconds between polls (env LEXSEARCH_FOLLOW_INTERVAL)
MAX_BACKOFF = 60.0  # the longest wait between attempts while the store cannot be reached
LOCK_WAIT = 1.0  # seconds a poll waits for the writer lock an import holds

log = logging.getLogger("lexsearch.follow")


class FollowerBusy(LexsearchError):
    """Another process follows the store for this node folder already."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def index_batch(node_dir: str | Path, engines: list[str] | None = None) -> int | None:
    """The batch every followed index holds (the lowest), None when one is missing."""
    held = [read_state(index_dir(node_dir, name)) for name in engines_of(Path(node_dir), engines)]
    if not held or any(state is None for state in held):
        return None
    return min(state["batch"] for state in held if state is not None)


def read_follower(node_dir: str | Path) -> dict | None:
    """The follower's last recorded state in ``node_dir`` (None when none ever ran there)."""
    try:
        state = json.loads((Path(node_dir) / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def follower_running(node_dir: str | Path) -> bool:
    """Whether a follower holds ``node_dir``'s follower lock right now."""
    return lock_held(Path(node_dir) / LOCK_NAME)


def lock_held(path: Path) -> bool:
    """Whether some process holds the ``flock`` on ``path`` (a lock file) right now."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError:
        return False  # never locked: no lock file yet
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def age_seconds(stamp: str | None) -> float | None:
    """Seconds since an ISO time the follower wrote (None when there is none)."""
    if not stamp:
        return None
    try:
        then = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return round((datetime.now(UTC) - then).total_seconds(), 1)


class Follower:
    """Follows the store for one node folder. ``open_store()`` opens the store read-only
    (default ``Store(node_dir, readonly=True)``: ``LEXSEARCH_STORE``, or the folder's SQLite
    file); use it as a context manager (the lock), then ``poll()`` or ``run(stop)``."""

    def __init__(self, node_dir: str | Path, open_store: Callable[[], Store] | None = None, *,
                 interval: float = DEFAULT_INTERVAL, max_backoff: float = MAX_BACKOFF,
                 engines: list[str] | None = None, lock_wait: float = LOCK_WAIT) -> None:
        self.node_dir = Path(node_dir)
        self.open_store = open_store or (lambda: Store(self.node_dir, readonly=True))
        self.interval, self.max_backoff = interval, max(max_backoff, interval)
        self.engines, self.lock_wait = engines, lock_wait
        self.failures = 0
        self._store: Store | None = None
        self._lock: IO[bytes] | None = None
        self.state: dict[str, Any] = {"batch": None, "store_batch": None, "checked_at": None,
                                      "applied_at": None, "last_error": None, "error_at": None}

    # ---- lifetime -------------------------------------------------------------------------
    def __enter__(self) -> Follower:
        try:
            self.node_dir.mkdir(parents=True, exist_ok=True)
            handle = open(self.node_dir / LOCK_NAME, "a+b")  # noqa: SIM115 - kept while following
        except OSError as exc:
            raise StoreError(f"{self.node_dir}: the node folder is not writable "
                             f"({exc.strerror}): the follower keeps its index there") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise FollowerBusy(f"{self.node_dir}: another follower holds {LOCK_NAME}") from None
        self._lock = handle
        self.state.update(read_follower(self.node_dir) or {}, pid=os.getpid(),  # last error kept
                          interval=self.interval, started_at=_now(), failures=0, waiting=None)
        self.state["batch"] = index_batch(self.node_dir, self.engines)
        self._write_state()
        return self

    def __exit__(self, *exc: object) -> None:
        self._drop_store()
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    def _drop_store(self) -> None:
        if self._store is not None:
            try:
                self._store.close()
            except Exception:  # noqa: BLE001 - a dead connection cannot be closed cleanly
                pass
            self._store = None

    # ---- one round ------------------------------------------------------------------------
    def poll(self) -> list[BuildReport]:
        """Look at the store's last batch once and apply what the index lacks; record what was
        seen. Never raises for a store that cannot be read or an index that cannot be
        written: the error is in ``state["last_error"]`` and the next round retries."""
        if self._lock is None:
            raise RuntimeError("Follower.poll() outside `with Follower(...)`")
        reports: list[BuildReport] = []
        try:
            if self._store is None:
                self._store = self.open_store()
            store = self._store
            batch = store.last_batch_id()
            self.state.update(store_batch=batch, checked_at=_now())
            if behind(store, self.node_dir, self.engines):
                started = time.perf_counter()
                reports = catch_up(self.node_dir, self.engines, lock_timeout=self.lock_wait,
                                   store=store)
                self.state.update(applied_at=_now(), applied_seconds=round(
                    time.perf_counter() - started, 3), applied_docs=sum(r.docs for r in reports))
                log.info("follower %s: index at batch %s (store %s), %d documents in %.2f s",
                         self.node_dir, reports[-1].batch if reports else "?", batch,
                         self.state["applied_docs"], self.state["applied_seconds"])
            self.failures = 0
            self.state["waiting"] = None
        except BackupError as exc:  # an import or backup holds the writer lock: next round
            self.state["waiting"] = _reason(exc)
        except BaseException as exc:  # noqa: BLE001 - a Rust panic is a BaseException too
            if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
                raise
            self.failures += 1
            self.state.update(last_error=_reason(exc), error_at=_now())
            log.warning("follower %s: %s (attempt %d, next in %.0f s)", self.node_dir,
                        self.state["last_error"], self.failures, self.delay())
            self._drop_store()  # reconnect next time (a failover, a restarted standby)
        self.state.update(batch=index_batch(self.node_dir, self.engines),
                          failures=self.failures)
        self._write_state()
        return reports

    def delay(self) -> float:
        """Seconds until the next poll: the interval, or a growing backoff after failures."""
        if not self.failures:
            return self.interval
        backoff = min(self.max_backoff, self.interval * 2 ** min(self.failures, 16))
        return backoff * random.uniform(0.8, 1.0)  # nodes that lost one store do not return as one

    def run(self, stop: threading.Event) -> None:
        """Poll until ``stop`` is set."""
        while not stop.is_set():
            self.poll()
            stop.wait(self.delay())

    def _write_state(self) -> None:
        tmp = self.node_dir / (STATE_NAME + ".tmp")
        try:
            tmp.write_text(json.dumps(self.state, indent=1), encoding="utf-8")
            tmp.replace(self.node_dir / STATE_NAME)
        except OSError as exc:  # a full disk: the index work goes on, the state is stale
            log.warning("follower %s: state not written: %s", self.node_dir, exc)


# ---- a follower process ---------------------------------------------------------------------
def interval_from_env(default: float = DEFAULT_INTERVAL) -> float:
    try:
        value = float(os.environ.get("LEXSEARCH_FOLLOW_INTERVAL") or default)
    except ValueError:
        return default
    return value if value > 0 else default


def spawn(node_dir: str | Path, *, interval: float | None = None) -> subprocess.Popen:
    """Start ``python -m indexes.follow`` for ``node_dir`` as a child of this process (it
    exits when this process does). The store is what ``LEXSEARCH_STORE`` names."""
    argv = [sys.executable, "-m", "indexes.follow", "--data", str(Path(node_dir).resolve()),
            "--parent", str(os.getpid())]
    if interval is not None:
        argv += ["--interval", str(interval)]
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    return subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL)


def stop(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """End a follower started by ``spawn`` (SIGTERM, then SIGKILL after ``timeout``)."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexes.follow", description=__doc__
                                     .split("\n\n")[0])
    parser.add_argument("--data", required=True, help="the node's data folder")
    parser.add_argument("--interval", type=float, default=interval_from_env(),
                        help="seconds between polls")
    parser.add_argument("--parent", type=int, default=None,
                        help="exit when this process id is no longer the parent")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="[%(asctime)s] [follow] %(message)s")
    halt = threading.Event()

    def terminate(_signum, _frame) -> None:  # a rebuild in progress is rolled back cleanly
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, terminate)
    if args.parent:
        def watch() -> None:
            while not halt.wait(1.0):
                if os.getppid() != args.parent:  # the server is gone: so is its follower
                    os.kill(os.getpid(), signal.SIGTERM)
                    return

        threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    try:
        return _follow(args.data, args.interval, halt)
    finally:
        halt.set()


def _follow(node_dir: str, interval: float, halt: threading.Event) -> int:
    """Follow until ``halt``; while another follower holds the node (a server restarting
    beside the old one), wait and take over when it ends."""
    said = False
    while not halt.is_set():
        try:
            with Follower(node_dir, interval=interval) as follower:
                log.info("following the store for %s every %.1f s", node_dir, interval)
                follower.run(halt)
        except FollowerBusy as exc:
            if not said:
                log.info("%s: waiting until it ends", exc)
                said = True
            halt.wait(interval)
        except LexsearchError as exc:  # the node folder is not writable: nothing to follow into
            log.error("%s", exc)
            return 1
    return 0


if __name__ == "__main__":  # pragma: no cover - run as a process by `spawn`
    sys.exit(main())
