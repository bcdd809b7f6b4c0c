"""The relaxed ranking (issue 12): questions, filler words, unknown words and typos.

A plain query (words, phrases, prefixes, ``-word``; no ``OR``) is compiled per chain as

* one clause per word (any-word matching, BM25: more matched words and rarer words win),
* the conjunction of all of them (``ALL_BOOST``: documents with every word come first),
* every two of them together (``PAIR_BOOST``: more matched words win, short of all),
* the pairs of neighbouring words as sloppy phrases (``NEAR_BOOST``: words close together),

where question and filler words (``FILLER``: ``qanday``, ``mumkinmi``, ``какой``, ``можно``,
``what``…) and country names (``lexsearch.countries``) are left out unless the query has
nothing else, and each word also matches, for less, the index words that share its first
letters (``Vocabulary.relatives``). A word no text field of any chain holds is a typo or an
unknown word: it is replaced by the nearest word of the index (edit distance 1-2,
``correct``) and reported as a correction, or dropped when none is near. Queries with ``OR``
keep the strict compilation (``query.compile_query``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from lexsearch.analysis import bare_word, fold, to_latin, word_key, word_script
from lexsearch.analysis.russian import morph
from lexsearch.analysis.to_cyrillic import to_cyrillic
from lexsearch.countries import country_words
from lexsearch.search.engine import TEXT_KINDS, Bool, Budget, Engine, Node, Phrase, Term
from lexsearch.search.query import (
    QUERY_CHAINS,
    ChainQuery,
    UAnd,
    UNode,
    UNot,
    UPhrase,
    UPrefix,
    UWord,
    _Compiler,
    is_number_term,
)
from lexsearch.search.query import _fields as fields_of
from lexsearch.search.translate import Table

# Field weights of the words: a heading above the text; the title field (the act title and
# the headings of the enclosing chapter and section, shared by every provision under them)
# above the text but below the heading: at 3.0 the title words of a big act outweighed the
# article that answers (bench/relevance_bench.py, the even half: hit@10 0.67 -> 0.71).
RELAXED_BOOST = {"text": 1.0, "heading": 2.0, "title": 1.5}
ALL_BOOST = 1.0  # the conjunction of every word, added to the sum of the words
# Every two words of the query in one provision (of its PAIR_WORDS rarest): a provision with
# more of the words wins over one with a single rare word, short of all of them (a question
# rarely has every word in its answer). Even half: hit@3 0.574 -> 0.615, hit@10 0.713 -> 0.738.
PAIR_BOOST = 0.5
PAIR_WORDS = 6  # 15 pairs at most, of the rarest words (the shortest postings): 8 cost +30 % p95
NEAR_BOOST = 0.5  # two neighbouring words of the query within NEAR_SLOP positions
NEAR_SLOP = 3
NEAR_COMMON = 0.2  # two words each in more of the texts than this: their nearness in headings only
# The back-off under a word's own terms: the index words that share its first STEM_PREFIX
# letters (испытательный ~ испытание, ishga ~ ishdan: derivation the lemmatiser and the Uzbek
# stemmer leave apart), RELATIVES of them per field, the most frequent, at RELATIVE_BOOST.
# Measured against the lemma alone and against 6 letters (bench/relevance_bench.py; README,
# Benchmarks): 5 letters at half weight, hit@3 0.598 -> 0.614, neither half of the questions down.
STEM_PREFIX = 5
RELATIVES = 8
RELATIVE_BOOST = 0.5
RELATIVE_KINDS = ("text", "heading")  # the title field's words are an act's, not the question's
# A word's Uzbek or Russian translations (lexsearch.search.translate) in the other chain: at a
# quarter, Russian questions hit@10 0.808 -> 0.822 (words), 0.945 -> 0.959 (hybrid), nothing
# else moved; at 0.5 the hybrid's gain was gone, at 1.0 Uzbek questions lost 0.04
TRANSLATION_BOOST = 0.25
TRANSLATIONS = 1  # the best of a word's translations: 2 or 3 ranked the same, for more terms
FUZZY_CANDIDATES = 20_000  # most frequent words of a field with the typo's first letter
SUGGESTIONS = 3

_UZ_FILLER = """
qanday qanaqa qanaqangi nima nimalar nimaga nimani nimada nega nechta necha nechanchi qancha
qachon qachongacha qayerda qayerga qayerdan qaysi qaysi kim kimga kimni kimning kimlar
mumkin mumkinmi bo'ladimi bo'ladimi kerak kerakmi lozim lozimmi shartmi bormi yo'qmi
emasmi edi ekan ekanmi degani deganda iltimos menga meni men biz bizga siz sizga u ular
nimaga uchunmi qilsa bo'lsa agar haqida to'g'risida savol javob
"""
_RU_FILLER = """
какой какая какое какие каких каким какими каком какую каков какова каково каковы
как что чего чему чем чём ли можно нельзя нужно надо должен должна должно должны кто кого
кому где куда откуда когда сколько почему зачем разве есть бывает ли мне меня мой моя я мы
нам вы вам ваш если тот та то те это этот эта эти там тут бы же вопрос подскажите скажите
пожалуйста
"""
_EN_FILLER = """
what which who whom whose when where why how is are was were be been can could do does did
should shall must may might will would there any i me my we our you your a an the of in on
to for it its this that these those please tell about
"""


FILLER: frozenset[str] = frozenset(
    word_key(w) for block in (_UZ_FILLER, _RU_FILLER, _EN_FILLER) for w in block.split())


def is_filler(word: str) -> bool:
    """A question or filler word; a Cyrillic word without ``ў қ ғ ҳ`` may be Uzbek too
    (``мумкин``, ``керак``), so its Latin reading is looked up as well."""
    key = word_key(word)
    if len(key) == 1 and key.isalpha():  # "в", "и", "u": no subject in one letter, and a
        return True  # Russian "в" read as Uzbek is the list letter "v)" of many provisions
    return key in FILLER or (word_script(word) == "cyrl" and to_latin(key) in FILLER)


ENGLISH_WORD_FREQUENCY = 50  # above this in pyspellchecker's English list: an English word


@lru_cache(maxsize=1)
def _english_frequency():
    from spellchecker import SpellChecker  # pyspellchecker's frequency list (loads ~0.5 s)

    return SpellChecker(language="en").word_frequency


def is_dictionary_word(word: str) -> bool:
    """A correctly spelt word of a language the index may simply not hold (an English word
    asked about an Uzbek text, a Russian word the articles do not use): it is left out, never
    "corrected" into an unrelated index word. Russian: pymorphy3's dictionary; Latin script:
    pyspellchecker's English word list."""
    low = bare_word(fold(word).lower().replace("ё", "е"))
    if word_script(word) == "cyrl":
        return russian_word(word)
    if word_script(word) == "latin" and low.isascii() and low.isalpha():
        return _english_frequency()[low] > ENGLISH_WORD_FREQUENCY
    return False


