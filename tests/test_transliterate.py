"""Uzbek Latin <-> Cyrillic for whole texts: the rules, the shipped exception lists, case,
lex.uz's apostrophes and quotes, and agreement with acts that lex.uz holds in both scripts."""

from __future__ import annotations

import pytest

from lexsearch.analysis.to_cyrillic import cyrillic_exceptions, to_cyrillic
from lexsearch.analysis.transliterate import other_script, transliterate


@pytest.mark.parametrize("latin, cyrillic", [
    ("mehnat", "меҳнат"), ("oʻzbekiston", "ўзбекистон"), ("toʻgʻrisida", "тўғрисида"),
    ("yoʻl", "йўл"), ("shartnoma", "шартнома"), ("choralar", "чоралар"), ("yangi", "янги"),
    ("yuridik", "юридик"), ("yordam", "ёрдам"), ("ehtiyoj", "эҳтиёж"), ("eʼtirof", "эътироф"),
    ("taʼminlash", "таъминлаш"), ("obyekt", "объект"), ("sheʼr", "шеър"),
    ("abzas", "абзац"), ("abzasda", "абзацда"),  # the shipped lists, whole and as a prefix
    ("avtomobillar", "автомобиллар"),  # the list's soft sign dropped before a suffix
    ("oktabr", "октябрь"),
])
def test_word_to_cyrillic(latin, cyrillic):
    assert to_cyrillic(latin) == cyrillic


def test_exception_lists_are_read_both_ways():
    table = cyrillic_exceptions()
    assert table["abzas"] == "абзац"  # UzTransliterator's own Latin -> Cyrillic list
    assert table["venetsiya"] == "венеция"  # fitrat's table read backwards
    assert len(table) > 1000


@pytest.mark.parametrize("text, to, expected", [
    ("Oʻzbekiston Respublikasining Mehnat kodeksi", "uzb-Cyrl",
     "Ўзбекистон Республикасининг Меҳнат кодекси"),
    ("OʻRQ-798-son Qonun, 2012-XII", "uzb-Cyrl", "ЎРҚ-798-сон Қонун, 2012-XII"),
    ("“Yoʻl harakati xavfsizligi toʻgʻrisida”", "uzb-Cyrl",
     "«Йўл ҳаракати хавфсизлиги тўғрисида»"),
    ("Ўзбекистон Республикаси Солиқ кодекси", "uzb", "Oʻzbekiston Respublikasi Soliq kodeksi"),
    ("ЎРҚ-599, маъмурий, «Полиция»", "uzb", "OʻRQ-599, maʼmuriy, “Politsiya”"),
    ("39-модда. 1) чет эл", "uzb", "39-modda. 1) chet el"),
])
def test_text_keeps_case_digits_and_punctuation(text, to, expected):
    assert transliterate(text, to) == expected


def test_round_trip_of_a_real_article():
    art_1 = ("Ushbu Kodeks xodimlar, ish beruvchilar va davlat manfaatlarining muvozanatini "
             "taʼminlash hamda ularni muvofiqlashtirish asosida yakka tartibdagi mehnatga oid "
             "munosabatlarni va ular bilan bevosita bogʻliq boʻlgan ijtimoiy munosabatlarni "
             "tartibga soladi.")  # Labour Code art. 1 (corpora/uz-lexuz-2025)
    cyrillic = transliterate(art_1, "uzb-Cyrl")
    assert cyrillic.startswith("Ушбу Кодекс ходимлар, иш берувчилар ва давлат манфаатларининг")
    assert transliterate(cyrillic, "uzb") == art_1


def test_bad_target_is_an_error_naming_it():
    with pytest.raises(ValueError, match="'rus'"):
        transliterate("matn", "rus")
    assert other_script("uzb") == "uzb-Cyrl" and other_script("rus") is None
