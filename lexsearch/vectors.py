"""Stored provision vectors, the resumable ``embed`` run, vector search (brute force, or an
HNSW graph from ``ANN_MIN`` vectors on) and reciprocal rank fusion with the engine's hits.

Storage (migration 5, ``lexsearch.schema``): ``vectors`` holds one float16 row per (passage
hash, model, version) -- see ``lexsearch.embeddings`` for what a passage is -- and
``embed_state`` one progress row per model (what ``/healthz`` shows). ``embed`` commits after
every batch, so a killed run loses at most one batch and the next run starts with the passages
that still have no vector.

Search: ``VectorIndex`` is the matrix of the vectors of the latest edition's provisions,
keyed by the provision text hash the engine stores (``hash`` field); ``HybridRecall.fuse``
runs the query vector against it (see ``VectorIndex`` for how), asks the engine which of
the nearest provisions pass the search's filters, and fuses the two ranked lists by
reciprocal rank fusion. A provision with no vector is simply absent from the vector list:
with no vectors at all the result is the lexical one, unchanged.
"""

from __future__ import annotations

import fcntl
import functools
import os
import re
import threading
import time
import zipfile
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import numpy as np

from lexsearch.countries import without_countries
from lexsearch.embeddings import (
    Embedder,
    EmbeddingError,
    load_embedder,
    model_name,
    passage_hash,
    passage_text,
    query_text,
)
from lexsearch.search import requisites
from lexsearch.search.collapse import collapse, provision_key
from lexsearch.search.engine import (
    TIME_BUDGET,
    Bool,
    Budget,
    Engine,
    EngineHit,
    EngineResult,
    any_of,
)
from lexsearch.store import CONTAINER_KINDS, Store

RRF_K = 60  # the constant of Cormack et al. (2009)
QUERY_THREADS = 1  # one query is embedded per request thread: an OpenMP team per query only
# contends with the other requests' threads (0.16-5 s per query under load, 13-19 ms on one)
K = TypeVar("K", bound=Hashable)
VECTOR_DEPTH = 50  # nearest provisions fused with the lexical window
BATCH = 16
REFRESH_SECONDS = 30.0  # how often a searcher looks for vectors embedded since it loaded

_LATEST = """
SELECT p.num, p.heading, p.text_hash, e.lang, t.text, e.title
FROM provisions p
JOIN editions e ON e.id = p.edition_id
JOIN works w ON w.id = e.work_id
LEFT JOIN texts t ON t.hash = p.text_hash
WHERE e.valid_from = (SELECT MAX(e2.valid_from) FROM editions e2
                      WHERE e2.work_id = e.work_id AND e2.lang = e.lang)
"""


def latest_passages(store: Store, works: list[str] | None = None
                    ) -> Iterator[tuple[str, str, str]]:
    """(text_hash, passage hash, passage) of every provision of each latest edition (of the
    works whose URIs are ``works``, when given)."""
    sql, args = _LATEST, list(works or [])
    if works:
        sql += f" AND w.uri IN ({', '.join('?' * len(works))})"
    for row in store.conn.execute(sql + " ORDER BY e.id, p.seq", args):
        num, heading, text_hash, lang, text, title = row
        passage = passage_text(num, heading, text, lang, title)
        if passage:
            yield text_hash, passage_hash(passage), passage


def _have(store: Store, model: str, version: str) -> set[str]:
    return {r[0] for r in store.conn.execute(
        "SELECT hash FROM vectors WHERE model = ? AND version = ?", (model, version))}


def pending(store: Store, model: str, version: str, works: list[str] | None = None
            ) -> tuple[dict[str, str], int]:
    """Passages (hash -> text) of the latest editions with no vector yet, and how many
    distinct passages there are in all (of ``works`` only, when given)."""
    have = _have(store, model, version)
    todo: dict[str, str] = {}
    total: set[str] = set()
    for _th, phash, passage in latest_passages(store, works):
        total.add(phash)
        if phash not in have:
            todo.setdefault(phash, passage)
    return todo, len(total)


def _save_state(store: Store, model: str, version: str, done: int, total: int) -> None:
    store.conn.execute(
        "INSERT INTO embed_state (model, version, done, total, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (model, version) DO UPDATE SET "
        "done = excluded.done, total = excluded.total, updated_at = excluded.updated_at", (model, version, done, total,
                                   time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())))


