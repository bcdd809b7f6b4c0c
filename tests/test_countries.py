"""Country names in a query: the jurisdiction filter, filler for the words, out of the vector."""

from __future__ import annotations

import pytest

from lexsearch.countries import country_of, country_words, named, without_countries


@pytest.mark.parametrize("word, code", [
    ("Uzbekistan?", "uz"), ("Узбекистане", "uz"), ("Ўзбекистон", "uz"), ("Oʻzbekistonda", "uz"),
    ("O'zbekiston", "uz"), ("ozbekiston", "uz"), ("Uzbek", "uz"), ("узбекского", "uz"),
    ("Российской", "ru"), ("РФ", "ru"), ("Russian", "ru"), ("Испании", "es"), ("German", "de"),
    ("закон", None), ("modda", None), ("рфа", "ru"),
])
def test_country_of_a_word_in_any_script(word, code):
    assert country_of(word) == code


def test_named_countries():
    assert named("Кто является собственником водных объектов в Российской Федерации?") == {"ru"}
    assert named("What is the marriage age in Uzbekistan?") == {"uz"}
    assert named("Mehnat kodeksi 39-modda") == set()


@pytest.mark.parametrize("query, left", [
    ("What is the marriage age in Uzbekistan?", "What is the marriage age in"),
    ("Гарантирует ли Конституция Республики Узбекистан помощь?",
     "Гарантирует ли Конституция помощь?"),
    ("Oʻzbekiston Respublikasi Konstitutsiyasi 29-modda", "Konstitutsiyasi 29-modda"),
    ("водные объекты Российской Федерации", "водные объекты"),
    ("Uzbekistan", "Uzbekistan"),  # nothing else: the query as it is
])
def test_without_countries(query, left):
    assert without_countries(query) == left


def test_country_words_with_the_republic_beside_them():
    words = "наказание за похищение в Республике Узбекистан".split()
    assert country_words(words) == {4, 5}
    assert country_words("Oʻzbekiston Respublikasi Konstitutsiyasi".split()) == {0, 1}
    assert country_words("Respublika byudjeti".split()) == set()  # no country beside it
