"""The store's test table on both backends: a module that says
``pytestmark = pytest.mark.usefixtures("store_backend")`` runs every test twice, on SQLite and
on PostgreSQL (the session's server from tests/pg_fixtures.py).

On PostgreSQL every data folder a test opens gets a database of its own, made on first use
(``lexsearch.store.default_url`` is where the store finds its URL when none is given), so a
test's ``tmp_path`` is an empty store on both backends and a module's shared store fixture is
the same database in each of its tests.
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


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store_backend(request) -> Iterator[str]:
    saved = os.environ.pop("LEXSEARCH_STORE", None)
    if request.param == "sqlite":
        yield "sqlite"
        if saved is not None:
            os.environ["LEXSEARCH_STORE"] = saved
        return
    server = request.getfixturevalue("pg_server")
    databases: dict[Path, str] = {}

    def url_for(data_dir: Path) -> str:
        key = Path(data_dir).resolve()
        if key not in databases:
            databases[key] = server.create_database(f"t_{uuid.uuid4().hex[:16]}")
        return databases[key]

    original = store.default_url
    store.default_url = url_for
    try:
        yield "postgresql"
    finally:
        store.default_url = original
        db.close_pools()
        for url in databases.values():
            server.drop_database(url.rsplit("/", 1)[1].split("?")[0])
        if saved is not None:
            os.environ["LEXSEARCH_STORE"] = saved
