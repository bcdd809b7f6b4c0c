"""The editors' query statistics: what people search for, without who searched.

What is kept, per UTC day and nothing finer: the query text normalised (``normalize_query``:
NFC, case folded, apostrophes and spaces folded, runs of 7 or more digits and e-mail
addresses masked, since a query may hold a passport or phone number), its language (the
``lang`` filter, else a guess from the script), the filters used, the channel (``web`` page or
``api``), the number of searches, the last result count, and which result ranks were opened.
Never an IP address, a cookie, a user agent or a time of day: a row is (day, query) counts.

A query is known by ``query_id``: a hash of its normalised text, language and filters, the same
in every process, so a cached results page can carry it in its links.

Writes never hold up a request: ``QueryLog.record``/``record_click`` append to an in-memory
queue (a full queue drops the entry and counts it), and a background thread writes the queue in
one transaction every ``flush_seconds`` or every ``batch`` entries into its own SQLite file (WAL;
the store stays read-only for readers). Rows older than ``days`` days are purged once a day. A
folder that cannot be written disables logging: ``status()`` says why.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import sqlite3
import threading
import unicodedata
from collections import Counter, deque
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from lexsearch.textnorm import normalize

FILE_NAME = "querylog.sqlite"
DEFAULT_DAYS = 90
MAX_QUERY = 500  # characters kept of a normalised query
MAX_QUEUE = 10_000  # entries waiting to be written; past that, new ones are dropped
CHANNELS = ("web", "api")

SCHEMA = """
CREATE TABLE IF NOT EXISTS queries (
  qid TEXT PRIMARY KEY, query TEXT NOT NULL, lang TEXT NOT NULL, filters TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS searches (
  day TEXT NOT NULL, qid TEXT NOT NULL, channel TEXT NOT NULL, n INTEGER NOT NULL,
  results INTEGER NOT NULL, PRIMARY KEY (day, qid, channel));
CREATE TABLE IF NOT EXISTS clicks (
  day TEXT NOT NULL, qid TEXT NOT NULL, rank INTEGER NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (day, qid, rank));
"""

_APOSTROPHES = str.maketrans({c: "'" for c in "ʻʼ‘’`´ʹ′"})
_LONG_DIGITS = re.compile(r"\d[\d -]{5,}\d")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_UZ_CYRILLIC = re.compile("[ўқғҳЎҚҒҲ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")
_UZ_LATIN = re.compile(r"[og]'|q(?!u)|\b(modda|kodeks|qonun)|\b(nima|uchun|va|yoki)\b|"
                       r"\w(ning|lari?|dagi|masi|dan|ga|si|mi)\b")


def normalize_query(text: str) -> str:
    """The form a query is counted under: NFC, case folded, one apostrophe, single spaces,
    trailing question marks and dots dropped, long digit runs and e-mail addresses masked."""
    text = unicodedata.normalize("NFC", normalize(text)).casefold().translate(_APOSTROPHES)
    text = _EMAIL.sub("<email>", text)
    text = _LONG_DIGITS.sub(lambda m: "#" if sum(ch.isdigit() for ch in m.group()) >= 7
                            else m.group(), text)
    text = " ".join(text.split()).rstrip("?.!…").strip()
    return text[:MAX_QUERY]


def guess_lang(query: str) -> str:
    """The query's language from its letters: ``uzb-Cyrl`` (ў қ ғ ҳ), ``rus`` (other
    Cyrillic), ``uzb`` (oʻ/gʻ, common Uzbek endings and act words), ``eng`` (other Latin),
    ``""`` (no letters). A guess, for grouping the statistics only."""
    if _UZ_CYRILLIC.search(query):
        return "uzb-Cyrl"
    if _CYRILLIC.search(query):
        return "rus"
    if _UZ_LATIN.search(query):
        return "uzb"
    return "eng" if _LATIN.search(query) else ""


def query_id(query: str, lang: str, filters: dict) -> str:
    """The stable id of a (normalised query, language, filters) triple: 16 hex digits."""
    key = json.dumps([query, lang, filters], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Search:
    """One search as it is logged."""

    day: str
    qid: str
    query: str
    lang: str
    filters: str  # JSON, keys sorted
    channel: str
    results: int


def make_search(query: str, filters: dict, results: int, channel: str = "web",
                today: date | None = None) -> Search:
    """A ``Search`` from a raw query and the filters the request used (empty values are not
    filters); the language is the ``lang`` filter when given, else a guess."""
    q = normalize_query(query)
    used = {k: str(v) for k, v in sorted(filters.items()) if v not in (None, "")}
    lang = used.get("lang") or guess_lang(q)
    day = (today or datetime.now(UTC).date()).isoformat()
    return Search(day, query_id(q, lang, used), q, lang,
                  json.dumps(used, ensure_ascii=False, sort_keys=True), channel, int(results))


def connect(path: Path, *, readonly: bool = False, timeout: float = 2.0) -> sqlite3.Connection:
    """A connection to the log file (``mode=ro`` for reports); ``timeout``: seconds to wait
    for another process's write lock."""
    if readonly:
        from urllib.parse import quote

        return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=timeout,
                               check_same_thread=False)
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.executescript(SCHEMA)
    return conn


