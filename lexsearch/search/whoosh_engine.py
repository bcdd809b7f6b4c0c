"""The Whoosh backend (``whoosh-reloaded``, pure Python).

Text fields use ``PreAnalyzed``: a Whoosh tokenizer that passes our already-analysed
``(term, position)`` pairs through unchanged, so several lemmas can share one position just as
in tantivy. Whoosh phrases take no explicit offsets: a phrase with stopword gaps is matched
with a slop equal to the largest gap (slightly looser than tantivy's exact offsets).

Facets count single-valued sortable columns; ``lang`` of a work document in several languages
is counted under its first language (``flang``) -- tantivy counts every language.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from pathlib import Path

from whoosh import fields, index, query, sorting
from whoosh.analysis import Token as WToken
from whoosh.analysis import Tokenizer

from lexsearch.search.engine import (
    FACETS,
    INTS,
    KEYWORDS,
    MAX_EXPANSIONS,
    STORED,
    TEXT_FIELDS,
    Bool,
    Budget,
    EngineHit,
    EngineResult,
    IndexDoc,
    MatchAll,
    Node,
    Phrase,
    Prefix,
    Range,
    Term,
)

MULTI = ("lang", "wl", "numbers")  # keyword fields that may hold several values
FACET_FIELDS = {"lang": "flang"}  # facet name -> sortable single-valued column


UNIT, RECORD = "\x1f", "\x1e"  # separators of the serialised token stream


def serialise(positions: list[tuple[str, ...]]) -> str:
    """The terms at each position -> the string a ``PreAnalyzed`` field is given (Whoosh only
    analyses strings)."""
    return RECORD.join(f"{pos}{UNIT}{term}" for pos, terms in enumerate(positions)
                       for term in terms)


def encode(doc: IndexDoc) -> dict[str, str | int]:
    """The field values ``WhooshWriter.add_encoded`` passes to Whoosh's ``add_document``."""
    values: dict[str, str | int] = {}
    for name, vals in doc.keyword_values().items():
        if vals:
            values[name] = " ".join(vals) if name in MULTI else vals[0]
    values["flang"] = doc.langs[0] if doc.langs else ""
    values.update(doc.ints)
    for name, positions in doc.texts.items():
        if positions:
            values[name] = serialise(positions)
    return values


