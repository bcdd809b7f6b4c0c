import pytest

from lexsearch.numbers import ActNumber, fold_apostrophes, number_key


@pytest.mark.parametrize("printed, key", [
    ("OʻRQ-547", "orq-547"), ("O'RQ-547", "orq-547"), ("O‘RQ-547", "orq-547"),
    ("O’RQ-547", "orq-547"), ("O`RQ-547", "orq-547"), ("ЎРҚ-547", "orq-547"),
    ("ЗРУ-547", "orq-547"), ("ZRU-547", "orq-547"), ("№ ЗРУ-547", "orq-547"),
    ("OʻRQ-547-son", "orq-547"), ("O‘RQ-683-sonli", "orq-683"), ("зру-547", "orq-547"),
    ("PF-60", "pf-60"), ("ПФ-60", "pf-60"), ("УП-60", "pf-60"),
    ("PQ-4310", "pq-4310"), ("ПҚ-4310", "pq-4310"), ("ПП-4310", "pq-4310"),
    ("№ 122-ФЗ", "122-fz"), ("122-ФЗ", "122-fz"), ("N 73-ФЗ", "73-fz"), ("N73-ФЗ", "73-fz"),
    ("560-II", "560-ii"), ("754-I-son", "754-i"), ("547", "547"),
    ("modda", None), ("", None),
])
def test_number_key_across_scripts(printed, key):
    assert number_key(printed) == key


@pytest.mark.parametrize("lang, display", [
    ("uzb", "OʻRQ-547"), ("uzb-Cyrl", "ЎРҚ-547"), ("rus", "ЗРУ-547"), ("eng", "ZRU-547"),
])
def test_display_per_language(lang, display):
    assert ActNumber.parse("ЗРУ-547").display(lang) == display


def test_aliases_cover_every_script_and_ascii_typing():
    aliases = ActNumber.parse("OʻRQ-547").aliases()
    for form in ("OʻRQ-547", "O'RQ-547", "ЎРҚ-547", "ЗРУ-547", "ZRU-547", "orq-547"):
        assert form in aliases
    assert {number_key(a) for a in aliases} == {"orq-547"}


def test_russian_federal_law_number_reads_number_first():
    assert ActNumber.parse("№ 122-ФЗ").display("rus") == "122-ФЗ"


def test_fold_apostrophes_every_form():
    assert fold_apostrophes("oʻ o' o‘ o’ o` maʼ") == "o' o' o' o' o' ma'"


def test_not_a_number_raises_naming_it():
    with pytest.raises(ValueError, match="modda"):
        ActNumber.parse("modda")
