"""Search benchmark: index build rate, index size, p50/p95 latency WITH snippets.

For each size it generates a scaled corpus (``bench/gen_corpus.py``, cached under
``bench/work/search-<n>``), rebuilds the index of each engine, then runs 500 mixed queries
(words, two-word AND, phrases, prefix, filters, as-of) through ``Searcher.search`` -- parsing,
engine, grouping, facets and snippets cut from the store -- and records the latencies. Results
go to ``bench/results.json`` (one row per engine and size, replaced by the next run); a markdown
table is printed for the README.

    python bench/search_bench.py --sizes 10000 100000 --engines tantivy whoosh
    python bench/search_bench.py --sizes 1000000 --engines tantivy   # about 6 minutes
    python bench/search_bench.py --sizes 1000000 --engines tantivy --rankings relaxed legacy

``--rankings``: every query is run in each ranking in turn (the order alternating from query to
query), so the rankings are timed over the same moments of a noisy machine, each on a searcher
of its own (its own caches); the row then has p50/p95 per ranking and the ratio of the first to
the second.

Whoosh at 1M provisions would take hours on two cores: run it at 10k and 100k only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_corpus import generate  # noqa: E402
from indexes.build import rebuild_index  # noqa: E402
from lexsearch.search import Searcher  # noqa: E402
from lexsearch.store import Store  # noqa: E402

WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.json"
QUERIES = 500


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def make_queries(store: Store, n: int, seed: int = 11) -> list[tuple[str, dict]]:
    """Mixed queries drawn from the corpus's own words."""
    rng = random.Random(seed)
    works = store.works(limit=300)
    words_by_lang: dict[str, list[list[str]]] = {"uzb": [], "rus": []}
    for work in works[:60]:
        edition = store.editions(work.uri)[-1]
        for p in store.provisions(edition)[:20]:
            ws = [w for w in re.findall(r"[^\W\d_]{5,}", p.text or "")]
            if len(ws) > 3:
                words_by_lang.setdefault(edition.lang, []).append(ws)
    out: list[tuple[str, dict]] = []
    for i in range(n):
        lang = "rus" if i % 5 == 0 and words_by_lang["rus"] else "uzb"
        ws = rng.choice(words_by_lang[lang])
        j = rng.randrange(len(ws) - 1)
        kind = i % 6
        if kind == 0:
            out.append((ws[j], {}))
        elif kind == 1:
            out.append((f"{ws[j]} {rng.choice(ws)}", {}))
        elif kind == 2:
            out.append((f'"{ws[j]} {ws[j + 1]}"', {}))
        elif kind == 3:
            out.append((ws[j], {"lang": lang, "type": rng.choice(["qonun", "kodeks", "pf"])}))
        elif kind == 4:
            out.append((ws[j], {"as_of": f"{rng.randrange(1998, 2027)}-01-01"}))
        else:
            out.append((ws[j][:5] + "*", {"status": "in_force"}))
    return out


def _p95(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1)


def bench_engine(data: Path, engine: str, queries: list[tuple[str, dict]],
                 rankings: list[str | None] | None = None) -> dict:
    load = [round(x, 2) for x in os.getloadavg()]  # other work on the machine skews the figures
    rankings = rankings or [None]  # None: the service's default ranking
    with Store(data) as store:
        report = rebuild_index(store, data, engine)
        provisions = store.stats()["provisions"]
    size = dir_size(data / "index" / engine)
    latencies: dict[str | None, list[float]] = {r: [] for r in rankings}
    # One searcher per ranking: each pays for its own caches (the as-of points in time of the
    # works among its hits, the works read), as a server running that ranking would; with
    # one searcher shared, a ranking whose hits are among the other's ran on its warm caches.
    searchers = {r: Searcher(data, engine) for r in rankings}
    try:
        for q, opts in queries[:20]:  # warm-up
            for ranking in rankings:
                searchers[ranking].search(q, ranking=ranking, **opts)
        for i, (q, opts) in enumerate(queries):
            for ranking in (rankings if i % 2 == 0 else rankings[::-1]):
                t = time.perf_counter()
                searchers[ranking].search(q, limit=10, ranking=ranking, **opts)
                latencies[ranking].append((time.perf_counter() - t) * 1000)
    finally:
        for searcher in searchers.values():
            searcher.close()
    first = latencies[rankings[0]]
    row = {"engine": engine, "provisions": provisions, "index_docs": report.docs,
           "build_seconds": round(report.seconds, 1),
           "build_docs_per_s": round(report.docs / report.seconds),
           "build_provisions_per_s": round(provisions / report.seconds),
           "index_mb": round(size / 1e6, 1),
           "p50_ms": round(statistics.median(first), 1), "p95_ms": _p95(first),
           "queries": len(first), "load_avg_before": load}
    if len(rankings) > 1:
        row["ranking"] = {str(r): {"p50_ms": round(statistics.median(t), 1), "p95_ms": _p95(t)}
                          for r, t in latencies.items()}
        a, b = (row["ranking"][str(r)] for r in rankings[:2])
        row["ranking_ratio_p95"] = f"{rankings[0]}/{rankings[1]} = " \
                                   f"{a['p95_ms'] / b['p95_ms']:.2f}"
    return row


def table(rows: list[dict]) -> str:
    head = ("| engine | stored provisions | index documents | build s | build docs/s "
            "| build provisions/s | index MB | p50 ms | p95 ms |\n"
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    lines = [f"| {r['engine']} | {r['provisions']:,} | {r['index_docs']:,} | "
             f"{r['build_seconds']} | {r['build_docs_per_s']:,} | "
             f"{r['build_provisions_per_s']:,} | {r['index_mb']} | {r['p50_ms']} | "
             f"{r['p95_ms']} |" for r in rows]
    return "\n".join([head, *lines])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--engines", nargs="+", default=["tantivy", "whoosh"])
    parser.add_argument("--rankings", nargs="+", default=None,
                        help="time each query in these rankings (relaxed legacy)")
    args = parser.parse_args()
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"runs": []}
    for size in args.sizes:
        data = WORK / f"search-{size}"
        if not (data / "lexsearch.db").exists():
            print(f"generating {size:,} provisions …", flush=True)
            print(generate(data, size), flush=True)
        with Store(data) as store:
            queries = make_queries(store, QUERIES)
        for engine in args.engines:
            row = bench_engine(data, engine, queries, args.rankings)
            row["size"] = size
            row["measured_at"] = time.strftime("%Y-%m-%d %H:%M")
            print(row, flush=True)
            results["runs"] = [r for r in results["runs"]
                               if (r["engine"], r["size"]) != (engine, size)]
            results["runs"].append(row)
            RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    rows = sorted(results["runs"], key=lambda r: (r["engine"], r["provisions"]))
    print(table(rows))


if __name__ == "__main__":
    main()
