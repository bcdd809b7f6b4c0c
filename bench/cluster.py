"""A lexsearch cluster on one machine (``make cluster``): a PostgreSQL 15 primary and a streaming
hot standby on loopback ports (lexsearch/pgcluster.py), one importer that loads a release into
the primary, and two read nodes (``lexsearch serve --workers 1``), each with its OWN data folder
(its index; no file shared with anyone): node 1 reads the primary, node 2 the standby. Prints
the URLs and runs until Ctrl-C, then stops everything and removes the folder (``--keep`` keeps
it). ``--check`` exits once both nodes serve the import instead of waiting.

The nodes and the importer get multi-host libpq URLs, so a failover (stop the primary, promote
the standby: ``--failover-after SECONDS`` does it, and prints how long the nodes failed) needs
no reconfiguration; ``--then-import PATH`` then imports onto the new primary and waits until
both nodes serve it:

    importer  postgresql://postgres@PRIMARY,STANDBY/lexsearch?target_session_attrs=read-write
    node 1    postgresql://postgres@PRIMARY,STANDBY/lexsearch?target_session_attrs=any
    node 2    postgresql://postgres@STANDBY,PRIMARY/lexsearch?target_session_attrs=prefer-standby

    .venv/bin/python bench/cluster.py [--corpus corpora/uz-multi] [--folder DIR] [--check]
    .venv/bin/python bench/cluster.py --check --failover-after 0 --then-import corpora/ru-pravo
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lexsearch import pgcluster  # noqa: E402
from lexsearch.store import Store  # noqa: E402

LEXSEARCH = Path(sys.executable).with_name("lexsearch")
DB = "lexsearch"


def lexsearch(url: str, data: Path, *args: str, log: Path) -> subprocess.Popen:
    """``lexsearch --store URL --data DATA ARGS…`` in its own process group, output to ``log``."""
    env = {k: v for k, v in os.environ.items() if k not in ("LEXSEARCH_STORE", "LEXSEARCH_DATA")}
    with log.open("ab") as out:
        return subprocess.Popen([str(LEXSEARCH), "--store", url, "--data", str(data), *args],
                                stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
                                start_new_session=True)


def healthz(port: int, timeout: float = 5.0) -> dict | None:
    """A node's /healthz body (any status), or None while it does not answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=timeout) as resp:
            return json.load(resp)
    except urllib.error.HTTPError as exc:
        return json.load(exc)
    except (OSError, ValueError):
        return None


def wait_serving(port: int, batch: int, timeout: float, proc: subprocess.Popen, log: Path
                 ) -> dict:
    """Wait until the node on ``port`` is healthy with its index at store ``batch``."""
    began = time.monotonic()
    while True:
        body = healthz(port)
        if body and body.get("status") == "ok" and body["index"].get("batch") == batch:
            return body
        if proc.poll() is not None:
            sys.exit(f"node on port {port} exited ({proc.returncode}); see {log}:\n"
                     + tail(log))
        if time.monotonic() - began > timeout:
            sys.exit(f"node on port {port} not serving batch {batch} after {timeout:.0f} s: "
                     f"{json.dumps(body)[:600]}")
        time.sleep(0.5)


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def store_supported() -> bool:
    """Whether this lexsearch has the PostgreSQL store (the global ``--store`` option)."""
    done = subprocess.run([str(LEXSEARCH), "--help"], capture_output=True, text=True,
                          check=False)
    return "--store" in done.stdout


@dataclass
class Watch:
    """What each node answered while the primary went away: the moments (``time.monotonic``)
    of its failed and its good reads, the stop, and the promotion's seconds."""

    stopped_at: float
    promote_s: float
    failed: dict[int, list[float]]
    served: dict[int, list[float]]
    polls: dict[int, int]

    def back_after(self, port: int) -> float | None:
        """Seconds from the stop to the node's first good read after it (0 when none failed;
        None when it never served again)."""
        late = [t for t in self.served[port] if t > self.stopped_at]
        if not late:
            return None
        return late[0] - self.stopped_at if self.failed[port] else 0.0

    def failed_after_recovery(self, port: int) -> list[float]:
        """Failed reads after the node had served again: there should be none."""
        late = [t for t in self.served[port] if t > self.stopped_at]
        return [t for t in self.failed[port] if late and t > late[0]]


