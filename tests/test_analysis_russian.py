"""The Russian chain: pymorphy3 lemmas from one shared analyzer, all lemmas of an ambiguous
form at one position, ё folded, no transliteration. Words are taken from the pravo.gov.ru codes
in the shared corpus."""

from __future__ import annotations

import pytest

from lexsearch.analysis import analyze, lemmas, morph

CODES = "ru/pravo_gov_ru_ips_codes_html"


@pytest.mark.parametrize("word, expected", [
    ("судов", ("судно", "суд")),          # ambiguous: every dictionary lemma, likeliest first
    ("Статья", ("статья",)),
    ("законов", ("закон",)),
    ("судебных", ("судебный",)),
    ("решений", ("решение",)),
    ("редакции", ("редакция",)),
    ("обязательств", ("обязательство",)),
])
def test_lemmas(word: str, expected: tuple[str, ...]) -> None:
    assert lemmas(word) == expected


def test_ambiguous_form_gives_every_lemma_at_one_position() -> None:
    tokens = analyze("судов общей юрисдикции", "rus")
    at_zero = [t.text for t in tokens if t.pos == 0]
    assert set(at_zero) == {"суд", "судно"}
    assert all(t.start == 0 and t.end == 5 for t in tokens if t.pos == 0)


@pytest.mark.parametrize("with_yo, without", [("ещё", "еще"), ("её", "ее"), ("всё", "все")])
def test_yo_is_folded(with_yo: str, without: str) -> None:
    assert lemmas(with_yo) == lemmas(without)
    assert all("ё" not in lemma for lemma in lemmas(with_yo))


def test_russian_is_never_transliterated() -> None:
    assert [t.text for t in analyze("Закон Республики Узбекистан", "rus")] == [
        "закон", "республика", "узбекистан"]


def test_latin_words_in_russian_text_are_only_lowercased() -> None:
    assert [t.text for t in analyze("Microsoft ZRU-963", "rus")] == ["microsoft", "orq963"]


def test_one_shared_analyzer() -> None:
    assert morph() is morph()


def test_federal_law_numbers_in_a_real_code(shared) -> None:
    html = (shared / CODES / "102107048.html").read_text(encoding="utf-8")
    start = html.index("№ 139-ФЗ")
    snippet = html[start - 200:start + 50]
    tokens = analyze(snippet, "rus")
    hit = next(t for t in tokens if t.text == "139fz")
    assert snippet[hit.start:hit.end] == "№ 139-ФЗ"