def embed(store: Store, embedder: Embedder, *, batch: int = BATCH, limit: int | None = None,
          works: list[str] | None = None,
          progress: Callable[[int], None] | None = None) -> tuple[int, int, int]:
    """Embed every passage that has no vector for ``embedder``'s model and version, ``batch``
    at a time, each batch in its own transaction. Returns (embedded now, done, total).
    ``limit`` stops after that many passages (a partial run, resumed by the next); ``works``
    embeds only those works (the progress row then counts them alone)."""
    todo, total = pending(store, embedder.name, embedder.version, works)
    items = list(todo.items())[:limit] if limit is not None else list(todo.items())
    done = total - len(todo)
    for start in range(0, len(items), batch):
        chunk = items[start:start + batch]
        vecs = embedder.passages([p for _h, p in chunk]).astype(np.float16)
        store.conn.begin(write=True)
        try:
            store.conn.executemany(
                "INSERT INTO vectors (hash, model, version, dim, vec) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [(h, embedder.name, embedder.version, vecs.shape[1], v.tobytes())
                 for (h, _p), v in zip(chunk, vecs, strict=True)])
            done += len(chunk)
            _save_state(store, embedder.name, embedder.version, done, total)
            store.conn.commit()
        except BaseException:
            store.conn.rollback()
            raise
        if progress is not None:
            progress(len(chunk))
    if not items:
        _save_state(store, embedder.name, embedder.version, done, total)
    return len(items), done, total


ANN_MIN = 20_000  # rows from which the HNSW graph answers; below, brute force is exact and takes
# under 2 ms, its graph would take a second to build (bench/vectors.json)
# graph degree, build and search breadth: recall@50 of brute force's 0.99 at 100k rows, 0.95 at
# 1M (efSearch 128: 0.98, 0.91; M 48 or efConstruction 80: +0.005 for 1.5-2.5x the build time)
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 40
HNSW_EF_SEARCH = 256
ANN_DIR = "ann"  # in the data folder: the last graph built per model and version
MAX_DEAD = 0.2  # share of a graph's rows removed or changed since it was built before a rebuild


@functools.cache
def _faiss() -> ModuleType | None:
    """faiss on one thread, or None when it is not installed (brute force only)."""
    try:
        import faiss
    except ImportError:
        return None
    # a searcher's request threads search at once: an OpenMP team per call only spins
    # against them (what made query embedding slow under load)
    faiss.omp_set_num_threads(1)
    return faiss


