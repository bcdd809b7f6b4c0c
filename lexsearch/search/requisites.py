"""Requisite search: act numbers and article references inside a query.

* A query holding an act number in any script (``ЗРУ-547``, ``OʻRQ-547``, ``PF-60``) boosts the
  work with that number (the analyser makes every script one term: ``orq547``).
* An article reference plus words of an act's title (``Mehnat kodeksi 39-modda``,
  ``статья 15 Водного кодекса``, ``article 5 of the Labour Code``) finds the act by its title
  words and boosts that article of that act.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from lexsearch.analysis import analyze_query
from lexsearch.search.engine import Bool, Node, Term
from lexsearch.search.translate import Table, content_term

ARTICLE_WORDS: dict[str, frozenset[str]] = {
    "uzb": frozenset({"modda"}),
    "rus": frozenset({"статья", "ст"}),
    "eng": frozenset({"articl", "art"}),
}
ACT_NUMBER = re.compile(r"^(?:[a-z]+\d+|\d+[a-z]+)$")
ARTICLE_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
ACT_BOOST = 100.0
ARTICLE_BOOSTS = (100.0, 60.0, 40.0)
LANG_BOOST = 30.0  # the article in the language of the query


Words = tuple[tuple[str, ...], ...]  # per query position, the alternative terms


@dataclass(frozen=True)
class ArticleRef:
    chain: str
    num: str
    act_words: Words  # the act's words as the reference's chain reads them
    # the same words as every chain reads them: an act named in another language than the
    # article word ("Jinoyat kodeksi статья 97", "Уголовный кодекс 97-modda")
    other_chains: tuple[tuple[str, Words], ...] = ()


def act_numbers(query: str) -> list[str]:
    """Act-number terms in ``query`` (``orq547``, ``pf60``, ``122fz``)."""
    tokens = analyze_query(query, ("uzb",))["uzb"]
    return list(dict.fromkeys(t.text for t in tokens if ACT_NUMBER.match(t.text)))


@lru_cache(maxsize=1024)
def article_ref(query: str) -> ArticleRef | None:
    """The first ``<number> + article word`` pair of the query, with the other words (kept
    per query string: one search asks it for the jurisdiction, the act named, the article
    boost and the vectors; an ``ArticleRef`` is immutable)."""
    analysed = analyze_query(query, tuple(ARTICLE_WORDS))
    for chain, words in ARTICLE_WORDS.items():
        tokens = analysed.get(chain, [])
        by_pos: dict[int, list[str]] = {}
        for tok in tokens:
            by_pos.setdefault(tok.pos, []).append(tok.text)
        for pos, terms in by_pos.items():
            if not words.intersection(terms):
                continue
            for near in (pos - 1, pos + 1) if chain == "uzb" else (pos + 1, pos - 1):
                nums = [t for t in by_pos.get(near, []) if ARTICLE_NUMBER.match(t)]
                if nums:
                    rest = {c: _act_words(analysed.get(c, []), (pos, near), c)
                            for c in ARTICLE_WORDS}
                    return ArticleRef(chain, nums[0], rest[chain], tuple(
                        (c, words) for c, words in rest.items() if c != chain and words))
    return None


def _act_words(tokens, skip: tuple[int, int], chain: str) -> Words:
    """The terms of every query position but the article word and number, numbers and
    function words ("об" of "закон об образовании" is the "О" of every "О ..." title)."""
    by_pos: dict[int, list[str]] = {}
    for tok in tokens:
        if tok.pos not in skip:
            by_pos.setdefault(tok.pos, []).append(tok.text)
    return tuple(tuple(ts) for _p, ts in sorted(by_pos.items())
                 if not any(ARTICLE_NUMBER.match(t) or ACT_NUMBER.match(t) for t in ts)
                 and any(content_term(t, chain) for t in ts))


def translated(ref: ArticleRef | None, table: Table) -> ArticleRef | None:
    """``ref`` with its act words' translations (``translate``) among the words of the other
    language's chain: "закон об образовании статья 31" names "Taʼlim toʻgʻrisida", a law
    whose title is Uzbek only."""
    into = {"rus": "uzb", "uzb": "rus"}.get(ref.chain) if ref is not None else None
    if into is None or not table:
        return ref
    extra = tuple(found for alts in ref.act_words
                  if (found := tuple(dict.fromkeys(
                      w for t in alts for w in table[ref.chain].get(t, ())))))
    if not extra:
        return ref
    words = dict(ref.other_chains)
    words[into] = (*words.get(into, ()), *extra)
    return ArticleRef(ref.chain, ref.num, ref.act_words, tuple(words.items()))


def title_query(ref: ArticleRef, strict: bool = True,
                doc_freq: Callable[[str, str], int] | None = None) -> Node | None:
    """Work documents whose title has the act words, in the reference's chain or in any
    other chain that reads them (``strict``: every word in one chain's title). With
    ``doc_freq`` (the engine's), a word no title of a chain holds (a typo, a word of another
    language) does not count in that chain, and only the chains that know the most act words
    are asked ("Трудовой кодекс 106-modda": the Russian titles, not every Uzbek "kodeks")."""
    if not ref.act_words:
        return None
    known: list[tuple[str, Words]] = []
    for chain, act_words in ((ref.chain, ref.act_words), *ref.other_chains):
        field = f"title_{chain}"
        if doc_freq is not None:
            act_words = tuple(alts for alts in act_words
                              if any(doc_freq(field, t) for t in alts))
        if act_words:
            known.append((chain, act_words))
    most = max((len(words) for _c, words in known), default=0)
    per_chain = [tuple(Bool(should=tuple(Term(f"title_{chain}", t) for t in alts))
                       for alts in words)
                 for chain, words in known if len(words) == most or doc_freq is None]
    if not per_chain:
        return None
    if strict:
        return Bool(must=(Term("doctype", "w"),
                          Bool(should=tuple(Bool(must=words) for words in per_chain))))
    return Bool(must=(Term("doctype", "w"),), should=tuple(w for ws in per_chain for w in ws))


def act_boost(terms: list[str]) -> list[Node]:
    """Clauses that put the work with one of these numbers first."""
    return [Bool(must=(Term("doctype", "w"), Term("numbers", t)), boost=ACT_BOOST)
            for t in terms]


def article_boost(works: list[str], num: str, lang: str | None = None) -> list[Node]:
    """Clauses that put article ``num`` of ``works`` (best first) first; in ``lang`` (the
    language of the query) before the other languages of the work."""
    out: list[Node] = []
    for w, boost in zip(works, ARTICLE_BOOSTS, strict=False):
        must = (Term("work", w), Term("numbers", num), Term("kind", "article"))
        out.append(Bool(must=must, boost=boost))
        if lang:
            out.append(Bool(must=(*must, Term("lang", lang)), boost=LANG_BOOST))
    return out
