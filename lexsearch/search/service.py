"""``search()``: the one entry point the CLI, the web and the API call.

It parses the query, compiles it per analysis chain, adds the requisite boosts (act numbers,
article references), runs it on the configured engine with the filters, groups hits by act,
and cuts snippets from the store's original texts.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from lexsearch.errors import InputError
from lexsearch.model import Work
from lexsearch.search import requisites
from lexsearch.search.engine import (
    FACETS,
    OPEN,
    TIME_BUDGET,
    Bool,
    Budget,
    Engine,
    EngineHit,
    MatchAll,
    Node,
    Range,
    Term,
    any_of,
    chain_of,
    date_int,
    default_engine,
    index_path,
    open_engine,
)
from lexsearch.search.gate import heavy_turn
from lexsearch.search.query import ChainQuery, check_cost, compile_query, parse
from lexsearch.search.snippets import Snippet, make_snippet
from lexsearch.store import Store, title_key
from lexsearch.textnorm import normalize

GROUP_WINDOW = 50  # hits looked at to group results by act
GROUP_SIZE = 3  # best provisions shown under each act
SORTS = ("relevance", "date")
TITLE_BOOST = 5.0  # a work whose title holds the whole query


@dataclass
class SearchHit:
    work: str
    title: str
    eid: str | None
    num: str | None
    lang: str
    score: float
    kind: str
    snippet: Snippet = field(default_factory=lambda: Snippet(""))

    def to_json(self) -> dict:
        return {"work": self.work, "title": self.title, "eid": self.eid, "num": self.num,
                "lang": self.lang, "score": round(self.score, 4),
                "snippet": self.snippet.html(), "snippet_text": self.snippet.text,
                "kind": self.kind}


@dataclass
class SearchGroup:
    work: str
    title: str
    score: float
    hits: list[dict]  # {"eid", "num", "score"} of the best provisions; the work itself = eid None


@dataclass
class SearchResult:
    total: int
    hits: list[SearchHit]
    groups: list[SearchGroup] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    engine: str = ""

    def to_json(self) -> dict:
        return {"total": self.total, "hits": [h.to_json() for h in self.hits],
                "groups": [{"work": g.work, "title": g.title, "score": round(g.score, 4),
                            "hits": g.hits} for g in self.groups],
                "facets": self.facets, "engine": self.engine}


def _date(value: str | date | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    text = value.isoformat() if isinstance(value, date) else str(value)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise InputError(f"{text!r} is not a date (YYYY-MM-DD)", field=name)
    return date_int(text)


def _listed(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [v for v in ([value] if isinstance(value, str) else value) if v]


class Searcher:
    """An open store (read-only) and index; reuse one per process."""

    def __init__(self, data_dir: str | Path, engine: str | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.engine_name = engine or default_engine()
        self.store = Store(self.data_dir, readonly=True)
        self.engine: Engine = open_engine(self.engine_name,
                                          index_path(self.data_dir, self.engine_name))
        self._work = lru_cache(maxsize=4096)(self.store.work)

    def close(self) -> None:
        self.engine.close()
        self.store.close()

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def reload(self) -> None:
        self.engine.reload()
        self._work.cache_clear()

    # ---- query building -----------------------------------------------------------------
    def _filters(self, lang, type, issuer, status, date_from, date_to, as_of) -> Bool:
        must: list[Node] = []
        for name, value in (("lang", lang), ("subtype", type), ("status", status)):
            if _listed(value):
                must.append(any_of(name, _listed(value)))
        if _listed(issuer):
            must.append(any_of("issuer", [title_key(i) or "" for i in _listed(issuer)]))
        lo, hi = _date(date_from, "date_from"), _date(date_to, "date_to")
        if lo is not None or hi is not None:
            must.append(Range("date", lo, hi))
        day = _date(as_of, "as_of")
        if day is not None:
            must.append(Range("valid_from", None, day))
            # valid_to is the first day a text no longer holds; OPEN (9999-12-31) marks one
            # still in force, which holds on 9999-12-31 too
            must.append(Range("valid_to", min(day + 1, OPEN), None))
        else:  # the latest text of each provision (as ``Store.edition_for`` with no date)
            must.append(Range("valid_to", OPEN, None))
        return Bool(must=tuple(must))

    def _boosts(self, query: str, budget: Budget) -> list[Node]:
        boosts: list[Node] = []
        numbers = requisites.act_numbers(query)
        boosts += requisites.act_boost(numbers)
        ref = requisites.article_ref(query)
        if ref is None:
            return boosts
        works: list[str] = []
        if numbers:
            found = self.engine.search(Bool(should=tuple(requisites.act_boost(numbers))),
                                       limit=3, budget=budget)
            works = [h.fields["work"] for h in found.hits]
        for strict in (True, False):
            if works:
                break
            title_q = requisites.title_query(ref, strict)
            if title_q is not None:
                found = self.engine.search(title_q, limit=3, budget=budget)
                works = [h.fields["work"] for h in found.hits]
        # Of acts that match equally well, the one in force is the one meant: a lawyer asking
        # for "статья 59 Водного кодекса" wants the current code before the repealed one.
        works.sort(key=self._status_rank)
        return boosts + requisites.article_boost(works, ref.num)

    def _status_rank(self, uri: str) -> int:
        work, _ = self._title(uri, "")
        return {"repealed": 2, "not_yet_in_force": 1}.get(work.status if work else "", 0)

    # ---- search ---------------------------------------------------------------------------
    def search(self, query: str, lang=None, type=None, as_of=None, limit: int = 10,
               offset: int = 0, sort: str = "relevance", issuer=None, status=None,
               date_from=None, date_to=None,
               time_budget: float | None = TIME_BUDGET) -> SearchResult:
        """Raises ``InputError`` for a bad parameter and ``QueryTooExpensive`` (one) for a
        query over the cost budget (``query.check_cost``, ``engine.Budget``: prefix
        expansions and ``time_budget`` seconds)."""
        query = normalize(query or "")  # as the store's texts were at import
        tree = parse(query)
        heavy = check_cost(query, tree)
        if sort not in SORTS:
            raise InputError(f"sort {sort!r}: choose one of {', '.join(SORTS)}", field="sort")
        limit, offset = max(0, int(limit)), max(0, int(offset))
        flt = self._filters(lang, type, issuer, status, date_from, date_to, as_of)
        chains = compile_query(tree)
        budget = Budget(time_budget)  # from here: analysis (a cold morphology load) is done
        with heavy_turn(self.data_dir, time_budget) if heavy else nullcontext():
            return self._run(query, tree, chains, flt, limit, offset, sort, budget)

    def _run(self, query: str, tree, chains: list[ChainQuery], flt: Bool, limit: int,
             offset: int, sort: str, budget: Budget) -> SearchResult:
        should = [c.node for c in chains if c.node is not None]
        if should:
            should += self._boosts(query, budget)
            should += [Bool(must=(Term("doctype", "w"), c.node), boost=TITLE_BOOST)
                       for c in compile_query(tree, kinds=("title",)) if c.node]
            root: Node = Bool(should=tuple(should))
        elif not query.strip() and len(flt.must) > 1:
            root = MatchAll()  # browsing by filters alone
        else:
            return SearchResult(0, [], engine=self.engine_name)
        window = max(offset + limit, GROUP_WINDOW)
        found = self.engine.search(root, filter=flt, limit=window, sort=sort, facets=FACETS,
                                   budget=budget)
        page = found.hits[offset:offset + limit]
        hits = self._hits(page, {c.chain: c for c in chains})
        return SearchResult(found.total, hits, self._groups(found.hits), found.facets,
                            self.engine_name)

    def _title(self, uri: str, lang: str) -> tuple[Work | None, str]:
        try:
            work = self._work(uri)
        except Exception:  # an index newer than this reader's store snapshot
            return None, uri
        return work, (work.titles or {}).get(lang) or work.title or uri

    def _hits(self, page: list[EngineHit], chains: dict[str, ChainQuery]) -> list[SearchHit]:
        texts = self.store.texts(sorted({h.fields["hash"] for h in page if h.fields["hash"]}))
        out = []
        for h in page:
            f = h.fields
            lang = f["lang"] or "uzb"
            _work, title = self._title(f["work"], lang)
            cq = chains.get(chain_of(lang))
            terms, prefixes = (cq.terms, cq.prefixes) if cq else (set(), set())
            source = texts.get(f["hash"], "") if f["doctype"] == "p" else title
            out.append(SearchHit(
                work=f["work"], title=title, eid=f["eid"] or None, num=f["num"] or None,
                lang=lang, score=h.score, kind=f["kind"],
                snippet=make_snippet(source, lang, terms, prefixes)))
        return out

    def _groups(self, hits: list[EngineHit]) -> list[SearchGroup]:
        groups: dict[str, SearchGroup] = {}
        for h in hits:
            f = h.fields
            group = groups.get(f["work"])
            if group is None:
                _work, title = self._title(f["work"], f["lang"] or "uzb")
                group = groups[f["work"]] = SearchGroup(f["work"], title, h.score, [])
            if len(group.hits) < GROUP_SIZE:
                group.hits.append({"eid": f["eid"] or None, "num": f["num"] or None,
                                   "score": round(h.score, 4)})
        return list(groups.values())


def search(data: str | Path | Searcher, query: str, lang=None, type=None, as_of=None,
           limit: int = 10, offset: int = 0, sort: str = "relevance", issuer=None,
           status=None, date_from=None, date_to=None) -> SearchResult:
    """Search a data folder (or an open ``Searcher``); see ``Searcher.search``."""
    kwargs = dict(lang=lang, type=type, as_of=as_of, limit=limit, offset=offset, sort=sort,
                  issuer=issuer, status=status, date_from=date_from, date_to=date_to)
    if isinstance(data, Searcher):
        return data.search(query, **kwargs)
    with Searcher(data) as searcher:
        return searcher.search(query, **kwargs)