def russian_word(word: str) -> bool:
    """A word of pymorphy3's Russian dictionary (not a guess from its ending)."""
    return bool(morph().word_is_known(bare_word(fold(word).lower().replace("ё", "е"))))


def relaxable(tree: UNode | None) -> bool:
    """Whether the relaxed compilation applies: words, phrases, prefixes and ``-word`` only."""
    if isinstance(tree, (UWord, UPhrase, UPrefix)):
        return True
    return isinstance(tree, UAnd) and all(
        isinstance(c, (UWord, UPhrase, UPrefix)) or (
            isinstance(c, UNot) and isinstance(c.child, (UWord, UPhrase, UPrefix)))
        for c in tree.children)


def _leaves(tree: UNode) -> tuple[list[UNode], list[UNode]]:
    """(positive leaves, negated leaves) of a relaxable tree."""
    kids = tree.children if isinstance(tree, UAnd) else (tree,)
    pos = [c for c in kids if not isinstance(c, UNot)]
    neg = [c.child for c in kids if isinstance(c, UNot)]
    return pos, neg


# ---- unknown words and typos -----------------------------------------------------------
@dataclass
class Correction:
    word: str  # as typed
    chain: str
    term: str  # the index term that replaces the word's term
    shown: str = ""  # the term as the "showing results for" line writes it

    def __post_init__(self) -> None:
        self.shown = self.shown or self.term