class VectorIndex:
    """Unit vectors, one row per provision text hash, searched by brute force (numpy, one
    matrix-vector product) below ``ANN_MIN`` rows or without faiss, else through an HNSW graph
    (faiss, inner product, float16 storage: the stored vectors are float16, so its
    similarities are the exact ones at half the memory). At 100k rows brute force takes
    4-150 ms as the machine's load goes, the graph under a millisecond (bench/vector_bench.py).

    Building the graph takes seconds (12 s for 100k rows on one thread), so ``cache`` (the
    file ``DATA/ann/<model>@<version>.npz`` when ``load`` opens it) keeps the last one built:
    rows the file holds are not built again, rows added since (an embedding run in progress)
    are added to its graph, rows removed or changed (a new edition) are left out of its
    answers (a changed one added again) until they are ``MAX_DEAD`` of it, which rebuilds it.
    One process builds at a time (``flock``); the others wait and read its file.
    """

    def __init__(self, keys: list[str], matrix: np.ndarray, *, cache: Path | None = None,
                 ann_min: int | None = None) -> None:
        matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        self.ann = self._live = None
        if len(keys) >= max(ANN_MIN if ann_min is None else ann_min, 1) and _faiss():
            # keys in the graph's row order, "" where a row is dead (removed or changed)
            keys, self.ann = _hnsw(keys, matrix, cache)
            dead = np.array([i for i, key in enumerate(keys) if not key], dtype=np.int64)
            if len(dead):
                self._live = _faiss().IDSelectorNot(_faiss().IDSelectorBatch(dead))
        self.keys = keys
        self.size = sum(1 for key in keys if key)
        self.matrix = matrix if self.ann is None else None  # the graph holds the vectors
        self._rows: dict[str, int] | None = None  # key -> row, for nearest_among

    def __len__(self) -> int:
        return self.size

    @classmethod
    def load(cls, store: Store, model: str, version: str,
             mapping: list[tuple[str, str]] | None = None) -> VectorIndex:
        """``mapping``: (text hash, passage hash) of the latest provisions, when known."""
        vecs = {h: blob for h, blob in store.conn.execute(
            "SELECT hash, vec FROM vectors WHERE model = ? AND version = ?", (model, version))}
        keys: list[str] = []
        rows: list[bytes] = []
        seen: set[str] = set()
        if vecs:
            if mapping is None:
                mapping = [(th, ph) for th, ph, _p in latest_passages(store)]
            for text_hash, phash in mapping:
                blob = vecs.get(phash)
                if blob is not None and text_hash not in seen:
                    seen.add(text_hash)
                    keys.append(text_hash)
                    rows.append(blob)
        if not rows:
            return cls([], np.zeros((0, 1), dtype=np.float32))
        matrix = np.frombuffer(b"".join(rows), dtype=np.float16).reshape(len(rows), -1)
        name = re.sub(r"[^\w.@-]+", "_", f"{model}@{version}") + ".npz"
        return cls(keys, matrix, cache=Path(store.data_dir) / ANN_DIR / name)

    def nearest(self, vector: np.ndarray, k: int = VECTOR_DEPTH) -> list[tuple[str, float]]:
        if not self.size:
            return []
        query = np.asarray(vector, dtype=np.float32)
        k = min(k, self.size)
        if self.ann is not None:
            params = _faiss().SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, k),
                                                   sel=self._live)
            sims, ids = self.ann.search(query.reshape(1, -1), k, params=params)
            return [(self.keys[i], float(s)) for i, s in zip(ids[0], sims[0], strict=True)
                    if i >= 0]
        sims = self.matrix @ query
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top])]
        return [(self.keys[i], float(sims[i])) for i in top]

    def nearest_among(self, keys: set[str], vector: np.ndarray, k: int = VECTOR_DEPTH
                      ) -> list[tuple[str, float]]:
        """``nearest`` among the rows of ``keys`` alone (the provisions of one act: a few
        thousand rows at most, compared exactly, from the graph's own vectors where there is
        one)."""
        if self._rows is None:
            self._rows = {key: i for i, key in enumerate(self.keys) if key}
        rows = np.array(sorted(self._rows[key] for key in keys if key in self._rows),
                        dtype=np.int64)
        if not len(rows):
            return []
        matrix = self.matrix[rows] if self.ann is None else self.ann.reconstruct_batch(rows)
        sims = matrix @ np.asarray(vector, dtype=np.float32)
        top = np.argsort(-sims)[:k]
        return [(self.keys[rows[i]], float(sims[i])) for i in top]


def _hnsw(keys: list[str], matrix: np.ndarray, cache: Path | None) -> tuple[list[str], object]:
    """(keys in row order, graph) of ``matrix``: the graph in ``cache`` when it still fits
    (grown by the rows it lacks, its dead rows' keys ""), else a new one, written there."""
    matrix = matrix.astype(np.float16).astype(np.float32)  # what the graph stores, exactly
    if cache is None:
        return keys, _build(matrix)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        lock = open(cache.with_suffix(".lock"), "a")
    except OSError:  # a read-only data folder: each process builds its own
        return keys, _build(matrix)
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        held = _read(cache)
        if held is not None and (grown := _grow(held, keys, matrix)) is not None:
            if grown[0] != held[0]:
                _write(cache, *grown)
            return grown
        built = keys, _build(matrix)
        _write(cache, *built)
        return built


def _build(matrix: np.ndarray) -> object:
    faiss = _faiss()
    graph = faiss.IndexHNSWSQ(matrix.shape[1], faiss.ScalarQuantizer.QT_fp16, HNSW_M,
                              faiss.METRIC_INNER_PRODUCT)
    graph.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    graph.add(matrix)
    return graph


