"""The store's schema, once for both backends, as a list of forward migrations.

Each migration declares its tables and indexes with SQLAlchemy Core; ``migrate`` compiles them
to the DDL of the store's database (SQLite or PostgreSQL) and runs each migration in its own
transaction under the writer lock. The ``schema_version`` table records how many have been
applied. Never edit a released migration: add a new one. (Stores written before the schema
moved here were made by sqlite-utils from the same declarations: same tables, columns, keys
and index names.)
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable, DDLElement

from .db import Database

# Text compares byte by byte on both (SQLite's BINARY): PostgreSQL's default collation would
# order URIs and eIds by the server's locale instead.
TEXT = Text().with_variant(Text(collation="C"), "postgresql")
_META = MetaData()
_DIALECTS = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}

Step = str | DDLElement  # portable SQL text, or a DDL construct compiled per dialect


def _table(name: str, *columns: Column | PrimaryKeyConstraint, index: list[tuple] = ()
           ) -> list[Step]:
    """CREATE TABLE and its indexes (``(cols…)``, or ``("unique", cols…)``), named as
    sqlite-utils names them (``idx_works_uri``)."""
    table = Table(name, _META, *columns)
    out: list[Step] = [CreateTable(table)]
    for spec in index:
        unique = spec[0] == "unique"
        cols = spec[1:] if unique else spec
        out.append(CreateIndex(Index(f"idx_{name}_{'_'.join(cols)}",
                                     *(table.c[c] for c in cols), unique=unique)))
    return out


def _pk() -> Column:
    return Column("id", Integer, primary_key=True)


def _fk(name: str, target: str, **kw) -> Column:
    return Column(name, Integer, ForeignKey(target), **kw)


def _texts(*names: str, not_null: tuple[str, ...] = ()) -> list[Column]:
    return [Column(n, TEXT, nullable=n not in not_null) for n in names]


def _m1_initial() -> list[Step]:
    return [
        *_table("batches", _pk(), *_texts("started_at", "finished_at", "source", "sha256",
                                          "files", "report")),
        *_table("works", _pk(),
                *_texts("uri", "country", "subtype", "date", "number", "number_key", "lang",
                        "titles", "title_key", "issuer", "status", "entry_into_force",
                        "repealed_on", "source_id",
                        not_null=("uri", "country", "subtype", "date", "number", "lang")),
                _fk("batch_id", "batches.id"),
                index=[("unique", "uri"), ("title_key",)]),
        *_table("aliases", _fk("work_id", "works.id"), *_texts("alias_key", "alias"),
                PrimaryKeyConstraint("work_id", "alias_key"), index=[("alias_key",)]),
        *_table("editions", _pk(), _fk("work_id", "works.id", nullable=False),
                *_texts("lang", "valid_from", "title", "produced_by", "gazette", "content_hash",
                        "source_file", "source_sha256",
                        not_null=("lang", "valid_from", "content_hash")),
                _fk("batch_id", "batches.id"),
                index=[("unique", "work_id", "lang", "valid_from")]),
        *_table("texts", *_texts("hash", "text"), PrimaryKeyConstraint("hash")),
        *_table("provisions", _fk("edition_id", "editions.id"), Column("seq", Integer),
                *_texts("eid", "parent", "kind", "num", "heading", "text_hash"),
                Column("has_previous", Integer), PrimaryKeyConstraint("edition_id", "eid"),
                index=[("text_hash",)]),
        *_table("notes", _pk(), _fk("edition_id", "editions.id"), Column("seq", Integer),
                *_texts("eid", "raw", "action", "target", "act_type", "act_number",
                        "act_number_key", "act_date", "published", "gazette", "effective"),
                index=[("edition_id", "eid"), ("act_number_key",)]),
    ]


def _m2_citations() -> list[Step]:
    """The citation graph: one row per cited (act, article, part) found in a provision."""
    return _table("citations", _pk(), _fk("edition_id", "editions.id"), *_texts("eid"),
                  Column("start", Integer), Column("end", Integer),
                  *_texts("raw", "act_type", "act_number_key", "act_date", "act_words"),
                  Column("self_ref", Integer),
                  *_texts("article", "part", "target_work", "target_eid"),
                  index=[("edition_id", "eid"), ("target_work", "target_eid"),
                         ("target_work",)])


def _m3_work_updates() -> list[Step]:
    """``works.meta_batch``: the batch that last changed a work after creating it (a repeal, a
    title in a new language), so an incremental index update finds works whose metadata
    changed without a new edition."""
    return ["ALTER TABLE works ADD COLUMN meta_batch INTEGER"]


def _m4_editorial_notes() -> list[Step]:
    """Editors' cross-references and commentary printed with an edition ("Qarang: …",
    "См. …"): kept beside the law, never among its words."""
    return _table("editorial_notes", _fk("edition_id", "editions.id"), Column("seq", Integer),
                  *_texts("eid", "text"), Column("line", Integer),
                  PrimaryKeyConstraint("edition_id", "seq"), index=[("edition_id", "eid")])


def _m5_vectors() -> list[Step]:
    """Dense vectors of provision passages for hybrid search (``lexsearch.vectors``): one
    float16 blob per (passage hash, model, version), and each model's embedding progress."""
    return [
        *_table("vectors", *_texts("hash", "model", "version"), Column("dim", Integer),
                Column("vec", LargeBinary), PrimaryKeyConstraint("hash", "model", "version")),
        *_table("embed_state", *_texts("model", "version"), Column("done", Integer),
                Column("total", Integer), *_texts("updated_at"),
                PrimaryKeyConstraint("model", "version")),
    ]


MIGRATIONS: list[Callable[[], list[Step]]] = [_m1_initial, _m2_citations, _m3_work_updates,
                                              _m4_editorial_notes, _m5_vectors]
SCHEMA_VERSION = len(MIGRATIONS)
_STEPS = [step() for step in MIGRATIONS]  # declared once: the tables share one MetaData


def ddl(number: int, dialect: str) -> list[str]:
    """The SQL of migration ``number`` (1-based) for ``dialect``."""
    return [s if isinstance(s, str) else str(s.compile(dialect=_DIALECTS[dialect])).strip()
            for s in _STEPS[number - 1]]


def current_version(db: Database) -> int:
    if "schema_version" not in db.table_names():
        return 0
    row = db.execute("SELECT version FROM schema_version").fetchone()
    return row[0] if row else 0


def migrate(db: Database) -> int:
    """Apply every pending migration, each in its own transaction under the writer lock (two
    processes opening an old store at once migrate it once); return the new version."""
    while (version := current_version(db)) < SCHEMA_VERSION:
        db.begin(write=True, lock_timeout=600)
        try:
            if current_version(db) != version:  # another process migrated meanwhile
                db.rollback()
                continue
            number = version + 1
            if number == 1:
                db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            for sql in ddl(number, db.dialect):
                db.execute(sql)
            db.execute("DELETE FROM schema_version")
            db.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
            db.commit()
        except BaseException:
            db.rollback()
            raise
    return SCHEMA_VERSION
