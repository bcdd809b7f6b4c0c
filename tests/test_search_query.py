"""Query syntax: parsing never raises; compilation per chain."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexsearch.cli import main
from lexsearch.errors import QueryTooExpensive
from lexsearch.search import engine
from lexsearch.search.engine import Bool, Phrase, Prefix
from lexsearch.search.query import (
    HEAVY_PREFIXES,
    MAX_CLAUSES,
    MAX_PREFIXES,
    UAnd,
    UNot,
    UOr,
    UPhrase,
    UPrefix,
    UWord,
    check_cost,
    compile_query,
    parse,
)
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



# ---- the query cost budget (issue 14, finding 5) ---------------------------------------
ROOT = Path(__file__).resolve().parent.parent
MEHNAT_TXT = ROOT / "corpora" / "uz-lexuz-2025" / "Mehnat_Kodeksi.txt"


def prefixes(n: int) -> str:
    """``n`` distinct four-letter prefixes (``mehn* shar* …``) of the Labour Code's words."""
    words = re.findall(r"[a-z]{5,}", MEHNAT_TXT.read_text(encoding="utf-8").lower())
    stems = list(dict.fromkeys(w[:4] for w in words))
    assert len(stems) >= n
    return " ".join(f"{stem}*" for stem in stems[:n])


@pytest.mark.parametrize("query, limit", [
    (lambda: prefixes(130), "130 prefix terms"),
    (lambda: prefixes(MAX_PREFIXES + 1), f"{MAX_PREFIXES + 1} prefix terms"),
    (lambda: " ".join(["mehnat"] * (MAX_CLAUSES + 1)), f"{MAX_CLAUSES + 1} words"),
    (lambda: " OR ".join(["soliq"] * 70), "70 words"),
    (lambda: "soliq " * 300, "characters"),
    (lambda: "soliq " + "NOT " * 20 + "mehnat", "nests"),
])
def test_over_budget_query_is_refused_with_a_clear_message(query, limit):
    text = query()
    with pytest.raises(QueryTooExpensive) as err:
        check_cost(text, parse(text))
    assert limit in str(err.value) and err.value.field == "q"


@pytest.mark.parametrize("text", [
    "mehnat shartnomasi", prefixes(MAX_PREFIXES), '"mehnat shartnomasi" OR soliq* -ijara',
    "Mehnat kodeksi 39-modda", " ".join(["soliq"] * MAX_CLAUSES),
])
def test_ordinary_queries_are_within_budget(text):
    check_cost(text, parse(text))


@pytest.fixture(scope="module", params=["tantivy", "whoosh"])
def searcher(request):
    from search_corpus import corpus_data

    from lexsearch.search import Searcher

    with Searcher(corpus_data(), request.param) as s:
        yield s


def test_searcher_refuses_over_budget_queries(searcher):
    with pytest.raises(QueryTooExpensive, match="130 prefix terms"):
        searcher.search(prefixes(130))
    assert searcher.search("mehn* shar*").total > 0


def test_prefix_expansion_is_bounded_in_every_engine(searcher, monkeypatch):
    found = searcher.search("shartnoma*", limit=3)
    assert found.total > 0
    monkeypatch.setattr(engine, "MAX_EXPANSIONS", 3)  # Budget.expand reads it
    with pytest.raises(QueryTooExpensive, match=r"ma\* stands for more than 3"):
        searcher.search("ma*")
    monkeypatch.setattr(engine, "MAX_EXPANSIONS", 2000)
    monkeypatch.setattr(engine, "MAX_TOTAL_EXPANSIONS", 20)
    with pytest.raises(QueryTooExpensive, match="more than 20 words together"):
        searcher.search("ma* so* ta*")


def test_time_budget_is_checked_between_steps(searcher):
    with pytest.raises(QueryTooExpensive, match="budget of"):
        searcher.search("shartnoma* mehnat", time_budget=1e-9)
    assert searcher.search("shartnoma* mehnat", time_budget=None).total > 0


def test_cli_answers_an_over_budget_query_in_one_line():
    from search_corpus import corpus_data

    result = CliRunner().invoke(main, ["--data", str(corpus_data()), "search", prefixes(130)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: [q]: the query has 130 prefix terms")
    assert "Traceback" not in result.output and len(result.output.splitlines()) == 1


@pytest.mark.parametrize("as_of", ["9999-12-31", "9999-12-30", "5000-01-01"])
def test_as_of_any_future_date_finds_the_texts_in_force(searcher, as_of):
    """Open-ended validity (valid_to OPEN = 9999-12-31) holds on every valid date; the acts
    repealed by then (754-I in 2000, 464-I in 2020) are not law on it (lexsearch.search.asof)."""
    current = searcher.search("mehnat shartnomasi", limit=5, status="in_force")
    later = searcher.search("mehnat shartnomasi", as_of=as_of, limit=5, status="in_force")
    assert current.total > 0 and later.total == current.total
    assert [(h.work, h.eid) for h in later.hits] == [(h.work, h.eid) for h in current.hits]
    now = searcher.search("mehnat shartnomasi", limit=1).facets["work"]
    then = searcher.search("mehnat shartnomasi", as_of=as_of, limit=1).facets["work"]
    gone = {uri for uri in now if (searcher.store.work(uri).repealed_on or "9999-12-32") <= as_of}
    assert gone and set(then) == set(now) - gone


def test_cli_as_of_the_last_day(tmp_path):
    from search_corpus import corpus_data

    result = CliRunner().invoke(main, ["--data", str(corpus_data()), "search", "--json",
                                       "--as-of", "9999-12-31", "mehnat shartnomasi"])
    assert result.exit_code == 0, result.output
    assert '"total": 0' not in result.output


def test_api_and_search_page_answer_an_over_budget_query_with_400(web_client):
    query = {"q": prefixes(MAX_PREFIXES + 4)}
    resp = web_client.get("/api/v1/search", query_string=query)
    assert resp.status_code == 400
    error = resp.get_json()["error"]
    assert error["field"] == "q" and f"{MAX_PREFIXES + 4} prefix terms" in error["message"]
    page = web_client.get("/search", query_string=query)
    assert page.status_code == 400 and "prefix terms" in page.get_data(as_text=True)
    assert web_client.get("/api/v1/search", query_string={"q": "mehn*"}).status_code == 200


def test_heavy_queries_take_turns_and_normal_ones_do_not_wait(searcher):
    """While one heavy query holds the data folder's gate (here: this test, as another worker
    would), a second heavy one waits its time budget and is refused; a normal one runs."""
    import fcntl
    import os

    from lexsearch.search.gate import gate_path

    heavy = prefixes(HEAVY_PREFIXES)
    assert check_cost(heavy, parse(heavy)) and not check_cost("mehn* shar*",
                                                              parse("mehn* shar*"))
    fd = os.open(gate_path(searcher.data_dir), os.O_RDONLY | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(QueryTooExpensive, match="other heavy queries"):
            searcher.search(heavy, time_budget=0.05)
        assert searcher.search("mehnat shartnomasi", time_budget=60.0).total > 0
    finally:
        os.close(fd)
    searcher.search(heavy, time_budget=None)  # its turn now
