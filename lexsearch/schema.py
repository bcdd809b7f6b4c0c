"""The store's schema as a list of forward migrations.

Each migration is a function of a ``sqlite_utils.Database`` run inside one transaction; the
``schema_version`` table records how many have been applied. Never edit a released migration:
add a new one.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils


def _m1_initial(db: sqlite_utils.Database) -> None:
    db["batches"].create({
        "id": int, "started_at": str, "finished_at": str, "source": str, "sha256": str,
        "files": str, "report": str,
    }, pk="id")
    db["works"].create({
        "id": int, "uri": str, "country": str, "subtype": str, "date": str, "number": str,
        "number_key": str, "lang": str, "titles": str, "title_key": str, "issuer": str,
        "status": str, "entry_into_force": str, "repealed_on": str, "source_id": str,
        "batch_id": int,
    }, pk="id", not_null={"uri", "country", "subtype", "date", "number", "lang"},
        foreign_keys=[("batch_id", "batches", "id")])
    db["works"].create_index(["uri"], unique=True)
    db["works"].create_index(["title_key"])
    db["aliases"].create({"work_id": int, "alias_key": str, "alias": str},
                         pk=("work_id", "alias_key"), foreign_keys=[("work_id", "works", "id")])
    db["aliases"].create_index(["alias_key"])
    db["editions"].create({
        "id": int, "work_id": int, "lang": str, "valid_from": str, "title": str,
        "produced_by": str, "gazette": str, "content_hash": str, "source_file": str,
        "source_sha256": str, "batch_id": int,
    }, pk="id", not_null={"work_id", "lang", "valid_from", "content_hash"},
        foreign_keys=[("work_id", "works", "id"), ("batch_id", "batches", "id")])
    db["editions"].create_index(["work_id", "lang", "valid_from"], unique=True)
    db["texts"].create({"hash": str, "text": str}, pk="hash")
    db["provisions"].create({
        "edition_id": int, "seq": int, "eid": str, "parent": str, "kind": str, "num": str,
        "heading": str, "text_hash": str, "has_previous": int,
    }, pk=("edition_id", "eid"), foreign_keys=[("edition_id", "editions", "id")])
    db["provisions"].create_index(["text_hash"])
    db["notes"].create({
        "id": int, "edition_id": int, "seq": int, "eid": str, "raw": str, "action": str,
        "target": str, "act_type": str, "act_number": str, "act_number_key": str,
        "act_date": str, "published": str, "gazette": str, "effective": str,
    }, pk="id", foreign_keys=[("edition_id", "editions", "id")])
    db["notes"].create_index(["edition_id", "eid"])
    db["notes"].create_index(["act_number_key"])


def _m2_citations(db: sqlite_utils.Database) -> None:
    """The citation graph: one row per cited (act, article, part) found in a provision."""
    db["citations"].create({
        "id": int, "edition_id": int, "eid": str, "start": int, "end": int, "raw": str,
        "act_type": str, "act_number_key": str, "act_date": str, "act_words": str,
        "self_ref": int, "article": str, "part": str,
        "target_work": str, "target_eid": str,
    }, pk="id", foreign_keys=[("edition_id", "editions", "id")])
    db["citations"].create_index(["edition_id", "eid"])
    db["citations"].create_index(["target_work", "target_eid"])
    db["citations"].create_index(["target_work"])


def _m3_work_updates(db: sqlite_utils.Database) -> None:
    """``works.meta_batch``: the batch that last changed a work after creating it (a repeal, a
    title in a new language), so an incremental index update finds works whose metadata
    changed without a new edition."""
    db["works"].add_column("meta_batch", int)


def _m4_editorial_notes(db: sqlite_utils.Database) -> None:
    """Editors' cross-references and commentary printed with an edition ("Qarang: …",
    "См. …"): kept beside the law, never among its words."""
    db["editorial_notes"].create({
        "edition_id": int, "seq": int, "eid": str, "text": str, "line": int,
    }, pk=("edition_id", "seq"), foreign_keys=[("edition_id", "editions", "id")])
    db["editorial_notes"].create_index(["edition_id", "eid"])


def _m5_vectors(db: sqlite_utils.Database) -> None:
    """Dense vectors of provision passages for hybrid search (``lexsearch.vectors``): one
    float16 blob per (passage hash, model, version), and each model's embedding progress."""
    db["vectors"].create({"hash": str, "model": str, "version": str, "dim": int,
                          "vec": bytes}, pk=("hash", "model", "version"))
    db["embed_state"].create({"model": str, "version": str, "done": int, "total": int,
                              "updated_at": str}, pk=("model", "version"))


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_m1_initial, _m2_citations,
                                                              _m3_work_updates,
                                                              _m4_editorial_notes,
                                                              _m5_vectors]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(db: sqlite_utils.Database) -> int:
    if "schema_version" not in db.table_names():
        return 0
    row = db.execute("SELECT version FROM schema_version").fetchone()
    return row[0] if row else 0


def migrate(db: sqlite_utils.Database) -> int:
    """Apply every pending migration, each in its own transaction; return the new version."""
    version = current_version(db)
    conn = db.conn
    for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if number == 1:
                conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            step(db)
            conn.execute("DELETE FROM schema_version")
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION
