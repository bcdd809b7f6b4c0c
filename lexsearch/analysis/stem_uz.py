"""A suffix stemmer for Uzbek (Latin, lowercase, apostrophes folded to ``'``).

Uzbek stacks endings in a fixed order: stem + (verbal noun / participle) + plural + possessive
+ case + particle, e.g. ``modda|si|ning``, ``qonun|lar|ga``, ``huquq|lar|i``,
``o'zgartir|ish|lar|i|ga``. The stemmer peels the slots from the right, each at most once, in
that order, with the suffix inventory of the UzbekStemmer / UzMorphAnalyser tables narrowed to
the inflection that matters for search. Derivational endings (``-lik``, ``-chi``, ``-li``,
``-siz``) are kept: ``fuqarolik`` (civil) is not ``fuqaro`` (citizen).

Guards against over-stemming, checked at every slot:

* a stem keeps at least 3 letters and one vowel (``organ`` is not ``or`` + ``-gan``);
* protected stems stop the peeling: the UzMorphAnalyser exception / non-affixed / small /
  number stem lists (``shartnoma``, ``foyda``, ``tizim`` …) plus legal words that end like a suffix
  (``modda``, ``qoida``, ``vosita``, ``organ`` …);
* context: the dative ``ka``/``qa`` only after ``k``/``q``; the possessive ``si`` only after a
  vowel and ``i`` only after a consonant, not after ``ch`` (agent nouns ``tergovchi``), ``ad``/``yd``
  (verbs ``qiladi``; ``maqsad`` is protected) nor after consonant + ``l`` (adjectives ``tegishli``); the accusative ``ni`` after a consonant, ``a`` or
  ``i`` but not after ``o``/``u``/``e``, where ``-ni`` is far more often stem ``n`` + ``-i``
  (``qonuni`` = ``qonun`` + ``i``).
"""

from __future__ import annotations

import csv
from functools import cache, lru_cache

from lexsearch.analysis.translit import DATA, fold

_VOWELS = frozenset("aeiou")
_MIN_STEM = 3

# Slots, right to left; within a slot the longest suffix is tried first.
_PARTICLES = ("dir", "gina")
_CASES = ("gacha", "dagi", "ning", "dan", "dek", "day", "da", "ga", "ka", "qa", "ni")
_POSSESSIVES = ("imiz", "ingiz", "si", "i")
_PLURAL = ("lar",)
_VERBAL = (
    "iladigan", "ladigan", "adigan", "ydigan", "ilgan", "ingan", "lgan", "ngan", "gan",
    "kan", "qan", "nadigan", "ilish", "inish", "lish", "nish", "ish", "sh", "iladi", "nadi", "ladi", "adi",
    "ydi", "ilmoq", "moq", "ib",
)

# Legal vocabulary that ends like a suffix but is a stem (found on the shared corpus).
_LEGAL_STEMS = (
    "modda", "qoida", "vosita", "nuqta", "organ", "hamda", "va'da",
    "foyda", "dollar", "kredit", "yuridik", "qarzdor", "ariza", "qaror", "oila",
    "ega", "daraja", "muddat", "jinoyat", "soliq", "moliya", "sanksiya", "xizmat",
    "fuqaro", "viloyat", "hokimiyat", "valyuta", "tovar", "mulk", "litsenziya", "auditor",
    "agentlik", "uy-joy", "baho", "pora", "pensiya", "vakil", "vazirlik", "tuman", "shahar",
    "faoliyat", "ish", "kelishuv", "garov", "guvoh", "harbiy", "bola", "ona", "ota", "nafaqa",
    "korxona", "qonun", "huquq", "majburiyat", "da'vo", "sudya", "ijara", "xodim", "yer",
    "muhofaza", "soha", "chora", "tashkilot", "bojxona", "shikoyat", "kafolat", "daromad",
    "manfaat", "ma'lumot", "hujjat", "summa", "jarima", "holat", "holda", "tibbiy", "ijtimoiy",
    "davlat", "idora", "asos", "maqsad", "jasad", "ishtirokchi", "qism", "band", "bob", "bo'lim", "kodeks", "qonunchilik",
)


# Words that end in -ib and are no converb (tartib "order", mutanosib "proportionate")
_IB_WORDS = frozenset({
    "tartib", "tarkib", "mutanosib", "munosib", "mayib", "targ'ib", "tabib", "raqib", "nasib",
    "sohib", "g'olib", "g'arib", "ajib", "tahrib", "tajrib", "tasnif", "talib", "qolib",
    "kotib", "muxolif", "tarhib", "ta'qib", "tadbir",
})


@cache
def protected_stems() -> frozenset[str]:
    """Words the stemmer never cuts into: shipped UzMorphAnalyser lists + legal stems."""
    words: set[str] = {fold(w) for w in _LEGAL_STEMS}
    folder = DATA / "UzMorphAnalyser"
    for name in ("exception_stems.csv", "non_affixed_stems.csv", "small_stems.csv",
                 "number_stems.csv"):
        with open(folder / name, encoding="utf-8") as f:
            for row in csv.reader(f):
                if row and row[0] and row[0] != "stem":
                    words.add(fold(row[0].strip().lower()))
    return frozenset(words)


def _letters(word: str) -> int:
    return len(word) - word.count("'")


def _ok_stem(stem: str) -> bool:
    return _letters(stem) >= _MIN_STEM and any(ch in _VOWELS for ch in stem)


def _context_ok(stem: str, suffix: str) -> bool:
    """The phonological context a suffix needs at the end of ``stem``."""
    last = stem[-1]
    if suffix == "ka":
        return last == "k"
    if suffix == "qa":
        return last == "q"
    if suffix == "si":
        return last in _VOWELS
    if suffix == "i":
        if last in _VOWELS or last == "'" or stem.endswith(("ch", "ad", "yd")):
            return False  # -chi agent nouns; -adi/-ydi verb endings (qiladi, to'laydi)
        return not (last == "l" and len(stem) > 1 and stem[-2] not in _VOWELS)
    if suffix == "ni":
        return last not in "oue"
    if suffix == "sh":
        return last in _VOWELS
    if suffix == "ydi":
        return last in _VOWELS
    if suffix == "ib":  # the converb of a verb that ends in a consonant: ber|ib, ko'r|ib
        return last not in _VOWELS and last != "'" and stem + "ib" not in _IB_WORDS
    return True


def _peel(word: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if _ok_stem(stem) and _context_ok(stem, suffix):
                return stem
    return word


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    """The stem of a lowercase, folded Uzbek Latin word (``moddasining`` -> ``modda``)."""
    protected = protected_stems()
    for slot in (_PARTICLES, _CASES, _POSSESSIVES, _PLURAL, _VERBAL):
        if word in protected:
            return word
        if word[-1:] == "i" and word[:-1] in protected:  # organi = organ + i, not orga + ni
            return word[:-1]
        word = _peel(word, slot)
    if word.endswith("lig") and _letters(word) > 5:  # -lik + vowel ending: fuqaroligi
        word = word[:-1] + "k"
    return word
