"""The store on real text: Labour Code articles from the 2026-07 JSONL."""

import json

import pytest

from lexsearch.errors import ConflictError, NotFound, StoreError
from lexsearch.model import AmendmentNote, EditionText, Provision, WorkMeta
from lexsearch.schema import SCHEMA_VERSION
from lexsearch.store import Store

URI = "/akn/uz/act/kodeks/2022-10-28/orq-798"
pytestmark = pytest.mark.usefixtures("store_backend")  # every test on SQLite and PostgreSQL


@pytest.fixture
def articles(shared):
    path = shared / "uz/lexuz_uzlatn_clean_tomaris/articles/mehnat_kodeksi.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    return [Provision(eid=f"art_{r['article_id']}", kind="article", num=r["article_id"],
                      heading=r["title"], text=r["text"]) for r in rows[:60]]


def edition(provisions, valid_from, notes=()):
    return EditionText(lang="uzb", valid_from=valid_from, provisions=list(provisions),
                       notes=list(notes))


def meta():
    return WorkMeta(subtype="kodeks", number="OʻRQ-798", date="2022-10-28",
                    title="Oʻzbekiston Respublikasining Mehnat kodeksi")


def add(store, *editions):
    with store.release("test") as w:
        work_id, _ = w.ensure_work(URI, meta(), "uzb")
        return [w.add_edition(work_id, e, source_file="t")[1] is not None for e in editions]


def test_edition_for_decides_by_date(tmp_path, articles):
    store = Store(tmp_path)
    changed = [*articles[:38],
               Provision("art_39", "article", "39", articles[38].heading,
                         articles[38].text.replace("respublika ijro etuvchi hokimiyat organlari",
                                                   "davlat boshqaruvi organlari")),
               *articles[39:]]
    add(store, edition(changed, "2025-02-14"), edition(articles, "2026-07-01"))
    assert store.edition_for(URI).valid_from == "2026-07-01"
    assert store.edition_for(URI, as_of="2025-12-31").valid_from == "2025-02-14"
    assert store.edition_for(URI, as_of="2026-07-01").valid_from == "2026-07-01"
    assert store.edition_for(URI, exact="2025-02-14").valid_from == "2025-02-14"
    with pytest.raises(NotFound, match="in force on 2020-01-01"):
        store.edition_for(URI, as_of="2020-01-01")
    with pytest.raises(NotFound):
        store.edition_for(URI, lang="rus")


def test_texts_are_stored_once_across_editions(tmp_path, articles):
    store = Store(tmp_path)
    changed = [*articles[:-1], Provision(articles[-1].eid, "article", articles[-1].num,
                                         articles[-1].heading, articles[-1].text + " X")]
    add(store, edition(articles, "2025-02-14"), edition(changed, "2026-07-01"))
    stats = store.stats()
    assert stats["provisions"] == 2 * len(articles)
    assert stats["texts"] == len({p.text for p in articles}) + 1


def test_same_edition_again_is_a_no_op_and_leaves_no_batch(tmp_path, articles):
    store = Store(tmp_path)
    assert add(store, edition(articles, "2026-07-01")) == [True]
    batches = store.stats()["batches"]
    assert add(store, edition(articles, "2026-07-01")) == [False]
    assert store.stats()["batches"] == batches


def test_other_text_under_a_stored_date_is_refused_and_nothing_changes(tmp_path, articles):
    store = Store(tmp_path)
    add(store, edition(articles, "2026-07-01"))
    before = store.stats()
    with pytest.raises(ConflictError, match="append-only"):
        add(store, edition(articles[:10], "2025-01-01"), edition(articles[:5], "2026-07-01"))
    assert store.stats() == before  # the 2025 edition of the same release rolled back too


def test_notes_and_provisions_read_back(tmp_path, articles):
    store = Store(tmp_path)
    note = AmendmentNote(eid="art_39", raw="(39-moddaning ikkinchi qismi …)", action="wording",
                         target="ikkinchi qismi", published="2025-02-14",
                         gazette="03/25/1030/0144")
    add(store, edition(articles, "2025-02-14", [note]))
    e = store.edition_for(URI)
    assert [p.eid for p in store.provisions(e)][:3] == ["art_1", "art_2", "art_3"]
    assert store.provision(e, "art_39").text == articles[38].text
    assert store.notes(e, "art_39")[0]["gazette"] == "03/25/1030/0144"


def test_work_found_by_any_alias(tmp_path, articles):
    store = Store(tmp_path)
    add(store, edition(articles, "2026-07-01"))
    for alias in ("ЗРУ-798", "O'RQ-798", "ЎРҚ-798", "ZRU-798"):
        assert [w.uri for w in store.works_by_number(alias)] == [URI]
    assert {"OʻRQ-798", "ЎРҚ-798", "ЗРУ-798", "ZRU-798"} <= set(store.aliases(URI))


def test_readonly_store_refuses_writes_and_missing_store(tmp_path, articles):
    with pytest.raises(StoreError, match="no store"):
        Store(tmp_path / "none", readonly=True)
    add(Store(tmp_path), edition(articles, "2026-07-01"))
    ro = Store(tmp_path, readonly=True)
    with pytest.raises(StoreError, match="read-only"):
        with ro.release("x"):
            pass


