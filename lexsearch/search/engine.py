"""The narrow interface every search backend implements, and the values that cross it.

An engine never analyses text. It receives ``IndexDoc``s whose text fields are already
analysed (``lexsearch.analysis.analyze_positions``: the terms at each word position) and query
trees made of the small node classes below, whose terms are analysed too. So the two backends
(tantivy and Whoosh) only translate: documents into their own document type, nodes into their
own query objects.

Translating a document is split in two so that a rebuild can do the costly half in worker
processes: ``encoder(engine)(doc)`` turns an ``IndexDoc`` into a small picklable value (a pure
function, nothing opened), and ``EngineWriter.add_encoded`` adds that value to the index.

Fields (the same names in every engine):

* keyword fields (one exact term each, some multi-valued): ``KEYWORDS``;
* integer fields (dates as ``yyyymmdd``; an open ``valid_to`` is ``OPEN``): ``INTS``;
* analysed text fields, one per analysis chain so Russian lemmas never meet Uzbek stems:
  ``text_<chain>``, ``heading_<chain>``, ``title_<chain>`` for chain in ``CHAINS``;
* ``numbers``: act-number terms (``orq547``) of a work, the article number of a provision.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from lexsearch.errors import QueryTooExpensive

CHAINS: tuple[str, ...] = ("uzb", "rus", "eng", "oth")
TEXT_KINDS: tuple[str, ...] = ("text", "heading", "title")
TEXT_FIELDS: tuple[str, ...] = tuple(f"{k}_{c}" for k in TEXT_KINDS for c in CHAINS)
KEYWORDS: tuple[str, ...] = ("key", "doctype", "work", "wl", "eid", "num", "kind", "lang",
                             "subtype", "status", "issuer", "hash", "numbers", "country")
# Keyword fields an engine must give back with each hit.
STORED: tuple[str, ...] = ("key", "doctype", "work", "eid", "num", "kind", "lang", "hash")
INTS: tuple[str, ...] = ("date", "valid_from", "valid_to")
FACETS: tuple[str, ...] = ("subtype", "lang", "status", "work", "country")
OPEN = 99991231  # valid_to of a text still in force

ENGINES: tuple[str, ...] = ("tantivy", "whoosh")
DEFAULT_ENGINE = "tantivy"  # bench/search_bench.py: the only one fast enough at national scale


def default_engine() -> str:
    """The engine named by ``LEXSEARCH_ENGINE``, else ``DEFAULT_ENGINE``."""
    name = os.environ.get("LEXSEARCH_ENGINE", "").strip().lower() or DEFAULT_ENGINE
    if name not in ENGINES:
        raise ValueError(f"LEXSEARCH_ENGINE={name!r}: choose one of {', '.join(ENGINES)}")
    return name


def index_path(data_dir: str | Path, engine: str) -> Path:
    """Where the ``engine`` index of a data folder lives: ``DATA/index/<engine>/``."""
    return Path(data_dir) / "index" / engine


def chain_of(lang: str) -> str:
    """The analysis-chain suffix of a language's text fields: ``uzb-Cyrl`` -> ``uzb``."""
    base = lang.split("-", 1)[0].lower()
    return base if base in CHAINS else "oth"


def date_int(iso: str | None, default: int = 0) -> int:
    """``2023-05-01`` -> ``20230501``; missing or malformed -> ``default``."""
    if not iso:
        return default
    digits = iso[:10].replace("-", "")
    return int(digits) if len(digits) == 8 and digits.isdigit() else default


@dataclass
class IndexDoc:
    """One engine document: a provision text with its validity interval, or a work.

    ``texts`` maps a text field to the terms at each of its word positions: ``()`` where a
    stopword was (the gap a phrase must keep), one term, or several that share the position
    (the lemmas of an ambiguous Russian form)."""

    key: str
    doctype: str  # "p" provision, "w" work
    work: str
    langs: list[str]
    keywords: dict[str, str | list[str]] = field(default_factory=dict)
    ints: dict[str, int] = field(default_factory=dict)
    texts: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)

    def keyword_values(self) -> dict[str, list[str]]:
        """Every keyword field as a list of values (empty values dropped)."""
        out: dict[str, list[str]] = {
            "key": [self.key], "doctype": [self.doctype], "work": [self.work],
            "lang": list(self.langs), "wl": [f"{self.work}|{lang}" for lang in self.langs]}
        for name, value in self.keywords.items():
            values = [value] if isinstance(value, str) else list(value)
            out[name] = [v for v in values if v]
        return out


