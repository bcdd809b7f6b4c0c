"""Query syntax: parsing never raises; compilation per chain."""

from __future__ import annotations

import pytest

from lexsearch.search.engine import Bool, Phrase, Prefix
from lexsearch.search.query import UAnd, UNot, UOr, UPhrase, UPrefix, UWord, compile_query, parse
from lexsearch.search.requisites import act_numbers, article_ref


@pytest.mark.parametrize(("text", "tree"), [
    ("mehnat shartnomasi", UAnd((UWord("mehnat"), UWord("shartnomasi")))),
    ('"mehnat shartnomasi"', UPhrase("mehnat shartnomasi")),
    ("«mehnat shartnomasi»", UPhrase("mehnat shartnomasi")),
    ("soliq OR mehnat", UOr((UWord("soliq"), UWord("mehnat")))),
    ("soliq -mehnat", UAnd((UWord("soliq"), UNot(UWord("mehnat"))))),
    ("soliq AND NOT mehnat", UAnd((UWord("soliq"), UNot(UWord("mehnat"))))),
    ("kodeks*", UPrefix("kodeks")),
    ('"mehnat shartnomasi', UAnd((UWord("mehnat"), UWord("shartnomasi")))),
    ("AND", None), ("*", None), ("-", None), ("OR OR", None), ("", None),
    ("(soliq", UWord("soliq")),
    ("soliq)", UWord("soliq")),
    ("ЗРУ-547", UWord("ЗРУ-547")),
])
def test_parse(text, tree):
    assert parse(text) == tree


def test_chains_read_their_own_words():
    uzb, rus, eng = compile_query(parse("Меҳнат кодекси"))
    assert uzb.terms == {"mehnat", "kodeks"}
    assert rus.node is None  # "Меҳнат" is Uzbek-only Cyrillic: Russian cannot match it all
    assert eng.node is None


def test_stopword_is_neutral_only_in_its_chain():
    uzb, _rus, _eng = compile_query(parse("mehnat va soliq"))
    assert isinstance(uzb.node, Bool) and len(uzb.node.must) == 2


def test_phrase_keeps_stopword_gaps_and_alternatives():
    (uzb,) = compile_query(parse('"huquq va majburiyat"'), chains=("uzb",))
    phrases = [n for n in uzb.node.should if isinstance(n, Phrase)]
    assert phrases and all(p.words[-1][0] == 2 for p in phrases)
    (rus,) = compile_query(parse('"стали членами"'), chains=("rus",))  # стать | сталь
    assert len({p.words for p in rus.node.should}) == 2


def test_prefix_is_folded_and_transliterated():
    (uzb,) = compile_query(parse("ҚОНУН*"), chains=("uzb",))
    assert {n.prefix for n in uzb.node.should if isinstance(n, Prefix)} == {"qonun"}


@pytest.mark.parametrize(("text", "terms"), [("ЗРУ-547", ["orq547"]), ("OʻRQ-547", ["orq547"]),
                                             ("PF-60", ["pf60"]), ("№ 122-ФЗ", ["122fz"]),
                                             ("mehnat 39", [])])
def test_act_numbers(text, terms):
    assert act_numbers(text) == terms


@pytest.mark.parametrize(("text", "chain", "num", "words"), [
    ("Mehnat kodeksi 39-modda", "uzb", "39", (("mehnat",), ("kodeks",))),
    ("Меҳнат кодексининг 39-моддаси", "uzb", "39", (("mehnat",), ("kodeks",))),
    ("статья 15 Трудового кодекса", "rus", "15", (("трудовой",), ("кодекс",))),
    ("ст. 121.1 Водного кодекса", "rus", "121.1", (("водный",), ("кодекс",))),
])
def test_article_ref(text, chain, num, words):
    ref = article_ref(text)
    assert (ref.chain, ref.num, ref.act_words) == (chain, num, words)


def test_no_article_ref_without_article_word():
    assert article_ref("Mehnat kodeksi 39") is None