def _node_ok(port: int) -> bool:
    body = healthz(port, timeout=2)
    return bool(body) and body.get("status") == "ok"


def watch_failover(primary: pgcluster.Server, standby: pgcluster.Server, ports: list[int], *,
                   watch: float = 10.0, mode: pgcluster.StopMode = "fast",
                   read: Callable[[int], bool] = _node_ok) -> Watch:
    """Stop the primary (``mode``: ``immediate`` is a crash) and promote the standby while every
    node is read with ``read(port)`` every 0.1 s, from a second before the stop until ``watch``
    seconds after the promotion."""
    failed: dict[int, list[float]] = {port: [] for port in ports}
    served: dict[int, list[float]] = {port: [] for port in ports}
    polls = dict.fromkeys(ports, 0)
    done = threading.Event()

    def poll(port: int) -> None:
        while not done.is_set():
            ok = read(port)
            polls[port] += 1
            (served if ok else failed)[port].append(time.monotonic())
            time.sleep(0.1)

    threads = [threading.Thread(target=poll, args=(port,), daemon=True) for port in ports]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    began = time.monotonic()
    primary.stop(mode)
    promoted = pgcluster.promote(standby)
    time.sleep(watch)
    done.set()
    for thread in threads:
        thread.join()
    return Watch(began, promoted, failed, served, polls)


def failover(primary: pgcluster.Server, standby: pgcluster.Server, ports: list[int],
             watch: float = 10.0) -> None:
    """Stop the primary and promote the standby while every node's /healthz is polled; print
    the promote time and each node's failed polls and the span between its first and last
    failure."""
    seen = watch_failover(primary, standby, ports, watch=watch)
    print(f"failover: primary stopped, standby promoted in {seen.promote_s:.2f} s", flush=True)
    for port in ports:
        times = seen.failed[port]
        print(f"failover: node {port}: {len(times)} of {seen.polls[port]} /healthz polls failed"
              + (f", from {times[0] - seen.stopped_at:+.2f} s to "
                 f"{times[-1] - seen.stopped_at:+.2f} s after the stop" if times else ""),
              flush=True)


def import_release(url: str, folder: Path, corpus: list[Path], log: Path,
                   timeout: float) -> float:
    """Run one importer to the end (``--no-index``: it serves no search); its seconds."""
    began = time.monotonic()
    proc = lexsearch(url, folder, "import", "--no-index", *map(str, corpus), log=log)
    if proc.wait(timeout=timeout) != 0:
        sys.exit(f"importer failed ({proc.returncode}); see {log}:\n{tail(log)}")
    return time.monotonic() - began


