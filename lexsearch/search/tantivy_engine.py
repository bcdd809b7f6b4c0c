"""The tantivy backend (tantivy-py, the Rust engine's official bindings).

Documents go in as JSON (``encode``, run in the rebuild's worker processes; the writer only
parses it). Analysed text keeps our positions exactly, in one of two forms:

* where no position holds two terms (all Uzbek and English text), a plain string of the terms
  separated by spaces, with ``FILLER`` standing where a stopword was. The text fields' analyzer
  (``ANALYZER``: whitespace split, then ``FILLER`` dropped as a stopword) gives each term its
  position and leaves the stopword's gap, so phrases keep their gaps;
* where a position holds several terms (the lemmas of an ambiguous Russian word form: almost
  every Russian provision has one), tantivy's pre-tokenized form: every term with its explicit
  position, so a phrase matches through any of them.

Both forms index the same terms at the same positions with the same field lengths (tested:
the same queries give the same hits and scores). The plain form is used wherever it can be
because parsing pre-tokenized JSON (an object per term) costs tantivy more than indexing the
terms: on 30,000 documents of the 100k benchmark corpus (the 4,561 Russian ones pre-tokenized
in both runs) indexing took 121 µs of CPU per document against 516 µs with every text
pre-tokenized (``bench/text_forms.py``).

Keyword fields use the ``raw`` tokenizer (one exact term); the facet fields are fast fields,
counted with tantivy's terms aggregation.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import weakref
from collections.abc import Sequence
from pathlib import Path

import tantivy

from lexsearch.errors import IndexFormatError
from lexsearch.search.engine import (
    FACETS,
    INTS,
    KEYWORDS,
    OPEN,
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
    flatten,
    match_only,
)

WRITER_HEAP = 256_000_000
FACET_SIZE = 20
ANALYZER = "positions"  # the text fields' analyzer, registered on every open
FILLER = "_"  # a stopword's place in plain text; "_" is never a term (tokens.py: no "_")
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _analyzer() -> tantivy.TextAnalyzer:
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
            .filter(tantivy.Filter.custom_stopword([FILLER])).build())


def _text_value(positions: list[tuple[str, ...]], pretokenized: bool) -> str | dict:
    if not pretokenized and max(map(len, positions), default=0) <= 1:
        return " ".join([terms[0] if terms else FILLER for terms in positions])
    return {"text": "", "tokens": [
        {"offset_from": 0, "offset_to": 0, "position": pos, "text": term, "position_length": 1}
        for pos, terms in enumerate(positions) for term in terms]}


def encode(doc: IndexDoc, *, pretokenized: bool = False) -> str:
    """The JSON document ``TantivyWriter.add_encoded`` takes (``pretokenized`` forces the
    pre-tokenized form for every text field: the tests compare the two forms)."""
    out: dict[str, object] = {name: values for name, values in doc.keyword_values().items()
                              if values}
    out.update(doc.ints)
    for name, positions in doc.texts.items():
        if positions:
            out[name] = _text_value(positions, pretokenized)
    return _dumps(out)


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    for name in KEYWORDS:
        sb.add_text_field(name, stored=name in STORED, fast=name in FACETS,
                          tokenizer_name="raw", index_option="basic")
    for name in INTS:
        sb.add_integer_field(name, stored=name == "date", indexed=True, fast=True)
    for name in TEXT_FIELDS:
        sb.add_text_field(name, tokenizer_name=ANALYZER, index_option="position")
    return sb.build()


def _link_files(index: Path, shadow: Path) -> None:
    """Symbolic links in ``shadow`` to every file of ``index`` (its lock files aside)."""
    for entry in os.scandir(index):
        link = shadow / entry.name
        if entry.is_file() and not entry.name.endswith(".lock") and not link.is_symlink():
            link.symlink_to(entry.path)


def _shadow(index: Path) -> Path:
    """A private folder of links to a read-only index's files. tantivy's reader takes a lock
    file beside ``meta.json`` even to read; where the index folder is not writable (a
    read-only data folder) it takes it here instead, and reads the files through the links."""
    shadow = Path(tempfile.mkdtemp(prefix="lexsearch-readonly-index-"))
    _link_files(index, shadow)
    return shadow


class TantivyWriter:
    def __init__(self, engine: TantivyEngine) -> None:
        self.engine = engine
        self._writer = engine.index.writer(WRITER_HEAP)

    def add(self, doc: IndexDoc) -> None:
        self.add_encoded(encode(doc))

    def add_encoded(self, encoded: str) -> None:
        self._writer.add_json(encoded)

    def delete(self, field_name: str, value: str) -> None:
        self._writer.delete_documents_by_term(field_name, value)

    def commit(self) -> None:
        self._writer.commit()
        self._writer.wait_merging_threads()
        self.engine.reload()

    def rollback(self) -> None:
        self._writer.rollback()


class TantivyEngine:
    name = "tantivy"
    _shadow: Path | None = None  # the links a read-only index is read through

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = path
        self.schema = _schema()
        if create:
            path.mkdir(parents=True, exist_ok=True)
            self.index = tantivy.Index(self.schema, str(path), reuse=False)
        else:
            if not tantivy.Index.exists(str(path)):
                raise FileNotFoundError(f"no tantivy index in {path}: run `lexsearch index`")
            opened = path
            if not os.access(path, os.W_OK):
                self._shadow = opened = _shadow(path)
                weakref.finalize(self, shutil.rmtree, opened, True)
            try:
                self.index = tantivy.Index(self.schema, str(opened), reuse=True)
            except ValueError as exc:
                if "schema does not match" not in str(exc):
                    raise
                raise IndexFormatError(
                    f"the tantivy index in {path} was written by another version of lexsearch: "
                    "run `lexsearch index --rebuild`") from exc
        self.index.register_tokenizer(ANALYZER, _analyzer())

    def writer(self) -> TantivyWriter:
        return TantivyWriter(self)

    def reload(self) -> None:
        if self._shadow is not None:  # segments written since (by a writer elsewhere)
            _link_files(self.path, self._shadow)
        self.index.reload()

    def close(self) -> None:
        if self._shadow is not None:
            shutil.rmtree(self._shadow, ignore_errors=True)
            self._shadow = None

    def doc_count(self) -> int:
        return self.index.searcher().num_docs

    def doc_freq(self, field_name: str, term: str) -> int:
        return self.index.searcher().doc_freq(field_name, term)

    def terms_with_prefix(self, field_name: str, prefix: str,
                          limit: int) -> list[tuple[str, int]]:
        return self.index.searcher().terms_with_prefix(field_name, prefix, limit=limit)

    # ---- queries ------------------------------------------------------------------------
    def _compile(self, node: Node, searcher: tantivy.Searcher, budget: Budget,
                 words: dict[tuple[str, str], list[str]] | None = None) -> tantivy.Query:
        """``words``: the prefixes expanded so far in this search (a second pass over the
        same query neither walks the term dictionary again nor counts them twice)."""
        q = tantivy.Query
        words = {} if words is None else words
        if isinstance(node, Term):
            out = q.term_query(self.schema, node.field, node.text)
        elif isinstance(node, Phrase):
            if len(node.words) == 1:
                out = q.term_query(self.schema, node.field, node.words[0][1])
            else:
                out = q.phrase_query(self.schema, node.field, list(node.words), node.slop)
        elif isinstance(node, Prefix):
            # The words of the prefix from the term dictionary, as one constant-score term set:
            # the same hits and scores as a regex query, a tenth of its cost (a regex query
            # builds an automaton per field), and the expansion is counted against the budget.
            key = (node.field, node.prefix)
            if key not in words:
                words[key] = [t for t, _n in searcher.terms_with_prefix(node.field, node.prefix)]
                budget.expand(node.prefix, len(words[key]))
            out = q.term_set_query(self.schema, node.field, words[key])
        elif isinstance(node, Range) and node.lo is not None and (
                node.lo == node.hi or (node.hi is None and node.lo >= OPEN)):
            # One value (OPEN is the largest date: "still in force" is valid_to = OPEN): its
            # postings instead of a scan of the column; at 1M provisions the windows of the
            # two-word queries took 9 % less time filtered so (bench/query_cost.py --parts).
            out = q.term_query(self.schema, node.field, node.lo)
        elif isinstance(node, Range):
            out = q.range_query(self.schema, node.field, tantivy.FieldType.Integer,
                                node.lo, node.hi)
        elif isinstance(node, MatchAll):
            out = q.all_query()
        elif isinstance(node, Bool):
            def sub(n: Node) -> tantivy.Query:
                return self._compile(n, searcher, budget, words)

            clauses = [(tantivy.Occur.Must, sub(n)) for n in node.must]
            clauses += [(tantivy.Occur.Should, sub(n)) for n in node.should]
            clauses += [(tantivy.Occur.MustNot, sub(n)) for n in node.must_not]
            if not node.must and not node.should:
                clauses.append((tantivy.Occur.Must, q.all_query()))
            out = q.boolean_query(clauses)
        else:  # pragma: no cover - the Node union is closed
            raise TypeError(f"not a query node: {node!r}")
        boost = getattr(node, "boost", 1.0)
        return q.boost_query(out, boost) if boost != 1.0 else out

    def _filtered(self, query: tantivy.Query, flt: tantivy.Query | None) -> tantivy.Query:
        if flt is None:
            return query
        return tantivy.Query.boolean_query([
            (tantivy.Occur.Must, query),
            (tantivy.Occur.Must, tantivy.Query.const_score_query(flt, 0.0)),
        ])

    def search(self, query: Node, *, filter: Node | None = None, limit: int = 10,
               offset: int = 0, sort: str = "relevance", facets: Sequence[str] = (),
               budget: Budget | None = None) -> EngineResult:
        budget = budget or Budget()
        searcher = self.index.searcher()
        words: dict[tuple[str, str], list[str]] = {}
        flt = self._compile(filter, searcher, budget, words) if filter is not None else None
        compiled = self._filtered(self._compile(flatten(query), searcher, budget, words), flt)
        budget.check()
        if sort == "date":
            found = searcher.search(compiled, limit, count=True, order_by_field="date",
                                    offset=offset)
            pairs = [(0.0, addr) for _value, addr in found.hits]
        else:
            found = searcher.search(compiled, limit, count=True, offset=offset)
            pairs = list(found.hits)
        hits = []
        for score, addr in pairs:
            doc = searcher.doc(addr)
            fields = {name: (doc.get_first(name) or "") for name in STORED}
            hits.append(EngineHit(float(score), fields, int(doc.get_first("date") or 0)))
        result = EngineResult(found.count or 0, hits)
        if facets:
            # Counted over a second pass of what the query matches, not of the query: what
            # only adds score (engine.match_only) is left out of that pass.
            budget.check()
            agg = {f: {"terms": {"field": f, "size": FACET_SIZE}} for f in facets}
            matched = self._compile(match_only(query), searcher, budget, words)
            raw = searcher.aggregate(self._filtered(matched, flt), agg)
            result.facets = {f: {b["key"]: b["doc_count"] for b in raw[f]["buckets"]}
                             for f in facets}
        return result
