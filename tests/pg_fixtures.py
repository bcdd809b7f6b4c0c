"""Fixtures for tests on a real PostgreSQL 15 (lexsearch/pgcluster.py), registered from
conftest.py:

- ``pg_server``: one primary per test session, in a fresh folder under the system temp folder
  (pytest's tmp_path is not enterable by the ``postgres`` user), stopped and removed at the end;
- ``pg_url``: a URL to a FRESH empty database on it for one test, dropped afterwards;
- ``pg_pair``: a primary and a streaming hot standby of its own, once per test module (a test
  may stop the primary and promote the standby without spoiling another module's pair).

Where no server can be started: under CI (``CI`` set) the fixtures FAIL with the reason;
elsewhere they skip and say how to install PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from lexsearch import pgcluster
from lexsearch.errors import StoreError


def _cannot(reason: str) -> None:
    message = f"PostgreSQL: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(f"{message} (run tests/install_postgres.sh as root to test on PostgreSQL)")


def _scratch(prefix: str) -> Path:
    reason = pgcluster.unavailable()
    if reason:
        _cannot(reason)
    return pgcluster.scratch_dir(prefix)


@dataclass(frozen=True)
class PgPair:
    """A primary and its streaming standby (``url`` names both: the read-write one wins)."""

    primary: pgcluster.Server
    standby: pgcluster.Server

    def url(self, dbname: str = "postgres",
            target_session_attrs: pgcluster.SessionAttrs = "read-write") -> str:
        return pgcluster.multi_host_url([self.primary, self.standby], dbname,
                                        target_session_attrs)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[pgcluster.Server]:
    """The session's PostgreSQL primary."""
    folder = _scratch("lexsearch-pgtest-")
    try:
        server = pgcluster.init_primary(folder / "primary")
    except StoreError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        _cannot(str(exc))
    try:
        yield server
    finally:
        server.stop("fast")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: pgcluster.Server) -> Iterator[str]:
    """``postgresql://postgres@127.0.0.1:PORT/test_…``: a new empty database, dropped after."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    url = pg_server.create_database(name)
    try:
        yield url
    finally:
        pg_server.drop_database(name)


@pytest.fixture(scope="module")
def pg_pair() -> Iterator[PgPair]:
    """A primary and a streaming hot standby (asynchronous; ``pgcluster.wait_replayed`` before
    reading what was just written), both stopped and removed after the module."""
    folder = _scratch("lexsearch-pgpair-")
    servers: list[pgcluster.Server] = []
    try:
        servers.append(pgcluster.init_primary(folder / "primary"))
        servers.append(pgcluster.make_standby(servers[0], folder / "standby"))
    except StoreError as exc:
        for server in servers:
            server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
        _cannot(str(exc))
    try:
        yield PgPair(*servers)
    finally:
        for server in reversed(servers):
            server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
