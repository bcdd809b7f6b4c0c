"""Query cost: a normal query against 130 prefix terms, and normal latency under load.

Runs on a data folder that holds a store and its index (default: the sample in ``var/``):

1. the median time of a normal two-word query (``Searcher.search``, snippets and all);
2. the median time of a query of 130 prefix terms (``abc*`` ...), or how long it takes to be
   refused as over budget (``QueryTooExpensive``);
3. the median normal-query time while 4 client processes send queries as fast as they can:
   normal ones (the baseline: two cores shared by five processes), the 130-prefix query, and
   with ``--admitted N`` a query of N prefixes (the heaviest the budget admits is 16).

Every loop is bounded in count and time.

    python bench/query_cost.py --data var

``--parts`` measures instead where the time of the search benchmark's queries goes
(``bench/search_bench.py``: run it once so that ``bench/work/search-<n>`` exists), relaxed and
legacy ranking each on its own searcher: the whole search, the engine's searches, the facet
counting among them, the as-of points in time, the hits' snippets; then, for the two-word
queries (tantivy only), the forms of one search: the tree as built against ``engine.flatten``,
the in-force filter as a column range against a term, the facets counted over the query
against ``engine.match_only``, and the near-word phrases of the body text alone.

    python bench/query_cost.py --parts --data bench/work/search-1000000
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lexsearch.errors import LexsearchError  # noqa: E402
from lexsearch.search import Searcher  # noqa: E402
from lexsearch.search.engine import (  # noqa: E402
    FACETS,
    OPEN,
    Bool,
    Budget,
    Phrase,
    Range,
    flatten,
    match_only,
)

NORMAL = "shaxsiy ma'lumotlar"
PREFIXES = ["ish", "mod", "kod", "qon", "huq", "maj", "dav", "fuq", "tash", "mah", "bel",
            "tar", "sha", "ta'", "ma'", "qar", "xod", "kor", "ijr", "hok"]


def expensive_query(n: int) -> str:
    """``n`` distinct prefix terms built from common word beginnings (``ish* isha* ...``)."""
    out: list[str] = []
    i = 0
    while len(out) < n:
        base = PREFIXES[i % len(PREFIXES)]
        extra = "abdegiklmnoqrstuxyz"[(i // len(PREFIXES)) % 19] if i >= len(PREFIXES) else ""
        term = base + extra + "*"
        if term not in out:
            out.append(term)
        i += 1
    return " OR ".join(out)


def timed(searcher: Searcher, query: str, runs: int, budget_s: float) -> tuple[float, str]:
    """Median seconds of ``runs`` searches (fewer when ``budget_s`` runs out), and the outcome."""
    times, outcome = [], "ok"
    deadline = time.monotonic() + budget_s
    for _ in range(runs):
        started = time.perf_counter()
        try:
            searcher.search(query, limit=10)
        except LexsearchError as exc:
            outcome = f"refused: {type(exc).__name__}"
        times.append(time.perf_counter() - started)
        if time.monotonic() > deadline:
            break
    return statistics.median(times), outcome


def _client(data: str, query: str, stop_at: float) -> None:
    with Searcher(data) as searcher:
        while time.time() < stop_at:
            try:
                searcher.search(query, limit=10)
            except LexsearchError:
                pass


def under_load(data: str, query: str, clients: int, seconds: float) -> float:
    """Median normal-query time while ``clients`` processes run ``query`` in a loop."""
    stop_at = time.time() + seconds + 2
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_client, args=(data, query, stop_at)) for _ in range(clients)]
    for p in procs:
        p.start()
    time.sleep(1.5)  # let them start
    with Searcher(data) as searcher:
        median, _ = timed(searcher, NORMAL, 200, seconds)
    for p in procs:
        p.join(timeout=seconds + 30)
        if p.is_alive():
            p.terminate()
    return median


# ---- where the time goes (--parts) ------------------------------------------------------
class Timed(Searcher):
    """A searcher that adds up, per search, the time of its stages (``spent``) and keeps the
    engine's window searches (``calls``: query, filter, facets asked)."""

    def __init__(self, data: str) -> None:
        super().__init__(data, "tantivy", hybrid=False)
        self.spent: dict[str, float] = {}
        self.calls: list[tuple] = []
        self.unwrapped = self.engine.search  # the replays' (untimed, unkept)
        self.engine.search = self._timed("engine", self.engine.search, self._keep)
        self.asof.point_in_time = self._timed("as-of points in time", self.asof.point_in_time)

    def _keep(self, query, **kw) -> None:
        if kw.get("facets"):
            self.calls.append((query, kw.get("filter"), kw.get("limit", 10)))

    def _timed(self, name, fn, note=None):
        def run(*args, **kwargs):
            if note is not None:
                note(*args, **kwargs)
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.spent[name] = self.spent.get(name, 0.0) + time.perf_counter() - started
        return run

    def _hits(self, *args, **kwargs):
        return self._timed("hits, snippets", super()._hits)(*args, **kwargs)


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"{statistics.mean(values) * 1000:6.1f} {statistics.median(values) * 1000:6.1f} " \
           f"{p95 * 1000:6.1f}"


