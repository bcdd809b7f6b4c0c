"""Index documents, validity intervals, incremental update and rebuild."""

from __future__ import annotations

import json
import shutil

import pytest
from search_corpus import corpus_data

from indexes.build import STATE_FILE, read_state, rebuild_index, update_index
from indexes.docs import intervals, number_terms, plan_work
from lexsearch.search import Searcher
from lexsearch.search.engine import open_engine
from lexsearch.store import Store

MEHNAT = "/akn/uz/act/kodeks/2022-10-28/orq-798"


@pytest.fixture(scope="module")
def store():
    with Store(corpus_data(), readonly=True) as st:
        yield st


def test_intervals_index_each_distinct_text_once(store):
    old, new = store.editions(MEHNAT, "uzb")
    spans = intervals(store, [old, new])
    by_eid: dict[str, list[tuple[str, str | None]]] = {}
    for prov, since, until in spans:
        by_eid.setdefault(prov.eid, []).append((since, until))
    old_p = {p.eid: p.text_hash for p in store.provisions(old, with_text=False)}
    new_p = {p.eid: p.text_hash for p in store.provisions(new, with_text=False)}
    same = next(e for e in old_p if new_p.get(e) == old_p[e])
    changed = next(e for e in old_p if e in new_p and new_p[e] != old_p[e])
    gone = next(e for e in old_p if e not in new_p)
    assert by_eid[same] == [(old.valid_from, None)]
    assert sorted(by_eid[changed], key=str) == [(old.valid_from, new.valid_from),
                                                 (new.valid_from, None)]
    assert by_eid[gone] == [(old.valid_from, new.valid_from)]
    assert len(spans) < len(old_p) + len(new_p)


def test_work_document_carries_every_number_alias(store):
    work_doc = [d for d in plan_work(store, store.work(MEHNAT)) if d.doctype == "w"][0]
    assert work_doc.keywords["numbers"] == ["orq798"]
    assert work_doc.raw == [("title", "Oʻzbekiston Respublikasining Mehnat kodeksi", "uzb")]


@pytest.mark.parametrize(("text", "terms"), [("ЗРУ-547", ["orq547"]), ("OʻRQ-547", ["orq547"]),
                                             ("121¹", ["121.1"]), ("UMUMIY", []), (None, [])])
def test_number_terms(text, terms):
    assert number_terms(text) == terms


@pytest.mark.parametrize("engine", ["tantivy", "whoosh"])
def test_incremental_equals_rebuild(tmp_path, store, engine):
    """The session corpus was indexed release by release (rebuild, then two updates)."""
    data = corpus_data()
    state = read_state(data / "index" / engine)
    assert state["batch"] == store.last_batch_id() == 3
    shutil.copy(data / "lexsearch.db", tmp_path / "lexsearch.db")
    with Store(tmp_path) as copy:
        report = rebuild_index(copy, tmp_path, engine, workers=1)
    fresh = open_engine(engine, tmp_path / "index" / engine)
    incremental = open_engine(engine, data / "index" / engine)
    assert fresh.doc_count() == incremental.doc_count() == report.docs
    with Searcher(tmp_path, engine) as a, Searcher(data, engine) as b:
        for query in ("mehnat", "sentabrning", "водный объект"):
            for as_of in (None, "2024-01-01", "2026-08-01"):
                assert a.search(query, as_of=as_of).total == b.search(query, as_of=as_of).total


def test_update_with_nothing_new_does_nothing(tmp_path, monkeypatch):
    from search_corpus import import_releases

    monkeypatch.setenv("LEXSEARCH_ENGINE", "tantivy")
    import_releases(tmp_path, releases=("uz-lexuz-2026-07",), engines=("tantivy",))
    state_file = tmp_path / "index" / "tantivy" / STATE_FILE
    before = json.loads(state_file.read_text())
    with Store(tmp_path) as st:
        reports = update_index(st, tmp_path)
    assert [(r.engine, r.docs, r.rebuilt) for r in reports] == [("tantivy", 0, False)]
    assert json.loads(state_file.read_text())["batch"] == before["batch"]


def test_update_builds_a_missing_index(tmp_path, monkeypatch):
    from search_corpus import ROOT

    from ingest.importer import import_release

    monkeypatch.setenv("LEXSEARCH_ENGINE", "tantivy")
    with Store(tmp_path) as st:
        assert import_release(st, [ROOT / "corpora" / "ru-pravo"]).ok
        (report,) = update_index(st, tmp_path)
    assert report.rebuilt and report.docs > 200
    with Searcher(tmp_path) as s:
        assert s.search("водный объект").total > 0
