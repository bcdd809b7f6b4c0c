"""Countries named in a query: the jurisdiction it asks for, and words that are not its subject.

"Кто является собственником водных объектов в Российской Федерации?" asks for Russian law,
"What is the marriage age in Uzbekistan?" for Uzbek law: the search turns the name into the
country filter (``named``). Once it has, the name says nothing about the subject, and left in
it does harm: every Uzbek act writes "Oʻzbekiston Respublikasi" and every Russian one
"Российской Федерации", so the name matches words in thousands of provisions, and in the
embedded question it pulls towards them. On the English questions of tests/relevance/ the
vectors put the right article in their top 3 for 5 % of them with "Uzbekistan" in the question
and for 26 % without. So the relaxed ranking leaves the names out like filler words
(``country_words``) and the question is embedded without them (``without_countries``).
"""

from __future__ import annotations

import re

from lexsearch.analysis import word_key

# Folded, lowercase beginnings of a country's names and adjectives -> its code. Uzbek
# Cyrillic is read in Latin ("Ўзбекистон" -> "o'zbekiston"), apostrophes folded to "'".
COUNTRY_WORDS: dict[str, str] = {
    "uzbek": "uz", "узбек": "uz", "o'zbek": "uz", "ozbek": "uz",
    "росси": "ru", "рф": "ru", "russia": "ru", "rossiya": "ru", "rossiy": "ru",
    "испан": "es", "spain": "es", "spanish": "es", "espa": "es", "ispaniya": "es",
    "герман": "de", "germany": "de", "german": "de", "deutsch": "de", "germaniya": "de",
}
# "Republic of", "Республики", "Respublikasi", "Федерации" next to a name belong to it
_STATE = re.compile(r"^(republic|республик|respublika|федерац|federation|federatsiya)")
_WORD = re.compile(r"\S+")


def country_of(word: str) -> str | None:
    """The code of the country ``word`` names (``Узбекистане`` -> ``uz``), else None."""
    key = word_key(word)
    return next((code for stem, code in COUNTRY_WORDS.items() if key.startswith(stem)), None)


def is_country_word(word: str) -> bool:
    return country_of(word) is not None


def named(query: str) -> set[str]:
    """The countries ``query`` names."""
    return {code for word in _WORD.findall(query) if (code := country_of(word))}


def country_words(words: list[str]) -> set[int]:
    """The places in ``words`` of country names and of the "Republic of" beside them."""
    found = {i for i, w in enumerate(words) if is_country_word(w)}
    return found | {j for i in found for j in (i - 1, i + 1)
                    if 0 <= j < len(words) and _STATE.match(word_key(words[j]))}


def without_countries(query: str) -> str:
    """``query`` without its country names and the "Republic of" beside them; the query
    itself when nothing else would be left."""
    words = _WORD.findall(query)
    drop = country_words(words)
    kept = [w for i, w in enumerate(words) if i not in drop]
    return " ".join(kept) if kept else query