def _median_ms(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def parts(data: str, n: int) -> None:
    from bench.search_bench import make_queries
    from lexsearch.store import Store

    with Store(data) as store:
        queries = make_queries(store, n)
    for ranking in ("relaxed", "legacy"):
        rows: list[dict[str, float]] = []
        pairs: list[tuple] = []  # the two-word queries' window searches
        with Timed(data) as searcher:
            for i, (q, opts) in enumerate(queries):
                searcher.spent.clear()
                searcher.calls.clear()
                started = time.perf_counter()
                searcher.search(q, limit=10, ranking=ranking, **opts)
                row = {"search": time.perf_counter() - started, **searcher.spent}
                facets = 0.0
                for query, flt, limit in searcher.calls:
                    def count(asked, query=query, flt=flt, limit=limit):
                        searcher.unwrapped(query, filter=flt, limit=limit, facets=asked)
                    facets += (_median_ms(lambda: count(FACETS))
                               - _median_ms(lambda: count(()))) / 1000
                row["facet counting (replayed)"] = max(0.0, facets)
                rows.append(row)
                if i % 6 == 1:
                    pairs += searcher.calls
            print(f"== {ranking}: {len(rows)} queries  (ms: mean, p50, p95)")
            for name in sorted({k for r in rows for k in r}, key=lambda k: k != "search"):
                print(f"  {name:28} {_ms([r.get(name, 0.0) for r in rows])}")
            if ranking == "relaxed":
                forms(searcher.engine, pairs)


def forms(engine, calls: list[tuple]) -> None:
    """The two-word queries' searches in each form, tantivy's time (ms, median of 3 runs)."""
    totals: dict[str, list[float]] = {}
    for query, flt, limit in calls:
        for name, ms in _forms(engine, query, flt, limit).items():
            totals.setdefault(name, []).append(ms)
    print(f"  two-word queries, tantivy's time of their {len(calls)} window searches (ms):")
    for name, values in totals.items():
        ordered = sorted(values)
        print(f"    {name:26} mean {statistics.mean(values):6.1f}  "
              f"p90 {ordered[int(len(ordered) * 0.9) - 1]:6.1f}  max {ordered[-1]:6.1f}")


def _forms(engine, query, flt, limit: int) -> dict[str, float]:
    searcher = engine.index.searcher()
    agg = {f: {"terms": {"field": f, "size": 20}} for f in FACETS}

    def compiled(node):
        return engine._compile(node, searcher, Budget(None))

    def window(node, flt_node=flt):
        return lambda: searcher.search(engine._filtered(compiled(node), compiled(flt_node)),
                                       limit, count=True)

    def facets(node):
        return lambda: searcher.aggregate(engine._filtered(compiled(node), compiled(flt)), agg)

    # valid_to >= OPEN - 1: the same texts as valid_to = OPEN, through a scan of the column
    as_range = Bool(must=tuple(Range(n.field, OPEN - 1, None) if n == Range("valid_to", OPEN)
                               else n for n in flt.must), must_not=flt.must_not)
    timed = {"window, tree as built": window(query),
             "window, flattened": window(flatten(query)),
             "window, filter a range": window(flatten(query), as_range),
             "facets over the query": facets(query),
             "facets over match_only": facets(match_only(query))}
    near = tuple(p for p in _phrases(query) if p.field.startswith("text_"))
    if near:
        timed["near phrases, body text"] = window(Bool(should=near))
    return {name: _median_ms(fn) for name, fn in timed.items()}


def _phrases(node) -> list[Phrase]:
    if isinstance(node, Phrase) and node.slop:
        return [node]
    if isinstance(node, Bool):
        return [p for n in node.must + node.should for p in _phrases(n)]
    return []


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "var"))
    ap.add_argument("--parts", action="store_true",
                    help="where the search benchmark's queries spend their time (see above)")
    ap.add_argument("--queries", type=int, default=500, help="with --parts: how many")
    ap.add_argument("--prefixes", type=int, default=130)
    ap.add_argument("--admitted", type=int, default=0,
                    help="also load with the largest prefix count the budget admits")
    ap.add_argument("--seconds", type=float, default=8.0)
    args = ap.parse_args()
    if args.parts:
        parts(args.data, args.queries)
        return
    heavy = expensive_query(args.prefixes)
    with Searcher(args.data) as searcher:
        searcher.search(NORMAL)  # warm caches
        normal, _ = timed(searcher, NORMAL, 50, 10)
        cost, outcome = timed(searcher, heavy, 10, 30)
    print(f"normal query: {normal * 1000:.1f} ms")
    print(f"{args.prefixes} prefix terms: {cost * 1000:.1f} ms ({outcome}), "
          f"{cost / normal:.1f}x normal")
    loaded = under_load(args.data, NORMAL, 4, args.seconds)
    print(f"normal query with 4 clients sending normal queries: {loaded * 1000:.1f} ms, "
          f"{loaded / normal:.1f}x")
    loaded = under_load(args.data, heavy, 4, args.seconds)
    print(f"normal query with 4 clients sending the {args.prefixes}-prefix query: "
          f"{loaded * 1000:.1f} ms, {loaded / normal:.1f}x")
    if args.admitted:
        admitted = expensive_query(args.admitted)
        with Searcher(args.data) as searcher:
            cost, outcome = timed(searcher, admitted, 10, 30)
        print(f"{args.admitted} prefix terms: {cost * 1000:.1f} ms ({outcome})")
        loaded = under_load(args.data, admitted, 4, args.seconds)
        print(f"normal query with 4 clients sending the {args.admitted}-prefix query: "
              f"{loaded * 1000:.1f} ms, {loaded / normal:.1f}x")


if __name__ == "__main__":
    main()