@dataclass
class Vocabulary:
    """What the index knows of each query word, per chain (asked once per search)."""

    engine: Engine
    budget: Budget
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    related: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)

    def has(self, chain: str, term: str) -> bool:
        return self.freq(chain, term) > 0

    def freq(self, chain: str, term: str) -> int:
        """Documents holding ``term`` in a text field of ``chain`` (fields summed)."""
        key = (chain, term)
        if key not in self.counts:
            self.counts[key] = sum(self.engine.doc_freq(f"{kind}_{chain}", term)
                                   for kind in TEXT_KINDS)
        return self.counts[key]

    def relatives(self, chain: str, field_kind: str, term: str) -> list[str]:
        """Index words of ``field_kind`` that share ``term``'s first ``STEM_PREFIX`` letters,
        the most frequent first (none for short words and numbers). A shorter word that
        ``term`` begins with is another word, not a form of it: the root an Uzbek word was
        built on (``shart`` "condition" in ``shartnoma`` "contract", ``ish`` in ``ishchi``)."""
        if len(term) <= STEM_PREFIX or is_number_term(term):
            return []
        key = (chain, field_kind, term)
        if key not in self.related:
            words = self.engine.terms_with_prefix(f"{field_kind}_{chain}", term[:STEM_PREFIX],
                                                  RELATIVES + 1)
            self.related[key] = [w for w, _n in words if not term.startswith(w)][:RELATIVES]
        return self.related[key]

    def nearest(self, chain: str, term: str, max_dist: int, limit: int = 1) -> list[str]:
        """Index words of ``chain`` within ``max_dist`` edits of ``term``, nearest first;
        among equals a word ``term`` begins with (``kamaytir`` for ``kamaytirsa``: an ending
        the stemmer left), then the more frequent; from the words sharing its first letter."""
        self.budget.check()
        found: dict[str, tuple[int, int]] = {}
        for kind in TEXT_KINDS:
            words = dict(self.engine.terms_with_prefix(f"{kind}_{chain}", term[:1],
                                                       FUZZY_CANDIDATES))
            for cand, dist, _i in process.extract(term, list(words), scorer=OSA.distance,
                                                  score_cutoff=max_dist, limit=limit * 5):
                if cand != term and not any(ch.isdigit() for ch in cand):
                    best = found.get(cand, (dist, 0))
                    found[cand] = (min(best[0], dist), best[1] + words[cand])
        return [w for w, _v in sorted(found.items(), key=lambda kv: (
            kv[1][0], not term.startswith(kv[0]), -kv[1][1], kv[0]))][:limit]


def max_edits(term: str) -> int:
    """Edits a typo may have: none in words of up to 3 letters, 1 up to 6, else 2."""
    return 0 if len(term) <= 3 else 1 if len(term) <= 6 else 2


def _chains_reading(word: str) -> tuple[str, ...]:
    script = word_script(word)
    return {"latin": ("uzb", "eng"), "cyrl-uz": ("uzb",)}.get(script, ("rus", "uzb"))


# ---- compiling -------------------------------------------------------------------------
@dataclass
class Relaxed:
    chains: list[ChainQuery]
    corrections: list[Correction] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # words nothing matched, none near
    suggestions: list[str] = field(default_factory=list)


def plain_words(tree: UNode) -> list[str]:
    """The text of each positive leaf of a relaxable tree that is a plain word, "" for a
    phrase or prefix: the places ``compile_relaxed``'s ``scope`` counts."""
    return [leaf.text if isinstance(leaf, UWord) else "" for leaf in _leaves(tree)[0]]


