"""The engine's cheaper forms of one query (``engine.flatten``, ``engine.match_only``), the
single-value range, the near-word phrase of common words, checked against the query as it was."""

from __future__ import annotations

import pytest
import tantivy
from search_corpus import corpus_data

from lexsearch.search import Searcher
from lexsearch.search.engine import (
    FACETS,
    OPEN,
    Bool,
    Budget,
    MatchAll,
    Phrase,
    Prefix,
    Range,
    Term,
    flatten,
    match_only,
    open_engine,
)
from lexsearch.search.query import parse
from lexsearch.search.relaxed import Vocabulary, compile_relaxed

A, B, C = Term("text_uzb", "mehnat"), Term("text_uzb", "shartnoma"), Term("text_uzb", "muddat")
HA = Term("heading_uzb", "mehnat")
NEAR = Phrase("text_uzb", ((0, "mehnat"), (1, "shartnoma")), 0.5, slop=3)
CURRENT = Range("valid_to", OPEN, None)

MATCH_ONLY = [
    # boosts only score
    (Term("text_uzb", "mehnat", 2.0), A),
    # a should beside a must only scores
    (Bool(must=(A,), should=(B, NEAR)), Bool(must=(A,))),
    # nested disjunctions are one; the conjunction of words asked alone adds no document
    (Bool(should=(Bool(should=(A, HA), boost=2.0), B, Bool(must=(A, B), boost=1.0))),
     Bool(should=(A, HA, B))),
    # a phrase's words are all in its field: covered by one of them asked alone there
    (Bool(should=(A, B, NEAR)), Bool(should=(A, B))),
    # ... not by the same word in another field
    (Bool(should=(HA, NEAR)), Bool(should=(HA, Phrase(NEAR.field, NEAR.words, slop=3)))),
    # a conjunction of words not asked alone brings documents of its own
    (Bool(should=(A, Bool(must=(B, C)))), Bool(should=(A, Bool(must=(B, C))))),
    # a pair covered through a word's disjunction of fields
    (Bool(should=(Bool(should=(A, HA)), Bool(must=(Bool(should=(A, HA)), B)))),
     Bool(should=(A, HA))),
    # an exclusion stays, and a disjunction with one is not spliced into its parent
    (Bool(should=(A, Bool(should=(B,), must_not=(C,)))),
     Bool(should=(A, Bool(should=(B,), must_not=(C,))))),
    (Bool(should=(A, B), must_not=(C,)), Bool(should=(A, B), must_not=(C,))),
    # the same clause twice counts once
    (Bool(should=(A, Term("text_uzb", "mehnat", 3.0))), Bool(should=(A,))),
    (Phrase("text_uzb", ((0, "mehnat"),), 2.0), A),
    (Prefix("text_uzb", "mehn", 2.0), Prefix("text_uzb", "mehn")),
    (Bool(must_not=(A,)), Bool(must_not=(A,))),  # everything but A: unchanged
]


@pytest.mark.parametrize(("node", "expected"), MATCH_ONLY)
def test_match_only(node, expected):
    assert match_only(node) == expected


FLATTEN = [
    (Bool(should=(Bool(should=(A, HA), boost=2.0), B)),
     Bool(should=(Term("text_uzb", "mehnat", 2.0), Term("heading_uzb", "mehnat", 2.0), B))),
    # a conjunction is not a sum of its clauses' documents: kept, its inside flattened
    (Bool(should=(Bool(must=(Bool(should=(Bool(should=(A,)), B)), C)),)),
     Bool(should=(Bool(must=(Bool(should=(A, B)), C)),))),
    # a disjunction holding a clause without a boost of its own is kept when boosted
    (Bool(should=(Bool(should=(A, CURRENT), boost=2.0),)),
     Bool(should=(Bool(should=(A, CURRENT), boost=2.0),))),
    (Bool(should=(Bool(should=(A, CURRENT)),)), Bool(should=(A, CURRENT))),
    (Bool(should=(Bool(should=(A,), must_not=(C,)),)),
     Bool(should=(Bool(should=(A,), must_not=(C,)),))),
    (MatchAll(), MatchAll()),
]


@pytest.mark.parametrize(("node", "expected"), FLATTEN)
def test_flatten(node, expected):
    assert flatten(node) == expected


