"""Build and update the full-text index under ``DATA/index/<engine>/``.

``rebuild_index`` writes a fresh index from the whole store. ``update_index`` (run by
``lexsearch import`` after each successful import) indexes what is newer than the last indexed
batch: for every (work, language) with an edition from a newer batch, and every language of a
work whose metadata a newer batch changed (a repeal), it recomputes that language's validity
intervals and replaces its documents, and replaces the work document.
The last indexed batch is kept in ``state.json`` in the index folder.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexes.docs import PlannedDoc, analyse, plan_provisions, plan_work, plan_work_doc
from lexsearch.search import translate
from lexsearch.search.engine import (
    ENGINES,
    Engine,
    IndexDoc,
    default_engine,
    encoder,
    index_path,
    open_engine,
)
from lexsearch.store import Store

STATE_FILE = "state.json"
FORMAT = 4  # bump when the documents, fields or analysis change: a mismatch forces a rebuild
PARALLEL_MIN = 2000  # fewer documents than this are analysed in-process


@dataclass
class BuildReport:
    engine: str
    docs: int
    seconds: float
    batch: int
    rebuilt: bool


def index_dir(data_dir: str | Path, engine: str) -> Path:
    return index_path(data_dir, engine)


def read_state(path: Path) -> dict | None:
    try:
        state = json.loads((path / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if state.get("format") == FORMAT else None


def _write_state(path: Path, engine: str, batch: int, docs: int) -> None:
    state = {"format": FORMAT, "engine": engine, "batch": batch, "docs": docs,
             "updated_at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    tmp = path / (STATE_FILE + ".tmp")
    tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
    tmp.replace(path / STATE_FILE)


# A rebuild's worker processes: each opens the store read-only and turns whole works into
# encoded engine documents (plan, analyse, encode), so the parent only adds finished documents
# to the engine's writer -- on two cores the parent was the bottleneck when it planned, pickled
# and translated documents itself.
_worker: tuple[Store, Callable[[IndexDoc], Any]] | None = None


def _start_worker(data_dir: str, url: str | None, engine: str) -> None:
    global _worker
    _worker = (Store(data_dir, readonly=True, url=url), encoder(engine))


def _encode_work(uri: str) -> list[Any]:
    assert _worker is not None, "not started by _start_worker"
    store, encode = _worker
    return [encode(analyse(plan)) for plan in plan_work(store, store.work(uri))]


@contextmanager
def _encoded_documents(store: Store, engine: str, workers: int) -> Iterator[Iterator[Any]]:
    """Every document of the store, encoded for ``engine``, made by ``workers`` processes
    (started on entering, so before the engine's own threads exist, and stopped on leaving)."""
    works = store.works()
    if workers <= 1:
        encode = encoder(engine)
        yield (encode(analyse(plan)) for work in works for plan in plan_work(store, work))
        return
    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    args = (str(store.data_dir), store.url, engine)  # a PostgreSQL store: they connect too
    with ctx.Pool(workers, _start_worker, args) as pool:
        uris = [work.uri for work in works]
        yield (doc for docs in pool.imap_unordered(_encode_work, uris) for doc in docs)


def rebuild_index(store: Store, data_dir: str | Path, engine: str | None = None, *,
                  workers: int | None = None,
                  progress: Callable[[int], None] | None = None) -> BuildReport:
    """Write a fresh index of the whole store (the old one is replaced only on success)."""
    name = engine or default_engine()
    final = index_dir(data_dir, name)
    tmp = final.with_name(f"{name}.building")
    shutil.rmtree(tmp, ignore_errors=True)
    batch = store.last_batch_id()
    started = time.perf_counter()
    if workers is None:
        workers = os.cpu_count() or 1
        if store.stats()["provisions"] < PARALLEL_MIN:
            workers = 1
    count = 0
    with _encoded_documents(store, name, workers) as documents:
        eng = open_engine(name, tmp, create=True)
        writer = eng.writer()
        try:
            for encoded in documents:
                writer.add_encoded(encoded)
                count += 1
                if progress and count % 1000 == 0:
                    progress(count)
            writer.commit()
        except BaseException:
            writer.rollback()
            eng.close()
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    del writer
    eng.close()
    del eng
    translate.save(translate.build(store), tmp)  # the words of the parallel texts
    _write_state(tmp, name, batch, count)
    old = final.with_name(f"{name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return BuildReport(name, count, time.perf_counter() - started, batch, True)


def _update_one(store: Store, data_dir: Path, name: str) -> BuildReport:
    path = index_dir(data_dir, name)
    state = read_state(path)
    if state is None:
        return rebuild_index(store, data_dir, name)
    started = time.perf_counter()
    batch = store.last_batch_id()
    if batch <= state["batch"]:
        return BuildReport(name, 0, 0.0, batch, False)
    changed = store.changed_since(state["batch"])
    eng: Engine = open_engine(name, path)
    writer = eng.writer()
    count = 0
    try:
        for uri, langs in sorted(changed.items()):
            work = store.work(uri)
            plans: list[PlannedDoc] = []
            for lang in sorted(langs):
                writer.delete("wl", f"{uri}|{lang}")
                plans.extend(plan_provisions(store, work, lang))
            writer.delete("key", f"w|{uri}")
            all_langs = sorted({e.lang for e in store.editions(uri)})
            plans.append(plan_work_doc(store, work, all_langs))
            for plan in plans:  # a few works: analysed in this process
                writer.add(analyse(plan))
                count += 1
        writer.commit()
    except BaseException:
        writer.rollback()
        eng.close()
        raise
    eng.close()
    if any(translate.parallel(store, uri) for uri in changed):
        translate.save(translate.build(store), path)
    _write_state(path, name, batch, state.get("docs", 0) + count)
    return BuildReport(name, count, time.perf_counter() - started, batch, False)


def update_index(store: Store, data_dir: str | Path,
                 engines: list[str] | None = None) -> list[BuildReport]:
    """Bring the ``engines`` indexes under ``DATA/index/`` up to date with the store (default:
    every index there, and the default engine's even when there is none yet). An index with no
    state or one of another ``FORMAT`` is rebuilt."""
    data_dir = Path(data_dir)
    return [_update_one(store, data_dir, name) for name in engines_of(data_dir, engines)]


def engines_of(data_dir: Path, engines: list[str] | None) -> list[str]:
    """The engines ``update_index`` looks after: every index in the data folder, and the
    default engine's even when there is none yet."""
    if engines is not None:
        return list(engines)
    found = [n for n in ENGINES if (index_dir(data_dir, n) / STATE_FILE).exists()]
    return found if default_engine() in found else [*found, default_engine()]


def behind(store: Store, data_dir: str | Path,
           engines: list[str] | None = None) -> dict[str, int | None]:
    """``{engine: the batch its index holds}`` for every index that is not at the store's
    last batch (``None``: no index, or one of another ``FORMAT``). An import killed between
    its store commit and its index update, or a full disk there, leaves the index behind."""
    data_dir = Path(data_dir)
    batch = store.last_batch_id()
    out: dict[str, int | None] = {}
    for name in engines_of(data_dir, engines):
        state = read_state(index_dir(data_dir, name))
        have = state.get("batch") if state else None
        if have != batch:
            out[name] = have
    return out


def catch_up(data_dir: str | Path, engines: list[str] | None = None, *,
             lock_timeout: float = 600.0, store: Store | None = None) -> list[BuildReport]:
    """Under the data folder's writer lock, bring every index that is ``behind`` the store up
    to date (incrementally; one that holds a batch the store does not have, as after a restore
    of an older store, is rebuilt). Returns a report per index it touched.

    The store is only read: ``store`` (an open one, e.g. a read node's connection to a
    PostgreSQL standby), or else the data folder's store opened read-only. The lock is the
    data folder's own, so an import into the same folder and a follower never write the index
    at once. No long read transaction is held (on a standby it would be cancelled by replay
    conflicts): the batch an index records is read before its documents, so a release that
    commits meanwhile can only put newer text in, and the next update indexes it again."""
    from lexsearch.backup import data_lock

    reports: list[BuildReport] = []
    with data_lock(data_dir, lock_timeout), _reading(data_dir, store) as source:
        batch = source.last_batch_id()
        for name, have in behind(source, data_dir, engines).items():
            if have is not None and have > batch:
                reports.append(rebuild_index(source, data_dir, name))
            else:
                reports.extend(update_index(source, data_dir, [name]))
    return reports


@contextmanager
def _reading(data_dir: str | Path, store: Store | None) -> Iterator[Store]:
    """``store`` as it is (the caller closes it), or the data folder's store read-only."""
    if store is not None:
        yield store
        return
    with Store(data_dir, readonly=True) as opened:
        yield opened