def compile_relaxed(tree: UNode, vocab: Vocabulary,
                    chains: tuple[str, ...] = QUERY_CHAINS,
                    scope: frozenset[int] = frozenset(),
                    translations: Table | None = None) -> Relaxed:
    """The relaxed query of every chain (see the module doc); the words at the places
    ``scope`` (of ``plain_words``) name the act searched (``lexsearch.search.acts``) and are
    left out of the subject; ``translations`` (``lexsearch.search.translate``) add each
    word's Uzbek or Russian translations to the other language's chain."""
    pos, neg = _leaves(tree)
    plain = plain_words(tree)
    # a country's name is the country filter's (lexsearch.countries), not the subject
    named = country_words(plain) | set(scope)
    words = [leaf for n, leaf in enumerate(pos)
             if not (isinstance(leaf, UWord) and (is_filler(leaf.text) or n in named))]
    words = words or pos  # a query of filler words only searches them
    # A query with a letter only Uzbek Cyrillic has (ў қ ғ ҳ) is Uzbek: its other Cyrillic
    # words are read as Russian only where they are Russian words (a mixed "Меҳнат кодекси
    # статья 217" keeps "статья"), not as the lemmas pymorphy guesses for an unknown word
    uzbek_cyrillic = any(word_script(w) == "cyrl-uz" for w in plain)
    kinds = dict(RELAXED_BOOST)
    comps = {c: _Compiler(c, kinds) for c in chains}
    # a word (not a phrase or prefix) whose terms no chain knows: a typo or an unknown word
    # per chain: (leaf, its terms by position, its translations into the chain)
    plan: dict[str, list[tuple[UNode, dict[int, list[str]], list[str]]]] = {
        c: [] for c in chains}
    out = Relaxed([])
    for leaf in words:
        analysed = {c: comps[c].leaf_terms(leaf.text) for c in chains}
        if not isinstance(leaf, UWord):
            for c in chains:
                plan[c].append((leaf, analysed[c], []))
            continue
        known = {c: {p: [t for t in ts if is_number_term(t) or vocab.has(c, t)]
                     for p, ts in analysed[c].items()} for c in chains}
        if uzbek_cyrillic and "rus" in known and not russian_word(leaf.text):
            known["rus"] = {}  # "берувчи" read as Russian is the lemma "берувчить"
        if any(all(known[c][p] for p in known[c]) and known[c] for c in chains):
            for c in chains:  # known somewhere: only where the index knows it
                terms = {p: ts for p, ts in known[c].items() if ts}
                extra = _translated(known, c, translations, vocab)
                if terms and len(terms) == len(analysed[c]):
                    plan[c].append((leaf, terms, extra))
                elif extra:
                    plan[c].append((leaf, {}, extra))
            continue
        if any(not analysed[c] for c in _chains_reading(leaf.text)) or is_dictionary_word(
                leaf.text):
            out.unknown.append(leaf.text)  # a stopword of a chain, or a real word: left out
            continue
        fixed = _correct(leaf.text, analysed, vocab)
        if fixed is None:
            out.unknown.append(leaf.text)
            for c in _chains_reading(leaf.text):
                for ts in analysed.get(c, {}).values():
                    out.suggestions += [w for t in ts for w in vocab.nearest(c, t, 3, SUGGESTIONS)]
            continue
        if fixed.chain == "uzb" and word_script(leaf.text) != "latin":
            fixed.shown = to_cyrillic(fixed.term)  # said in the script it was typed in
        out.corrections.append(fixed)
        plan[fixed.chain].append((leaf, {0: [fixed.term]}, []))
    out.suggestions = list(dict.fromkeys(out.suggestions))[:SUGGESTIONS * 2]
    for c in chains:
        out.chains.append(_chain_node(comps[c], plan[c], neg, vocab))
    return out


def _correct(word: str, analysed: dict[str, dict[int, list[str]]],
             vocab: Vocabulary) -> Correction | None:
    best: tuple[int, Correction] | None = None
    for c in _chains_reading(word):
        terms = [t for ts in analysed.get(c, {}).values() for t in ts]
        if len(terms) != 1 or not re.fullmatch(r"[^\W\d_]+'?[^\W\d_]*", terms[0]):
            continue
        term = terms[0]
        for dist_cap in range(1, max_edits(term) + 1):
            near = vocab.nearest(c, term, dist_cap)
            if near:
                if best is None or dist_cap < best[0]:
                    best = (dist_cap, Correction(word, c, near[0]))
                break
    return best[1] if best else None


def _translated(known: dict[str, dict[int, list[str]]], chain: str, table: Table | None,
                vocab: Vocabulary) -> list[str]:
    """The translations into ``chain`` of a word of one position known in the other language's
    chain, that ``chain`` holds and does not hold as the word's own terms."""
    other = {"uzb": "rus", "rus": "uzb"}.get(chain)
    if not table or other not in known or len(known[other]) != 1:
        return []
    own = {t for ts in known.get(chain, {}).values() for t in ts}
    found = [w for t in next(iter(known[other].values()))
             for w in table[other].get(t, ())[:TRANSLATIONS]]
    return [w for w in dict.fromkeys(found) if w not in own and vocab.has(chain, w)]


