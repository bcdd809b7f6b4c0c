"""One heavy query at a time per data folder, across the threads and worker processes of a
host, so heavy queries queue for one core and normal queries keep the others.

A heavy query (many prefix terms or clauses: ``query.check_cost``) takes an exclusive
``flock`` on a small file in the temporary folder, named after the data folder; it waits for
its turn while its time budget lasts, then is refused with ``QueryTooExpensive``. The lock is
taken on a descriptor opened for each query, so threads of one process queue too. Where the
file cannot be opened (another user's, a read-only temporary folder) there is no gate.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lexsearch.errors import QueryTooExpensive

POLL = 0.005  # seconds between two tries for the gate


def gate_path(data_dir: str | Path) -> Path:
    """The lock file of the data folder's heavy-query gate."""
    key = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"lexsearch-heavy-{key}.lock"


@contextmanager
def heavy_turn(data_dir: str | Path, wait: float | None) -> Iterator[None]:
    """Hold the gate while the block runs; wait at most ``wait`` seconds (None: as long as it
    takes) for a heavy query of another thread or process to finish."""
    try:
        fd = os.open(gate_path(data_dir), os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError:
        yield
        return
    try:
        deadline = None if wait is None else time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    raise QueryTooExpensive(
                        "other heavy queries (many prefix terms or words) are running: try "
                        "again in a moment, or narrow the query") from None
                time.sleep(POLL)
        yield
    finally:
        os.close(fd)  # releases the lock


__all__ = ["gate_path", "heavy_turn"]
