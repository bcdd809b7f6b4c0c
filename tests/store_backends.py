"""The store's test table on both backends: a module that says
``pytestmark = pytest.mark.usefixtures("store_backend")`` runs every test twice, on SQLite and
on PostgreSQL (the session's server from tests/pg_fixtures.py).

On PostgreSQL every data folder a test opens gets a database of its own, made on first use
(``lexsearch.store.default_url`` is where the store finds its URL when none is given), so a
test's ``tmp_path`` is an empty store on both backends and a module's shared store fixture is
the same database in each of its tests.

``LEXSEARCH_TEST_STORE=postgresql pytest …`` runs every in-process test on PostgreSQL that way
(the portal's, the search's…: a check that no SQL of theirs is SQLite's alone); tests that start
``lexsearch`` in another process still use SQLite.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from lexsearch import db, store


def dump(data_dir: Path) -> list[tuple]:
    """Every row of every table of a store, in a fixed order: what a failed import must not
    change. Portable: the same query on both backends."""
    with store.Store(data_dir) as s:
        out: list[tuple] = []
        for table in s.db.table_names():
            cur = s.conn.execute(f"SELECT * FROM {table}")
            rows = sorted(tuple("" if v is None else str(v) for v in r) for r in cur.fetchall())
            out.extend((table, *r) for r in rows)
        return out


class _Databases:
    """A database per data folder on ``server``, made on first use."""

    def __init__(self, server) -> None:
        self.server, self.urls = server, {}

    def __call__(self, data_dir: Path) -> str:
        key = Path(data_dir).resolve()
        if key not in self.urls:
            self.urls[key] = self.server.create_database(f"t_{uuid.uuid4().hex[:16]}")
        return self.urls[key]

    def drop(self) -> None:
        db.close_pools()
        for url in self.urls.values():
            self.server.drop_database(url.rsplit("/", 1)[1].split("?")[0])


@pytest.fixture(scope="session", autouse=True)
def _whole_suite_on_postgresql(request) -> Iterator[None]:
    if os.environ.get("LEXSEARCH_TEST_STORE") != "postgresql":
        yield
        return
    databases = _Databases(request.getfixturevalue("pg_server"))
    original, store.default_url = store.default_url, databases
    try:
        yield
    finally:
        store.default_url = original
        databases.drop()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store_backend(request) -> Iterator[str]:
    saved = os.environ.pop("LEXSEARCH_STORE", None)
    if request.param == "sqlite":
        yield "sqlite"
        if saved is not None:
            os.environ["LEXSEARCH_STORE"] = saved
        return
    databases = _Databases(request.getfixturevalue("pg_server"))
    original, store.default_url = store.default_url, databases
    try:
        yield "postgresql"
    finally:
        store.default_url = original
        databases.drop()
        if saved is not None:
            os.environ["LEXSEARCH_STORE"] = saved
