"""The English chain (tokenize | lowercase | stopwords | Snowball) and the generic fallback for
other languages: lowercase + the Snowball stemmer of the language when snowballstemmer has one,
else lowercase only. ``word_function(lang)`` is the memoised word step of either; the running-text
loop is ``lexsearch.analysis.chains``'s, shared by every language."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

import snowballstemmer

from lexsearch.analysis.translit import fold

# Function words only: "law", "code", "article", "may", "shall", "not" carry legal meaning.
ENGLISH_STOPWORDS = frozenset(
    "a an and are as at be been by for from has have in into is it its of on or that the "
    "their there these this those to was were which with".split()
)

# ISO 639-3 (the project's language codes) -> snowballstemmer algorithm.
SNOWBALL: dict[str, str] = {
    "eng": "english", "spa": "spanish", "deu": "german", "fra": "french", "ita": "italian",
    "por": "portuguese", "nld": "dutch", "tur": "turkish", "pol": "polish", "ces": "czech",
    "ron": "romanian", "hun": "hungarian", "fin": "finnish", "swe": "swedish",
    "dan": "danish", "nor": "norwegian", "ell": "greek", "ara": "arabic", "cat": "catalan",
    "est": "estonian", "lit": "lithuanian", "srp": "serbian", "eus": "basque",
    "hye": "armenian", "fas": "persian", "hin": "hindi", "ind": "indonesian", "gle": "irish",
}


@cache
def _stemmer(lang: str) -> Callable[[str], str] | None:
    name = SNOWBALL.get(lang)
    return snowballstemmer.stemmer(name).stemWord if name else None


@cache
def word_function(lang: str) -> Callable[[str], tuple[str, ...]]:
    """The memoised word chain of ``lang`` (English has stopwords; others do not)."""
    stem = _stemmer(lang)
    stop = ENGLISH_STOPWORDS if lang == "eng" else frozenset()

    @lru_cache(maxsize=1 << 17)
    def terms(surface: str) -> tuple[str, ...]:
        low = fold(surface.lower())
        if low in stop:
            return ()
        return (stem(low),) if stem else (low,)

    return terms


def english_stem(word: str) -> str:
    """Snowball English stem of one lowercase word (``amendments`` -> ``amend``)."""
    stem = _stemmer("eng")
    assert stem is not None
    return stem(word)


def has_stemmer(lang: str) -> bool:
    """True when snowballstemmer has an algorithm for ``lang`` (ISO 639-3)."""
    return _stemmer(lang) is not None
