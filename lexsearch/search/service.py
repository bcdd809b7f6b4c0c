"""``search()``: the one entry point the CLI, the web and the API call.

It parses the query, compiles it per analysis chain, adds the requisite boosts (act numbers,
article references), runs it on the configured engine with the filters, groups hits by act,
and cuts snippets from the store's original texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from lexsearch.analysis import word_script
from lexsearch.countries import country_words
from lexsearch.countries import named as named_countries
from lexsearch.embeddings import hybrid_default
from lexsearch.errors import InputError
from lexsearch.model import Work
from lexsearch.register import names as register_names
from lexsearch.search import requisites, translate
from lexsearch.search.acts import NamedAct, named_act, scope_boost
from lexsearch.search.asof import AsOf
from lexsearch.search.collapse import collapse, provision_key
from lexsearch.search.engine import (
    FACETS,
    OPEN,
    TIME_BUDGET,
    Bool,
    Budget,
    Engine,
    EngineHit,
    EngineResult,
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
from lexsearch.search.relaxed import (
    Relaxed,
    Vocabulary,
    compile_relaxed,
    is_filler,
    plain_words,
    relaxable,
)
from lexsearch.search.snippets import Snippet, make_snippet
from lexsearch.store import Store, title_key
from lexsearch.textnorm import normalize

GROUP_WINDOW = 50  # hits looked at to group results by act
GROUP_SIZE = 3  # best provisions shown under each act
SORTS = ("relevance", "date")
RANKINGS = ("relaxed", "legacy")  # legacy: every word required (before issue 12)
DEFAULT_RANKING = "relaxed"
HOME = "uz"  # the jurisdiction searched unless the query or a filter asks for another
ALL_COUNTRIES = ("all", "*")
# An unqualified query searches every country but ranks HOME's acts first: a foreign text
# comes before a HOME one only when it scores more than HOME_FACTOR times higher (it matches
# clearly more of the query: all its words where the Uzbek act has one of them); for the
# same words the Uzbek act is first. "*home" in the country list marks that case.
PREFER_ONLY = ("*home",)
HOME_FACTOR = 2.0
AS_OF_ROUNDS = 3  # searches of one as-of query that may leave out what was not law then
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
    # as of a date: the provision's status then (lexsearch.pointintime), the edition searched
    point_in_time: dict | None = None

    def to_json(self) -> dict:
        return {"work": self.work, "title": self.title, "eid": self.eid, "num": self.num,
                "lang": self.lang, "score": round(self.score, 4),
                "snippet": self.snippet.html(), "snippet_text": self.snippet.text,
                "kind": self.kind, "point_in_time": self.point_in_time}


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
    corrected: str | None = None  # "showing results for ...": the query with typos fixed
    suggestions: list[str] = field(default_factory=list)  # nearest words, when nothing found

    def to_json(self) -> dict:
        return {"total": self.total, "hits": [h.to_json() for h in self.hits],
                "groups": [{"work": g.work, "title": g.title, "score": round(g.score, 4),
                            "hits": g.hits} for g in self.groups],
                "facets": self.facets, "engine": self.engine, "corrected": self.corrected,
                "suggestions": self.suggestions}


def _iso(value: str | date | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    text = value.isoformat() if isinstance(value, date) else str(value)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise InputError(f"{text!r} is not a date (YYYY-MM-DD)", field=name)
    return text


def _date(value: str | date | None, name: str) -> int | None:
    text = _iso(value, name)
    return None if text is None else date_int(text)


def _home(hit: EngineHit) -> bool:
    return hit.fields["work"].startswith(f"/akn/{HOME}/")


def _merge(first: list[EngineHit], second: list[EngineHit],
           key: Callable[[EngineHit], float]) -> list[EngineHit]:
    """Two ranked lists as one, each in its own order: the next of ``first`` goes before the
    next of ``second`` while its ``key`` is not below that one's score."""
    out: list[EngineHit] = []
    i = j = 0
    while i < len(first) or j < len(second):
        if j >= len(second) or (i < len(first) and key(first[i]) >= second[j].score):
            out.append(first[i])
            i += 1
        else:
            out.append(second[j])
            j += 1
    return out


