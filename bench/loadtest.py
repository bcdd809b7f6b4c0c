"""Load test: gunicorn over the imported sample, driven by wrk, with and without an import.

    python bench/loadtest.py [--workers 2,3,4] [--duration 60] [--connections 50]

For each worker count: import ``corpora/`` into a temp data folder, start gunicorn on
127.0.0.1, warm up, then run wrk for ``--duration`` seconds with a realistic mix (search 60 %
with real queries in Uzbek Latin, Uzbek Cyrillic and Russian; act pages and exports 30 %; JSON
API 10 %). Then the same again while a release of other real acts (from the shared corpus) is
imported into the same store, while a poller checks that readers only ever see the counts of
before or after the release, never a mix. Finally one steady run with the response cache off.
Results go to ``bench/load.json``; a markdown table for the README is printed.

Needs wrk (Debian/Ubuntu: ``apt-get install -y wrk``); without it a slower Python client is
used and the table says so.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LEXSEARCH_SHARED_CORPORA", ROOT.parent / "shared" / "corpora"))
CORPUS = [ROOT / "corpora" / n for n in ("uz-lexuz-2025", "uz-lexuz-2026-07", "ru-pravo")]
RELEASE = [  # real acts the sample does not hold, imported during the second run
    "ru/pravo_gov_ru_ips_codes_html/102024315.html",
    "ru/pravo_gov_ru_ips_codes_html/102073578.html",
    "ru/pravo_gov_ru_ips_codes_html/102074279.html",
    "uz/lexuz_uzlatn_raw_with_amendment_notes/Maktabgacha_Talim_Qonuni.txt",
    "uz/lexuz_uzlatn_raw_with_amendment_notes/Tabiatni_Muhofaza_Qilish_Qonuni.txt",
]
BIN = Path(sys.executable).parent
OUT = ROOT / "bench" / "load.json"


SEARCHES = [  # real queries: Uzbek Latin (any apostrophe), Uzbek Cyrillic, Russian
    "mehnat shartnomasi", "ish vaqti", "soliq", "qoʻshilgan qiymat soligʻi", "oila", "nikoh",
    "shaxsiy maʼlumotlar", "ta'lim", "tadbirkorlik", "mulk huquqi", "meros", "jarima",
    "ish haqi", "mehnat taʼtili", "vasiyatnoma", "axborotlashtirish", "davlat organlari",
    "Mehnat kodeksi 39-modda", "OʻRQ-547", "\"mehnat shartnomasi\"", "kodeks*", "soliq -jarima",
    "меҳнат шартномаси", "солиқ", "оила", "никоҳ", "таълим", "мулк ҳуқуқи", "иш ҳақи",
    "ЎРҚ-547", "тадбиркорлик", "водный объект", "водные ресурсы", "семья", "брак", "алименты",
    "права ребенка", "расторжение брака", "статья 15 Семейного кодекса", "ЗРУ-547",
    "охрана водных объектов", "усыновление", "опека", "договор",
]
FILTERS = [{}, {}, {"lang": "uzb"}, {"as_of": "2024-01-01"}, {"page": "2"}, {"sort": "date"},
           {"type": "kodeks"}, {"lang": "rus"}]
SHARES = {"search": 60, "act": 30, "api": 10}


def _url(path: str, **query: str) -> str:
    return quote(path) + ("?" + urlencode(query) if query else "")


def mix_paths(data: Path, total: int = 2000, seed: int = 7) -> tuple[list[str], dict]:
    """``total`` request paths in the shares of ``SHARES``; within each kind the distinct URLs
    are drawn with Zipf-like weights (a few popular pages, a long tail), as portal traffic is."""
    sys.path.insert(0, str(ROOT))
    from lexsearch.store import Store

    rnd = random.Random(seed)
    pools: dict[str, list[str]] = {"search": [], "act": [], "api": []}
    for q in SEARCHES:
        for flt in rnd.sample(FILTERS, 3):
            pools["search"].append(_url("/search", q=q, **flt))
    with Store(data, readonly=True) as store:
        for work in store.works():
            editions = store.editions(work.uri)
            provisions = store.provisions(editions[-1], with_text=False)
            arts = [p.eid for p in provisions if p.kind == "article"][:40]
            pools["act"] += [_url(work.uri), _url(work.uri, format="txt"),
                             _url(work.uri + "/timeline"), _url(work.uri, as_of=editions[0].valid_from)]
            pools["act"] += [_url(e.uri) for e in editions]
            pools["api"] += [_url("/api/v1/works/" + work.uri.lstrip("/")),
                             _url("/api/v1/editions", work=work.uri, as_of="2025-01-01")]
            pools["api"] += [_url("/api/v1/provisions", work=work.uri, eid=eid)
                             for eid in rnd.sample(arts, min(3, len(arts)))]
            if arts:
                pools["api"].append(_url("/api/v1/citations", work=work.uri, eid=arts[0]))
    pools["api"] += [_url("/api/v1/works"), _url("/api/v1/works", type="kodeks")]
    pools["api"] += [_url("/api/v1/search", q=q) for q in SEARCHES[::3]]
    for kind, pool in pools.items():  # only URLs that answer 200: an error is an error
        pools[kind] = _answering(data, pool)
    paths: list[str] = []
    for kind, share in SHARES.items():
        pool = pools[kind]
        rnd.shuffle(pool)
        weights = [1 / (rank + 1) ** 0.7 for rank in range(len(pool))]
        paths += rnd.choices(pool, weights, k=total * share // 100)
    rnd.shuffle(paths)
    mix = {k: {"share": v, "distinct": len(set(pools[k]))} for k, v in SHARES.items()}
    return paths, mix


WRK_LUA = r"""local paths = {
__PATHS__
}
local n = #paths
local i = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  math.randomseed(id * 7919)
  i = math.random(n)
