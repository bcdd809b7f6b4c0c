"""SQLite against PostgreSQL as the store, on the same corpus in one run.

A PostgreSQL 15 primary is started in a scratch folder (lexsearch/pgcluster.py; Debian's
binaries). Each round imports the sample corpus (the Makefile's four releases, one release
each) into a fresh SQLite data folder and into a fresh PostgreSQL database, in alternating
order, and builds each one's search index. Then the same requests go to both, interleaved
request by request (this machine is noisy: both backends see the same moments): searches
(the first ``--queries`` questions of every language in tests/relevance/) and act pages
(Labour Code in three languages, the Tax Code), in-process with the response cache off.
Import throughput (provisions/s), index build time and p50/p95 per request kind are written
to ``bench/store.json``, with the PostgreSQL/SQLite ratio of each.

    python bench/store_bench.py [--rounds 2] [--queries 10] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from page_bench import RELEASES, percentile  # noqa: E402

from indexes.build import update_index  # noqa: E402
from ingest.importer import import_release  # noqa: E402
from lexsearch import db, pgcluster  # noqa: E402
from lexsearch.store import Store  # noqa: E402
from web import create_app  # noqa: E402

RESULTS = ROOT / "bench" / "store.json"
LABOUR = "/akn/uz/act/kodeks/2022-10-28/orq-798"
PAGES = [f"{LABOUR}/uzb", f"{LABOUR}/uzb-Cyrl", f"{LABOUR}/rus",
         "/akn/uz/act/kodeks/2019-12-30/orq-599"]


def questions(per_language: int) -> list[str]:
    out = []
    for path in sorted((ROOT / "tests" / "relevance").glob("*.jsonl")):
        rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        out.extend(r["query"] for r in rows[:per_language])
    return out


def use(url: str | None) -> None:
    """Point every Store this process opens at ``url`` (None: the data folder's SQLite)."""
    if url:
        os.environ["LEXSEARCH_STORE"] = url
    else:
        os.environ.pop("LEXSEARCH_STORE", None)


def load(data: Path, url: str | None) -> dict:
    use(url)
    started = time.perf_counter()
    with Store(data) as store:
        for name in RELEASES:
            report = import_release(store, [ROOT / "corpora" / name])
            if not report.ok:
                raise SystemExit(f"importing corpora/{name} failed: {report.errors}")
        imported = time.perf_counter() - started
        provisions = store.stats()["provisions"]
        started = time.perf_counter()
        update_index(store, data)
        indexed = time.perf_counter() - started
    return {"import_s": round(imported, 2), "provisions": provisions,
            "provisions_per_s": round(provisions / imported), "index_s": round(indexed, 2)}


def timed(client, path: str, query: dict | None = None) -> float:
    started = time.perf_counter()
    resp = client.get(path, query_string=query)
    _ = resp.data
    if resp.status_code != 200:
        raise SystemExit(f"{path} {query}: HTTP {resp.status_code}: {resp.data[:200]!r}")
    return (time.perf_counter() - started) * 1000


def summary(times: list[float]) -> dict:
    return {"n": len(times), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1)}


def serve_both(targets: dict[str, tuple[Path, str | None]], queries: list[str],
               runs: int) -> dict:
    clients = {name: create_app({"DATA_DIR": str(data), "RESPONSE_CACHE_MB": 0,
                                 "TESTING": True}).test_client()
               for name, (data, _url) in targets.items()}
    times: dict[str, dict[str, list[float]]] = {n: {"search": [], "act page": []}
                                                for n in targets}
    requests = [("search", "/search", {"q": q}) for q in queries] + \
               [("act page", p, None) for p in PAGES]
    for name, (_data, url) in targets.items():  # warm up: analysers, templates, pools
        use(url)
        for _kind, path, query in requests[:3] + requests[-1:]:
            timed(clients[name], path, query)
    for _ in range(runs):
        for kind, path, query in requests:
            for name, (_data, url) in targets.items():
                use(url)
                times[name][kind].append(timed(clients[name], path, query))
    return {name: {kind: summary(t) for kind, t in kinds.items()}
            for name, kinds in times.items()}


def ratio(pg: float, lite: float) -> float:
    return round(pg / lite, 2) if lite else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="imports per backend")
    parser.add_argument("--queries", type=int, default=10, help="questions per language")
    parser.add_argument("--runs", type=int, default=5, help="passes over the requests")
    args = parser.parse_args()
    reason = pgcluster.unavailable()
    if reason:
        raise SystemExit(f"PostgreSQL: {reason} (tests/install_postgres.sh installs it)")
    scratch = pgcluster.scratch_dir("lexsearch-storebench-")
    server = pgcluster.init_primary(scratch / "primary")
    try:
        with tempfile.TemporaryDirectory(prefix="store-bench-") as tmp:
            imports: dict[str, list[dict]] = {"sqlite": [], "postgresql": []}
            targets: dict[str, tuple[Path, str | None]] = {}
            for round_ in range(args.rounds):
                order = ["sqlite", "postgresql"] if round_ % 2 == 0 else \
                    ["postgresql", "sqlite"]
                for name in order:
                    data = Path(tmp) / f"{name}-{round_}"
                    url = server.create_database(f"bench_{round_}") if name == "postgresql" \
                        else None
                    imports[name].append(load(data, url))
                    print(f"round {round_ + 1} {name}: {imports[name][-1]}", flush=True)
                    targets[name] = (data, url)
            serving = serve_both(targets, questions(args.queries), args.runs)
            use(None)
    finally:
        db.close_pools()
        server.stop("fast")
        shutil.rmtree(scratch, ignore_errors=True)
    best = {n: min(rows, key=lambda r: r["import_s"]) for n, rows in imports.items()}
    out = {
        "corpus": [f"corpora/{r}" for r in RELEASES], "rounds": args.rounds,
        "load_average": os.getloadavg()[0], "cpus": os.cpu_count(),
        "client": "Flask test client, in-process, response cache off; requests interleaved "
                  "between the backends",
        "postgresql": "15, local primary on loopback (lexsearch/pgcluster.py defaults)",
        "imports": imports, "serving": serving,
        "ratio_postgresql_to_sqlite": {
            "import_s (best round)": ratio(best["postgresql"]["import_s"],
                                           best["sqlite"]["import_s"]),
            "index_s (best round)": ratio(best["postgresql"]["index_s"],
                                          best["sqlite"]["index_s"]),
            **{f"{kind} {q}": ratio(serving["postgresql"][kind][q], serving["sqlite"][kind][q])
               for kind in ("search", "act page") for q in ("p50_ms", "p95_ms")}},
    }
    RESULTS.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out["ratio_postgresql_to_sqlite"], indent=1))
    for name, kinds in serving.items():
        print(name, kinds)


if __name__ == "__main__":
    main()
