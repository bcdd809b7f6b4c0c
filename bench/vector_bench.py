"""Vector search at scale: brute force against the HNSW graph of ``lexsearch.vectors``.

There are not 100k real vectors yet (the sample corpus has about 6,500 passages), so the
matrices are synthetic, but shaped like the real ones rather than uniform noise, on which neither recall nor speed would mean anything: multilingual-e5 vectors of the
sample's provisions share one strong direction (mean pairwise cosine 0.83, norm of their mean
0.91) and a provision's nearest neighbour sits at cosine 0.93. So each vector is that common
direction plus one of n/100 cluster centres (sizes drawn from a Dirichlet) plus noise,
normalised and stored as float16; queries are drawn around the same centres with more noise
(a question is further from its passage than two passages of one topic).

Per size: brute force and HNSW ``nearest`` p50/p95 over the queries (k = 50, as the hybrid
asks), the graph's build seconds on one thread (what a searcher pays), reading it back from
its file, growing it by 1% new rows (an embedding run in progress), dropping 1% of its rows
(a new edition: left out of its answers, not rebuilt), and recall@10/@50 of the graph against
brute force. Results go to bench/vectors.json with the load average, one
entry per OpenBLAS thread setting (brute force's matrix product runs on its threads; a web
worker's other threads and processes contend with them):

    python bench/vector_bench.py [--sizes 10000 20000 100000] [--queries 200]
    OPENBLAS_NUM_THREADS=1 python bench/vector_bench.py
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lexsearch import vectors  # noqa: E402
from lexsearch.vectors import VectorIndex  # noqa: E402

RESULTS = ROOT / "bench" / "vectors.json"
DIM = 384  # multilingual-e5-small
K = 50  # vectors.VECTOR_DEPTH
# variances per dimension x DIM, around the common direction (norm 1): between cluster
# centres, within a cluster, of a query around its centre (fitted to the real vectors' cosines)
CENTRE_SPREAD, ROW_SPREAD, QUERY_SPREAD = 0.12, 0.085, 0.15


def mixture(n: int, queries: int, dim: int = DIM, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(n x dim float16 unit rows, queries x dim float32 unit rows) of one Gaussian mixture."""
    rng = np.random.default_rng(seed)
    common = rng.standard_normal(dim, dtype=np.float32)
    common /= np.linalg.norm(common)
    k = max(n // 100, 1)
    centres = common + rng.standard_normal((k, dim), dtype=np.float32) * np.sqrt(
        CENTRE_SPREAD / dim)
    weights = rng.dirichlet(np.ones(k))

    def draw(count: int, spread: float) -> np.ndarray:
        rows = centres[rng.choice(k, size=count, p=weights)]
        rows += rng.standard_normal((count, dim), dtype=np.float32) * np.sqrt(spread / dim)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    return draw(n, ROW_SPREAD).astype(np.float16), draw(queries, QUERY_SPREAD)


def timed(index: VectorIndex, queries: np.ndarray) -> tuple[list[list[str]], dict]:
    found, times = [], []
    for q in queries:
        t = time.perf_counter()
        found.append([key for key, _s in index.nearest(q, K)])
        times.append(time.perf_counter() - t)
    ms = np.array(times) * 1000
    return found, {"p50_ms": round(float(np.percentile(ms, 50)), 3),
                   "p95_ms": round(float(np.percentile(ms, 95)), 3)}


def recall(got: list[list[str]], want: list[list[str]], k: int) -> float:
    return round(float(np.mean([len(set(g[:k]) & set(w[:k])) / k
                                for g, w in zip(got, want, strict=True)])), 4)


def measure(n: int, queries: int, folder: Path) -> dict:
    extra = max(n // 100, 1)
    matrix, qs = mixture(n + extra, queries)
    keys = [f"{i:x}" for i in range(n + extra)]
    sample = matrix[:2000].astype(np.float32)
    pairs = sample @ sample.T
    brute = VectorIndex(keys[:n], matrix[:n], ann_min=n + 1)
    want, brute_t = timed(brute, qs)
    nn1 = float(np.mean([brute.nearest(q, 1)[0][1] for q in qs]))
    del brute
    cache = folder / f"{n}.npz"
    t = time.perf_counter()
    hnsw = VectorIndex(keys[:n], matrix[:n], cache=cache, ann_min=0)
    build = time.perf_counter() - t
    got, hnsw_t = timed(hnsw, qs)
    t = time.perf_counter()
    VectorIndex(keys[:n], matrix[:n], cache=cache, ann_min=0)
    reopen = time.perf_counter() - t
    t = time.perf_counter()
    grown = VectorIndex(keys, matrix, cache=cache, ann_min=0)
    grow = time.perf_counter() - t
    assert grown.ann.ntotal == n + extra
    del hnsw, grown
    t = time.perf_counter()
    edited = VectorIndex(keys[extra:], matrix[extra:], cache=cache, ann_min=0)
    drop = time.perf_counter() - t
    assert edited.ann.ntotal == n + extra and len(edited) == n  # left out, not rebuilt
    edited_got, _t = timed(edited, qs)
    edited_want, _t = timed(VectorIndex(keys[extra:], matrix[extra:], ann_min=n + 1), qs)
    return {"vectors": n, "query_nearest_cos": round(nn1, 3),
            "synthetic_mean_pair_cos": round(float(pairs[np.triu_indices(2000, 1)].mean()), 3),
            "brute_force": brute_t, "hnsw": hnsw_t, "hnsw_build_s": round(build, 2),
            "hnsw_reopen_from_file_s": round(reopen, 2), "hnsw_grow_by_1pct_s": round(grow, 2),
            "hnsw_drop_1pct_s": round(drop, 2),
            "hnsw_file_mb": round(cache.stat().st_size / 1e6, 1),
            "recall@10": recall(got, want, 10), "recall@50": recall(got, want, K),
            "recall@50_after_drop": recall(edited_got, edited_want, K)}


def commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                         capture_output=True, text=True)
    return out.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    faiss = vectors._faiss()
    if faiss is None:
        raise SystemExit("faiss is not installed: pip install faiss-cpu (the semantic extra)")
    # brute force's numpy product runs on OpenBLAS's threads: one entry per setting, whose
    # sizes are replaced by a later run of the same size (each row says when and under what load)
    blas = f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}"
    runs = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    run = runs.setdefault(blas, {"sizes": {}})
    run.update({"cpus": os.cpu_count(), "faiss": faiss.__version__, "dim": DIM, "k": K,
                "hnsw": {"M": vectors.HNSW_M, "efConstruction": vectors.HNSW_EF_CONSTRUCTION,
                         "efSearch": vectors.HNSW_EF_SEARCH, "storage": "fp16",
                         "faiss_threads": faiss.omp_get_max_threads()},
                "ann_min": vectors.ANN_MIN})
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            row = {"measured_at": time.strftime("%Y-%m-%d %H:%M"), "commit": commit(),
                   "load_avg_before": [round(x, 2) for x in os.getloadavg()],
                   "queries": args.queries, **measure(n, args.queries, Path(folder))}
            row["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
            run["sizes"][str(n)] = row
            print(json.dumps(row), flush=True)
    args.out.write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")

if __name__ == "__main__":
    main()
