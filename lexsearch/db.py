"""One small connection interface over the store's two backends: SQLite (the embedded default)
and PostgreSQL (psycopg 3, the scale-out mode).

The store's SQL is written once, with ``?`` placeholders and the syntax both databases share
(``INSERT … ON CONFLICT DO NOTHING``, ``RETURNING id``, ``"end"`` quoted); ``Database`` turns
it into psycopg's ``%s`` style for PostgreSQL. Transactions are explicit on both: the
connection runs in autocommit mode and ``begin()`` opens one, so the store decides where a
release starts and ends exactly as it does on SQLite.

PostgreSQL connections come from one pool per process and URL (``psycopg_pool``): a web request
borrows one for its snapshot and gives it back. A connection broken by a failover is replaced
when it is next borrowed, or at once when a statement outside a transaction fails on it (the
statement is asked again on the new one); a URL naming several hosts (libpq's
``host=a,b … target_session_attrs=``) finds whichever is up, so a read node keeps serving when
its primary is promoted away.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from .errors import StoreError

# The key of the PostgreSQL advisory lock that is the store's writer lock (one writer at a time,
# as SQLite's BEGIN IMMEDIATE is): any 64-bit number no other application uses on the database.
WRITER_LOCK = 0x6C657873  # "lexs"


def is_postgres_url(target: str | None) -> bool:
    return bool(target) and str(target).startswith(("postgresql://", "postgres://"))


@lru_cache(maxsize=512)
def _pg_sql(sql: str) -> str:
    """``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled). The store's SQL has
    no ``?`` inside string literals."""
    return sql.replace("%", "%%").replace("?", "%s")


class Database(ABC):
    """A connection to the store; ``dialect`` is ``"sqlite"`` or ``"postgresql"``."""

    dialect: str

    @abstractmethod
    def execute(self, sql: str, args: Sequence[Any] = ()) -> Any:
        """Run one statement; returns its DB-API cursor."""

    @abstractmethod
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for each of ``rows``."""

    def query(self, sql: str, args: Sequence[Any] = ()) -> list[dict]:
        cur = self.execute(sql, args)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def insert(self, sql: str, args: Sequence[Any]) -> int:
        """Run an INSERT and return the new row's ``id``."""
        return self.execute(sql + " RETURNING id", args).fetchone()[0]

    @abstractmethod
    def table_names(self) -> list[str]:
        """The store's tables."""

    @abstractmethod
    def begin(self, *, write: bool, lock_timeout: float = 30.0) -> None:
        """Open a transaction: ``write`` takes the store's writer lock (waiting up to
        ``lock_timeout`` seconds, then ``StoreError``), otherwise one consistent read
        snapshot."""

    def commit(self) -> None:
        self.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.execute("ROLLBACK")

    @property
    @abstractmethod
    def in_transaction(self) -> bool:
        """Whether a transaction is open."""

    @abstractmethod
    def close(self) -> None:
        """Give the connection back (PostgreSQL: to its pool)."""


