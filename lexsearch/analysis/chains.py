"""Which chain analyses what: ``analyze`` for stored text of a known language, and
``analyze_query`` for a query whose language and script are unknown.

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

from collections.abc import Sequence

from lexsearch.analysis.english import _word_function, analyze_generic
from lexsearch.analysis.russian import analyze_russian, lemmas
from lexsearch.analysis.tokens import WORD, Token, tokenize
from lexsearch.analysis.translit import is_cyrillic
from lexsearch.analysis.uzbek import analyze_uzbek, word_terms

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


def chain_key(lang: str) -> str:
    """The chain a language code uses: ``uzb-Cyrl``/``uzb-Latn`` -> ``uzb``."""
    base = lang.split("-", 1)[0].lower()
    return base if base in ("uzb", "rus") else lang.lower()


def analyze(text: str, lang: str) -> list[Token]:
    """Analyse stored text of language ``lang``; offsets point into ``text``."""
    key = chain_key(lang)
    if key == "uzb":
        return analyze_uzbek(text)
    if key == "rus":
        return analyze_russian(text)
    return analyze_generic(text, key)


def _query_terms(lang: str, word: str, script: str) -> tuple[str, ...]:
    if lang == "uzb":
        return word_terms(word)
    if lang == "rus":
        return lemmas(word) if script != CYRILLIC_UZBEK else ()
    if script != LATIN:
        return ()
    return _word_function(lang)(word)


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
