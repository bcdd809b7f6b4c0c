"""Export files kept in the data folder: a large edition is rendered once per format.

Editions are append-only, so a rendering never goes stale: the key is the edition (its URI
and content hash), the work's metadata the export prints, the format and the exporter's
version; anything else is a new key. Files live in ``DATA/exports/<2 hex>/<key>.<ext>``,
written to a temporary file in the same folder and renamed into place, so a reader sees a
whole file or none. Concurrent requests for the same key, in any worker process, wait for the
first one to finish (an ``flock`` on the ``.lock`` of its ``<2 hex>`` folder: at most 256 lock
files, and two keys rarely share one) instead of rendering it again.
A data folder that cannot be written (read-only, full) only means the rendering is not kept.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

FOLDER = "exports"


def export_key(*parts) -> str:
    """A file-name-safe key of JSON-serialisable ``parts``."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True)
                          .encode()).hexdigest()[:40]


def _path(data_dir: str | Path, key: str, ext: str) -> Path:
    return Path(data_dir) / FOLDER / key[:2] / f"{key}.{ext}"


def _write_atomically(path: Path, body: bytes) -> bool:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(body)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return False
    return True


@contextmanager
def _rendering(path: Path) -> Iterator[None]:
    """Hold the lock of ``path``'s folder (every thread and process rendering a key of it waits
    here); without a writable folder, no lock: the rendering is not kept anyway."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path.parent / ".lock", "a+b")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the holder ends, even if killed
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def cached_export(data_dir: str | Path, key: str, ext: str,
                  render: Callable[[], tuple[bytes, bool]]) -> bytes:
    """The stored rendering of ``key``, or ``render()`` -> (body, keep): ``keep`` says whether
    the body is worth storing (a large edition)."""
    path = _path(data_dir, key, ext)
    try:
        return path.read_bytes()
    except OSError:
        pass
    with _rendering(path):
        try:
            return path.read_bytes()  # rendered by the request we waited for
        except OSError:
            pass
        body, keep = render()
        if keep:
            _write_atomically(path, body)
    return body


__all__ = ["FOLDER", "cached_export", "export_key"]
