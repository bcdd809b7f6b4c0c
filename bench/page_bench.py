"""How long the portal takes to render an act page, per language, and the parallel view.

The sample corpus (``corpora/``, as ``make run`` loads it) is imported into a fresh data folder
(or ``--data DIR`` is used as it is), and the Flask app is called in-process with the
per-process response cache off (``RESPONSE_CACHE_MB=0``) and no ``If-None-Match``, so every
request renders the page: store reads, citation links, template. Pages: the Labour Code
(OʻRQ-798) in each of its languages (uzb, uzb-Cyrl, rus), its parallel views, the Tax Code
(the largest page) and the personal data law's automatic transliteration (uzb → uzb-Cyrl). Each page is requested
``--warmup`` times, then ``--runs`` times timed; p50/p95/max in milliseconds, the HTML size and
its brotli size (what a browser downloads), and the p95 of a request that also compresses it
(``Accept-Encoding: br``). Results go to ``bench/pages.json`` and ``bench/pages.md``.

    python bench/page_bench.py [--runs 30] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.importer import import_release  # noqa: E402
from lexsearch.store import Store  # noqa: E402
from web import create_app  # noqa: E402

RELEASES = ("uz-lexuz-2025", "uz-lexuz-2026-07", "uz-multi", "ru-pravo")  # as the Makefile
LABOUR = "/akn/uz/act/kodeks/2022-10-28/orq-798"
TAX = "/akn/uz/act/kodeks/2019-12-30/orq-599"
PERSONAL_DATA = "/akn/uz/act/qonun/2019-07-02/orq-547"  # uzb only: Cyrillic is transliterated
PAGES = [
    ("Labour Code, uzb", "uzb", f"{LABOUR}/uzb"),
    ("Labour Code, uzb-Cyrl", "uzb-Cyrl", f"{LABOUR}/uzb-Cyrl"),
    ("Labour Code, rus", "rus", f"{LABOUR}/rus"),
    ("Labour Code, parallel uzb / rus", "uzb+rus", f"{LABOUR}/parallel?left=uzb&right=rus"),
    ("Labour Code, parallel uzb / uzb-Cyrl", "uzb+uzb-Cyrl",
     f"{LABOUR}/parallel?left=uzb&right=uzb-Cyrl"),
    ("Labour Code, parallel rus / uzb-Cyrl, one chapter", "rus+uzb-Cyrl",
     f"{LABOUR}/parallel?left=rus&right=uzb-Cyrl&part=chp_2"),
    ("Tax Code, uzb (largest page)", "uzb", TAX),
    ("Personal data law, automatic uzb-Cyrl", "uzb→uzb-Cyrl", f"{PERSONAL_DATA}/uzb?translit=uzb-Cyrl"),
]
RESULTS = ROOT / "bench" / "pages.json"
TABLE = ROOT / "bench" / "pages.md"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timed(client, path: str, runs: int, headers: dict | None = None) -> tuple[list[float], object]:
    times, resp = [], None
    for _ in range(runs):
        started = time.perf_counter()
        resp = client.get(path, headers=headers or {})
        body = resp.data  # the whole body, as a server would send it
        times.append((time.perf_counter() - started) * 1000)
        if resp.status_code != 200:
            raise SystemExit(f"{path}: HTTP {resp.status_code}: {body[:200]!r}")
    return times, resp


def measure(client, label: str, lang: str, path: str, runs: int, warmup: int) -> dict:
    timed(client, path, warmup)
    plain, resp = timed(client, path, runs)
    brotli_times, compressed = timed(client, path, max(5, runs // 3), {"Accept-Encoding": "br"})
    return {"page": label, "lang": lang, "path": path, "runs": runs,
            "p50_ms": round(statistics.median(plain), 1),
            "p95_ms": round(percentile(plain, 0.95), 1), "max_ms": round(max(plain), 1),
            "html_bytes": len(resp.data), "br_bytes": len(compressed.data),
            "br_p95_ms": round(percentile(brotli_times, 0.95), 1)}


def markdown(rows: list[dict]) -> str:
    out = ["| page | lang | p50 ms | p95 ms | max ms | HTML | brotli | p95 ms with br |",
           "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        out.append(f"| {r['page']} | {r['lang']} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
                   f"{r['max_ms']:.0f} | {r['html_bytes'] / 1024:,.0f} KB | "
                   f"{r['br_bytes'] / 1024:,.0f} KB | {r['br_p95_ms']:.0f} |")
    return "\n".join(out) + "\n"


def run(data: Path, runs: int, warmup: int) -> dict:
    app = create_app({"DATA_DIR": str(data), "RESPONSE_CACHE_MB": 0, "TESTING": True})
    client = app.test_client()
    rows = []
    for label, lang, path in PAGES:
        rows.append(measure(client, label, lang, path, runs, warmup))
        print(f"{label}: p95 {rows[-1]['p95_ms']:.0f} ms", flush=True)
    return {"response_cache": "off (RESPONSE_CACHE_MB=0)", "client": "Flask test client, "
            "in-process (no HTTP server)", "load_average": os.getloadavg()[0],
            "cpus": os.cpu_count(), "pages": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--data", type=Path, help="an imported data folder to use as it is")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="page-bench-") as tmp:
        data = args.data
        if data is None:
            data = Path(tmp)
            with Store(data) as store:
                for name in RELEASES:
                    report = import_release(store, [ROOT / "corpora" / name])
                    if not report.ok:
                        raise SystemExit(f"importing corpora/{name} failed: {report.errors}")
        report = run(data, args.runs, args.warmup)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    table = markdown(report["pages"])
    TABLE.write_text(f"Act pages, response cache off, in-process, load average "
                     f"{report['load_average']:.1f} on {report['cpus']} cores "
                     f"({args.runs} runs each):\n\n{table}", encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
