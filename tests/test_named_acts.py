"""An act named beside the subject of a query (lexsearch.search.acts): "ответственность за
нарушение Трудовой кодекс", "robbery Uzbek criminal code", "Водный кодекс 1995 года"."""

from __future__ import annotations

import pytest
from search_corpus import corpus_data

from lexsearch.analysis import analyze_positions
from lexsearch.search import acts
from lexsearch.search.acts import _query_terms, _run, named_act
from lexsearch.search.query import parse
from lexsearch.search.relaxed import plain_words
from lexsearch.search.service import Searcher

LABOUR = "/akn/uz/act/kodeks/2022-10-28/orq-798"
CRIMINAL = "/akn/uz/act/kodeks/1994-09-22/2012-xii"
TAX = "/akn/uz/act/kodeks/2019-12-30/orq-599"
PERSONAL_DATA = "/akn/uz/act/qonun/2019-07-02/orq-547"
WATER_1995 = "/akn/ru/act/kodeks/1995-11-16/167-fz"
WATER_2006 = "/akn/ru/act/kodeks/2006-06-03/74-fz"


@pytest.fixture(scope="module", params=["tantivy", "whoosh"])
def searcher(request):
    with Searcher(corpus_data(), request.param) as s:
        yield s


def named(searcher, query):
    words = plain_words(parse(query))
    act = named_act(words, searcher.engine, searcher._names, searcher._year)
    return act, words


@pytest.mark.parametrize("query,work,name", [
    ("ответственность за нарушение Трудовой кодекс", LABOUR, ["Трудовой", "кодекс"]),
    ("robbery with violence Uzbek criminal code", CRIMINAL, ["criminal", "code"]),
    ("Soliq kodeksi boʻyicha penya", TAX, ["Soliq", "kodeksi"]),
    ("ishdan boʻshatish MK", LABOUR, ["MK"]),  # a one-word short name of the register
    # the act-type word beside a title that leaves it out belongs to the name
    ("закон о персональных данных ответственность", PERSONAL_DATA,
     ["закон", "о", "персональных", "данных"]),
    ("liability under the law on personal data", PERSONAL_DATA,
     ["law", "on", "personal", "data"]),
])
def test_the_name_in_any_language_and_which_words_it_is(searcher, query, work, name):
    act, words = named(searcher, query)
    assert act is not None and act.works[0] == work
    assert sorted(words[i] for i in act.words) == sorted(name)


def test_a_law_with_no_russian_title_named_in_russian(searcher):
    # "образование" is "taʼlim" in the parallel codes (lexsearch.search.translate); one word
    # of the title is a name only with the kind of act beside it, "об" in between
    query = "закон об образовании финансирование"
    act = searcher._named_act(query, parse(query))
    assert act is not None and act.works == ("/akn/uz/act/qonun/1997-08-29/464-i",)
    assert act.words == frozenset({0, 1, 2})
    # "о" of "закон о ..." is in every "О ..." title: a function word names nothing
    assert searcher._named_act("закон о сроках", parse("закон о сроках")) is None


def test_a_year_picks_among_works_of_one_name(searcher):
    act, words = named(searcher, "разрешение на пользование водой Водный кодекс 1995 года")
    assert act.works == (WATER_1995,)
    assert {words[i] for i in act.words} == {"Водный", "кодекс", "1995", "года"}
    act, _words = named(searcher, "разрешение на пользование водой Водный кодекс")
    assert set(act.works) == {WATER_1995, WATER_2006}


@pytest.mark.parametrize("query", [
    "mehnat shartnomasi qanday shaklda tuziladi",  # "mehnat" alone is no name
    "наказание за похищение человека",
    # the words a law is named after, without "qonun": the subject, not the name
    "shaxsga doir maʼlumotlarni egasizlantirish",
    # "Республики Узбекистан" ends every code's title: it is the country's name (the filter)
    "наказание за похищение человека в Республике Узбекистан",
])
def test_no_name_no_scope(searcher, query):
    assert searcher._named_act(query, parse(query)) is None


def test_a_query_that_is_only_the_name_finds_the_act_itself(searcher):
    assert searcher._named_act("Трудовой кодекс", parse("Трудовой кодекс")) is None
    hit = searcher.search("Трудовой кодекс", limit=1).hits[0]
    assert (hit.work, hit.eid) == (LABOUR, None)


def test_the_named_acts_provisions_come_first(searcher, monkeypatch):
    # "ответственность" and "нарушение" are in many Civil Code articles; named, the Labour
    # Code's come first, and the code's own work document leaves the first places
    query = "ответственность за нарушение Трудовой кодекс"
    hits = searcher.search(query, limit=5, hybrid=False).hits
    assert [h.work for h in hits] == [LABOUR] * 5
    assert all(h.eid for h in hits)
    # without the boost its provisions still come first (the boost keeps them in the window
    # the results are cut from; the sort puts them first, the vectors' hits too)
    monkeypatch.setattr(acts, "SCOPE_BOOST", 0.0)
    assert [h.work for h in searcher.search(query, limit=5, hybrid=False).hits] == [LABOUR] * 5
    monkeypatch.setattr(Searcher, "_named_act", lambda self, query, tree: None)
    unscoped = searcher.search(query, limit=5, hybrid=False).hits
    assert [h.work for h in unscoped] != [LABOUR] * 5


def test_longest_run_skips_stopwords_between_words():
    # English "on" is a stopword of the English chain, in the query and in the name alike
    query = _query_terms(["law", "on", "personal", "data", "protection"])["eng"]
    name = tuple(frozenset(ts) for ts in analyze_positions("On Personal Data", "eng") if ts)
    assert len(name) == 2
    assert _run(query, name) == [2, 3]
    assert _run(query[:3], name) == [2]


def test_a_question_with_no_word_of_a_name_asks_no_index():
    class NoSearch:
        def search(self, *a, **k):
            raise AssertionError("looked up")

    words = plain_words(parse("Mehnat shartnomasi qanday shaklda tuziladi?"))
    assert named_act(words, NoSearch(), lambda uri: []) is None
    with pytest.raises(AssertionError, match="looked up"):  # a kind of act or a short name
        named_act(plain_words(parse("ТК отпуск")), NoSearch(), lambda uri: [])
