"""Which chain analyses what: ``analyze`` for stored text of a known language (with offsets, for
snippets), ``analyze_positions`` for the same text as the index takes it, and ``analyze_query``
for a query whose language and script are unknown.

Languages (ISO 639-3, with the script subtag the project uses):

* ``uzb`` and ``uzb-Cyrl`` -- one chain; Cyrillic is transliterated, so both scripts give the
  same terms;
* ``rus`` -- pymorphy3 lemmas; ``eng`` -- Snowball with stopwords;
* anything else -- lowercase + Snowball when snowballstemmer has the language, else lowercase.

A query goes through every chain, word by word, by script:

* a Cyrillic word with an Uzbek-only letter (``ў қ ғ ҳ``) is Uzbek: Uzbek chain only;
* any other Cyrillic word may be Russian or Uzbek: both chains (the search layer matches the
  Russian terms against Russian fields and the Uzbek terms against Uzbek fields);
* a non-Cyrillic word goes through the Uzbek, English (and any other requested) chain and, only
  lowercased, the Russian one (``ZRU``, Latin names in Russian text);
* numbers and act numbers are the same term in every chain.

Positions are the query's word positions in every list, so phrase gaps survive.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from lexsearch.analysis.english import word_function
from lexsearch.analysis.russian import lemmas
from lexsearch.analysis.tokens import WORD, Token, term_positions, tokenize
from lexsearch.analysis.translit import fold, is_cyrillic, to_latin
from lexsearch.analysis.uzbek import word_terms

UZBEK_ONLY_LETTERS = frozenset("ўқғҳЎҚҒҲ")
QUERY_LANGS: tuple[str, ...] = ("uzb", "rus", "eng")

# Script classes of a query word.
LATIN = "latin"
CYRILLIC_UZBEK = "cyrl-uz"
CYRILLIC = "cyrl"


def word_script(word: str) -> str:
    """``cyrl-uz`` (Cyrillic with ў қ ғ ҳ), ``cyrl`` (other Cyrillic) or ``latin`` (the rest)."""
    if not is_cyrillic(word):
        return LATIN
    if any(ch in UZBEK_ONLY_LETTERS for ch in word):
        return CYRILLIC_UZBEK
    return CYRILLIC


def bare_word(word: str) -> str:
    """A word without the punctuation a query leaves on it (``mumkinmi?``, ``«как``)."""
    return re.sub(r"^[^\w']+|[^\w']+$", "", word)


def word_key(word: str) -> str:
    """A query word as word lists hold it (filler words, country names): folded, lowercase,
    ``ё`` as ``е``, bare (``bare_word``), Uzbek Cyrillic read as Latin (Russian Cyrillic stays
    Cyrillic)."""
    text = bare_word(fold(word).lower().replace("ё", "е"))
    return to_latin(text) if word_script(word) != CYRILLIC else text


def chain_key(lang: str) -> str:
    """The chain a language code uses: ``uzb-Cyrl``/``uzb-Latn`` -> ``uzb``."""
    base = lang.split("-", 1)[0].lower()
    return base if base in ("uzb", "rus") else lang.lower()


def word_chain(lang: str) -> Callable[[str], tuple[str, ...]]:
    """The memoised word step of ``lang``'s chain: a surface form -> its terms (``()`` for a
    stopword, several for an ambiguous Russian form)."""
    key = chain_key(lang)
    if key == "uzb":
        return word_terms
    if key == "rus":
        return lemmas
    return word_function(key)


def analyze(text: str, lang: str) -> list[Token]:
    """Analyse stored text of language ``lang``; offsets point into ``text``. Terms that share
    a word (the lemmas of an ambiguous form) share its position; a stopword leaves a gap."""
    terms = word_chain(lang)
    out: list[Token] = []
    append = out.append
    for pos, (kind, value, start, end) in enumerate(tokenize(text)):
        if kind == WORD:
            for term in terms(value):
                append(Token(term, pos, start, end))
        else:
            append(Token(value, pos, start, end))
    return out


def analyze_positions(text: str, lang: str) -> list[tuple[str, ...]]:
    """``analyze`` as the index takes it: the terms at each word position (``[()]`` where a
    stopword was), no offsets. ``analyze(text, lang)`` has exactly these terms at these
    positions (tested)."""
    return term_positions(text, word_chain(lang))


def _query_terms(lang: str, word: str, script: str) -> tuple[str, ...]:
    if lang == "uzb":
        return word_terms(word)
    if lang == "rus":
        return lemmas(word) if script != CYRILLIC_UZBEK else ()
    if script != LATIN:
        return ()
    return word_function(lang)(word)


def analyze_query(text: str, langs: Sequence[str] = QUERY_LANGS) -> dict[str, list[Token]]:
    """Analyse a query with every chain in ``langs``: ``{lang: tokens}``."""
    keys = list(dict.fromkeys(chain_key(lang) for lang in langs))
    result: dict[str, list[Token]] = {key: [] for key in keys}
    for pos, (kind, value, start, end) in enumerate(tokenize(text)):
        if kind != WORD:
            for key in keys:
                result[key].append(Token(value, pos, start, end))
            continue
        script = word_script(value)
        for key in keys:
            for term in _query_terms(key, value, script):
                result[key].append(Token(term, pos, start, end))
    return result
