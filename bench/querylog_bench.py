"""Query log benchmark: ``/search`` latency with the query log on and off, in the same run.

Two portal apps read the same data folder (the sample corpus that ``make run`` loads, imported
and indexed once under ``bench/work/querylog-data``), with the response cache off so every
request runs the search. The relevance questions of ``tests/relevance/`` (real-world queries in
four languages) are sent ``--rounds`` times to both, alternating which app goes first, so drift
on the shared machine falls on both sides alike. Also timed: the request-side cost of logging
alone (``make_search`` + ``QueryLog.record``), and what the writer thread wrote and dropped.

    python bench/querylog_bench.py --rounds 3

Results go to ``bench/querylog.json``; a markdown table is printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexes.build import update_index  # noqa: E402
from ingest.importer import import_release  # noqa: E402
from lexsearch.querylog import QueryLog, make_search  # noqa: E402
from lexsearch.store import STORE_FILE, Store  # noqa: E402
from web import create_app  # noqa: E402

DATA = ROOT / "bench" / "work" / "querylog-data"
RELEASES = ("uz-lexuz-2025", "uz-lexuz-2026-07", "uz-multi", "ru-pravo")
RESULTS = ROOT / "bench" / "querylog.json"


def data_folder() -> Path:
    if (DATA / STORE_FILE).exists():
        return DATA  # imported and indexed by an earlier run
    DATA.mkdir(parents=True, exist_ok=True)
    with Store(DATA) as store:
        for name in RELEASES:
            report = import_release(store, [ROOT / "corpora" / name])
            if not report.ok:
                raise SystemExit(f"importing corpora/{name} failed: {report.errors[:3]}")
        update_index(store, DATA)
    return DATA


def queries() -> list[str]:
    out = []
    for path in sorted((ROOT / "tests" / "relevance").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["query"])
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(ms: list[float]) -> dict:
    return {"n": len(ms), "p50_ms": round(pct(ms, 50), 2), "p95_ms": round(pct(ms, 95), 2),
            "mean_ms": round(statistics.fmean(ms), 2)}


def record_cost(folder: Path, n: int = 20_000) -> float:
    """Microseconds per logged search on the request side (the writer thread runs meanwhile)."""
    log = QueryLog(folder / "cost.sqlite", flush_seconds=0.5)
    start = time.perf_counter()
    for i in range(n):
        log.record(make_search(f"mehnat shartnomasi {i % 500}", {"lang": "uzb"}, i % 7))
    per = (time.perf_counter() - start) / n * 1e6
    log.flush()
    return round(per, 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    data = data_folder()
    qs = queries()
    with tempfile.TemporaryDirectory(prefix="querylog-bench-") as tmp:
        common = {"DATA_DIR": str(data), "TESTING": True, "RESPONSE_CACHE_MB": 0}
        on = create_app({**common, "QUERYLOG_PATH": str(Path(tmp) / "querylog.sqlite")})
        off = create_app({**common, "QUERYLOG": False})
        clients = {"on": on.test_client(), "off": off.test_client()}
        for q in qs[:20]:  # warm both: searchers opened, caches of the analysis chains filled
            for client in clients.values():
                client.get("/search", query_string={"q": q})
        times: dict[str, list[float]] = {"on": [], "off": []}
        for r in range(args.rounds):
            for i, q in enumerate(qs):
                order = ("on", "off") if (i + r) % 2 == 0 else ("off", "on")
                for name in order:
                    start = time.perf_counter()
                    resp = clients[name].get("/search", query_string={"q": q})
                    times[name].append((time.perf_counter() - start) * 1000)
                    if resp.status_code != 200:
                        raise SystemExit(f"{name}: {q!r} answered {resp.status_code}")
        log = on.extensions["lexsearch_querylog"]
        log.flush()
        status = log.status()
        cost = record_cost(Path(tmp))
    result = {"queries": len(qs), "rounds": args.rounds, "on": summary(times["on"]),
              "off": summary(times["off"]),
              "p50_ratio": round(pct(times["on"], 50) / pct(times["off"], 50), 3),
              "p95_ratio": round(pct(times["on"], 95) / pct(times["off"], 95), 3),
              "record_us": cost, "written": status["written"], "dropped": status["dropped"]}
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print("| logging | requests | p50 ms | p95 ms | mean ms |\n|---|---:|---:|---:|---:|")
    for name in ("off", "on"):
        s = result[name]
        print(f"| {name} | {s['n']} | {s['p50_ms']} | {s['p95_ms']} | {s['mean_ms']} |")
    print(f"\np50 on/off {result['p50_ratio']}, p95 on/off {result['p95_ratio']}; request-side "
          f"cost of logging {cost} µs per search; written {status['written']}, dropped "
          f"{status['dropped']}")


if __name__ == "__main__":
    main()
