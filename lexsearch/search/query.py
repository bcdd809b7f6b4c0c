"""Query syntax -> engine query nodes, one query per analysis chain.

Syntax: words (AND by default), ``"exact phrases"`` (also ``«…»`` and ``“…”``), ``AND``,
``OR``, ``NOT`` and ``-word``, parentheses, prefix ``kodeks*``. A malformed query (unbalanced
quotes or parentheses, lone operators, ``*`` alone) never raises: what cannot be read as syntax
is read as plain words.

Each leaf is analysed with ``analyze_query`` and the whole tree is compiled once per chain
(``uzb``, ``rus``, ``eng``) against that chain's fields only, so a document matches when the
query holds in its own language. A word a chain drops as a stopword is neutral in that chain;
a word a chain cannot read at all (Cyrillic for English) makes that chain's conjunction fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice, product

from lexsearch.analysis import analyze_query, fold, to_latin, word_script
from lexsearch.errors import QueryTooExpensive
from lexsearch.search.engine import Bool, Node, Phrase, Prefix, Term

QUERY_CHAINS: tuple[str, ...] = ("uzb", "rus", "eng")
BOOST = {"text": 1.0, "heading": 2.0, "title": 3.0}
NUMBER_BOOST = 5.0
MAX_PHRASE_VARIANTS = 8
MIN_PREFIX = 2
# The query cost budget (issue 14: 130 prefix terms cost 28 normal queries): what a query may
# hold before it is refused with ``QueryTooExpensive``. Each engine also bounds how many words
# one prefix and one query may expand to (``engine.Budget``).
MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 64  # words, phrases and prefixes
MAX_PREFIXES = 16
MAX_DEPTH = 16  # nested parentheses and NOTs
HEAVY_PREFIXES = 4  # a query this heavy waits for its turn (service.HeavyGate)

_QUOTES = {'"': '"', "«": "»", "“": "”", "„": "“"}
_LEXER = re.compile(r'\s+|[()]|[^\s()"«»“”„]+|["«»“”„]')
_OPERATORS = {"AND": "and", "OR": "or", "NOT": "not", "&&": "and", "||": "or"}


# ---- user syntax tree ------------------------------------------------------------------
@dataclass(frozen=True)
class UWord:
    text: str


@dataclass(frozen=True)
class UPhrase:
    text: str


@dataclass(frozen=True)
class UPrefix:
    text: str


@dataclass(frozen=True)
class UNot:
    child: UNode


@dataclass(frozen=True)
class UAnd:
    children: tuple[UNode, ...]


@dataclass(frozen=True)
class UOr:
    children: tuple[UNode, ...]


UNode = UWord | UPhrase | UPrefix | UNot | UAnd | UOr


def _lex(text: str) -> list[tuple[str, str]]:
    """``(kind, value)``: ``phrase``, ``word``, ``and``/``or``/``not``, ``(``, ``)``, ``-``."""
    out: list[tuple[str, str]] = []
    parts = [m.group() for m in _LEXER.finditer(text)]
    i = 0
    while i < len(parts):
        part = parts[i]
        if part in _QUOTES:
            close = _QUOTES[part]
            try:
                j = parts.index(close, i + 1)
            except ValueError:  # unbalanced: the quote is noise
                i += 1
                continue
            out.append(("phrase", "".join(parts[i + 1:j])))
            i = j + 1
            continue
        if part.isspace() or part in "»”":
            pass
        elif part in "()":
            out.append((part, part))
        elif part in _OPERATORS:
            out.append((_OPERATORS[part], part))
        elif part.startswith("-") and len(part) > 1:
            out.append(("-", "-"))
            out.append(("word", part[1:]))
        else:
            out.append(("word", part))
        i += 1
    return out


class _Parser:
    """Recursive descent; every error path drops the offending token instead of raising."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens, self.i = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def parse(self) -> UNode | None:
        node = self.or_expr()
        while self.i < len(self.tokens):  # stray ")" and the like: skip, keep going
            self.i += 1
            more = self.or_expr()
            node = _and(node, more)
        return node

    def or_expr(self) -> UNode | None:
        parts = [self.and_expr()]
        while self.peek() == "or":
            self.i += 1
            parts.append(self.and_expr())
        kept = tuple(p for p in parts if p is not None)
        return None if not kept else kept[0] if len(kept) == 1 else UOr(kept)

    def and_expr(self) -> UNode | None:
        parts: list[UNode] = []
        while self.peek() not in (None, "or", ")"):
            if self.peek() == "and":
                self.i += 1
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
        return None if not parts else parts[0] if len(parts) == 1 else UAnd(tuple(parts))

    def unary(self) -> UNode | None:
        kind = self.peek()
        if kind in ("not", "-"):
            self.i += 1
            if self.peek() in (None, "or", ")", "and"):
                return None  # a lone operator
            child = self.unary()
            return UNot(child) if child is not None else None
        return self.atom()

    def atom(self) -> UNode | None:
        kind, value = self.tokens[self.i]
        self.i += 1
        if kind == "(":
            node = self.or_expr()
            if self.peek() == ")":
                self.i += 1
            return node
        if kind == "phrase":
            return UPhrase(value) if value.strip() else None
        if kind == "word":
            if not any(ch.isalnum() for ch in value):
                return None  # "-", "*", "&" alone
            if value.endswith("*"):
                stem = value.rstrip("*")
                return UPrefix(stem) if len(stem) >= MIN_PREFIX else (
                    UWord(stem) if stem else None)
            return UWord(value)
        return None  # ")" or a stray operator


