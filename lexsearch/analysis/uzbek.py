"""The Uzbek chain (Latin and Cyrillic script alike).

    tokenize | fold apostrophes | Cyrillic -> Latin | lowercase | stopwords | stem

Every step is a function of one word, so the whole word chain is memoised per surface form
(``word_terms``); running text costs one regex pass plus one dictionary hit per word
(the loop is ``lexsearch.analysis.chains``'s, shared by every language).

Stopwords: the shipped ``uzbek_stopwords`` list (MIT) minus the words that carry meaning in
legislation -- that list was built for general text and holds ``ish`` (work, case), ``qabul``
(adoption), ``tovarlar`` (goods), ``tegishli`` (relevant), ``pf`` (a decree type), numerals
(``ikki yil`` is a term of punishment) and the like; ``LEGAL_KEEP`` names them, and
``LEGAL_STOP`` adds the function words of statutes it lacks (``ushbu``, ``hamda``).
"""

from __future__ import annotations

from functools import cache, lru_cache

from lexsearch.analysis.stem_uz import stem
from lexsearch.analysis.translit import DATA, fold, to_latin

LEGAL_KEEP = frozenset({
    "besh", "bir", "birinchi", "ellik", "ikki", "milliard", "million", "ming", "o'n",
    "o'ttiz", "olti", "oltmish", "qirq", "sakkiz", "sakson", "to'qqiz", "to'qson", "to'rt",
    "trillion", "katrillion", "uch", "uchinchi", "yetmish", "yetti", "yigirma", "yuz",
    "ish", "qabul", "tovarlar", "quduqlar", "tegishli", "pf", "kompyuter", "tegirmon",
    "indeks", "matn", "nusxa", "manba", "raqamlar", "holatlar", "kalitlar", "muammo",
    "odam", "sinov", "uzunlik", "to'liq", "ochiq", "katta", "kichik", "microsoft", "http",
    "km", "ko'rsatilgan", "qilingan", "ochirilgan", "tushgan", "ega", "janob",
    "xanim", "salom", "tilak", "yagona", "qiluvchi", "avval", "muddat",
})


# Function words of legislation the general list lacks ("ushbu Kodeks", "… hamda …").
LEGAL_STOP = frozenset({"ushbu", "hamda", "yoxud"})


@cache
def stopwords() -> frozenset[str]:
    """Folded Uzbek Latin stopwords (shipped list + ``LEGAL_STOP`` - ``LEGAL_KEEP``)."""
    path = DATA / "uzbek_stopwords" / "stopwords_uz_latn.txt"
    with open(path, encoding="utf-8") as f:
        words = {fold(line.strip().lower()) for line in f if line.strip()}
    return frozenset((words | LEGAL_STOP) - LEGAL_KEEP)


def is_stopword(term: str) -> bool:
    """True for a folded, lowercase Latin word on the stopword list."""
    return term in stopwords()


@lru_cache(maxsize=1 << 18)
def word_terms(surface: str) -> tuple[str, ...]:
    """The terms of one Uzbek word as written (either script): () for a stopword."""
    latin = to_latin(surface)  # folds apostrophes and lowercases as well
    if latin in stopwords():
        return ()
    return (stem(latin),)
