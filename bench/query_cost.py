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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "var"))
    ap.add_argument("--prefixes", type=int, default=130)
    ap.add_argument("--admitted", type=int, default=0,
                    help="also load with the largest prefix count the budget admits")
    ap.add_argument("--seconds", type=float, default=8.0)
    args = ap.parse_args()
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