def test_schema_version_recorded_and_newer_refused(tmp_path):
    with Store(tmp_path) as store:
        q = store.conn.execute
        assert q("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION
        assert {"works", "editions", "provisions", "texts", "notes", "citations",
                "editorial_notes", "vectors", "batches"} <= set(store.db.table_names())
        q("UPDATE schema_version SET version = 999")
    with pytest.raises(StoreError, match="newer"):
        Store(tmp_path)


def test_wal_mode(tmp_path, store_backend):
    store = Store(tmp_path)
    if store_backend == "postgresql":
        pytest.skip("SQLite's journal mode")
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_editorial_notes_stored_apart_and_part_of_the_edition(tmp_path, articles):
    from lexsearch.model import EditorialNote

    plain = edition(articles[:3], "2024-01-01")
    noted = edition(articles[:3], "2024-02-01")
    noted.editorial = [EditorialNote(articles[1].eid, "Qarang: Oʻzbekiston Respublikasi "
                                     "Fuqarolik kodeksining 8-moddasi.", 12)]
    with Store(tmp_path) as store:
        add(store, plain, noted)
        first, second = store.editions(URI)
        assert store.editorial(first) == []
        assert store.editorial(second) == noted.editorial
        assert store.editorial(second, articles[0].eid) == []
        # the note is not provision text, but it is part of what the edition is
        assert [p.text for p in store.provisions(first)] == [p.text for p in store.provisions(second)]
        assert first.content_hash != second.content_hash


def test_a_second_source_of_a_stored_edition_adds_nothing(tmp_path, articles):
    """Same provisions and texts, other containers (a Word file prints the chapter above its
    articles, an article map does not): kept as stored, with a warning; other text: refused."""
    flat = edition(articles[:5], "2024-01-01")
    chapter = Provision(eid="chp_1", kind="chapter", num="1", heading="Umumiy qoidalar")
    nested = edition([chapter] + [Provision(p.eid, p.kind, p.num, p.heading, p.text, "chp_1")
                                  for p in articles[:5]], "2024-01-01")
    changed = edition(articles[:4] + [Provision(articles[4].eid, "article", articles[4].num,
                                                articles[4].heading, "boshqa matn")],
                      "2024-01-01")
    with Store(tmp_path) as store:
        assert add(store) == []
        with store.release("map") as w:
            work_id, _ = w.ensure_work(URI, meta(), "uzb")
            assert w.add_edition(work_id, flat, source_file="map.json")[1] is not None
        with store.release("word") as w:
            work_id, _ = w.ensure_work(URI, meta(), "uzb")
            assert w.add_edition(work_id, nested, source_file="code.docx")[1] is None
            assert "already stored from map.json" in w.warnings["code.docx"][0]
        with pytest.raises(ConflictError, match="from map.json"), store.release("other") as w:
            work_id, _ = w.ensure_work(URI, meta(), "uzb")
            w.add_edition(work_id, changed, source_file="other.txt")
        (only,) = store.editions(URI)
        assert [p.eid for p in store.provisions(only)] == [p.eid for p in articles[:5]]


def test_one_writer_at_a_time(tmp_path, articles):
    """A second release waits for the writer lock (SQLite's BEGIN IMMEDIATE, PostgreSQL's
    advisory lock) and, when the first holds it too long, is refused with a clear error; the
    first one's release lands whole."""
    first, second = Store(tmp_path), Store(tmp_path)
    with first.release("first") as w:
        work_id, _ = w.ensure_work(URI, meta(), "uzb")
        w.add_edition(work_id, edition(articles, "2026-07-01"), source_file="a")
        with pytest.raises(StoreError, match="writer lock"):
            with second.release("second", lock_timeout=0.5):
                pass
    assert [e.valid_from for e in second.editions(URI)] == ["2026-07-01"]
    with second.release("second") as w:  # free again
        work_id, _ = w.ensure_work(URI, meta(), "uzb")
        w.add_edition(work_id, edition(articles[:10], "2026-08-01"), source_file="b")
    assert len(first.editions(URI)) == 2 and first.batches()[0]["source"] == "second"


def test_a_store_of_an_older_schema_is_migrated_in_place(tmp_path, articles):
    """A store left at schema 3 (before editorial notes and vectors) is brought to the current
    schema when opened for writing, keeps what it held, and takes new releases."""
    import sqlite3

    from lexsearch import store as store_module
    from lexsearch.db import PostgresDatabase, SqliteDatabase
    from lexsearch.schema import ddl

    url = store_module.default_url(tmp_path)
    db = PostgresDatabase(url) if url else SqliteDatabase(
        sqlite3.connect(tmp_path / "lexsearch.db", isolation_level=None))
    db.begin(write=True)
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for number in (1, 2, 3):
        for sql in ddl(number, db.dialect):
            db.execute(sql)
    db.execute("INSERT INTO schema_version (version) VALUES (3)")
    db.execute("INSERT INTO batches (started_at, source) VALUES ('2025-01-01', 'old')")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="schema 3, needs"):
        Store(tmp_path, readonly=True)
    with Store(tmp_path) as store:
        assert store.conn.execute("SELECT version FROM schema_version").fetchone()[0] == \
            SCHEMA_VERSION
        assert {"editorial_notes", "vectors", "embed_state"} <= set(store.db.table_names())
        assert store.batches()[0]["source"] == "old"
    assert add(Store(tmp_path), edition(articles, "2026-07-01")) == [True]