def _single(comp: _Compiler, terms: dict[int, list[str]], vocab: Vocabulary,
            extra: Sequence[str] = ()) -> Node:
    """The clause of one word (its terms at one or more positions) in every field; a word of
    one position also matches its relatives (``Vocabulary.relatives``) and its translations
    (``extra``), for less."""
    far = [Term(f"{kind}_{comp.chain}", w, TRANSLATION_BOOST * comp.kinds[kind])
           for kind in RELATIVE_KINDS for w in extra]
    if not terms:
        return Bool(should=tuple(far))
    if len(terms) == 1:
        alts = next(iter(terms.values()))
        own = [n for t in alts for n in fields_of(comp.chain, t, comp.kinds)]
        kin = [Term(f"{kind}_{comp.chain}", w, RELATIVE_BOOST * comp.kinds[kind])
               for kind in RELATIVE_KINDS for t in alts
               for w in vocab.relatives(comp.chain, kind, t) if w not in alts]
        kin += far
        return Bool(should=(*own, *((Bool(should=tuple(kin)),) if kin else ())))
    first = min(terms)
    seq = tuple((p - first, ts[0]) for p, ts in sorted(terms.items()))
    return Bool(should=tuple(Phrase(f"{kind}_{comp.chain}", seq, b)
                             for kind, b in comp.kinds.items()))


def _chain_node(comp: _Compiler,
                plan: list[tuple[UNode, dict[int, list[str]], list[str]]],
                neg: list[UNode], vocab: Vocabulary) -> ChainQuery:
    clauses: list[Node] = []
    rarity: list[int] = []  # per clause: documents of its most frequent term (phrases: 0)
    for leaf, terms, extra in plan:
        if isinstance(leaf, UWord):
            words = [t for ts in terms.values() for t in ts] or list(extra)
            if not words:
                continue
            comp.terms.update(words)
            clauses.append(_single(comp, terms, vocab, extra))
            rarity.append(max(vocab.freq(comp.chain, t) for t in words))
        else:
            node = comp.compile(leaf)
            if not isinstance(node, str):
                clauses.append(node)
                rarity.append(0)
    if not clauses:
        return ChainQuery(comp.chain, None, comp.terms, comp.prefixes)
    should = list(clauses)
    if len(clauses) > 1:
        should.append(Bool(must=tuple(clauses), boost=ALL_BOOST))
    if len(clauses) > 2:  # every two words together, anywhere in the provision
        rare = sorted(range(len(clauses)), key=lambda i: rarity[i])[:PAIR_WORDS]
        rare.sort()
        should += [Bool(must=(clauses[i], clauses[j]), boost=PAIR_BOOST)
                   for n, i in enumerate(rare) for j in rare[n + 1:]]
    heads = [(leaf, terms) for leaf, terms, _x in plan if isinstance(leaf, UWord) and terms]
    # Nearness is checked position by position in every text holding both words: for two
    # words each in over NEAR_COMMON of the texts that took 23 of the 58 ms of a two-word
    # query at 1M provisions ("xodim shaxslarga", timed alone), and it decided none of the
    # top 10 of the 246 relevance questions nor of the 500 queries of bench/search_bench.py
    # at 1M (at 0.1 two questions' articles went a place down); the headings' check is cheap.
    common = NEAR_COMMON * vocab.engine.doc_count()
    for (_a, ta), (_b, tb) in zip(heads, heads[1:], strict=False):
        pair = ((0, ta[min(ta)][0]), (1, tb[min(tb)][0]))
        body = not all(vocab.engine.doc_freq(f"text_{comp.chain}", w) > common for _p, w in pair)
        should += [Phrase(f"{kind}_{comp.chain}", pair, NEAR_BOOST, slop=NEAR_SLOP)
                   for kind in (("text", "heading") if body else ("heading",))]
    must_not = []
    for leaf in neg:
        node = comp.compile(leaf, positive=False)
        if not isinstance(node, str):
            must_not.append(node)
    node = Bool(should=tuple(should), must_not=tuple(must_not))
    return ChainQuery(comp.chain, node, comp.terms, comp.prefixes)