class PreAnalyzed(Tokenizer):
    """Yields the ``(term, position)`` pairs serialised by ``serialise``: analysis happened
    before, in ``lexsearch.analysis``."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        t = WToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for record in value.split(RECORD) if value else ():
            pos, _sep, text = record.partition(UNIT)
            t.text, t.boost, t.stopped = text, 1.0, False
            if positions:
                t.pos = int(pos)
            yield t


def _schema() -> fields.Schema:
    spec: dict[str, fields.FieldType] = {}
    for name in KEYWORDS:
        sortable = name in FACETS and name not in MULTI
        if name in MULTI:
            spec[name] = fields.KEYWORD(stored=name in STORED, lowercase=False, commas=False)
        else:
            spec[name] = fields.ID(stored=name in STORED, sortable=sortable)
    spec["flang"] = fields.ID(sortable=True)
    for name in INTS:
        # signed: whoosh-reloaded 2.7.5 ignores an open lower bound on unsigned fields
        spec[name] = fields.NUMERIC(int, bits=32, stored=name == "date",
                                    sortable=name == "date")
    for name in TEXT_FIELDS:
        spec[name] = fields.TEXT(analyzer=PreAnalyzed(), phrase=True)
    return fields.Schema(**spec)


class WhooshWriter:
    def __init__(self, engine: WhooshEngine) -> None:
        self.engine = engine
        self._writer = engine.index.writer(limitmb=256)

    def add(self, doc: IndexDoc) -> None:
        self.add_encoded(encode(doc))

    def add_encoded(self, encoded: dict[str, str | int]) -> None:
        self._writer.add_document(**encoded)

    def delete(self, field_name: str, value: str) -> None:
        self._writer.delete_by_term(field_name, value)

    def commit(self) -> None:
        self._writer.commit()
        self.engine.reload()

    def rollback(self) -> None:
        self._writer.cancel()


class WhooshEngine:
    name = "whoosh"

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = path
        if create:
            path.mkdir(parents=True, exist_ok=True)
            self.index = index.create_in(str(path), _schema())
        else:
            if not index.exists_in(str(path)):
                raise FileNotFoundError(f"no Whoosh index in {path}: run `lexsearch index`")
            self.index = index.open_dir(str(path))
        self._searcher = None

    def writer(self) -> WhooshWriter:
        return WhooshWriter(self)

    def searcher(self):
        if self._searcher is None:
            self._searcher = self.index.searcher()
        return self._searcher

    def reload(self) -> None:
        if self._searcher is not None:
            self._searcher = self._searcher.refresh()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def doc_count(self) -> int:
        return self.searcher().doc_count()

    def doc_freq(self, field_name: str, term: str) -> int:
        return self.searcher().doc_frequency(field_name, term)

    def terms_with_prefix(self, field_name: str, prefix: str,
                          limit: int) -> list[tuple[str, int]]:
        reader = self.searcher().reader()
        if field_name not in reader.schema:
            return []
        words = [(w.decode() if isinstance(w, bytes) else w)
                 for w in reader.expand_prefix(field_name, prefix)]
        counted = [(w, reader.doc_frequency(field_name, w)) for w in words]
        return sorted(counted, key=lambda wc: (-wc[1], wc[0]))[:limit]

    def _compile(self, node: Node, budget: Budget | None = None) -> query.Query:
        budget = budget or Budget(None)
        if isinstance(node, Term):
            return query.Term(node.field, node.text, boost=node.boost)
        if isinstance(node, Phrase):
            if len(node.words) == 1:
                return query.Term(node.field, node.words[0][1], boost=node.boost)
            positions = [p for p, _w in node.words]
            slop = max(b - a for a, b in zip(positions, positions[1:], strict=False))
            return query.Phrase(node.field, [w for _p, w in node.words],
                                slop=max(1, slop, node.slop + 1),
                                boost=node.boost)
        if isinstance(node, Prefix):  # counted first: Whoosh ORs every word of the prefix
            reader = self.searcher().reader()
            words = islice(reader.expand_prefix(node.field, node.prefix), MAX_EXPANSIONS + 1)
            budget.expand(node.prefix, sum(1 for _ in words))
            return query.Prefix(node.field, node.prefix, boost=node.boost)
        if isinstance(node, Range):
            return query.NumericRange(node.field, node.lo, node.hi)
        if isinstance(node, MatchAll):
            return query.Every()
        if isinstance(node, Bool):
            must = [self._compile(n, budget) for n in node.must]
            should = [self._compile(n, budget) for n in node.should]
            if must:
                out = query.And(must, boost=node.boost) if len(must) > 1 or node.boost != 1 \
                    else must[0]
                if should:
                    out = query.AndMaybe(out, query.Or(should))
            elif should:
                out = query.Or(should, boost=node.boost)
            else:
                out = query.Every()
            if node.must_not:  # not AndNot: its count path lets excluded documents through
                out = query.And([out, query.Not(query.Or([self._compile(n, budget)
                                                          for n in node.must_not]))])
            return out
        raise TypeError(f"not a query node: {node!r}")  # pragma: no cover

    def search(self, query_node: Node, *, filter: Node | None = None, limit: int = 10,
               offset: int = 0, sort: str = "relevance", facets: Sequence[str] = (),
               budget: Budget | None = None) -> EngineResult:
        budget = budget or Budget()
        searcher = self.searcher()
        q = self._compile(query_node, budget)
        groupedby = {f: sorting.FieldFacet(FACET_FIELDS.get(f, f), maptype=sorting.Count)
                     for f in facets}
        kwargs: dict = {"limit": max(1, offset + limit),
                        "filter": self._compile(filter, budget) if filter is not None else None}
        budget.check()
        if groupedby:
            kwargs["groupedby"] = groupedby
        if sort == "date":
            kwargs.update(sortedby="date", reverse=True)
        results = searcher.search(q, **kwargs)
        hits = []
        for hit in results[offset:offset + limit] if limit else []:
            stored = hit.fields()
            fields_ = {name: str(stored.get(name, "")) for name in STORED}
            fields_["lang"] = fields_["lang"].split(" ")[0]
            score = float(hit.score or 0.0) if sort != "date" else 0.0
            hits.append(EngineHit(score, fields_, int(stored.get("date") or 0)))
        out = EngineResult(len(results), hits)
        for f in facets:
            counts = results.groups(f)
            out.facets[f] = dict(sorted(((k, v) for k, v in counts.items() if k),
                                        key=lambda kv: (-kv[1], kv[0]))[:20])
        return out