# ---- query nodes -----------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Words at relative positions (gaps where stopwords were); ``slop`` more positions
    may come between them."""

    field: str
    words: tuple[tuple[int, str], ...]
    boost: float = 1.0
    slop: int = 0


@dataclass(frozen=True)
class Prefix:
    field: str
    prefix: str
    boost: float = 1.0


@dataclass(frozen=True)
class Range:
    """``lo <= value <= hi`` on an integer field; ``None`` leaves a side open."""

    field: str
    lo: int | None = None
    hi: int | None = None


@dataclass(frozen=True)
class MatchAll:
    pass


@dataclass(frozen=True)
class Bool:
    """All of ``must``, none of ``must_not``; ``should`` adds score and, when ``must`` is
    empty, at least one of them must match."""

    must: tuple[Node, ...] = ()
    should: tuple[Node, ...] = ()
    must_not: tuple[Node, ...] = ()
    boost: float = 1.0


Node = Term | Phrase | Prefix | Range | MatchAll | Bool


def any_of(field_name: str, values: Sequence[str]) -> Node:
    """A filter: the keyword field has one of ``values``."""
    return Bool(should=tuple(Term(field_name, v) for v in values))


# ---- the same query, cheaper ----------------------------------------------------------
def _union(node: Node) -> bool:
    """A plain disjunction: ``should`` clauses and nothing else."""
    return isinstance(node, Bool) and bool(node.should) and not node.must and not node.must_not


def flatten(node: Node) -> Node:
    """``node`` with each disjunction inside another spliced into it (its boost multiplied
    into the clauses it brings): the same documents and the same scores, a sum of sums being
    one sum, with fewer scorers to merge for each document. The relaxed query nests three
    deep (chain, word, relatives): at 1M provisions tantivy ranked the windows of its two-word
    queries in 16 % less time flattened (19 % for the slowest), with the same top 10 for all
    500 benchmark queries (bench/query_cost.py --parts)."""
    if not isinstance(node, Bool):
        return node
    should: list[Node] = []
    for child in map(flatten, node.should):
        if _union(child) and (child.boost == 1.0 or all(hasattr(c, "boost")
                                                        for c in child.should)):
            should += [c if child.boost == 1.0 else replace(c, boost=c.boost * child.boost)
                       for c in child.should]
        else:
            should.append(child)
    return Bool(must=tuple(map(flatten, node.must)), should=tuple(should),
                must_not=tuple(map(flatten, node.must_not)), boost=node.boost)


def _covered(node: Node, others: set[Node]) -> bool:
    """Whether each document ``node`` matches is matched by one of ``others`` (unboosted
    nodes, as ``match_only`` makes them); a test on the shape of the tree, so a "no" may be
    wrong but a "yes" never is."""
    if node in others:
        return True
    if isinstance(node, Phrase):  # every word of a phrase is in the field
        return any(Term(node.field, w) in others for _p, w in node.words)
    if isinstance(node, Bool):
        if node.must:
            return any(_covered(n, others) for n in node.must)
        return bool(node.should) and all(_covered(n, others) for n in node.should)
    return False


def match_only(node: Node) -> Node:
    """A node that matches exactly what ``node`` matches, to count (facets), not to score:
    boosts dropped, ``should`` clauses beside a ``must`` dropped (they only add score),
    disjunctions flattened, and a clause of a disjunction that its other clauses cover left
    out (``_covered``). The relaxed query's conjunction of all the words, its pairs and its
    near-word phrases only rescore documents that a single word's clause matches already, and
    a near-word phrase reads positions: at 1M provisions the facets of its two-word queries
    took 45 % less time counted over this form (bench/query_cost.py --parts)."""
    if isinstance(node, Term):
        return Term(node.field, node.text)
    if isinstance(node, Phrase):
        if len(node.words) == 1:
            return Term(node.field, node.words[0][1])
        return Phrase(node.field, node.words, slop=node.slop)
    if isinstance(node, Prefix):
        return Prefix(node.field, node.prefix)
    if not isinstance(node, Bool):
        return node
    must_not = tuple(map(match_only, node.must_not))
    if node.must:
        return Bool(must=tuple(map(match_only, node.must)), must_not=must_not)
    clauses: dict[Node, None] = {}  # in order, once each
    for child in map(match_only, node.should):
        clauses.update(dict.fromkeys(child.should if _union(child) else (child,)))
    kept = set(clauses)
    # terms stay: no other clause is cheaper. Each clause left out is covered by what stays,
    # so what stays always matches what all of them did.
    for clause in [c for c in clauses if not isinstance(c, Term)]:
        kept.discard(clause)
        if not _covered(clause, kept):
            kept.add(clause)
    return Bool(should=tuple(c for c in clauses if c in kept), must_not=must_not)


# ---- cost budget -----------------------------------------------------------------------
MAX_EXPANSIONS = 2000  # words one prefix may stand for in one field
MAX_TOTAL_EXPANSIONS = 50_000  # words all the prefixes of one query may stand for
TIME_BUDGET = 3.0  # seconds one search may take before its next step is refused


class Budget:
    """What one search may still spend: prefix expansions and time. Engines call ``expand``
    for every prefix they expand and ``check`` between steps; both raise
    ``QueryTooExpensive`` once the budget is spent (a step already running is not cut)."""

    def __init__(self, seconds: float | None = TIME_BUDGET,
                 expansions: int | None = None) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds if seconds else None
        self.expansions = MAX_TOTAL_EXPANSIONS if expansions is None else expansions
        self.left = self.expansions

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise QueryTooExpensive(f"the search took longer than its budget of "
                                    f"{self.seconds:g} s: narrow the query (fewer prefixes, "
                                    "longer words)")

    def expand(self, prefix: str, count: int) -> None:
        """Account for ``prefix*`` standing for ``count`` words of one field."""
        if count > MAX_EXPANSIONS:
            raise QueryTooExpensive(f"{prefix}* stands for more than {MAX_EXPANSIONS} "
                                    "different words: give it more letters")
        self.left -= count
        if self.left < 0:
            raise QueryTooExpensive(f"the prefixes of the query stand for more than "
                                    f"{self.expansions} words together: give them more "
                                    "letters or use fewer")
        self.check()


# ---- results ---------------------------------------------------------------------------
@dataclass(frozen=True)
class EngineHit:
    score: float
    fields: dict[str, str]  # the STORED keyword fields
    date: int = 0


@dataclass
class EngineResult:
    total: int
    hits: list[EngineHit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class EngineWriter(Protocol):
    def add(self, doc: IndexDoc) -> None:
        """``add_encoded(encoder(engine)(doc))``."""

    def add_encoded(self, encoded: Any) -> None:
        """Add a document encoded by this engine's ``encoder``."""

    def delete(self, field_name: str, value: str) -> None:
        """Delete every document whose keyword field ``field_name`` is ``value``."""

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class Engine(Protocol):
    """One index folder of one backend."""

    name: str
    path: Path

    def writer(self) -> EngineWriter: ...

    def search(self, query: Node, *, filter: Node | None = None, limit: int = 10,
               offset: int = 0, sort: str = "relevance", facets: Sequence[str] = (),
               budget: Budget | None = None) -> EngineResult:
        """``budget`` (default: a fresh ``Budget``) bounds prefix expansions and time."""

    def doc_count(self) -> int: ...

    def doc_freq(self, field_name: str, term: str) -> int:
        """How many documents hold ``term`` in the text field ``field_name``."""

    def terms_with_prefix(self, field_name: str, prefix: str,
                          limit: int) -> list[tuple[str, int]]:
        """Up to ``limit`` words of the text field beginning with ``prefix``, with their
        document counts, the most frequent first."""

    def reload(self) -> None: ...

    def close(self) -> None: ...


def encoder(name: str) -> Callable[[IndexDoc], Any]:
    """The ``name`` engine's document encoder: ``IndexDoc`` -> a picklable value for
    ``EngineWriter.add_encoded``. Pure, so it runs in any process."""
    if name == "tantivy":
        from lexsearch.search.tantivy_engine import encode

        return encode
    if name == "whoosh":
        from lexsearch.search.whoosh_engine import encode

        return encode
    raise ValueError(f"unknown search engine {name!r}: choose one of {', '.join(ENGINES)}")


def open_engine(name: str, path: str | Path, *, create: bool = False) -> Engine:
    """Open (or with ``create`` make) the ``name`` index in ``path``."""
    if name == "tantivy":
        from lexsearch.search.tantivy_engine import TantivyEngine

        return TantivyEngine(Path(path), create=create)
    if name == "whoosh":
        from lexsearch.search.whoosh_engine import WhooshEngine

        return WhooshEngine(Path(path), create=create)
    raise ValueError(f"unknown search engine {name!r}: choose one of {', '.join(ENGINES)}")