end
function request()
  i = i % n + 1
  return wrk.format("GET", paths[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.0f}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
"""


def _answering(data: Path, urls: list[str]) -> list[str]:
    from web import create_app

    client = create_app({"DATA_DIR": str(data), "RESPONSE_CACHE_MB": 0}).test_client()
    return [u for u in urls if client.get(u).status_code == 200]


def wrk_script(paths: list[str]) -> str:
    """A wrk Lua script that requests ``paths`` in turn (each thread from its own start) and
    prints the summary as one ``JSON {…}`` line."""
    items = ",\n".join(json.dumps(p) for p in paths)
    return WRK_LUA.replace("__PATHS__", items)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str, timeout: float = 5.0) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


class Server:
    """gunicorn with ``workers`` workers on a free port over ``data``."""

    def __init__(self, data: Path, workers: int, cache_mb: int = 64, threads: int = 1) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "LEXSEARCH_DATA": str(data), "LEXSEARCH_WORKERS": str(workers),
               "LEXSEARCH_BIND": f"127.0.0.1:{self.port}", "LEXSEARCH_ACCESS_LOG": "",
               "LEXSEARCH_LOG_LEVEL": "warning", "LEXSEARCH_RESPONSE_CACHE_MB": str(cache_mb),
               "LEXSEARCH_THREADS": str(threads)}
        self.log = open(data / "gunicorn.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:web.gunicorn_conf", "web.wsgi:app"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get_json(self.base + "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not become healthy; see {data / 'gunicorn.log'}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def run_wrk(base: str, script: Path, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency",
         "-s", str(script), base], capture_output=True, text=True, check=True).stdout
    marker = out.index("JSON ")
    return json.loads(out[marker + 5:].splitlines()[0])


def run_python_client(base: str, paths: list[str], seconds: int, connections: int) -> dict:
    """The fallback when wrk is missing: threads with keep-alive-less urllib requests."""
    latencies: list[float] = []
    errors = {"status": 0, "connect": 0, "read": 0, "write": 0, "timeout": 0}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(n: int) -> None:
        rnd = random.Random(n)
        while time.monotonic() < stop:
            path = rnd.choice(paths)
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base + path, timeout=5) as resp:
                    resp.read()
                    ok = resp.status < 400
            except urllib.error.HTTPError:
                ok = False
            except OSError:
                with lock:
                    errors["read"] += 1
                continue
            with lock:
                latencies.append(time.perf_counter() - started)
                errors["status"] += 0 if ok else 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1e6

    return {"requests": len(latencies), "duration_us": seconds * 1e6, "errors": errors,
            "latency_us": {"p50": pct(50), "p95": pct(95), "p99": pct(99),
                           "max": latencies[-1] * 1e6 if latencies else 0}}


class Poller(threading.Thread):
    """Reads the counts over HTTP all along; every answer must be the state of before or after
    the release, and once one answer shows "after" no later one may show "before"."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.seen, self.errors = base, [], 0
        self.stopping = threading.Event()

    def state(self) -> tuple:
        status, health = get_json(self.base + "/healthz?detail=1")
        _, works = get_json(self.base + "/api/v1/works?limit=1")
        s = health["store"]
        return (s["batch"], s["works"], s["editions"], s["provisions"], works["total"], status)

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.seen.append(self.state())
            except (OSError, ValueError, KeyError):
                self.errors += 1
            time.sleep(0.1)

    def verdict(self, before: tuple, after: tuple) -> dict:
        """Each answer on its own must be the before or the after state (the health answer:
        batch, works, editions, provisions; the works list: its total), and in time order
        (health, then works list, poll after poll) none may go back from after to before."""
        phases, mixed = [], []
        for s in self.seen:
            for part, old, new in ((s[:4], before[:4], after[:4]), (s[4], before[4], after[4])):
                if part == old:
                    phases.append(0)
                elif part == new:
                    phases.append(1)
                else:
                    mixed.append(part)
        backwards = any(a > b for a, b in zip(phases, phases[1:], strict=False))
        return {"polls": len(self.seen), "poll_errors": self.errors,
                "before": list(before[:5]), "after": list(after[:5]),
                "mixed_states": [list(m) if isinstance(m, tuple) else m for m in mixed[:5]],
                "went_backwards": backwards, "saw_after": 1 in phases,
                "unhealthy_answers": sum(1 for s in self.seen if s[5] != 200),
                "consistent": not mixed and not backwards and self.errors == 0}


def summarise(raw: dict, seconds: float) -> dict:
    lat = raw["latency_us"]
    errors = sum(raw["errors"].values())
    return {"requests": raw["requests"], "rps": round(raw["requests"] / seconds, 1),
            "p50_ms": round(lat["p50"] / 1000, 1), "p95_ms": round(lat["p95"] / 1000, 1),
            "p99_ms": round(lat["p99"] / 1000, 1), "max_ms": round(lat["max"] / 1000, 1),
            "errors": errors, "error_detail": raw["errors"]}


def build_release(folder: Path) -> Path:
    archive = folder / "release-load.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in RELEASE:
            zf.write(SHARED / rel, Path(rel).name)
    return archive


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", default="2,3,4", help="worker counts to measure")
    ap.add_argument("--duration", type=int, default=60)
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    ap.add_argument("--no-steady-run", action="store_true")
    ap.add_argument("--no-import-run", action="store_true")
    ap.add_argument("--no-uncached-run", action="store_true")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    wrk = shutil.which("wrk")
    if not wrk:
        print("wrk not found: install it with `apt-get install -y wrk` (Debian/Ubuntu) for real "
              "numbers; using the slower Python client instead", file=sys.stderr)
    counts = [int(n) for n in args.workers.split(",")]
    results: dict = {"machine": {"cpus": os.cpu_count(), "note": "load avg: other processes "
                                 "on the machine during each run"},
                     "client": "wrk" if wrk else "python",
                     "duration_s": args.duration, "connections": args.connections, "runs": []}
    with tempfile.TemporaryDirectory(prefix="lexsearch-load-") as tmp:
        tmp_path = Path(tmp)
        base_data = tmp_path / "base"
        subprocess.run([BIN / "lexsearch", "--data", base_data, "import", *CORPUS], check=True,
                       stdout=subprocess.DEVNULL)
        paths, mix = mix_paths(base_data)
        results["mix"] = mix
        script = tmp_path / "mix.lua"
        script.write_text(wrk_script(paths), encoding="utf-8")
        release = build_release(tmp_path)

        def load(base: str, seconds: int) -> dict:
            if wrk:
                return run_wrk(base, script, seconds, args.connections)
            return run_python_client(base, paths, seconds, args.connections)

        plan = [] if args.no_steady_run else [(n, "steady", 64) for n in counts]
        if not args.no_import_run:
            plan += [(n, "during import", 64) for n in counts]
        if not args.no_uncached_run:
            plan.append((max(counts), "steady, response cache off", 0))
        for workers, kind, cache_mb in plan:
            data = tmp_path / f"run-{workers}-{len(results['runs'])}"
            shutil.copytree(base_data, data)
            server = Server(data, workers, cache_mb, args.threads)
            try:
                load(server.base, 15)  # warm-up: imports, caches, page cache (not counted)
                run: dict = {"workers": workers, "threads": args.threads, "kind": kind,
                             "loadavg_before": round(os.getloadavg()[0], 2)}
                if kind == "during import":
                    run.update(_during_import(server, data, release, args.duration, load))
                else:
                    run.update(summarise(load(server.base, args.duration), args.duration))
                run["loadavg_after"] = round(os.getloadavg()[0], 2)
            finally:
                server.stop()
            results["runs"].append(run)
            print(json.dumps(run, ensure_ascii=False), file=sys.stderr)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    print(table(results))


def _during_import(server: Server, data: Path, release: Path, seconds: int, load) -> dict:
    poller = Poller(server.base)
    before = poller.state()
    poller.start()
    outcome: dict = {}

    def importer() -> None:
        time.sleep(min(10, seconds / 4))
        started = time.monotonic()
        done = subprocess.run([BIN / "lexsearch", "--data", data, "import", release],
                              capture_output=True, text=True)
        outcome.update(import_exit=done.returncode, import_seconds=round(
            time.monotonic() - started, 1))

    thread = threading.Thread(target=importer)
    thread.start()
    raw = load(server.base, seconds)
    thread.join()
    time.sleep(0.5)
    poller.stopping.set()
    poller.join()
    after = poller.state()
    out = summarise(raw, seconds)
    out.update(outcome)
    out["readers"] = poller.verdict(before, after)
    status, health = get_json(server.base + "/healthz")
    out["index_batch_after"] = health["index"].get("batch")
    return out


def table(results: dict) -> str:
    lines = [f"{results['connections']} connections, {results['duration_s']} s per run, "
             f"{results['machine']['cpus']} CPUs, client: {results['client']}; mix: "
             + ", ".join(f"{k} {v['share']} % ({v['distinct']} distinct URLs)"
                         for k, v in results["mix"].items()), "",
             "| workers × threads | run | req/s | p50 ms | p95 ms | p99 ms | errors | "
             "readers consistent | load avg |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results["runs"]:
        consistent = r.get("readers", {}).get("consistent")
        lines.append(f"| {r['workers']} × {r['threads']} | {r['kind']} | {r['rps']} | "
                     f"{r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | {r['errors']} | "
                     f"{'-' if consistent is None else ('yes' if consistent else 'NO')} | "
                     f"{r['loadavg_before']}–{r['loadavg_after']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
