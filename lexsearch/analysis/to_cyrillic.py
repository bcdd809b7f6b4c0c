"""Uzbek Latin -> Cyrillic, the direction ``translit.to_latin`` does not cover.

Rules (the 1995 alphabet read back): ``oʻ`` -> ``ў``, ``gʻ`` -> ``ғ``, ``sh`` -> ``ш``,
``ch`` -> ``ч``, ``yo yu ya ye`` -> ``ё ю я е`` (``yoʻ`` is ``йў``: ``yoʻl`` -> ``йўл``), ``e``
is ``э`` at the start of a word and after a vowel, else ``е``; ``ye`` after a consonant is
``ъе`` (``obyekt`` -> ``объект``); the tutuq ``ʼ`` -> ``ъ``. Loanwords (``abzas`` -> ``абзац``,
``aksiz`` -> ``акциз``) come from the same shipped lists as the other direction: UzTransliterator's
``cyr_exwords.csv`` (its own Latin -> Cyrillic list) and, read backwards, fitrat's table and
``lat_exwords.csv``. A whole-word entry wins; a word that starts with an entry of 5+ letters
takes the entry for that part (without a final ``ь``, which Uzbek Cyrillic drops before a
suffix: ``avtomobillar`` -> ``автомобиллар``) and the rules for the rest.
"""

from __future__ import annotations

import csv
from functools import cache

from lexsearch.analysis.translit import DATA, OVERRIDES, by_table, fold, is_cyrillic

_LAT_VOWELS = frozenset("aeiouʻ")
_SIMPLE: dict[str, str] = {
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "ҳ", "i": "и", "j": "ж",
    "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с",
    "t": "т", "u": "у", "v": "в", "x": "х", "y": "й", "z": "з", "c": "к", "w": "в", "'": "ъ",
}
_PAIRS = {"o'": "ў", "g'": "ғ", "sh": "ш", "ch": "ч", "yu": "ю", "ya": "я", "yo": "ё"}


@cache
def cyrillic_exceptions() -> dict[str, str]:
    """Folded lowercase Latin word -> Cyrillic, from the three shipped lists (and the month
    names of ``translit.OVERRIDES`` read backwards)."""
    table: dict[str, str] = {}
    with open(DATA / "fitrat" / "lat_cyr_exceptions.tsv", encoding="utf-8") as f:
        for line in f:  # cyrillic<TAB>latin, two header lines
            cyr, _, lat = line.rstrip("\n").partition("\t")
            if lat and is_cyrillic(cyr) and not is_cyrillic(lat):
                table[fold(lat.strip().lower())] = cyr.strip().lower()
    with open(DATA / "UzTransliterator" / "lat_exwords.csv", encoding="utf-8") as f:
        for row in csv.reader(f):  # cyrillic,latin
            if len(row) == 2 and is_cyrillic(row[0]):
                table[fold(row[1].strip().lower())] = row[0].strip().lower()
    with open(DATA / "UzTransliterator" / "cyr_exwords.csv", encoding="utf-8") as f:
        for row in csv.reader(f):  # latin,cyrillic -- the package's own list for this way
            if len(row) == 2 and row[0] and is_cyrillic(row[1]):
                table[fold(row[0].strip().lower())] = row[1].strip().lower()
    for cyr, lat in OVERRIDES.items():
        if cyr.endswith("ь"):
            table[lat] = cyr
    return table


def _rules(word: str, prev: str = "") -> str:
    """Letter-by-letter: ``word`` lowercase folded Latin, ``prev`` the Latin letter before it
    ("" at the start of a word)."""
    out: list[str] = []
    i = 0
    while i < len(word):
        ch, nxt = word[i], word[i + 1: i + 2]
        before = word[i - 1] if i else prev
        pair = ch + nxt
        if pair == "yo" and word[i + 2: i + 3] == "'":  # yoʻl: й + ў
            out.append("й")
            i += 1
            continue
        if pair == "ye":
            out.append("ъе" if before and before not in _LAT_VOWELS and before != "'" else "е")
            i += 2
            continue
        if pair in _PAIRS:
            out.append(_PAIRS[pair])
            i += 2
            continue
        if ch == "e":
            out.append("э" if not before or before in _LAT_VOWELS else "е")
        else:
            out.append(_SIMPLE.get(ch, ch))
        i += 1
    return "".join(out)


def to_cyrillic(word: str) -> str:
    """One Uzbek word, any case, Latin -> lowercase Cyrillic (a Cyrillic word stays as is)."""
    low = fold(word.lower())
    if is_cyrillic(low):
        return low
    # a stem's final soft sign goes: the rest of the word is spelt after it by the rules
    return by_table(low, cyrillic_exceptions(), _rules, lambda hit: hit.removesuffix("ь"))