def _listed(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [v for v in ([value] if isinstance(value, str) else value) if v]


class Searcher:
    """An open store (read-only) and index; reuse one per process."""

    def __init__(self, data_dir: str | Path, engine: str | None = None,
                 hybrid: bool | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.engine_name = engine or default_engine()
        self.store = Store(self.data_dir, readonly=True)
        self.engine: Engine = open_engine(self.engine_name,
                                          index_path(self.data_dir, self.engine_name))
        self._work = lru_cache(maxsize=4096)(self.store.work)
        self.asof = AsOf(self.store)  # as-of search: first editions, points in time
        self.hybrid = hybrid_default() if hybrid is None else hybrid  # lexsearch.vectors
        self._recall = None
        self._translations: translate.Table | None = None  # kept beside the index

    def close(self) -> None:
        self.engine.close()
        self.store.close()

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def reload(self) -> None:
        self.engine.reload()
        self._translations = None
        self._work.cache_clear()
        self.asof.clear()

    # ---- query building -----------------------------------------------------------------
    def _filters(self, lang, type, issuer, status, date_from, date_to, as_of,
                 countries: list[str] | None = None) -> Bool:
        must: list[Node] = []
        if countries and PREFER_ONLY[0] not in countries:
            must.append(any_of("country", countries))
        for name, value in (("lang", lang), ("subtype", type), ("status", status)):
            if _listed(value):
                must.append(any_of(name, _listed(value)))
        if _listed(issuer):
            must.append(any_of("issuer", [title_key(i) or "" for i in _listed(issuer)]))
        lo, hi = _date(date_from, "date_from"), _date(date_to, "date_to")
        if lo is not None or hi is not None:
            must.append(Range("date", lo, hi))
        day = _iso(as_of, "as_of")
        if day is not None:
            # the texts in force then (valid_to is the first day a text no longer holds;
            # OPEN, 9999-12-31, marks one still in force, which holds on 9999-12-31 too), and
            # before a work's first stored edition the texts of its nearest one (asof)
            must.append(self.asof.validity(day))
        else:  # the latest text of each provision (as ``Store.edition_for`` with no date)
            must.append(Range("valid_to", OPEN, None))
        return Bool(must=tuple(must))

    def _boosts(self, query: str, budget: Budget, prefer: str | None = None) -> list[Node]:
        boosts: list[Node] = []
        numbers = requisites.act_numbers(query)
        boosts += requisites.act_boost(numbers)
        ref = requisites.translated(requisites.article_ref(query), self._table())
        if ref is None:
            return boosts
        found = EngineResult(0, [])
        if numbers:
            found = self.engine.search(Bool(should=tuple(requisites.act_boost(numbers))),
                                       limit=3, budget=budget)
        for strict in (True, False):
            if found.hits:
                break
            title_q = requisites.title_query(ref, strict, self.engine.doc_freq)
            if title_q is not None:
                found = self.engine.search(title_q, limit=3, budget=budget)
        # Of acts that match equally well, the one in force is the one meant: a lawyer asking
        # for "статья 59 Водного кодекса" wants the current code before the repealed one; one
        # that matches more of the words is meant whatever its status ("закон об образовании
        # статья 31": the repealed law on education, not the Tax Code's "закон" alone)
        works = [h.fields["work"] for h in sorted(
            found.hits, key=lambda h: (-round(h.score, 4), self._status_rank(h.fields["work"])))]
        lang = prefer or {"uzb": "uzb", "eng": "eng"}.get(ref.chain)
        return boosts + requisites.article_boost(works, ref.num, lang)

    def _hybrid(self):
        if self._recall is None:
            from lexsearch.vectors import HybridRecall  # numpy: only with the semantic extra

            self._recall = HybridRecall(self.store)
        return self._recall

    def _status_rank(self, uri: str) -> int:
        work, _ = self._title(uri, "")
        return {"repealed": 2, "not_yet_in_force": 1}.get(work.status if work else "", 0)

    # ---- search ---------------------------------------------------------------------------
    def search(self, query: str, lang=None, type=None, as_of=None, limit: int = 10,
               offset: int = 0, sort: str = "relevance", issuer=None, status=None,
               date_from=None, date_to=None,
               time_budget: float | None = TIME_BUDGET,
               hybrid: bool | None = None, ranking: str | None = None,
               jurisdiction=None) -> SearchResult:
        """Raises ``InputError`` for a bad parameter and ``QueryTooExpensive`` (one) for a
        query over the cost budget (``query.check_cost``, ``engine.Budget``: prefix
        expansions and ``time_budget`` seconds).

        ``ranking``: ``relaxed`` (default: any word, filler words left out, typos corrected,
        see ``relaxed``) or ``legacy`` (every word required). ``jurisdiction``: country codes
        of the works searched (``uz``, ``ru``...; ``all``); by default Uzbek acts only, unless
        the query names another country ("Трудовой кодекс РФ")."""
        query = normalize(query or "")  # as the store's texts were at import
        tree = parse(query)
        heavy = check_cost(query, tree)
        if sort not in SORTS:
            raise InputError(f"sort {sort!r}: choose one of {', '.join(SORTS)}", field="sort")
        ranking = ranking or DEFAULT_RANKING
        if ranking not in RANKINGS:
            raise InputError(f"ranking {ranking!r}: choose one of {', '.join(RANKINGS)}",
                             field="ranking")
        limit, offset = max(0, int(limit)), max(0, int(offset))
        countries = self._countries(query, tree, jurisdiction, ranking)
        flt = self._filters(lang, type, issuer, status, date_from, date_to, as_of, countries)
        relaxed = act = None
        if ranking == "relaxed" and tree is not None and relaxable(tree):
            act = self._named_act(query, tree)
            relaxed = compile_relaxed(tree, Vocabulary(self.engine, Budget(time_budget)),
                                      scope=act.words if act else frozenset(),
                                      translations=self._table())
            chains = relaxed.chains
        else:
            chains = compile_query(tree)
        budget = Budget(time_budget)  # from here: analysis (a cold morphology load) is done
        with heavy_turn(self.data_dir, time_budget) if heavy else nullcontext():
            result = self._run(query, tree, chains, flt, limit, offset, sort, budget,
                               self.hybrid if hybrid is None else hybrid,
                               prefer=self._query_lang(query),
                               home=PREFER_ONLY[0] in countries, day=_iso(as_of, "as_of"),
                               act=act)
        if relaxed is not None:
            self._explain(result, query, relaxed)
        return result

    def _named_act(self, query: str, tree) -> NamedAct | None:
        """The act the query names beside its subject (``acts.named_act``); None for an
        article reference (``_boosts`` resolves its act) and for a query that is nothing but
        the name ("Трудовой кодекс": the work itself is the answer)."""
        if requisites.article_ref(query) is not None:
            return None
        words = plain_words(tree)
        countries = country_words(words)  # "Республики Узбекистан" is in every code's title
        act = named_act([("" if i in countries else w) for i, w in enumerate(words)],
                        self.engine, self._names, self._year, self._table())
        if act is None:
            return None
        subject = [w for i, w in enumerate(words)
                   if w and i not in act.words and i not in countries and not is_filler(w)]
        return act if subject else None

    def _table(self) -> translate.Table:
        """The Uzbek-Russian word translations built with the index (``translate``)."""
        if self._translations is None:
            self._translations = translate.load(index_path(self.data_dir, self.engine_name))
        return self._translations

    def _names(self, uri: str) -> list[tuple[str, str]]:
        work, _title = self._title(uri, "")
        return register_names(uri, dict(work.titles or {}) if work else {})

    def _year(self, uri: str) -> str:
        work, _title = self._title(uri, "")
        return (work.date or "")[:4] if work else ""

    def _countries(self, query: str, tree, jurisdiction, ranking: str) -> list[str]:
        """The jurisdictions searched: those asked for; else those the query names (a country
        word, ``countries.named``, or the title of an act found only abroad: "статья 59
        Водного кодекса" when only the Russian Water Code is stored); else ``HOME``. Legacy
        ranking: every country."""
        asked = [c.strip().lower() for c in _listed(jurisdiction)]
        if any(c in ALL_COUNTRIES for c in asked):
            return []
        if asked:
            return asked
        if ranking == "legacy" or tree is None:
            return []
        asked = sorted(named_countries(query))  # "в Российской Федерации", "in Uzbekistan"
        if asked:
            return asked
        ref = requisites.article_ref(query)
        if ref is not None:
            title_q = requisites.title_query(ref, True)
        else:
            title_q = Bool(should=tuple(Bool(must=(Term("doctype", "w"), c.node))
                                        for c in compile_query(tree, kinds=("title",))
                                        if c.node))
        if title_q is None or (isinstance(title_q, Bool) and not (title_q.should or
                                                                  title_q.must)):
            return [HOME]
        found = self.engine.search(title_q, limit=5)
        countries = {(h.fields["work"].split("/") + ["", "", ""])[2] for h in found.hits}
        return [] if countries and HOME not in countries else [HOME, *PREFER_ONLY]

    @staticmethod
    def _query_lang(query: str) -> str | None:
        """The language the query is written in, where its script tells: Uzbek Cyrillic,
        Russian; Latin is Uzbek or English and says nothing."""
        scripts = {word_script(w) for w in re.findall(r"[^\W\d_]{2,}", query)}
        if "cyrl-uz" in scripts:
            return "uzb-Cyrl"
        if scripts == {"cyrl"}:
            return "rus"
        return None

    @staticmethod
    def _explain(result: SearchResult, query: str, relaxed: Relaxed) -> None:
        """The corrected query ("showing results for ...") and, when nothing was found, the
        nearest words of the index."""
        if relaxed.corrections:
            text = query
            for fix in relaxed.corrections:
                text = re.sub(rf"(?<!\w){re.escape(fix.word)}(?!\w)", fix.shown, text, count=1)
            result.corrected = text
        if not result.total:
            result.suggestions = list(relaxed.suggestions)

    def _run(self, query: str, tree, chains: list[ChainQuery], flt: Bool, limit: int,
             offset: int, sort: str, budget: Budget, hybrid: bool = False,
             prefer: str | None = None, home: bool = False,
             day: str | None = None, act: NamedAct | None = None) -> SearchResult:
        should = [c.node for c in chains if c.node is not None]
        if should:
            should += scope_boost(act, should)  # the named act's provisions first
            should += self._boosts(query, budget, prefer)
            should += [Bool(must=(Term("doctype", "w"), c.node), boost=TITLE_BOOST)
                       for c in compile_query(tree, kinds=("title",)) if c.node]
            root: Node = Bool(should=tuple(should))
        elif not query.strip() and len(flt.must) > 1:
            root = MatchAll()  # browsing by filters alone
        elif hybrid and sort == "relevance" and query.strip():
            root = Bool(must_not=(MatchAll(),))  # no word to match: the vectors alone
        else:
            return SearchResult(0, [], engine=self.engine_name)
        window = max(offset + limit, GROUP_WINDOW)
        looked: set[tuple[str, str]] = set()
        if day:  # the works whose point in time on the day is known already: left out at once
            looked = self.asof.known(day)
            drop = self.asof.exclusions(looked, day)
            if drop:
                flt = Bool(must=flt.must, must_not=flt.must_not + tuple(drop))
        found = self._find(root, flt, window, sort, budget, home)
        for _round in range(AS_OF_ROUNDS if day else 0):
            # leave out what the notes prove was not law on the day, work by work as the hits
            # show them (a work seen later gets its exclusions in the next round)
            seen = {(h.fields["work"], h.fields["lang"]) for h in found.hits
                    if h.fields["doctype"] == "p"} - looked
            if not seen:
                break
            looked |= seen
            drop = self.asof.exclusions(seen, day)
            if not drop:
                continue
            flt = Bool(must=flt.must, must_not=flt.must_not + tuple(drop))
            found = self._find(root, flt, window, sort, budget, home)
        if hybrid and sort == "relevance":  # semantic recall fused in (lexsearch.vectors)
            found.hits = collapse(found.hits, prefer)  # a provision's ranks counted once
            # The fused scores are ranks, not relevance: a foreign act the vectors alone bring
            # comes after HOME's; one the words found already passed the HOME_FACTOR test
            # ("договор водопользования": no Uzbek act of the sample speaks of it, the
            # Russian Water Code does) and keeps its fused place
            vetted = {provision_key(h) for h in found.hits}
            found = self._hybrid().fuse(self.engine, query, found, flt, window, budget, prefer,
                                        scope=act.works if act else ())
            if home:
                found.hits.sort(key=lambda h: not _home(h) and provision_key(h) not in vetted)
        if act is not None and sort == "relevance":
            # the act the query names is where to look: its provisions first, the rest after
            # ("закон о персональных данных ответственность": the law has no Russian text, so
            # its article on liability comes from the vectors alone, after every Russian
            # text that says "ответственность" by their fused ranks)
            found.hits.sort(key=lambda h: not (h.fields["doctype"] == "p"
                                               and h.fields["work"] in act.works))
        if day:  # what a last round or the vectors brought in unseen
            found.hits = [h for h in found.hits if self._law_on(h, day)]
        found.hits = collapse(found.hits, prefer)  # one hit per provision, in the query's language
        page = found.hits[offset:offset + limit]
        hits = self._hits(page, {c.chain: c for c in chains}, day)
        return SearchResult(found.total, hits, self._groups(found.hits), found.facets,
                            self.engine_name)

    def _find(self, root: Node, flt: Bool, window: int, sort: str, budget: Budget,
              home: bool) -> EngineResult:
        """The engine's window; with ``home``, HOME's acts and the others searched apart (each
        document is scored once; counts and facets added up) and merged with HOME's scores
        times HOME_FACTOR where they compete in one language (by date: HOME's first)."""
        if not home:
            return self.engine.search(root, filter=flt, limit=window, sort=sort, facets=FACETS,
                                      budget=budget)
        here = Term("country", HOME)
        mine = self.engine.search(root, filter=Bool(must=(*flt.must, here),
                                                    must_not=flt.must_not),
                                  limit=window, sort=sort, facets=FACETS, budget=budget)
        # The other countries by name rather than "not HOME": a filter that keeps a few
        # documents leads the engine's intersection, one that keeps nearly all is checked
        # against every match (at 1M provisions, none foreign, 3.7 ms to find no foreign hit
        # among 620,000 matches and 3.5 ms to count their facets); with no foreign act
        # indexed, no search. Every document has a country (its work URI's).
        abroad = [c for c, _n in self.engine.terms_with_prefix("country", "", 1000) if c != HOME]
        other = self.engine.search(root, filter=Bool(must=(*flt.must, any_of("country", abroad)),
                                                     must_not=flt.must_not),
                                   limit=window, sort=sort, facets=FACETS,
                                   budget=budget) if abroad else EngineResult(0, [])
        facets = {name: dict(values) for name, values in mine.facets.items()}
        for name, values in other.facets.items():
            for value, count in values.items():
                facets.setdefault(name, {})[value] = facets.get(name, {}).get(value, 0) + count
        hits = mine.hits + other.hits  # each part in its own order; the sort is stable
        if sort == "relevance":
            # "for the same words": HOME's texts in a language the foreign hits are in (an
            # Uzbek act's Russian text beside a Russian act's) get the factor; an Uzbek Latin
            # text that a Russian query reached through one transliterated word
            # ("объекты" -> "obyekt") is not the same words as a Russian text holding all of
            # them, and BM25 scores of two languages' fields say nothing of each other.
            # The factor decides between a HOME hit and a foreign one, never between two HOME
            # hits: HOME's in its own order, merged with the foreign ones by it (sorted by the
            # factored score, an Uzbek Russian text went before the Uzbek Latin text that
            # scored more: "закон об образовании статья 31" lost the law's own article 31).
            rivals = {h.fields.get("lang") for h in other.hits}
            hits = _merge(mine.hits, other.hits, lambda h: h.score * (
                HOME_FACTOR if h.fields.get("lang") in rivals else 1.0))
        else:
            hits.sort(key=lambda h: not _home(h))
        return EngineResult(mine.total + other.total, hits[:window], facets)

    def _law_on(self, hit: EngineHit, day: str) -> bool:
        f = hit.fields
        if f["doctype"] != "p":
            return True
        pit = self.asof.point_in_time(f["work"], day, f["lang"])
        return pit is not None and pit.in_force(f["eid"])

    def _title(self, uri: str, lang: str) -> tuple[Work | None, str]:
        try:
            work = self._work(uri)
        except Exception:  # an index newer than this reader's store snapshot
            return None, uri
        return work, (work.titles or {}).get(lang) or work.title or uri

    def _hits(self, page: list[EngineHit], chains: dict[str, ChainQuery],
              day: str | None = None) -> list[SearchHit]:
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
                snippet=make_snippet(source, lang, terms, prefixes),
                point_in_time=self.asof.hit_status(f["work"], lang, f["eid"], day)
                if day else None))
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
           status=None, date_from=None, date_to=None, ranking: str | None = None,
           jurisdiction=None) -> SearchResult:
    """Search a data folder (or an open ``Searcher``); see ``Searcher.search``."""
    kwargs = dict(lang=lang, type=type, as_of=as_of, limit=limit, offset=offset, sort=sort,
                  issuer=issuer, status=status, date_from=date_from, date_to=date_to,
                  ranking=ranking, jurisdiction=jurisdiction)
    if isinstance(data, Searcher):
        return data.search(query, **kwargs)
    with Searcher(data) as searcher:
        return searcher.search(query, **kwargs)
