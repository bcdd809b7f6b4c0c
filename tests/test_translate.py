"""Uzbek-Russian word translations learnt from the parallel texts of the sample
(lexsearch.search.translate), kept beside the index and used by the relaxed ranking."""

from __future__ import annotations

import pytest
from search_corpus import corpus_data

from lexsearch.search import translate
from lexsearch.search.engine import index_path
from lexsearch.search.service import Searcher
from lexsearch.store import Store

TAX = "/akn/uz/act/kodeks/2019-12-30/orq-599"  # Uzbek text only


@pytest.fixture(scope="module")
def table():
    with Store(corpus_data(), readonly=True) as store:
        return translate.build(store)


@pytest.mark.parametrize("russian,uzbek", [
    ("налог", "soliq"), ("процент", "foiz"), ("отпуск", "ta'til"), ("брак", "nikoh"),
    ("беременный", "homilador"), ("мошенничество", "firibgarlik"),
])
def test_words_of_the_parallel_codes(table, russian, uzbek):
    assert uzbek in table["rus"][russian]
    assert russian in table["uzb"][uzbek]


def test_a_word_is_not_the_word_it_stands_beside(table):
    # "уплата алиментов": the two keep company in the Family Code, "aliment" is "алименты"
    assert "aliment" not in table["rus"].get("уплата", [])
    assert table["uzb"]["aliment"] == ["алименты"]


@pytest.mark.parametrize("engine", ["tantivy", "whoosh"])
def test_kept_beside_each_index(engine):
    saved = translate.load(index_path(corpus_data(), engine))
    assert "soliq" in saved["rus"]["налог"]


def test_no_file_or_another_version_is_an_empty_table(tmp_path):
    assert translate.load(tmp_path) == {"uzb": {}, "rus": {}}
    (tmp_path / translate.FILE).write_text('{"version": 0, "table": {"uzb": {"a": ["b"]}}}')
    assert translate.load(tmp_path) == {"uzb": {}, "rus": {}}
    translate.save({"uzb": {"soliq": ["налог"]}, "rus": {"налог": ["soliq"]}}, tmp_path)
    assert translate.load(tmp_path)["rus"] == {"налог": ["soliq"]}


@pytest.mark.parametrize("engine", ["tantivy", "whoosh"])
def test_a_russian_question_reaches_an_act_with_uzbek_text_only(engine):
    # the Tax Code has no Russian text: its words come from the translations alone
    query = "проценты за просрочку налога Налоговый кодекс"
    with Searcher(corpus_data(), engine, hybrid=False) as searcher:
        hits = searcher.search(query, limit=5).hits
        assert hits and all(h.work == TAX for h in hits)
        searcher._translations = {"uzb": {}, "rus": {}}
        assert all(h.work != TAX for h in searcher.search(query, limit=5).hits)


@pytest.mark.parametrize("engine", ["tantivy", "whoosh"])
def test_an_article_of_a_law_named_in_russian_with_an_uzbek_title_only(engine):
    # "образование" is "taʼlim" (translations); the repealed law matches more of the words
    # than the acts in force whose titles share "закон" or nothing, so it is the one meant
    with Searcher(corpus_data(), engine, hybrid=False) as searcher:
        hit = searcher.search("закон об образовании статья 31 финансирование", limit=1).hits[0]
        assert (hit.work, hit.eid) == ("/akn/uz/act/qonun/1997-08-29/464-i", "art_31")
