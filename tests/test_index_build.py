"""Index documents, validity intervals, incremental update and rebuild."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from search_corpus import RELEASES, corpus_data

from indexes.build import FORMAT, STATE_FILE, read_state, rebuild_index, update_index
from indexes.docs import analyse, intervals, number_terms, plan_work
from lexsearch.search import Searcher, translate
from lexsearch.search.engine import open_engine
from lexsearch.search.tantivy_engine import encode
from lexsearch.store import Store

ROOT = Path(__file__).resolve().parent.parent

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
    assert ("title", "Oʻzbekiston Respublikasining Mehnat kodeksi", "uzb") in work_doc.raw
    # and the register's titles and short names in every language (act-name aliases)
    assert {("title", "ТК РУз", "rus"), ("title", "Labour Code", "eng"),
            ("title", "Трудовой кодекс Республики Узбекистан", "rus")} <= set(work_doc.raw)


@pytest.mark.parametrize(("text", "terms"), [("ЗРУ-547", ["orq547"]), ("OʻRQ-547", ["orq547"]),
                                             ("121¹", ["121.1"]), ("UMUMIY", []), (None, [])])
def test_number_terms(text, terms):
    assert number_terms(text) == terms


@pytest.mark.parametrize(("engine", "workers"), [("tantivy", 1), ("tantivy", 2), ("whoosh", 1),
                                                 ("whoosh", 2)])
def test_incremental_equals_rebuild(tmp_path, store, engine, workers):
    """The session corpus was indexed release by release (rebuild, then two updates); a
    rebuild in this process and one in worker processes give the same index."""
    data = corpus_data()
    state = read_state(data / "index" / engine)
    assert state["batch"] == store.last_batch_id() == len(RELEASES)  # one batch a release
    shutil.copy(data / "lexsearch.db", tmp_path / "lexsearch.db")
    with Store(tmp_path) as copy:
        report = rebuild_index(copy, tmp_path, engine, workers=workers)
    fresh = open_engine(engine, tmp_path / "index" / engine)
    incremental = open_engine(engine, data / "index" / engine)
    assert fresh.doc_count() == incremental.doc_count() == report.docs
    with Searcher(tmp_path, engine) as a, Searcher(data, engine) as b:
        for query in ("mehnat", "sentabrning", "водный объект"):
            for as_of in (None, "2024-01-01", "2026-08-01"):
                assert a.search(query, as_of=as_of).total == b.search(query, as_of=as_of).total


# Russian words with several lemmas (судов: суд, судно), phrases across stopword gaps, prefixes.
SAME_QUERIES = ("водный объект", '"охрана водных объектов"', "судов", "судно", '"решения судов"',
                '"xodimlar va ish beruvchilar"', '"huquq va majburiyatlari"', "mehnat shartnomasi",
                "kodeks*", "sentabrning", "Меҳнат кодекси")


def test_tantivy_plain_and_pretokenized_text_index_alike(tmp_path, store):
    """Text without shared positions goes to tantivy as plain terms with stopword fillers; an
    index built with every text pre-tokenized (explicit positions) answers every query with
    the same hits and the same scores."""
    shutil.copy(corpus_data() / "lexsearch.db", tmp_path / "lexsearch.db")
    with Store(tmp_path) as copy:
        rebuild_index(copy, tmp_path, "tantivy", workers=1)
    explicit = tmp_path / "explicit"
    explicit.mkdir()
    shutil.copy(corpus_data() / "lexsearch.db", explicit / "lexsearch.db")
    engine = open_engine("tantivy", explicit / "index" / "tantivy", create=True)
    writer = engine.writer()
    forms = set()
    for work in store.works():
        for plan in plan_work(store, work):
            doc = analyse(plan)
            forms.add('"tokens"' in encode(doc))
            writer.add_encoded(encode(doc, pretokenized=True))
    writer.commit()
    # the word translations rebuild_index keeps beside an index (lexsearch.search.translate)
    translate.save(translate.build(store), explicit / "index" / "tantivy")
    assert forms == {True, False}  # the corpus has both: Russian text with ambiguous forms
    with Searcher(tmp_path, "tantivy") as a, Searcher(explicit, "tantivy") as b:
        for query in SAME_QUERIES:
            for as_of in (None, "2024-01-01"):
                total = a.search(query, as_of=as_of, limit=0).total
                assert total == b.search(query, as_of=as_of, limit=0).total, query
                hits = [sorted((-round(h.score, 4), h.work, h.eid or "") for h in
                               s.search(query, as_of=as_of, limit=total).hits) for s in (a, b)]
                assert hits[0] == hits[1], query
        assert all(a.search(q, limit=0).total for q in SAME_QUERIES), "every query matches"


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


def test_an_index_of_an_older_format_is_refused_clearly_then_rebuilt(tmp_path, monkeypatch):
    """An index written before the text fields got their own analyzer (format 1) no longer
    opens with this schema: reading says to rebuild, and the next update rebuilds it."""
    from lexsearch.errors import IndexFormatError
    from lexsearch.search import tantivy_engine

    shutil.copy(corpus_data() / "lexsearch.db", tmp_path / "lexsearch.db")
    path = tmp_path / "index" / "tantivy"
    with monkeypatch.context() as m:  # what the previous version wrote
        m.setattr(tantivy_engine, "ANALYZER", "whitespace")
        old = open_engine("tantivy", path, create=True)
        writer = old.writer()
        writer.commit()
    (path / STATE_FILE).write_text(json.dumps({"format": 1, "engine": "tantivy", "batch": 3,
                                               "docs": 0}))
    with pytest.raises(IndexFormatError, match="lexsearch index --rebuild"):
        open_engine("tantivy", path)
    with Store(tmp_path) as st:
        (report,) = update_index(st, tmp_path, ["tantivy"])
    assert report.rebuilt and report.docs > 1000
    assert read_state(path)["format"] == FORMAT
    with Searcher(tmp_path, "tantivy") as s:
        assert s.search("mehnat shartnomasi", limit=1).total > 0


# ---- a stale index is noticed and caught up (issue 14, finding 7) ------------------------
def test_behind_and_catch_up(tmp_path):
    """A release committed to the store without its index update (as a SIGKILL between the
    two leaves it) is seen by ``behind`` and indexed by ``catch_up``; an index that holds a
    batch the store does not (an older store restored) is rebuilt."""
    from indexes.build import behind, catch_up
    from ingest.importer import import_release

    data = tmp_path / "var"
    lexuz = ROOT / "corpora" / "uz-lexuz-2025"
    with Store(data) as store:
        assert import_release(store, [lexuz / "Talim_Qonuni.txt"]).ok
        update_index(store, data, ["tantivy"])
        assert behind(store, data, ["tantivy"]) == {}
        assert import_release(store, [lexuz / "Shaxsiy_Malumotlar_Qonuni.txt"]).ok  # killed here
        assert behind(store, data, ["tantivy"]) == {"tantivy": 1}
        assert behind(store, data, ["whoosh"]) == {"whoosh": None}  # never built
    (report,) = catch_up(data, ["tantivy"])
    assert report.batch == 2 and not report.rebuilt and report.docs > 0
    state_file = data / "index" / "tantivy" / STATE_FILE
    state = json.loads(state_file.read_text(encoding="utf-8"))
    state_file.write_text(json.dumps({**state, "batch": 7}), encoding="utf-8")
    with Store(data) as store:  # the index says batch 7, the store holds 2
        assert behind(store, data, ["tantivy"]) == {"tantivy": 7}
    (report,) = catch_up(data, ["tantivy"])
    assert report.rebuilt and report.batch == 2