class Recorder(Searcher):
    """A searcher that keeps the trees it gave the engine."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.trees: list[tuple] = []

    def _find(self, root, flt, *args, **kwargs):
        self.trees.append((root, flt))
        return super()._find(root, flt, *args, **kwargs)


QUERIES = ["Mehnat shartnomasi qanday shaklda tuziladi?", "mehnat shartnomasi",
           "меҳнат шартномаси бекор қилиш", "наказание за похищение человека",
           '"mehnat shartnomasi" muddat', "soliq* -yillik", "Labour Code article 39",
           "mehnat OR soliq", "taʼtil"]


@pytest.fixture(scope="module")
def recorded():
    with Recorder(corpus_data(), "tantivy") as s:
        for q in QUERIES:
            for ranking in ("relaxed", "legacy"):
                s.search(q, ranking=ranking, hybrid=False)
                s.search(q, ranking=ranking, hybrid=False, as_of="2024-01-01")
        yield s.engine, list(s.trees)


def test_cheaper_forms_same_answer(recorded):
    """Facets over ``match_only`` and hits of ``flatten`` are those of the query as built."""
    engine, trees = recorded
    assert len(trees) >= 2 * len(QUERIES)
    searcher = engine.index.searcher()
    agg = {f: {"terms": {"field": f, "size": 20}} for f in FACETS}
    for root, flt in trees:
        budget = Budget(None)
        plain = engine._filtered(engine._compile(root, searcher, budget),
                                 engine._compile(flt, searcher, budget))
        found = engine.search(root, filter=flt, limit=50, facets=FACETS, budget=Budget(None))
        raw = searcher.aggregate(plain, agg)
        assert found.facets == {f: {b["key"]: b["doc_count"] for b in raw[f]["buckets"]}
                                for f in FACETS}, root
        reference = searcher.search(plain, 50, count=True)
        assert found.total == reference.count
        keys = [searcher.doc(a).get_first("key") for _s, a in reference.hits]
        assert [h.fields["key"] for h in found.hits] == keys, root
        assert [round(h.score, 3) for h in found.hits] == \
            [round(s, 3) for s, _a in reference.hits]


@pytest.mark.parametrize("engine_name", ["tantivy", "whoosh"])
def test_single_value_ranges(engine_name):
    """A range of one value (``OPEN`` being the last day, "from OPEN on" is one) finds what
    the ranges around it leave out."""
    engine = open_engine(engine_name, corpus_data() / "index" / engine_name)
    try:
        def total(node):
            return engine.search(node, limit=1).total

        everything = total(MatchAll())
        current = total(CURRENT)
        assert 0 < current < everything
        assert current == total(Range("valid_to", OPEN, OPEN))
        assert current + total(Range("valid_to", None, OPEN - 1)) == everything
        day = 20230501  # the Constitution's date
        assert 0 < total(Range("date", day, day)) == \
            total(Range("date", None, day)) - total(Range("date", None, day - 1))
    finally:
        engine.close()


class Counts:
    """An engine that knows every word, each in ``share`` of its ``docs`` texts."""

    def __init__(self, share: float, docs: int = 1000) -> None:
        self.share, self.docs = share, docs

    def doc_count(self) -> int:
        return self.docs

    def doc_freq(self, field_name: str, term: str) -> int:
        return int(self.share * self.docs)

    def terms_with_prefix(self, field_name: str, prefix: str, limit: int):
        return []


def _near_fields(share: float) -> set[str]:
    relaxed = compile_relaxed(parse("mehnat shartnomasi"), Vocabulary(Counts(share), Budget()),
                              chains=("uzb",))
    out: set[str] = set()

    def walk(node):
        if isinstance(node, Phrase) and node.slop:
            out.add(node.field)
        for child in getattr(node, "should", ()) + getattr(node, "must", ()):
            walk(child)

    walk(relaxed.chains[0].node)
    return out


def test_near_words_of_common_words_in_headings_only():
    assert _near_fields(0.05) == {"text_uzb", "heading_uzb"}
    assert _near_fields(0.5) == {"heading_uzb"}


def test_tantivy_term_of_int_field():
    """The int-field term the single-value range compiles to (tantivy-py accepts an int)."""
    schema = open_engine("tantivy", corpus_data() / "index" / "tantivy").schema
    assert tantivy.Query.term_query(schema, "valid_to", OPEN) is not None