class QueryLog:
    """The queue and its writer thread for one log file (one per process)."""

    def __init__(self, path: str | Path, *, days: int = DEFAULT_DAYS, enabled: bool = True,
                 flush_seconds: float = 2.0, batch: int = 256, max_queue: int = MAX_QUEUE,
                 lock_timeout: float = 2.0) -> None:
        self.lock_timeout = float(lock_timeout)  # the writer thread waits, never a request
        self.path, self.days, self.flush_seconds = Path(path), int(days), float(flush_seconds)
        self.batch, self.max_queue = int(batch), int(max_queue)
        self.dropped = 0  # entries not logged: queue full, or a write that failed
        self.written = 0
        self.error: str | None = None if enabled else "query logging is switched off"
        self._queue: deque = deque()
        self._wake = threading.Event()
        self._write_lock = threading.Lock()  # taken by the writer thread and flush() only
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self._purged: str | None = None
        if enabled:
            self._open()

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not os.access(self.path.parent, os.W_OK) or (
                    self.path.exists() and not os.access(self.path, os.W_OK)):
                raise PermissionError(f"{self.path.parent} is not writable")
            connect(self.path).close()
        except (OSError, sqlite3.Error) as exc:
            self.error = f"query log disabled: cannot write {self.path} ({exc})"

    @property
    def enabled(self) -> bool:
        return self.error is None

    # ---- the request side: never waits ----------------------------------------------------
    def _put(self, item: tuple) -> None:
        if self.error is not None:
            return
        if len(self._queue) >= self.max_queue:
            self.dropped += 1
            return
        self._queue.append(item)
        if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
            self._start()
        if len(self._queue) >= self.batch:
            self._wake.set()

    def record(self, search: Search) -> None:
        """Queue one search (dropped and counted when the queue is full)."""
        self._put(("search", search))

    def record_click(self, qid: str, rank: int, today: date | None = None) -> None:
        """Queue one opened result: the query's id and the rank (1 = first) that was opened."""
        day = (today or datetime.now(UTC).date()).isoformat()
        self._put(("click", day, qid, int(rank)))

    def _start(self) -> None:
        if self._pid != os.getpid():  # forked: the parent's thread and queue are not ours
            self._pid, self._queue = os.getpid(), deque(self._queue)
        if self._thread is None:
            atexit.register(self.flush)  # what is queued when the process ends
        self._thread = threading.Thread(target=self._run, name="querylog", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            self._wake.wait(self.flush_seconds)
            self._wake.clear()
            self.flush()

    # ---- the writer side -------------------------------------------------------------------
    def flush(self) -> int:
        """Write what is queued now in one transaction; the number of entries written."""
        with self._write_lock:
            items = []
            while self._queue:
                items.append(self._queue.popleft())
            if not items or self.error is not None:
                return 0
            try:
                conn = connect(self.path, timeout=self.lock_timeout)
                try:
                    self._write(conn, items)
                finally:
                    conn.close()
            except (OSError, sqlite3.Error):
                self.dropped += len(items)  # locked too long or the disk is gone: not retried
                return 0
            self.written += len(items)
            return len(items)

    def _write(self, conn: sqlite3.Connection, items: list[tuple]) -> None:
        searches: Counter = Counter()
        last: dict[tuple, int] = {}
        queries: dict[str, tuple] = {}
        clicks: Counter = Counter()
        for item in items:
            if item[0] == "search":
                s: Search = item[1]
                key = (s.day, s.qid, s.channel)
                searches[key] += 1
                last[key] = s.results
                queries[s.qid] = (s.qid, s.query, s.lang, s.filters)
            else:
                clicks[item[1:]] += 1
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("INSERT OR IGNORE INTO queries VALUES (?, ?, ?, ?)",
                             queries.values())
            conn.executemany(
                "INSERT INTO searches VALUES (?, ?, ?, ?, ?) ON CONFLICT (day, qid, channel) "
                "DO UPDATE SET n = n + excluded.n, results = excluded.results",
                [(*key, n, last[key]) for key, n in searches.items()])
            conn.executemany(
                "INSERT INTO clicks VALUES (?, ?, ?, ?) ON CONFLICT (day, qid, rank) "
                "DO UPDATE SET n = n + excluded.n", [(*key, n) for key, n in clicks.items()])
            self._purge(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _purge(self, conn: sqlite3.Connection, today: date | None = None) -> None:
        today = today or datetime.now(UTC).date()
        if self._purged == today.isoformat():
            return
        purge_before(conn, (today - timedelta(days=self.days)).isoformat())
        self._purged = today.isoformat()

    def status(self) -> dict:
        """For ``/healthz``: on or off (and why), entries written, queued and dropped."""
        out = {"enabled": self.enabled, "written": self.written, "queued": len(self._queue),
               "dropped": self.dropped, "retention_days": self.days}
        if self.error:
            out["warning"] = self.error
        return out


def purge_before(conn: sqlite3.Connection, day: str) -> None:
    """Delete the counts of days before ``day`` (ISO) and the queries no count names."""
    conn.execute("DELETE FROM searches WHERE day < ?", (day,))
    conn.execute("DELETE FROM clicks WHERE day < ?", (day,))
    conn.execute("DELETE FROM queries WHERE qid NOT IN (SELECT qid FROM searches) "
                 "AND qid NOT IN (SELECT qid FROM clicks)")


__all__ = ["CHANNELS", "DEFAULT_DAYS", "FILE_NAME", "QueryLog", "Search", "connect",
           "guess_lang", "make_search", "normalize_query", "purge_before", "query_id"]
