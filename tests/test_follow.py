"""A read node's follower (indexes/follow.py): a node with an empty folder builds its index from
the store, later batches reach its search, ``/healthz`` reports the lag, and a store that
cannot be reached is reported, never a crash. Real acts from corpora/uz-lexuz-2025; every wait
polls with a timeout (nothing asserts on speed)."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from indexes.build import read_state
from indexes.follow import (
    Follower,
    FollowerBusy,
    follower_running,
    index_batch,
    read_follower,
    spawn,
    stop,
)
from ingest.importer import import_into, import_release
from lexsearch.search import search
from lexsearch.search.engine import default_engine, index_path
from lexsearch.store import STORE_FILE, Store
from web import create_app

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "uz-lexuz-2025"
PERSONAL_DATA = CORPUS / "Shaxsiy_Malumotlar_Qonuni.txt"  # OʻRQ-547, the first release
INFORMATISATION = CORPUS / "Axborotlashtirish_Qonuni.txt"  # 560-II, a later release
LATER_QUERY = "axborot tizimlaridan foydalanish"


def _finds(data: Path, query: str, suffix: str) -> bool:
    return any(h.work.endswith(suffix) for h in search(data, query, limit=20).hits)


def _wait(predicate, timeout: float = 120.0, what: str = "the follower") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not get there in {timeout:.0f} s")
        time.sleep(0.1)


def _import(data: Path, path: Path) -> None:
    """``lexsearch import --no-index``: the store gets a batch, the index does not."""
    report = import_into(data, [path])
    assert report.ok and report.changed, report.errors


@pytest.fixture
def store_dir(tmp_path) -> Path:
    """A store (SQLite) holding one real act and no index."""
    data = tmp_path / "store"
    _import(data, PERSONAL_DATA)
    return data


def _store_batch(data: Path) -> int:
    with Store(data, readonly=True) as store:
        return store.last_batch_id()


# ---- the follower itself ------------------------------------------------------------------
def test_a_node_folder_apart_from_the_store_is_built_then_follows(store_dir, tmp_path):
    node = tmp_path / "node"
    with Follower(node, lambda: Store(store_dir, readonly=True)) as follower:
        (built,) = follower.poll()
        assert built.rebuilt and built.batch == 1 and built.docs > 20
        assert index_batch(node) == 1 and follower.state["store_batch"] == 1
        assert not (node / STORE_FILE).exists()  # the node folder holds only its own things
        _import(store_dir, INFORMATISATION)
        assert follower.poll()[0].batch == 2 and not follower.poll()  # nothing new: no work
    state = read_follower(node)
    assert state["batch"] == state["store_batch"] == 2 and state["last_error"] is None
    docs = read_state(index_path(node, default_engine()))["docs"]
    assert docs > built.docs  # the later act's documents were added, not a rebuild of one


def test_an_empty_node_builds_and_answers_a_search(store_dir):
    """The embedded layout (store and index in one folder), the index not built yet."""
    assert not index_path(store_dir, default_engine()).exists()
    with Follower(store_dir) as follower:
        follower.poll()
    assert _finds(store_dir, "shaxsga doir maʼlumotlar", "orq-547")


def test_a_node_whose_index_is_being_built_says_so(store_dir):
    client = create_app({"DATA_DIR": str(store_dir), "TESTING": True}).test_client()
    with Follower(store_dir) as follower:
        resp = client.get("/healthz")
        assert resp.status_code == 503 and resp.get_json()["index"]["building"] is True
        assert "the follower is building it" in resp.get_json()["index"]["error"]
        follower.poll()
        assert client.get("/healthz").status_code == 200


def test_a_later_import_reaches_the_search_and_the_lag_goes_to_zero(store_dir):
    with Follower(store_dir) as follower:
        follower.poll()
    client = create_app({"DATA_DIR": str(store_dir), "TESTING": True}).test_client()
    assert not _later_act_in(client)  # and the worker's pooled searcher is open on batch 1
    _import(store_dir, INFORMATISATION)

    body = client.get("/healthz").get_json()  # behind, and nobody follows: unhealthy
    assert body["index"]["lag_batches"] == 1 and body["index"]["following"] is False
    assert body["status"] == "unhealthy" and body["follower"]["running"] is False

    with Follower(store_dir) as follower:  # following, not applied yet: serving, and says so
        resp = client.get("/healthz")
        body = resp.get_json()
        assert resp.status_code == 200 and body["status"] == "ok", body
        assert body["index"]["lag_batches"] == 1 and body["index"]["lagging"] is True
        assert body["index"]["batch"] == 1 and body["store"]["batch"] == 2
        assert body["follower"]["running"] is True and body["follower"]["age_seconds"] >= 0
        follower.poll()
        body = client.get("/healthz").get_json()
        assert body["index"]["lag_batches"] == 0 and "lagging" not in body["index"]
        assert body["follower"]["batch"] == body["follower"]["store_batch"] == 2
        assert _later_act_in(client)  # the worker reopened its searcher on the new index


def _later_act_in(client) -> bool:
    resp = client.get("/api/v1/search", query_string={"q": LATER_QUERY, "limit": 20})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return any(h["work"].endswith("560-ii") for h in resp.get_json()["hits"])


def test_the_follower_thread_applies_batches_as_they_land(store_dir):
    halt = threading.Event()
    with Follower(store_dir, interval=0.05) as follower:
        thread = threading.Thread(target=follower.run, args=(halt,), daemon=True)
        thread.start()
        try:
            _wait(lambda: index_batch(store_dir) == 1)
            _import(store_dir, INFORMATISATION)
            _wait(lambda: index_batch(store_dir) == 2)
        finally:
            halt.set()
            thread.join(60)
    assert not thread.is_alive()
    assert _finds(store_dir, LATER_QUERY, "560-ii")


def test_one_follower_per_node(store_dir):
    assert not follower_running(store_dir)
    with Follower(store_dir):
        assert follower_running(store_dir)
        with pytest.raises(FollowerBusy, match="another follower"):
            Follower(store_dir).__enter__()
    assert not follower_running(store_dir)


# ---- a store that cannot be reached -------------------------------------------------------
def test_a_missing_store_is_reported_and_retried_with_backoff(store_dir, tmp_path):
    away = tmp_path / "away"
    with Follower(store_dir) as follower:
        follower.poll()
    _import(store_dir, INFORMATISATION)
    away.mkdir()
    for name in [p.name for p in store_dir.iterdir() if p.name.startswith(STORE_FILE)]:
        shutil.move(store_dir / name, away / name)  # the store is gone for a while
    client = create_app({"DATA_DIR": str(store_dir), "TESTING": True}).test_client()
    with Follower(store_dir, interval=1.0, max_backoff=8.0) as follower:
        delays = []
        for _ in range(5):
            assert follower.poll() == []  # no exception: the error is recorded
            delays.append(follower.delay())
        state = read_follower(store_dir)
        assert "no store at" in state["last_error"] and state["failures"] == 5
        assert state["error_at"] and state["batch"] == 1  # the index it has stays
        assert 1.0 < delays[0] <= 2.0 and delays[-1] <= 8.0 and delays[-1] > delays[0]
        resp = client.get("/healthz")
        body = resp.get_json()
        assert resp.status_code == 503 and "no store at" in body["store"]["error"]
        assert body["follower"]["failing"] is True and body["follower"]["running"] is True
        assert "no store at" in body["follower"]["last_error"]
        assert body["follower"]["error_age_seconds"] >= 0
        for path in away.iterdir():
            shutil.move(path, store_dir / path.name)  # back: the next poll reconnects
        follower.poll()
        assert follower.failures == 0 and follower.delay() == 1.0
        body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["index"]["lag_batches"] == 0
    assert body["follower"]["failing"] is False and body["follower"]["batch"] == 2
    assert "no store at" in body["follower"]["last_error"]  # the last error, and when, stay


# ---- catch-up only reads the store --------------------------------------------------------
def test_catch_up_opens_the_store_read_only(store_dir, monkeypatch):
    import indexes.build

    opened = []

    class Spy(Store):
        def __init__(self, *args, **kwargs):
            opened.append(kwargs.get("readonly", False))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(indexes.build, "Store", Spy)
    (report,) = indexes.build.catch_up(store_dir)
    assert report.batch == 1 and opened and all(opened)


# ---- the follower process -----------------------------------------------------------------
def test_the_follower_process_follows_and_stops(store_dir):
    process = spawn(store_dir, interval=0.2)
    try:
        _wait(lambda: index_batch(store_dir) == 1, what="the follower process")
        assert follower_running(store_dir)
        _import(store_dir, INFORMATISATION)
        _wait(lambda: index_batch(store_dir) == _store_batch(store_dir) == 2,
              what="the follower process")
    finally:
        stop(process)
    assert process.returncode is not None and not follower_running(store_dir)
    assert read_follower(store_dir)["pid"] == process.pid


# ---- a read node on PostgreSQL ------------------------------------------------------------
def test_a_read_node_follows_a_postgresql_store(pg_url, tmp_path, monkeypatch):
    importer, node = tmp_path / "importer", tmp_path / "node"
    with Store(importer, url=pg_url) as store:
        assert import_release(store, [PERSONAL_DATA]).ok
    monkeypatch.setenv("LEXSEARCH_STORE", pg_url)  # what `lexsearch --store URL` sets
    client = create_app({"DATA_DIR": str(node), "TESTING": True}).test_client()
    with Follower(node) as follower:
        follower.poll()
        assert _finds(node, "shaxsga doir maʼlumotlar", "orq-547")
        with Store(importer, url=pg_url) as store:
            assert import_release(store, [INFORMATISATION]).ok
        body = client.get("/healthz").get_json()
        assert body["status"] == "ok" and body["index"]["lag_batches"] == 1
        follower.poll()
        body = client.get("/healthz").get_json()
    assert body["index"]["lag_batches"] == 0 and body["store"]["backend"] == "postgresql"
    assert not list(node.glob(STORE_FILE + "*"))  # no store file: the node holds its index
    assert _finds(node, LATER_QUERY, "560-ii")


# ---- who runs it: `lexsearch serve` and the gunicorn master --------------------------------
def test_serve_runs_one_follower_while_it_serves(store_dir, monkeypatch):
    from click.testing import CliRunner

    import web
    from lexsearch.cli import main

    seen = []

    class App:
        def run(self, **kwargs):
            _wait(lambda: follower_running(store_dir), what="serve's follower")
            _wait(lambda: index_batch(store_dir) == 1, what="serve's follower")
            seen.append(read_follower(store_dir)["interval"])

    monkeypatch.setattr(web, "create_app", lambda config: App())
    result = CliRunner().invoke(main, ["--data", str(store_dir), "serve", "--follow-interval",
                                       "0.5"])
    assert result.exit_code == 0, result.output
    assert seen == [0.5] and not follower_running(store_dir)  # stopped with the server


def test_the_gunicorn_master_starts_and_stops_the_follower(store_dir, monkeypatch):
    from web import gunicorn_conf

    class Master:  # what gunicorn hands its server hooks
        pass

    monkeypatch.setenv("LEXSEARCH_DATA", str(store_dir))
    monkeypatch.setenv("LEXSEARCH_FOLLOW_INTERVAL", "0.2")
    master = Master()
    gunicorn_conf.when_ready(master)
    try:
        _wait(lambda: index_batch(store_dir) == 1, what="the master's follower")
    finally:
        gunicorn_conf.on_exit(master)
    assert not follower_running(store_dir)
    monkeypatch.setenv("LEXSEARCH_FOLLOW", "0")  # `serve --no-follow`
    off = Master()
    gunicorn_conf.when_ready(off)
    assert not hasattr(off, "lexsearch_follower")


def test_serve_builds_an_empty_read_node_then_follows(pg_url, tmp_path, monkeypatch):
    """`lexsearch --store URL --data NODEDIR serve`: a node folder that does not exist yet is
    made and indexed from the store before the first request, then followed."""
    from click.testing import CliRunner

    import web
    from lexsearch.cli import main

    with Store(tmp_path / "importer", url=pg_url) as store:
        assert import_release(store, [PERSONAL_DATA]).ok
    node = tmp_path / "nodes" / "one"
    monkeypatch.setenv("LEXSEARCH_STORE", pg_url)  # restored after the test (--store sets it)
    seen = []

    class App:
        def run(self, **kwargs):
            seen.append(index_batch(node))  # built before serving
            _wait(lambda: follower_running(node), what="the read node's follower")

    monkeypatch.setattr(web, "create_app", lambda config: App())
    result = CliRunner().invoke(main, ["--store", pg_url, "--data", str(node), "serve"])
    assert result.exit_code == 0, result.output
    assert seen == [1] and _finds(node, "shaxsga doir maʼlumotlar", "orq-547")
