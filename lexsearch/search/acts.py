"""Acts named inside a query: "отпуск по беременности Трудовой кодекс", "robbery Uzbek
criminal code", "soliq kodeksi bo'yicha penya", "закон о персональных данных ответственность".

A lawyer names the act to say where to look, not what to find: the act's name is a scope, and
the rest of the query is the subject. ``named_act`` finds the works whose title or register
name (every language and script, ``lexsearch.register.names``) the query holds as a run of
consecutive words, and which query words that run is; the service then searches the subject
alone with the named works' provisions first (``scope_boost``), and the vectors search the
named works apart as well (``lexsearch.vectors.HybridRecall.fuse``). Without a scope the name's
words were matched as subject words: an English act name matched the one provision of the
sample that quotes an English title ("Code of Ethics for Professional Accountants"), a
Russian one every article that says "кодекс", and the act's own work document took the first
place of a question about one of its articles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from lexsearch.analysis import analyze_positions, analyze_query, word_key
from lexsearch.register import register
from lexsearch.search.engine import Bool, Engine, Node, Term, chain_of
from lexsearch.search.query import QUERY_CHAINS
from lexsearch.search.relaxed import is_filler
from lexsearch.search.translate import Table, content_term

CANDIDATES = 10  # work documents whose titles share a query word, checked for a run
MAX_NAMED = 3  # works one name may stand for (the code and its earlier edition, two parts)
SCOPE_BOOST = 3.0  # a named work's provision scores (1 + SCOPE_BOOST) times its own score
# The word for the kind of act beside a name is part of the name ("закон о персональных
# данных", "Taʼlim toʻgʻrisidagi qonun") even where the title leaves it out
_TYPE_WORDS = re.compile(
    r"(?:закон|кодекс|конституц|постановлен|указ|qonun|kodeks|konstitutsiya|qaror|farmon|"
    r"law|code|constitution|decree|resolution)\w*", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_YEAR_WORDS = re.compile(r"(?:год|г|yil|year)\w*", re.I)

Names = Callable[[str], list[tuple[str, str]]]  # work URI -> [(language, name)]


@dataclass(frozen=True)
class NamedAct:
    works: tuple[str, ...]  # best first
    words: frozenset[int]  # indices of the query words that name them


def _query_terms(words: Sequence[str], translations: Table | None = None
                 ) -> dict[str, list[frozenset[str]]]:
    """Per chain, the terms of each query word (an empty set for a stopword of the chain),
    with the word's translations from the other language's chain (``translate``): "закон об
    образовании" names "Taʼlim toʻgʻrisida", a law with no Russian title."""
    out: dict[str, list[frozenset[str]]] = {c: [] for c in QUERY_CHAINS}
    for word in words:
        analysed = analyze_query(word, QUERY_CHAINS) if word else {}
        terms = {c: {t.text for t in analysed.get(c, [])} for c in QUERY_CHAINS}
        for chain, other in (("uzb", "rus"), ("rus", "uzb")):
            for t in terms[other] if translations else ():
                terms[chain].update(translations[other].get(t, ()))
        for chain in QUERY_CHAINS:
            out[chain].append(frozenset(terms[chain]))
    return out


@lru_cache(maxsize=4096)
def _name_terms(name: str, lang: str) -> tuple[frozenset[str], ...]:
    """The terms of a name, word by word, stopwords left out (``О персональных данных``)."""
    return tuple(frozenset(ts) for ts in analyze_positions(name, lang) if ts)


def _run(query: list[frozenset[str]], name: tuple[frozenset[str], ...]) -> list[int]:
    """The longest run of consecutive query words (stopwords between them skipped) that
    matches consecutive words of ``name``: the query word indices, or []."""
    slots = [i for i, ts in enumerate(query) if ts]
    best: list[int] = []
    for start in range(len(slots)):
        for offset in range(len(name)):
            run: list[int] = []
            while (start + len(run) < len(slots) and offset + len(run) < len(name)
                   and query[slots[start + len(run)]] & name[offset + len(run)]):
                run.append(slots[start + len(run)])
            if len(run) > len(best):
                best = run
    return best