def _grow(held: tuple[list[str], object], keys: list[str], matrix: np.ndarray
          ) -> tuple[list[str], object] | None:
    """The graph ``held`` with its rows that are no longer one of ``keys`` with the same vector
    dead (key ""), and the rows of ``keys`` it lacks added; None when too many are dead."""
    old_keys, graph = held
    if graph.d != matrix.shape[1]:
        return None
    row = {key: i for i, key in enumerate(keys)}
    live = _same_rows(graph, matrix, np.array([row.get(key, -1) for key in old_keys]))
    if len(live) - live.sum() > MAX_DEAD * len(live):
        return None
    kept = [key if ok else "" for key, ok in zip(old_keys, live, strict=True)]
    known = set(kept)
    new = [i for i, key in enumerate(keys) if key not in known]
    if new:
        graph.add(matrix[new])
    return kept + [keys[i] for i in new], graph


def _same_rows(graph: object, matrix: np.ndarray, at: np.ndarray, step: int = 8192
               ) -> np.ndarray:
    """Per row of the graph, whether it is ``matrix[at]`` (False where ``at`` is -1)."""
    same = np.zeros(len(at), dtype=bool)
    for start in range(0, len(at), step):
        part = at[start:start + step]
        stored = graph.reconstruct_n(start, len(part))
        same[start:start + len(part)] = (part >= 0) & (stored == matrix[part]).all(axis=1)
    return same


def _read(path: Path) -> tuple[list[str], object] | None:
    """(keys, graph) of the file ``path``; None when there is none or it cannot be read
    (it is written whole or not at all, so that would be another faiss build's file)."""
    try:
        with np.load(path) as saved:
            keys = saved["keys"].tobytes().decode().split("\n")
            graph = _faiss().deserialize_index(saved["graph"])
    except (OSError, ValueError, KeyError, RuntimeError, zipfile.BadZipFile):
        return None
    return (keys, graph) if graph.ntotal == len(keys) else None


def _write(path: Path, keys: list[str], graph: object) -> None:
    tmp = path.with_suffix(".tmp")
    try:
        with open(tmp, "wb") as out:
            np.savez(out, keys=np.frombuffer("\n".join(keys).encode(), dtype=np.uint8),
                     graph=_faiss().serialize_index(graph))
        os.replace(tmp, path)
    except OSError:  # a full disk: the graph serves this process, the next one builds again
        tmp.unlink(missing_ok=True)