def _and(a: UNode | None, b: UNode | None) -> UNode | None:
    if a is None or b is None:
        return a or b
    return UAnd((a, b))


def parse(text: str) -> UNode | None:
    """The syntax tree of a query, ``None`` when there is nothing to search for."""
    try:
        return _Parser(_lex(text)).parse()
    except (IndexError, ValueError, RecursionError):  # never raise on user input
        words = [UWord(w) for w in re.findall(r"[^\s\"«»“”„()*]+", text)
                 if w not in _OPERATORS]
        return None if not words else words[0] if len(words) == 1 else UAnd(tuple(words))


def _shape(node: UNode, depth: int = 1) -> tuple[int, int, int]:
    """(leaves, prefixes, depth) of a syntax tree."""
    if isinstance(node, (UWord, UPhrase)):
        return 1, 0, depth
    if isinstance(node, UPrefix):
        return 1, 1, depth
    kids = (node.child,) if isinstance(node, UNot) else node.children
    shapes = [_shape(k, depth + 1) for k in kids]
    return (sum(s[0] for s in shapes), sum(s[1] for s in shapes),
            max((s[2] for s in shapes), default=depth))


def check_cost(text: str, tree: UNode | None) -> bool:
    """Raise ``QueryTooExpensive`` when the query passes a limit of the cost budget; whether
    it is heavy (``HEAVY_PREFIXES`` prefix terms or more, or more than half the clauses)."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooExpensive(f"the query has {len(text)} characters; at most "
                                f"{MAX_QUERY_CHARS} are searched: shorten it")
    if tree is None:
        return False
    leaves, prefixes, depth = _shape(tree)
    if prefixes > MAX_PREFIXES:
        raise QueryTooExpensive(f"the query has {prefixes} prefix terms (word*); at most "
                                f"{MAX_PREFIXES} are searched at once: write some words out "
                                "in full")
    if leaves > MAX_CLAUSES:
        raise QueryTooExpensive(f"the query has {leaves} words and phrases; at most "
                                f"{MAX_CLAUSES} are searched at once: leave some out")
    if depth > MAX_DEPTH:
        raise QueryTooExpensive(f"the query nests {depth} levels of parentheses and NOT; at "
                                f"most {MAX_DEPTH} are searched")
    return prefixes >= HEAVY_PREFIXES or leaves > MAX_CLAUSES // 2


# ---- compiling to engine nodes ---------------------------------------------------------
NEUTRAL = "neutral"  # a stopword in this chain: no constraint
NEVER = "never"  # this chain cannot read the word: nothing in it matches
Compiled = Node | str


@dataclass
class ChainQuery:
    """The compiled query of one chain plus what snippets should mark."""

    chain: str
    node: Node | None
    terms: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)


def is_number_term(term: str) -> bool:
    return any(ch.isdigit() for ch in term)


def _reads(chain: str, text: str) -> bool:
    """Whether ``chain`` can read some word of ``text`` (so an empty analysis = stopwords)."""
    scripts = {word_script(w) for w in re.findall(r"[^\W\d_]+", text)}
    if chain == "uzb":
        return True
    if chain == "rus":
        return bool(scripts - {"cyrl-uz"})
    return "latin" in scripts


def _fields(chain: str, term: str, kinds: dict[str, float]) -> list[Node]:
    nodes: list[Node] = [Term(f"{kind}_{chain}", term, b) for kind, b in kinds.items()]
    if is_number_term(term) and len(kinds) > 1:
        nodes.append(Term("numbers", term, NUMBER_BOOST))
    return nodes


class _Compiler:
    def __init__(self, chain: str, kinds: dict[str, float]) -> None:
        self.chain, self.kinds = chain, kinds
        self.terms: set[str] = set()
        self.prefixes: set[str] = set()

    def leaf_terms(self, text: str) -> dict[int, list[str]]:
        by_pos: dict[int, list[str]] = {}
        for tok in analyze_query(text, QUERY_CHAINS)[self.chain]:
            by_pos.setdefault(tok.pos, []).append(tok.text)
        return by_pos

    def words(self, text: str, positive: bool) -> Compiled:
        by_pos = self.leaf_terms(text)
        if not by_pos:
            return NEUTRAL if _reads(self.chain, text) else NEVER
        if positive:
            self.terms.update(t for ts in by_pos.values() for t in ts)
        if len(by_pos) == 1:
            alts = next(iter(by_pos.values()))
            return Bool(should=tuple(n for t in alts for n in _fields(self.chain, t, self.kinds)))
        first = min(by_pos)
        variants = islice(product(*by_pos.values()), MAX_PHRASE_VARIANTS)
        phrases: list[Node] = []
        positions = [p - first for p in by_pos]
        for words in variants:
            seq = tuple(zip(positions, words, strict=True))
            phrases.extend(Phrase(f"{kind}_{self.chain}", seq, b) for kind, b in self.kinds.items())
        return Bool(should=tuple(phrases))

    def prefix(self, text: str, positive: bool) -> Compiled:
        if self.chain == "uzb":
            stem = to_latin(fold(text))
        else:
            if self.chain == "eng" and not _reads("eng", text):
                return NEVER
            stem = fold(text).lower().replace("ё", "е")
        if len(stem) < MIN_PREFIX:
            return NEUTRAL
        if positive:
            self.prefixes.add(stem)
        return Bool(should=tuple(Prefix(f"{kind}_{self.chain}", stem, b)
                                 for kind, b in self.kinds.items()))

    def compile(self, node: UNode, positive: bool = True) -> Compiled:
        if isinstance(node, UWord):
            return self.words(node.text, positive)
        if isinstance(node, UPhrase):
            return self.words(node.text, positive)
        if isinstance(node, UPrefix):
            return self.prefix(node.text, positive)
        if isinstance(node, UNot):
            return self.compile(node.child, not positive)  # the caller files it as must_not
        if isinstance(node, UOr):
            kids = [self.compile(c, positive) for c in node.children]
            if NEUTRAL in kids:
                return NEUTRAL
            real = tuple(k for k in kids if not isinstance(k, str))
            return Bool(should=real) if real else NEVER
        must: list[Node] = []
        must_not: list[Node] = []
        for child in node.children:
            negative = isinstance(child, UNot)
            compiled = self.compile(child, positive)
            if compiled == NEVER and not negative:
                return NEVER
            if isinstance(compiled, str):
                continue
            (must_not if negative else must).append(compiled)
        if not must:
            return NEUTRAL
        return Bool(must=tuple(must), must_not=tuple(must_not))


def compile_query(tree: UNode | None, chains: tuple[str, ...] = QUERY_CHAINS,
                  kinds: tuple[str, ...] = tuple(BOOST)) -> list[ChainQuery]:
    """One ``ChainQuery`` per chain (``node`` None when nothing in that chain can match),
    searching the text fields of ``kinds`` (``text``, ``heading``, ``title``)."""
    out = []
    for chain in chains:
        comp = _Compiler(chain, {k: BOOST[k] for k in kinds})
        compiled = comp.compile(tree) if tree is not None else NEUTRAL
        if isinstance(tree, UNot):
            compiled = NEUTRAL
        node = None if isinstance(compiled, str) else compiled
        out.append(ChainQuery(chain, node, comp.terms, comp.prefixes))
    return out
