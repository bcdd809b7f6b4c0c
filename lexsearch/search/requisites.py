"""Requisite search: act numbers and article references inside a query.

* A query holding an act number in any script (``ЗРУ-547``, ``OʻRQ-547``, ``PF-60``) boosts the
  work with that number (the analyser makes every script one term: ``orq547``).
* An article reference plus words of an act's title (``Mehnat kodeksi 39-modda``,
  ``статья 15 Водного кодекса``, ``article 5 of the Labour Code``) finds the act by its title
  words and boosts that article of that act.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lexsearch.analysis import analyze_query
from lexsearch.search.engine import Bool, Node, Term

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


@dataclass(frozen=True)
class ArticleRef:
    chain: str
    num: str
    act_words: tuple[tuple[str, ...], ...]  # per query position, the alternative terms


def act_numbers(query: str) -> list[str]:
    """Act-number terms in ``query`` (``orq547``, ``pf60``, ``122fz``)."""
    tokens = analyze_query(query, ("uzb",))["uzb"]
    return list(dict.fromkeys(t.text for t in tokens if ACT_NUMBER.match(t.text)))


def article_ref(query: str) -> ArticleRef | None:
    """The first ``<number> + article word`` pair of the query, with the other words."""
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
                    rest = tuple(tuple(ts) for p, ts in sorted(by_pos.items())
                                 if p not in (pos, near) and not any(
                                     ARTICLE_NUMBER.match(t) or ACT_NUMBER.match(t)
                                     for t in ts))
                    return ArticleRef(chain, nums[0], rest)
    return None


def title_query(ref: ArticleRef, strict: bool = True) -> Node | None:
    """Work documents whose title (in the reference's chain) has the act words."""
    if not ref.act_words:
        return None
    field = f"title_{ref.chain}"
    words = tuple(Bool(should=tuple(Term(field, t) for t in alts)) for alts in ref.act_words)
    if strict:
        return Bool(must=(Term("doctype", "w"), *words))
    return Bool(must=(Term("doctype", "w"),), should=words)


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