class SqliteDatabase(Database):
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.raw = conn

    def execute(self, sql: str, args: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.raw.execute(sql, args)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.raw.executemany(sql, rows)

    def insert(self, sql: str, args: Sequence[Any]) -> int:
        return int(self.raw.execute(sql, args).lastrowid)

    def table_names(self) -> list[str]:
        return [r[0] for r in self.raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]

    def begin(self, *, write: bool, lock_timeout: float = 30.0) -> None:
        if not write:
            self.raw.execute("BEGIN")
            return
        self.raw.execute(f"PRAGMA busy_timeout = {int(lock_timeout * 1000)}")
        try:
            self.raw.execute("BEGIN IMMEDIATE")  # waits up to the busy timeout
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
            raise StoreError(f"another import holds the store's writer lock "
                             f"(waited {lock_timeout:.0f} s)") from None
        finally:
            self.raw.execute("PRAGMA busy_timeout = 30000")

    @property
    def in_transaction(self) -> bool:
        return self.raw.in_transaction

    def close(self) -> None:
        self.raw.close()


_POOLS: dict[tuple[int, str], Any] = {}  # by (process, URL): a forked child makes its own
_POOLS_LOCK = threading.Lock()


def _pool(url: str) -> Any:
    from psycopg_pool import ConnectionPool

    key = (os.getpid(), url)
    with _POOLS_LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            pool = ConnectionPool(url, min_size=0, max_size=16, open=True, timeout=30,
                                  kwargs={"autocommit": True},
                                  check=ConnectionPool.check_connection)
            _POOLS[key] = pool
        return pool


def close_pools() -> None:
    """Close every connection pool of this process (tests, and a worker that forks)."""
    with _POOLS_LOCK:
        for (pid, _url), pool in list(_POOLS.items()):
            if pid == os.getpid():
                pool.close()
            del _POOLS[(pid, _url)]


class PostgresDatabase(Database):
    dialect = "postgresql"

    def __init__(self, url: str, *, wait: float = 30.0) -> None:
        import psycopg

        self.url = url
        self._wait = wait  # for a pooled connection: a reader gives up sooner than a writer
        self._pool = _pool(url)
        try:
            self.raw = self._pool.getconn(timeout=wait)
        except Exception as exc:  # PoolTimeout, OperationalError: the server is not there
            raise StoreError(f"cannot connect to the store at {redact(url)}: "
                             f"{_reason(exc)}") from None
        self._psycopg = psycopg

    def execute(self, sql: str, args: Sequence[Any] = ()) -> Any:
        params = tuple(args) if args else None
        idle = self._idle()
        try:
            return self.raw.execute(_pg_sql(sql), params)
        except self._psycopg.OperationalError:
            # The server went away (a failover, a restart). Outside a transaction nothing is
            # lost by asking again on a new connection: the pool finds whichever host is up.
            # Inside one the caller's snapshot is gone: it must fail.
            if not idle or not self.raw.broken:
                raise
            self._reconnect()
            return self.raw.execute(_pg_sql(sql), params)

    def _idle(self) -> bool:
        return self.raw.info.transaction_status == self._psycopg.pq.TransactionStatus.IDLE

    def _reconnect(self) -> None:
        broken, self.raw = self.raw, None
        self._pool.putconn(broken)  # the pool discards a broken connection
        try:
            self.raw = self._pool.getconn(timeout=self._wait)
        except Exception as exc:  # PoolTimeout: no host answers
            raise StoreError(f"cannot reconnect to the store at {redact(self.url)}: "
                             f"{_reason(exc)}") from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            with self.raw.cursor() as cur:
                cur.executemany(_pg_sql(sql), rows)

    def table_names(self) -> list[str]:
        return [r[0] for r in self.raw.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "ORDER BY tablename")]

    def begin(self, *, write: bool, lock_timeout: float = 30.0) -> None:
        if not write:
            self.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return
        self.execute("BEGIN")
        deadline = time.monotonic() + lock_timeout
        while not self.raw.execute("SELECT pg_try_advisory_xact_lock(%s)",
                                   (WRITER_LOCK,)).fetchone()[0]:
            if time.monotonic() > deadline:
                self.raw.execute("ROLLBACK")
                raise StoreError(f"another import holds the store's writer lock at "
                                 f"{redact(self.url)} (waited {lock_timeout:.0f} s)")
            time.sleep(0.1)

    def rollback(self) -> None:
        try:
            super().rollback()
        except self._psycopg.OperationalError:
            if not self.raw.broken:
                raise
            # the server went away mid-transaction: nothing of it was committed, and the
            # caller's own error (why it rolls back) is the one to report

    @property
    def in_transaction(self) -> bool:
        return not self._idle()

    def close(self) -> None:
        raw, self.raw = self.raw, None
        if raw is None:
            return
        try:
            if raw.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE:
                raw.execute("ROLLBACK")  # a request's read snapshot ends here
        except self._psycopg.Error:
            pass  # a broken connection: the pool sees it and replaces it
        self._pool.putconn(raw)


def redact(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__
