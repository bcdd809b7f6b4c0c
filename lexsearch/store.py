"""The versioned document store: one SQLite file (WAL) behind a narrow interface.

Editions are append-only. Provision texts are stored once by content hash, so many editions of
a code cost little more than one plus what changed. ``edition_for`` is the one place that decides
which edition applies. All writes of one release go through ``Store.release()``: one
transaction, all of it lands or none of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from .db import Database, PostgresDatabase, SqliteDatabase, is_postgres_url, redact
from .errors import ConflictError, NotFound, StoreError
from .model import KINDS, Edition, EditionText, EditorialNote, Work, WorkMeta
from .numbers import ActNumber, fold_apostrophes, number_key
from .schema import SCHEMA_VERSION, current_version, migrate

STORE_FILE = "lexsearch.db"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def title_key(title: str | None) -> str | None:
    """A title folded for matching: apostrophes, case and spacing do not count."""
    if not title:
        return None
    return " ".join(fold_apostrophes(title).casefold().replace("'", "").split())


@dataclass(frozen=True)
class StoredProvision:
    seq: int
    eid: str
    parent: str | None
    kind: str
    num: str | None
    heading: str | None
    text_hash: str
    has_previous: bool
    text: str | None = None  # filled when asked for

    def __repr__(self) -> str:
        return f"StoredProvision({self.eid})"


def _readonly_uri(path: Path) -> str:
    """The URI to read the store: ``mode=ro``; in a folder this process cannot write (a
    read-only mount, another owner) with no write-ahead log left to read, ``immutable=1`` as
    well, since SQLite could not create the WAL index file that ``mode=ro`` needs."""
    uri = f"file:{quote(str(path))}?mode=ro"
    wal = path.with_name(path.name + "-wal")
    if not os.access(path.parent, os.W_OK) and not (wal.exists() and wal.stat().st_size):
        uri += "&immutable=1"
    return uri


def default_url(data_dir: Path) -> str | None:
    """The store of ``data_dir`` when no URL is given: ``LEXSEARCH_STORE`` (a PostgreSQL
    URL), else None (the SQLite file in the folder). Tests replace it to give every data folder
    a database of its own."""
    return os.environ.get("LEXSEARCH_STORE") or None


class Store:
    """Open with ``Store(data_dir)``; ``readonly=True`` for the web tier.

    ``url`` (default: the environment's ``LEXSEARCH_STORE``) = ``postgresql://…``: the store is
    that PostgreSQL database and ``data_dir`` only holds what is local to this machine (its
    search index, caches, locks); otherwise the SQLite file ``data_dir/lexsearch.db``.
    """

    def __init__(self, data_dir: str | Path, *, readonly: bool = False,
                 url: str | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.readonly = readonly
        url = url if url is not None else default_url(self.data_dir)
        if url and not is_postgres_url(url):
            raise StoreError(f"store URL {url!r}: only postgresql://… URLs are supported "
                             "(or none: the SQLite file in the data folder)")
        self.url = url
        if url:
            self.path = None
            self.where = redact(url)
            # a page or a search that cannot reach the store answers 503 within seconds
            self.conn: Database = PostgresDatabase(url, wait=5.0 if readonly else 30.0)
        else:
            self.path = self.data_dir / STORE_FILE
            self.where = str(self.path)
            self.conn = SqliteDatabase(self._sqlite())
        self.db = self.conn  # the name older callers use
        try:
            self._check_schema()
        except BaseException:
            self.conn.close()
            raise

    @property
    def backend(self) -> str:
        return self.conn.dialect

    def _sqlite(self) -> sqlite3.Connection:
        if self.readonly:
            if not self.path.exists():
                raise StoreError(f"no store at {self.path}: run `lexsearch import` first")
            conn = sqlite3.connect(_readonly_uri(self.path), uri=True,
                                   isolation_level=None, check_same_thread=False)
        else:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                   timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    def _check_schema(self) -> None:
        version = current_version(self.conn)
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.where} has schema {version}, newer than this lexsearch "
                             f"({SCHEMA_VERSION}); upgrade lexsearch")
        if version < SCHEMA_VERSION:
            if self.readonly:
                raise StoreError(f"no store at {self.where}: run `lexsearch import` first"
                                 if version == 0 else
                                 f"{self.where} has schema {version}, needs {SCHEMA_VERSION}: "
                                 "run any `lexsearch import` to migrate")
            migrate(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- reads -------------------------------------------------------------------------
    _WORK_FIELDS = ("id", "uri", "country", "subtype", "date", "number", "titles", "status",
                    "issuer", "entry_into_force", "repealed_on", "source_id", "lang")
    _WORK_COLS = ", ".join(_WORK_FIELDS)

    def _work(self, row: tuple) -> Work:
        d = dict(zip(self._WORK_FIELDS, row, strict=True))
        titles = json.loads(d.pop("titles") or "{}")
        title = titles.get(d["lang"]) or next(iter(titles.values()), d["uri"])
        return Work(title=title, titles=titles, **d)

    def work(self, uri: str) -> Work:
        row = self.conn.execute(f"SELECT {self._WORK_COLS} FROM works WHERE uri = ?",
                                (uri,)).fetchone()
        if row is None:
            raise NotFound(f"no work {uri}")
        return self._work(row)

    def works(self, *, subtype: str | None = None, limit: int | None = None) -> list[Work]:
        sql, args = f"SELECT {self._WORK_COLS} FROM works", []
        if subtype:
            sql += " WHERE subtype = ?"
            args.append(subtype)
        sql += " ORDER BY date DESC, uri"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [self._work(r) for r in self.conn.execute(sql, args)]

    def works_by_number(self, number: str) -> list[Work]:
        """Works whose number (any script, any alias) is ``number``."""
        key = number_key(number) or number.strip().lower()
        rows = self.conn.execute(
            f"SELECT DISTINCT {', '.join('w.' + c for c in self._WORK_FIELDS)} "
            "FROM aliases a JOIN works w ON w.id = a.work_id WHERE a.alias_key = ?", (key,))
        return [self._work(r) for r in rows]

    def works_by_title(self, title: str, subtype: str | None = None) -> list[Work]:
        sql = f"SELECT {self._WORK_COLS} FROM works WHERE title_key = ?"
        args: list = [title_key(title)]
        if subtype:
            sql += " AND subtype = ?"
            args.append(subtype)
        return [self._work(r) for r in self.conn.execute(sql, args)]

    def aliases(self, work_uri: str) -> list[str]:
        """The work's number as printed in every script (``OʻRQ-798``, ``ЎРҚ-798``, ``ЗРУ-798``,
        ``ZRU-798`` …). Derived from the number; the ``aliases`` table holds the lookup keys."""
        number = self.work(work_uri).number
        try:
            return ActNumber.parse(number).aliases()
        except ValueError:
            return [number]

    _ED_COLS = ("e.id, w.uri, e.lang, e.valid_from, e.title, e.produced_by, e.gazette, "
                "e.content_hash, e.batch_id")

    def editions(self, work_uri: str, lang: str | None = None) -> list[Edition]:
        """Every edition of a work, oldest first."""
        sql = (f"SELECT {self._ED_COLS} FROM editions e JOIN works w ON w.id = e.work_id "
               "WHERE w.uri = ?")
        args: list = [work_uri]
        if lang:
            sql += " AND e.lang = ?"
            args.append(lang)
        sql += " ORDER BY e.valid_from, e.lang"
        return [Edition(*r) for r in self.conn.execute(sql, args)]

    def languages(self, work_uri: str) -> list[str]:
        return sorted({e.lang for e in self.editions(work_uri)})

    def edition_for(self, work_uri: str, lang: str | None = None, *, as_of: str | None = None,
                    exact: str | None = None, nearest: bool = False) -> Edition:
        """The one place that decides which edition applies.

        ``exact`` = the edition that starts on that date (``…/uzb@2021-04-21``); ``as_of`` = the
        edition in force on that date (the latest that started on or before it); neither = the
        latest. ``nearest`` with ``as_of``: when no stored edition was in force yet, the first
        one held (``lexsearch.pointintime`` tells per provision what differed on the date).
        ``lang`` None = the work's own language. Raises ``NotFound``.
        """
        work = self.work(work_uri)
        lang = lang or work.lang
        editions = self.editions(work_uri, lang)
        if not editions:
            raise NotFound(f"{work_uri} has no edition in {lang}")
        if exact:
            for e in editions:
                if e.valid_from == exact:
                    return e
            raise NotFound(f"{work_uri} has no {lang} edition of {exact}")
        if as_of:
            in_force = [e for e in editions if e.valid_from <= as_of]
            if not in_force and nearest:
                return editions[0]
            if not in_force:
                raise NotFound(f"{work_uri} has no {lang} edition in force on {as_of} "
                               f"(first edition: {editions[0].valid_from})")
            return in_force[-1]
        return editions[-1]

    def edition_by_id(self, edition_id: int) -> Edition:
        row = self.conn.execute(f"SELECT {self._ED_COLS} FROM editions e JOIN works w "
                                "ON w.id = e.work_id WHERE e.id = ?", (edition_id,)).fetchone()
        if row is None:
            raise NotFound(f"no edition #{edition_id}")
        return Edition(*row)

    def provisions(self, edition: Edition, *, with_text: bool = True) -> list[StoredProvision]:
        if with_text:
            sql = ("SELECT p.seq, p.eid, p.parent, p.kind, p.num, p.heading, p.text_hash, "
                   "p.has_previous, t.text FROM provisions p JOIN texts t ON t.hash = p.text_hash "
                   "WHERE p.edition_id = ? ORDER BY p.seq")
        else:
            sql = ("SELECT seq, eid, parent, kind, num, heading, text_hash, has_previous, NULL "
                   "FROM provisions WHERE edition_id = ? ORDER BY seq")
        return [StoredProvision(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), r[8])
                for r in self.conn.execute(sql, (edition.id,))]

    def provision(self, edition: Edition, eid: str) -> StoredProvision:
        row = self.conn.execute(
            "SELECT p.seq, p.eid, p.parent, p.kind, p.num, p.heading, p.text_hash, "
            "p.has_previous, t.text FROM provisions p JOIN texts t ON t.hash = p.text_hash "
            "WHERE p.edition_id = ? AND p.eid = ?", (edition.id, eid)).fetchone()
        if row is None:
            raise NotFound(f"{edition.uri} has no provision {eid}")
        return StoredProvision(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                               bool(row[7]), row[8])

    def notes(self, edition: Edition, eid: str | None = None) -> list[dict]:
        sql = "SELECT * FROM notes WHERE edition_id = ?"
        args: list = [edition.id]
        if eid is not None:
            sql += " AND eid = ?"
            args.append(eid)
        return list(self.db.query(sql + " ORDER BY seq", args))

    def editorial(self, edition: Edition, eid: str | None = None) -> list[EditorialNote]:
        """The editors' notes printed with ``edition`` (of one provision when ``eid`` is given),
        in document order."""
        sql = "SELECT eid, text, line FROM editorial_notes WHERE edition_id = ?"
        args: list = [edition.id]
        if eid is not None:
            sql += " AND eid = ?"
            args.append(eid)
        return [EditorialNote(*row) for row in self.conn.execute(sql + " ORDER BY seq", args)]

    def texts(self, hashes: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(f"SELECT hash, text FROM texts WHERE hash IN ({marks})",
                                         chunk).fetchall())
        return out

    def batches(self) -> list[dict]:
        return list(self.db.query("SELECT * FROM batches ORDER BY id DESC"))

    def stats(self) -> dict:
        q = self.conn.execute
        out = {name: q(f"SELECT count(*) FROM {name}").fetchone()[0]
               for name in ("works", "editions", "provisions", "notes", "texts", "batches")}
        out["articles"] = q("SELECT count(*) FROM provisions WHERE kind = 'article'").fetchone()[0]
        out["by_language"] = dict(q("SELECT lang, count(*) FROM editions GROUP BY lang ORDER BY lang"))
        out["works_by_type"] = dict(q("SELECT subtype, count(*) FROM works GROUP BY subtype "
                                      "ORDER BY subtype"))
        out["works_by_country"] = dict(q("SELECT country, count(*) FROM works GROUP BY country "
                                         "ORDER BY country"))
        return out

    def changed_since(self, batch_id: int) -> dict[str, set[str]]:
        """``{work uri: {languages}}`` a batch after ``batch_id`` touched: the languages of the
        editions it added, and every language of a work whose metadata it changed."""
        out: dict[str, set[str]] = {}
        for uri, lang in self.conn.execute(
                "SELECT w.uri, e.lang FROM editions e JOIN works w ON w.id = e.work_id "
                "WHERE e.batch_id > ? OR w.meta_batch > ?", (batch_id, batch_id)):
            out.setdefault(uri, set()).add(lang)
        return out

    def batches_after(self, batch_id: int) -> int:
        """How many committed batches came after ``batch_id``. Not the difference of the ids:
        PostgreSQL's sequences skip ids (a rolled-back release; 32 at once after a failover,
        the values it had logged ahead)."""
        return self.conn.execute("SELECT count(*) FROM batches WHERE id > ?",
                                 (batch_id,)).fetchone()[0]

    def last_batch_id(self) -> int:
        return self.conn.execute("SELECT coalesce(max(id), 0) FROM batches").fetchone()[0]

    # ---- writes ------------------------------------------------------------------------
    @contextmanager
    def release(self, source: str, sha256: str | None = None, *, dry_run: bool = False,
                lock_timeout: float = 30.0) -> Iterator[ReleaseWriter]:
        """One transaction for one release: commit on success, roll back on any error (and
        always with ``dry_run``, which still reports what would have changed). One writer at a
        time: another release waits up to ``lock_timeout`` seconds for the writer lock (SQLite's
        ``BEGIN IMMEDIATE``; on PostgreSQL an advisory lock, across machines), then
        ``StoreError``."""
        if self.readonly:
            raise StoreError("store opened read-only")
        self.conn.begin(write=True, lock_timeout=lock_timeout)
        try:
            batch_id = self.conn.insert(
                "INSERT INTO batches (started_at, source, sha256) VALUES (?, ?, ?)",
                (_now(), source, sha256))
            writer = ReleaseWriter(self, batch_id)
            yield writer
            if writer.changed and not dry_run:
                self.conn.execute("UPDATE batches SET finished_at = ?, files = ?, report = ? "
                                  "WHERE id = ?", (_now(), json.dumps(writer.files),
                                                   json.dumps(writer.report, ensure_ascii=False),
                                                   writer.batch_id))
                self.conn.commit()
            else:  # a dry run, or nothing new: leave no empty batch behind
                self.conn.rollback()
        except BaseException:
            self.conn.rollback()
            raise


class ReleaseWriter:
    """Adds works and editions inside ``Store.release()``; never updates an edition."""

    def __init__(self, store: Store, batch_id: int) -> None:
        self.store, self.conn, self.batch_id = store, store.conn, batch_id
        self.changed = False
        self.updated: set[str] = set()  # works whose metadata this release changed
        self.files: list[str] = []
        self.report: dict = {}
        self.warnings: dict[str, list[str]] = {}  # source file -> what the store noticed

    def _same_law(self, edition_id: int, rows: list[tuple]) -> bool:
        """Whether ``rows`` (as ``add_edition`` builds them) hold exactly the provisions of the
        stored edition outside its containers: the same eIds, numbers, headings and texts.
        Sources of one text differ in the containers they print (a Word file prints the part,
        section and chapter above article 1; an article map does not)."""
        def law(items) -> dict:
            return {eid: (num, heading, text) for eid, kind, num, heading, text in items
                    if kind not in CONTAINER_KINDS}

        stored = law(self.conn.execute("SELECT eid, kind, num, heading, text_hash FROM "
                                       "provisions WHERE edition_id = ?", (edition_id,)))
        new = law((r[1], r[3], r[4], r[5], r[6]) for r in rows)
        return bool(stored) and stored == new

    def _updated(self, uri: str) -> None:
        self.updated.add(uri)
        self.changed = True

    def ensure_work(self, uri: str, meta: WorkMeta, lang: str) -> tuple[int, bool]:
        """The id of work ``uri``, creating it from ``meta``; returns (id, created)."""
        row = self.conn.execute("SELECT id FROM works WHERE uri = ?", (uri,)).fetchone()
        if row:
            work_id = row[0]
            if meta.title:
                self.add_title(work_id, uri, lang, meta.title)
            if meta.status == "repealed" and meta.repealed_on:
                cur = self.conn.execute(
                    "UPDATE works SET status = 'repealed', repealed_on = ?, meta_batch = ? "
                    "WHERE id = ? AND status != 'repealed'",
                    (meta.repealed_on, self.batch_id, work_id))
                if cur.rowcount:
                    self._updated(uri)
            return work_id, False
        from .uri import FrbrUri

        parsed = FrbrUri.parse(uri)
        titles = {lang: meta.title} if meta.title else {}
        work_id = self.conn.insert(
            "INSERT INTO works (uri, country, subtype, date, number, number_key, lang, titles, "
            "title_key, issuer, status, entry_into_force, repealed_on, source_id, batch_id) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (uri, parsed.country, parsed.subtype, parsed.date, meta.number or parsed.number,
             number_key(meta.number or "") or parsed.number, lang,
             json.dumps(titles, ensure_ascii=False), title_key(meta.title), meta.issuer,
             meta.status, meta.entry_into_force, meta.repealed_on, meta.source_id, self.batch_id))
        aliases = {parsed.number: parsed.number}
        if meta.number:
            try:
                for alias in ActNumber.parse(meta.number).aliases():
                    aliases[number_key(alias) or alias.lower()] = alias
            except ValueError:
                aliases[meta.number.lower()] = meta.number
        self.conn.executemany("INSERT INTO aliases (work_id, alias_key, alias) VALUES (?, ?, ?) "
                              "ON CONFLICT DO NOTHING",
                              [(work_id, k, v) for k, v in aliases.items()])
        self.changed = True
        return work_id, True

    def add_title(self, work_id: int, uri: str, lang: str, title: str) -> None:
        """The work's title in ``lang``, unless it has one: a new language brings its own."""
        row = self.conn.execute("SELECT titles FROM works WHERE id = ?", (work_id,)).fetchone()
        titles = json.loads(row[0] or "{}")
        if lang in titles:
            return
        titles[lang] = title
        self.conn.execute("UPDATE works SET titles = ?, meta_batch = ? WHERE id = ?",
                          (json.dumps(titles, ensure_ascii=False), self.batch_id, work_id))
        self._updated(uri)

    def add_edition(self, work_id: int, edition: EditionText, *, source_file: str,
                    source_sha256: str | None = None) -> tuple[str, int | None]:
        """Store one edition; returns (content hash, the new edition's id). The same content
        again is a no-op (id ``None``); other content for an edition already stored is a
        ``ConflictError``."""
        if not edition.valid_from:
            raise ConflictError(f"{source_file}: edition has no valid_from date")
        rows, texts = [], {}
        digest = hashlib.sha256()
        for seq, p in enumerate(edition.provisions):
            h = text_hash(p.text or "")
            texts[h] = p.text or ""
            rows.append((seq, p.eid, p.parent, p.kind, p.num, p.heading, h, int(p.has_previous)))
            digest.update(json.dumps([p.eid, p.parent, p.kind, p.num, p.heading, h,
                                      p.has_previous], ensure_ascii=False).encode())
        for n in edition.notes:
            digest.update(json.dumps([n.eid, n.raw]).encode())
        for e in edition.editorial:  # none before migration 4: older hashes stay as they were
            digest.update(json.dumps(["editorial", e.eid, e.text], ensure_ascii=False).encode())
        content = digest.hexdigest()
        row = self.conn.execute("SELECT content_hash, id, source_file FROM editions "
                                "WHERE work_id = ? AND lang = ? AND valid_from = ?",
                                (work_id, edition.lang, edition.valid_from)).fetchone()
        if row:
            if row[0] == content:
                return content, None
            stored_id, stored_file = row[1], row[2]
            if self._same_law(stored_id, rows):
                # The same edition from another source (a Word file and an article map of one
                # text): nothing to add, and nothing merged into what is stored.
                self.warnings.setdefault(source_file, []).append(
                    f"the {edition.lang} edition of {edition.valid_from} is already stored from "
                    f"{stored_file}: same provisions and text, only the containers around them "
                    "differ; the stored edition is kept")
                return row[0], None
            raise ConflictError(
                f"{source_file}: the {edition.lang} edition of {edition.valid_from} is already "
                f"stored (from {stored_file}) with different text; editions are append-only "
                "(give the new text its own valid_from)")
        produced = None
        if edition.produced_by:
            a = edition.produced_by
            produced = " ".join(x for x in (a.type, a.number, a.date) if x) or a.title
        edition_id = self.conn.insert(
            "INSERT INTO editions (work_id, lang, valid_from, title, produced_by, gazette, "
            "content_hash, source_file, source_sha256, batch_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (work_id, edition.lang, edition.valid_from, edition.title, produced, edition.gazette,
             content, source_file, source_sha256, self.batch_id))
        self.conn.executemany("INSERT INTO texts (hash, text) VALUES (?, ?) "
                              "ON CONFLICT DO NOTHING", list(texts.items()))
        self.conn.executemany(
            "INSERT INTO provisions (edition_id, seq, eid, parent, kind, num, heading, text_hash, "
            "has_previous) VALUES (?,?,?,?,?,?,?,?,?)", [(edition_id, *r) for r in rows])
        self.conn.executemany(
            "INSERT INTO notes (edition_id, seq, eid, raw, action, target, act_type, act_number, "
            "act_number_key, act_date, published, gazette, effective) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(edition_id, i, n.eid, n.raw, n.action, n.target,
              n.act.type if n.act else None, n.act.number if n.act else None,
              number_key(n.act.number) if n.act and n.act.number else None,
              n.act.date if n.act else None, n.published, n.gazette, n.effective)
             for i, n in enumerate(edition.notes)])
        self.conn.executemany(
            "INSERT INTO editorial_notes (edition_id, seq, eid, text, line) VALUES (?,?,?,?,?)",
            [(edition_id, i, e.eid, e.text, e.line) for i, e in enumerate(edition.editorial)])
        self.changed = True
        return content, edition_id


# Kinds that only group provisions; what they hold is the law.
CONTAINER_KINDS = frozenset(("attachment", *KINDS[KINDS.index("book"):KINDS.index("article")]))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