def named_act(words: Sequence[str], engine: Engine, names: Names,
              year_of: Callable[[str], str] | None = None,
              translations: Table | None = None) -> NamedAct | None:
    """The works the query names (``words``: the query's words in order, "" for a place that
    is not a plain word). A name counts when one query word is a whole one-word name ("ТК",
    "Konstitutsiya"), or when consecutive words of the query are consecutive words of one of
    a work's names and the word for the kind of act is among them or beside them ("Soliq
    kodeksi", "закон о персональных данных", "закон о конкуренции"; "shaxsga doir
    maʼlumotlar" alone is the subject the law is named after, not its name). The longest such
    run wins, and a year in the query equal to a work's year of adoption picks among works of
    the same name ("Водный кодекс 1995")."""
    if not any(_may_name(w) for w in words):
        return None  # most questions: no word could be a name, no look-up
    terms = _query_terms(words, translations)
    should = tuple(Term(f"title_{c}", t) for c in QUERY_CHAINS for ts in terms[c] for t in ts)
    if not should:
        return None
    found = engine.search(Bool(must=(Term("doctype", "w"),), should=should), limit=CANDIDATES)
    runs: dict[str, list[int]] = {}
    for hit in found.hits:
        uri = hit.fields["work"]
        for lang, name in names(uri):
            chain = chain_of(lang)
            if chain not in terms:
                continue
            name_terms = _name_terms(name, lang)
            run = _run(terms[chain], name_terms)
            if not any(content_term(t, chain) for i in run for t in terms[chain][i]):
                run = []  # "о" of "закон о ..." is in every "О ..." title
            if run and len(name_terms) > 1:
                kind = _kind_word(words, run)  # one word needs the kind of act beside it
                run = [] if kind is None or not (len(run) > 1 or kind) else sorted(
                    {*run, *kind})
            if len(run) > len(runs.get(uri, [])):
                runs[uri] = run
    if not runs:
        return None
    longest = max(len(r) for r in runs.values())
    works = [uri for uri, r in runs.items() if len(r) == longest]
    years = {i for i, w in enumerate(words) if _YEAR.match(word_key(w))}
    if year_of is not None and years:
        dated = [uri for uri in works if year_of(uri) in {word_key(words[i]) for i in years}]
        works = dated or works
    used = {i for uri in works for i in runs[uri]} | years
    used |= {i + 1 for i in years
             if i + 1 < len(words) and _YEAR_WORDS.fullmatch(word_key(words[i + 1]))}
    return NamedAct(tuple(works[:MAX_NAMED]), frozenset(used))


def _may_name(word: str) -> bool:
    """Whether ``word`` could be or stand beside an act's name: a kind of act ("кодекс",
    "qonun", "Konstitutsiya") or a short name ("ТК", "НК РУз", "КоАО", "MK"). A name of two
    or more words needs the kind beside it, so a query with neither names no act."""
    if not word:
        return False
    return _kind(word) or word_key(word) in _short_names() or sum(
        ch.isupper() for ch in word) >= 2


@lru_cache(maxsize=1)
def _short_names() -> frozenset[str]:
    """The register's one-word short names and the abbreviations in its others ("тк", "mk",
    "ск" of "СК РУз"), as ``word_key`` folds a query word."""
    return frozenset(word_key(w) for entry in register().entries
                     for group in entry.short.values() for n in group for w in n.split()
                     if len(n.split()) == 1 or len(w) <= 4)


def _kind(word: str) -> bool:
    """Whether ``word`` names a kind of act ("кодекс", "Kodeksi,", "code?", "qonun")."""
    return bool(_TYPE_WORDS.fullmatch(word_key(word)))


def _kind_word(words: Sequence[str], run: list[int]) -> list[int] | None:
    """The places to add to ``run`` for the word of the kind of act: none when the run holds
    it ("Soliq kodeksi"), the word and the filler before it when it stands beside the run
    ("закон о персональных данных", "... toʻgʻrisidagi qonun"), None when there is none."""
    if any(_kind(words[i]) for i in run):
        return []
    for step, edge in ((-1, min(run)), (1, max(run))):
        j = edge + step
        while 0 <= j < len(words) and words[j] and (
                is_filler(words[j]) or not content_term(word_key(words[j]), "rus")):
            j += step  # "закон об ...": "об" between the word and the name
        if 0 <= j < len(words) and _kind(words[j]):
            return list(range(min(j, edge), max(j, edge) + 1))
    return None


def scope_boost(act: NamedAct | None, nodes: Sequence[Node]) -> list[Node]:
    """Clauses that add ``SCOPE_BOOST`` times each chain's score to the named works'
    provisions: the subject's best matches inside the named act first, the rest after."""
    if act is None:
        return []
    inside = Bool(should=tuple(Term("work", uri) for uri in act.works))
    return [Bool(must=(Term("doctype", "p"), inside, node), boost=SCOPE_BOOST)
            for node in nodes if node is not None]