def last_batch(folder: Path, url: str) -> int:
    with Store(folder, readonly=True, url=url) as store:
        return store.last_batch_id()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, nargs="+", default=[ROOT / "corpora" / "uz-multi"])
    ap.add_argument("--folder", type=Path, help="Where to put everything (default: a new "
                    "folder under the system temp folder).")
    ap.add_argument("--node-ports", type=int, nargs=2, metavar="PORT", help="default: free ports")
    ap.add_argument("--synchronous", action="store_true",
                    help="Synchronous standby: no committed release is lost on failover.")
    ap.add_argument("--check", action="store_true",
                    help="Exit once both nodes serve the import (a smoke test).")
    ap.add_argument("--failover-after", type=float, metavar="SECONDS",
                    help="Stop the primary and promote the standby this long after both nodes "
                         "serve, and report the gap.")
    ap.add_argument("--then-import", type=Path, nargs="+", metavar="PATH",
                    help="After the failover, import these too (they land on the new primary) "
                         "and wait until both nodes serve them.")
    ap.add_argument("--keep", action="store_true", help="Keep the folder at the end.")
    ap.add_argument("--timeout", type=float, default=600.0)
    args = ap.parse_args()
    # Ctrl-C even when started in the background (which ignores SIGINT); SIGTERM cleans up too
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("cluster: terminated, stopping"))

    if reason := pgcluster.unavailable():
        sys.exit(f"cluster: {reason}")
    if args.folder:
        args.folder.mkdir(parents=True, exist_ok=True)
    root = pgcluster.scratch_dir("lexsearch-cluster-", args.folder)
    servers: list[pgcluster.Server] = []
    procs: list[subprocess.Popen] = []
    try:
        t0 = time.monotonic()
        primary = pgcluster.init_primary(root / "primary")
        servers.append(primary)
        t1 = time.monotonic()
        standby = pgcluster.make_standby(primary, root / "standby",
                                         synchronous=args.synchronous)
        servers.append(standby)
        t2 = time.monotonic()
        primary.create_database(DB)
        print(f"primary  {primary.url(DB)}  (initdb + start {t1 - t0:.2f} s)\n"
              f"standby  {standby.url(DB)}  (pg_basebackup + start {t2 - t1:.2f} s, "
              f"{'synchronous' if args.synchronous else 'asynchronous'})", flush=True)
        if not store_supported():
            print("cluster: this lexsearch has no --store option (the PostgreSQL store has not "
                  "landed): servers only, no importer and no read nodes", flush=True)
            return wait(procs, args, primary, standby, [])

        write_url = pgcluster.multi_host_url([primary, standby], DB, "read-write")
        reads = [pgcluster.multi_host_url([primary, standby], DB, "any"),
                 pgcluster.multi_host_url([standby, primary], DB, "prefer-standby")]
        importer = root / "importer"
        importer.mkdir()
        log = root / "importer.log"
        seconds = import_release(write_url, importer, args.corpus, log, args.timeout)
        pgcluster.wait_replayed(primary, standby)
        batch = last_batch(importer, write_url)
        print(f"importer {write_url}\n         {' '.join(map(str, args.corpus))}: batch {batch} "
              f"in {seconds:.1f} s (log {log})", flush=True)

        ports = list(args.node_ports or (pgcluster.free_port(), pgcluster.free_port()))
        for n, (url, port) in enumerate(zip(reads, ports, strict=True), 1):
            node = root / f"node{n}"
            node.mkdir()
            procs.append(lexsearch(url, node, "serve", "--workers", "1", "--port", str(port),
                                   log=root / f"node{n}.log"))
        for n, (url, port, proc) in enumerate(zip(reads, ports, procs, strict=True), 1):
            body = wait_serving(port, batch, args.timeout, proc, root / f"node{n}.log")
            print(f"node {n}   http://127.0.0.1:{port}/  store {url}\n         "
                  f"{'standby' if body['store'].get('standby') else 'primary'}, batch {batch}, "
                  f"{body['store'].get('editions')} editions, folder {root / f'node{n}'}",
                  flush=True)
        return wait(procs, args, primary, standby, ports,
                    lambda: after_failover(args, root, write_url, procs, ports))
    finally:
        stop(procs)
        for server in reversed(servers):
            server.stop("fast")
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def after_failover(args: argparse.Namespace, root: Path, write_url: str,
                   procs: list[subprocess.Popen], ports: list[int]) -> None:
    """A later import (--then-import) lands on the new primary and reaches both nodes."""
    if not args.then_import:
        return
    log = root / "importer.log"
    seconds = import_release(write_url, root / "importer", args.then_import, log, args.timeout)
    batch = last_batch(root / "importer", write_url)
    began = time.monotonic()
    editions = [wait_serving(port, batch, args.timeout, proc, root / f"node{n}.log")["store"]
                .get("editions") for n, (port, proc) in enumerate(zip(ports, procs, strict=True), 1)]
    print(f"after failover: {' '.join(map(str, args.then_import))}: batch {batch} in "
          f"{seconds:.1f} s on the new primary, served by both nodes "
          f"{time.monotonic() - began:.1f} s later (editions: {editions})", flush=True)


def wait(procs: list[subprocess.Popen], args: argparse.Namespace, primary: pgcluster.Server,
         standby: pgcluster.Server, ports: list[int], then=lambda: None) -> None:
    """Run until Ctrl-C (or at once with --check); a node that exits ends the cluster."""
    if args.check:
        if args.failover_after is not None and ports:
            failover(primary, standby, ports)
            then()
        return
    print("running; Ctrl-C stops everything", flush=True)
    due = None if args.failover_after is None else time.monotonic() + args.failover_after
    try:
        while all(proc.poll() is None for proc in procs):
            if due is not None and time.monotonic() >= due and ports:
                failover(primary, standby, ports)
                then()
                due = None
            time.sleep(0.5)
        sys.exit("a read node exited; stopping the cluster")
    except KeyboardInterrupt:
        print("\nstopping", flush=True)


if __name__ == "__main__":
    main()
