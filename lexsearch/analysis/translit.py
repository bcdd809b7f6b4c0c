"""Uzbek script steps: apostrophe folding and Cyrillic -> Latin transliteration.

Both scripts must meet on the same terms, so Uzbek Cyrillic is turned into the official Latin
alphabet (1995, as lex.uz prints it) with every apostrophe folded to ASCII ``'`` (the form
``lexsearch.numbers`` folds to): ``ў`` -> ``o'``, ``ғ`` -> ``g'``, ``ъ`` -> ``'``.

Context rules (the official ones):

* ``е`` is ``ye`` at the start of a word and after a vowel, ``ъ`` or ``ь``, else ``e``;
* ``ц`` is ``ts`` after a vowel, else ``s`` (``акциз`` -> ``aksiz``, ``полиция`` -> ``politsiya``);
* ``ъ`` before ``е ё ю я`` only marks the y-sound and vanishes (``объект`` -> ``obyekt``);
  elsewhere it is the tutuq ``'`` (``маъмурий`` -> ``ma'muriy``); ``ь`` always vanishes.

Loanwords that break the rules come from the shipped exception lists (fitrat, UzTransliterator):
a whole-word entry wins; a word that starts with an entry of 5+ letters (``абзацда``) takes the
entry's Latin for that part and the rules for the rest.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import cache
from pathlib import Path

from lexsearch.numbers import fold_apostrophes

DATA = Path(__file__).resolve().parent.parent / "data" / "uz_nlp"

_VOWELS = frozenset("аеёиоуэюяўАЕЁИОУЭЮЯЎ")
_ALWAYS: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ё": "yo", "ж": "j", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ч": "ch", "ш": "sh",
    "щ": "sh", "ы": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ў": "o'", "қ": "q",
    "ғ": "g'", "ҳ": "h",
}
_Y_VOWELS = frozenset("еёюя")
_MIN_PREFIX = 5  # shortest exception entry used as the start of a longer word
# Our own entries, applied last: the month names as lex.uz prints them in Latin (the fitrat
# list has ``oktyabr``; the 1995 rules and lex.uz have ``oktabr``), stems and full forms.
OVERRIDES: dict[str, str] = {
    "сентябрь": "sentabr", "сентябр": "sentabr", "октябрь": "oktabr", "октябр": "oktabr",
}


def is_cyrillic(word: str) -> bool:
    """True when ``word`` holds any Cyrillic letter."""
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


def fold(word: str) -> str:
    """Every apostrophe form (ʻ ʼ ‘ ’ ` ' ´ …) to ASCII ``'``."""
    return fold_apostrophes(word)


@cache
def exceptions() -> dict[str, str]:
    """Lowercase Cyrillic word -> folded Latin, from the three shipped exception lists."""
    table: dict[str, str] = {}
    with open(DATA / "UzTransliterator" / "cyr_exwords.csv", encoding="utf-8") as f:
        for row in csv.reader(f):  # latin,cyrillic
            if len(row) == 2 and row[0] and row[1]:
                table[row[1].strip().lower()] = fold(row[0].strip().lower())
    with open(DATA / "fitrat" / "lat_cyr_exceptions.tsv", encoding="utf-8") as f:
        for line in f:  # cyrillic<TAB>latin, two header lines
            cyr, _, lat = line.rstrip("\n").partition("\t")
            if lat and is_cyrillic(cyr):
                table[cyr.strip().lower()] = fold(lat.strip().lower())
    with open(DATA / "UzTransliterator" / "lat_exwords.csv", encoding="utf-8") as f:
        for row in csv.reader(f):  # cyrillic,latin -- the package's own, wins
            if len(row) == 2 and is_cyrillic(row[0]):
                table[row[0].strip().lower()] = fold(row[1].strip().lower())
    table.update(OVERRIDES)
    return table


def _rules(word: str, prev: str = "") -> str:
    """Letter-by-letter transliteration of a lowercase word; ``prev`` is the Cyrillic letter
    before ``word`` (when it continues an exception entry), "" at the start of a word."""
    out: list[str] = []
    for i, ch in enumerate(word):
        before = word[i - 1] if i else prev
        if ch == "е":
            out.append("ye" if (not before or before in _VOWELS or before in "ъь") else "e")
        elif ch == "ц":
            out.append("ts" if before and before in _VOWELS else "s")
        elif ch == "ъ":
            nxt = word[i + 1] if i + 1 < len(word) else ""
            out.append("" if nxt in _Y_VOWELS else "'")
        else:
            out.append(_ALWAYS.get(ch, ch))
    return "".join(out)


def to_latin(word: str) -> str:
    """One Uzbek word, any case, Cyrillic (or mixed) -> lowercase folded Latin."""
    low = fold(word.lower())
    if not is_cyrillic(low):
        return low
    return by_table(low, exceptions(), _rules)


def by_table(low: str, table: dict[str, str], rules: Callable[..., str],
             stem: Callable[[str], str] = lambda hit: hit) -> str:
    """``low`` transliterated through ``table`` (whole words, else the longest entry of at
    least ``_MIN_PREFIX`` letters the word starts with, ``stem(entry)`` followed by the rest by
    ``rules(rest, previous letter)``), else by ``rules`` alone. Both directions use it."""
    hit = table.get(low)
    if hit is not None:
        return hit
    for n in range(len(low) - 1, _MIN_PREFIX - 1, -1):
        hit = table.get(low[:n])
        if hit is not None:
            return stem(hit) + rules(low[n:], low[n - 1])
    return rules(low)
