"""Hybrid (lexical + semantic) recall against the lexical ranking, same run, same questions.

The questions are tests/relevance/ (bench/relevance_bench.py's loader and scoring), on every
work of the store or on a *subset corpus*: the works named by ``--work`` (their latest editions
embedded with ``lexsearch embed --work …``), the questions whose gold work is one of them, and
hits of other works dropped from both rankings before the top 10 is cut (as if only those works
were indexed). Embedding the whole sample (about 6,500 passages) takes 8-15 minutes on the two
cores here. Both rankings see exactly the same subset; the script refuses to run when a subset
work lacks vectors (``--allow-partial`` to override).

Latency (p95, ms): the query embedding, the vector search (the sample's matrix, and a synthetic
100k x dim one clustered like real vectors, bench/vector_bench.py's: searched through the HNSW
graph when faiss is installed), and the whole ``Searcher.search`` with and without fusion.

    python bench/hybrid_bench.py --data DIR [--work URI …]   # default: every work
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as `lexsearch serve` runs it
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from relevance_bench import LANGS, load_questions, rank_of, scores  # noqa: E402
from vector_bench import mixture  # noqa: E402

from lexsearch.embeddings import load_embedder, query_text  # noqa: E402
from lexsearch.search import Searcher  # noqa: E402
from lexsearch.store import Store  # noqa: E402
from lexsearch.vectors import QUERY_THREADS, HybridRecall, VectorIndex, pending  # noqa: E402

RESULTS = ROOT / "bench" / "hybrid.json"
DEPTH = 50  # hits asked for before the subset filter (10, as the page asks, for every work)


def p95(values: list[float]) -> float:
    return round(float(np.percentile(np.array(values) * 1000, 95)), 2)


def evaluate(searcher: Searcher, questions: list[dict], works: set[str], depth: int) -> dict:
    """Both modes per question, in alternating order (the same moments of a noisy machine)."""
    out: dict = {}
    modes = ("lexical", "hybrid")
    per_mode: dict[str, tuple[list, list]] = {mode: ([], []) for mode in modes}
    for n, q in enumerate(questions):
        for mode in modes if n % 2 == 0 else modes[::-1]:
            per_q, times = per_mode[mode]
            t = time.perf_counter()
            result = searcher.search(q["query"], limit=depth, hybrid=mode == "hybrid")
            times.append(time.perf_counter() - t)
            hits = [h for h in result.hits if h.work in works][:10]
            per_q.append((q, rank_of(hits, [(q["work"], e) for e in q["eids"]])))
    for mode in modes:
        per_q, times = per_mode[mode]
        run = {"overall": scores([r for _q, r in per_q]), "language": {}, "kind": {},
               "search_p50_ms": round(float(np.percentile(np.array(times) * 1000, 50)), 2),
               "search_p95_ms": p95(times)}
        for facet, key in (("language", "language"), ("kind", "kind")):
            groups: dict[str, list] = defaultdict(list)
            for q, r in per_q:
                groups[q[key]].append(r)
            order = LANGS if facet == "language" else sorted(groups)
            run[facet] = {k: scores(groups[k]) for k in order if k in groups}
        run["ranks"] = {q["id"]: r for q, r in per_q}
        out[mode] = run
    return out


def latency(searcher: Searcher, questions: list[dict], recall: HybridRecall) -> dict:
    embedder = recall.embedder
    index = recall._ready()
    q_times, v_times, vectors = [], [], []
    for q in questions:
        t = time.perf_counter()
        vec = embedder.query(query_text(q["query"]))
        q_times.append(time.perf_counter() - t)
        vectors.append(vec)
        t = time.perf_counter()
        index.nearest(vec)
        v_times.append(time.perf_counter() - t)
    big, _queries = mixture(100_000, 1, embedder.dim, seed=12)
    synthetic = VectorIndex([str(i) for i in range(len(big))], big)
    b_times = []
    for vec in vectors:
        t = time.perf_counter()
        synthetic.nearest(vec)
        b_times.append(time.perf_counter() - t)
    return {"query_embedding_p95_ms": p95(q_times), "sample_vectors": len(index),
            "vector_search_sample_p95_ms": p95(v_times),
            "vector_search_100k_p95_ms": p95(b_times),
            "hybrid_overhead_100k_p95_ms_estimate": round(p95(q_times) + p95(b_times), 2)}


def table(result: dict) -> str:
    lines = ["| ranking | slice | n | hit@1 | hit@3 | hit@10 | MRR@10 |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for mode in ("lexical", "hybrid"):
        run = result[mode]
        rows = [("overall", run["overall"])] + [(f"lang {k}", v)
                                               for k, v in run["language"].items()]
        rows += [(f"kind {k}", v) for k, v in run["kind"].items()]
        for name, s in rows:
            lines.append(f"| {mode} | {name} | {s['n']} | {s['hit@1']:.3f} | {s['hit@3']:.3f} "
                         f"| {s['hit@10']:.3f} | {s['mrr@10']:.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--work", dest="works", action="append",
                        help="a work of the subset (repeatable); default: every work")
    parser.add_argument("--engine", default="tantivy")
    parser.add_argument("--allow-partial", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    embedder = load_embedder(threads=QUERY_THREADS)  # as a searcher loads it
    subset = bool(args.works)
    with Store(args.data, readonly=True) as store:
        args.works = args.works or [w.uri for w in store.works(limit=None)]
        todo, total = pending(store, embedder.name, embedder.version, args.works)
    if todo and not args.allow_partial:
        raise SystemExit(f"{len(todo)} of {total} passages of the subset have no vector: "
                         f"run lexsearch --data {args.data} embed --work … first")
    works = set(args.works)
    questions = [q for q in load_questions() if q["work"] in works]
    with Searcher(args.data, args.engine) as searcher:
        searcher._recall = recall = HybridRecall(searcher.store, embedder=embedder)
        recall._ready()  # the matrix loaded before any timing
        searcher.search("warm-up", hybrid=True)
        result = {"measured_at": time.strftime("%Y-%m-%d %H:%M"),
                  "load_avg": [round(x, 2) for x in os.getloadavg()],
                  "engine": args.engine, "model": f"{embedder.name} {embedder.version}",
                  "subset_works": sorted(works), "subset_passages": total,
                  "passages_without_vector": len(todo), "questions": len(questions),
                  **evaluate(searcher, questions, works, DEPTH if subset else 10),
                  "latency": latency(searcher, questions, recall)}
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
    print(table(result))
    print(json.dumps(result["latency"], indent=1))
    print("search p95 ms: lexical", result["lexical"]["search_p95_ms"],
          "hybrid", result["hybrid"]["search_p95_ms"])


if __name__ == "__main__":
    main()
