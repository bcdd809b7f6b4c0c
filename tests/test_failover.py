"""Failover on one machine, end to end: a PostgreSQL primary with a synchronous streaming
standby, two read nodes (``lexsearch serve``, each with its own folder: node 1 reads the
primary first, node 2 prefers the standby) and an importer, all real processes.

A release is imported on the primary and both nodes serve it; the primary is killed
(``immediate``: a crash, no clean shutdown) and the standby promoted while both nodes are read
every 0.1 s (an act page through the API and a search); the nodes keep serving, a later import
lands on the new primary through the same two-host URL, and both nodes serve it with every
edition of the first release still there. The seconds each node failed reads are printed
(``-s`` shows them; the README quotes a run).
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import CORPORA, ROOT

sys.path.insert(0, str(ROOT / "bench"))
import cluster  # noqa: E402 - bench/cluster.py: the processes of `make cluster`

from lexsearch import pgcluster  # noqa: E402
from lexsearch.errors import StoreError  # noqa: E402

LABOUR = "/akn/uz/act/kodeks/2022-10-28/orq-798"
RUSSIAN = "/akn/ru/"  # corpora/ru-pravo: two codes of the Russian Federation


def get(port: int, path: str, timeout: float = 3.0) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as resp:
            return json.load(resp) if resp.status == 200 else None
    except (OSError, ValueError, urllib.error.HTTPError):
        return None


def editions(port: int) -> set[str]:
    """Every edition a node serves (the API's works, then each work's editions)."""
    works = (get(port, "/api/v1/works?limit=100") or {}).get("works", [])
    out = set()
    for w in works:
        body = get(port, f"/api/v1/works/{w['uri'].lstrip('/')}") or {}
        out |= {e["uri"] for e in body.get("editions", [])}
    return out


@pytest.fixture(scope="module")
def cluster_dir():
    reason = pgcluster.unavailable()
    if reason:
        import os

        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL: {reason}", pytrace=False)
        pytest.skip(f"PostgreSQL: {reason} (tests/install_postgres.sh installs it)")
    root = pgcluster.scratch_dir("lexsearch-failover-")
    yield root
    import shutil

    shutil.rmtree(root, ignore_errors=True)


def test_failover_loses_nothing_and_the_nodes_keep_serving(cluster_dir: Path, monkeypatch):
    # every read goes to the store: no response cache in the nodes
    monkeypatch.setenv("LEXSEARCH_RESPONSE_CACHE_MB", "0")
    procs = []
    servers: list[pgcluster.Server] = []
    try:
        try:
            primary = pgcluster.init_primary(cluster_dir / "primary")
            servers.append(primary)
            primary.create_database(cluster.DB)
            standby = pgcluster.make_standby(primary, cluster_dir / "standby", synchronous=True)
            servers.append(standby)
        except StoreError as exc:
            pytest.fail(f"PostgreSQL cluster: {exc}")
        write = pgcluster.multi_host_url([primary, standby], cluster.DB, "read-write")
        reads = [pgcluster.multi_host_url([primary, standby], cluster.DB, "any"),
                 pgcluster.multi_host_url([standby, primary], cluster.DB, "prefer-standby")]
        logs = cluster_dir / "logs"
        logs.mkdir()
        cluster.import_release(write, cluster_dir / "importer", [CORPORA / "uz-multi"],
                               logs / "import1.log", timeout=600)
        first = cluster.last_batch(cluster_dir / "importer", write)
        ports = [pgcluster.free_port(), pgcluster.free_port()]
        for n, (url, port) in enumerate(zip(reads, ports, strict=True), start=1):
            procs.append(cluster.lexsearch(url, cluster_dir / f"node{n}", "serve", "--workers",
                                           "1", "--port", str(port), "--follow-interval", "1",
                                           log=logs / f"node{n}.log"))
        for port, proc, n in zip(ports, procs, (1, 2), strict=True):
            cluster.wait_serving(port, first, 300, proc, logs / f"node{n}.log")
        before = {port: editions(port) for port in ports}
        assert before[ports[0]] == before[ports[1]] and len(before[ports[0]]) >= 7
        assert any(LABOUR in e for e in before[ports[0]])

        # read both nodes every 0.1 s through the crash and the promotion
        why: dict[int, list[str]] = {p: [] for p in ports}

        def read(port: int) -> bool:
            health = cluster.healthz(port, timeout=3) or {}
            ok = get(port, f"/api/v1/works/{LABOUR.lstrip('/')}") is not None and \
                get(port, "/api/v1/search?q=mehnat+shartnomasi") is not None and \
                health.get("store", {}).get("ok") is True
            if not ok:
                why[port].append(json.dumps(health.get("store"))[:400])
            return ok

        seen = cluster.watch_failover(primary, standby, ports, watch=8.0, mode="immediate",
                                      read=read)
        for port in ports:
            back = seen.back_after(port)
            assert back is not None, (port, "served nothing after the failover", why[port][-2:])
            # once a node reads again it does not fail again
            assert not seen.failed_after_recovery(port), (port, why[port][-3:])
            print(f"\nnode {port}: {len(seen.failed[port])} failed reads, serving again "
                  f"{back:.2f} s after the crash (promotion took {seen.promote_s:.2f} s)")

        # a later import lands on the new primary through the same URL; both nodes serve it
        cluster.import_release(write, cluster_dir / "importer", [CORPORA / "ru-pravo"],
                               logs / "import2.log", timeout=600)
        second = cluster.last_batch(cluster_dir / "importer", write)
        assert second > first and not standby.in_recovery()
        for port, proc, n in zip(ports, procs, (1, 2), strict=True):
            cluster.wait_serving(port, second, 300, proc, logs / f"node{n}.log")
        after = {port: editions(port) for port in ports}
        for port in ports:
            assert before[port] <= after[port], "an edition of the first release was lost"
            assert any(RUSSIAN in e for e in after[port] - before[port])
        assert after[ports[0]] == after[ports[1]]
    finally:
        cluster.stop(procs)
        for server in reversed(servers):
            server.stop("immediate")