def rrf(lists: list[list[K]], k: int = RRF_K) -> dict[K, float]:
    """Reciprocal rank fusion: each list adds 1 / (k + rank) to the keys it holds (the two
    lists weighted alike: the vectors at 0.7 or 1.4 times the words did no better on the
    relevance questions' even half)."""
    scores: dict[K, float] = {}
    for ranked in lists:
        for rank, key in enumerate(ranked, 1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return scores


@dataclass
class HybridRecall:
    """The query model and the vector matrix of one searcher (loaded on first use)."""

    store: Store
    embedder: Embedder | None = None
    index: VectorIndex | None = None
    loaded_at: float = 0.0
    loaded_count: int = -1
    mapping: list[tuple[str, str]] | None = None  # of the store batch ``mapping_batch``
    mapping_batch: int | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._scopes: dict[tuple[str, ...], set[str]] = {}
        self._scopes_batch: int | None = None

    def _count(self, model: str, version: str | None = None) -> int:
        if "vectors" not in self.store.db.table_names():
            return 0
        sql, args = "SELECT COUNT(*) FROM vectors WHERE model = ?", [model]
        if version is not None:
            sql, args = sql + " AND version = ?", [*args, version]
        return self.store.conn.execute(sql, args).fetchone()[0]

    def _ready(self) -> VectorIndex | None:
        """The vectors to search, looked at again every ``REFRESH_SECONDS`` (reloaded when an
        embed run or an import changed them); None while the store holds no vector of the
        model: the model itself (70 MB, a second to load) is loaded only once there are some,
        so a store nobody embedded searches lexically at no cost."""
        with self._lock:
            now = time.monotonic()
            if self.loaded_at and now - self.loaded_at <= REFRESH_SECONDS:
                return self.index
            self.loaded_at = now
            if self.embedder is None:
                if not self._count(model_name()):
                    return None
                try:
                    self.embedder = load_embedder(model_name(), threads=QUERY_THREADS)
                except EmbeddingError:
                    return None
            count = self._count(self.embedder.name, self.embedder.version)
            batch = self.store.last_batch_id()
            if count != self.loaded_count or batch != self.mapping_batch:
                if batch != self.mapping_batch or self.mapping is None:
                    # passages are computed once per import, not at every refresh
                    self.mapping = [(th, ph) for th, ph, _p in latest_passages(self.store)]
                    self.mapping_batch = batch
                self.index = VectorIndex.load(self.store, self.embedder.name,
                                              self.embedder.version, self.mapping)
                self.loaded_count = count
            return self.index

    def fuse(self, engine: Engine, query: str, found: EngineResult, flt: Bool, window: int,
             budget: Budget, prefer: str | None = None,
             scope: Sequence[str] = ()) -> EngineResult:
        """``found`` (the lexical window, one hit per provision) fused with the nearest
        provisions that pass ``flt``; ``found`` itself when there are no vectors or no model.

        Both lists are fused per provision (work, eId), not per document: the vectors find an
        article in its Uzbek Latin passage and the words in its Russian text, and those two
        ranks are one provision's evidence. A provision shows the lexical hit where there is
        one (its snippet has the query's words), else the vectors' hit in the expression
        ``prefer`` names (``collapse.preferred``)."""
        if not query.strip() or requisites.article_ref(query) or requisites.act_numbers(query):
            return found  # a reference ("Mehnat kodeksi 39-modda", "ПФ-60") names its target
        index = self._ready()
        if index is None or not len(index):
            return found
        # the country named is the filter's, not the subject (lexsearch.countries)
        vector = self.embedder.query(query_text(without_countries(query)))
        ranked = [self._passing(engine, dict(index.nearest(vector)), flt, prefer)]
        if scope:  # the act the query names, searched apart (lexsearch.search.acts)
            inside = index.nearest_among(self._hashes_of(tuple(scope)), vector)
            ranked.append(self._passing(engine, dict(inside), flt, prefer))
        lexical = [provision_key(h) for h in found.hits]
        by_key: dict[tuple[str, str, str], EngineHit] = {
            provision_key(h): h for hits in reversed(ranked) for h in hits}
        by_key.update(zip(lexical, found.hits, strict=True))
        fused = rrf([lexical, *([provision_key(h) for h in hits] for hits in ranked)])
        order = sorted(fused, key=lambda key: -fused[key])[:window]
        out = [EngineHit(fused[key], by_key[key].fields, by_key[key].date) for key in order]
        extra = len(set(fused) - set(lexical))
        return EngineResult(found.total + extra, out, found.facets)

    @staticmethod
    def _passing(engine: Engine, near: dict[str, float], flt: Bool, prefer: str | None
                 ) -> list[EngineHit]:
        """The provisions of the nearest text hashes that pass ``flt``, one hit each, in the
        order of their similarity."""
        if not near:
            return []
        # VECTOR_DEPTH exact terms: a bounded lookup with its own budget (the first call of a
        # process spends seconds loading the model and matrix, which is not the query's cost)
        found = engine.search(Bool(must=(any_of("hash", list(near)),)), filter=flt,
                              limit=3 * len(near), budget=Budget(TIME_BUDGET)).hits
        # scored by their similarity, so that collapsing keeps the vectors' order; a chapter
        # or section is its heading alone, a short passage near many questions, and its
        # words are its articles' (their title field): the vectors answer with provisions
        return collapse(sorted((EngineHit(near[h.fields["hash"]], h.fields, h.date)
                                for h in found if h.fields["hash"] in near
                                and h.fields.get("kind") not in CONTAINER_KINDS),
                               key=lambda h: -h.score), prefer)

    def _hashes_of(self, works: tuple[str, ...]) -> set[str]:
        """The text hashes of the latest provisions of ``works`` (kept per import)."""
        batch = self.store.last_batch_id()
        if self._scopes_batch != batch:
            self._scopes, self._scopes_batch = {}, batch
        if works not in self._scopes:
            sql = _LATEST + f" AND w.uri IN ({', '.join('?' * len(works))})"
            self._scopes[works] = {row[2] for row in self.store.conn.execute(sql, works)}
        return self._scopes[works]


__all__ = ["HybridRecall", "VectorIndex", "embed", "latest_passages", "pending", "rrf"]
