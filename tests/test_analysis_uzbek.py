"""The Uzbek chain: stopwords, the suffix stemmer (incl. not over-stemming) and both scripts
meeting on one term list. Every word form below occurs in the shared lex.uz corpus."""

from __future__ import annotations

import pytest

from lexsearch.analysis import analyze, is_stopword, stem, to_latin
from lexsearch.analysis.uzbek import LEGAL_KEEP, stopwords

LAWS = "uz/lexuz_uzlatn_raw_with_amendment_notes"


def terms(text: str, lang: str = "uzb") -> list[str]:
    return [t.text for t in analyze(text, lang)]


@pytest.mark.parametrize("word", ["va", "bilan", "uchun", "yoki", "ushbu", "hamda", "ular",
                                  "ularning", "bo'yicha", "boʻyicha", "ya'ni", "shu", "esa"])
def test_stopwords(word: str) -> None:
    assert is_stopword(to_latin(word))
    assert terms(word) == []


@pytest.mark.parametrize("word", ["ish", "qabul", "tovarlar", "tegishli", "ikki", "uch", "pf"])
def test_legal_words_are_not_stopwords(word: str) -> None:
    assert word in LEGAL_KEEP and not is_stopword(word)
    assert terms(word)


def test_stopword_list_comes_from_the_shipped_file() -> None:
    assert len(stopwords()) > 200
    assert "bo'lib" in stopwords()  # apostrophe forms of the file are folded


def test_a_removed_stopword_leaves_a_position_gap() -> None:
    tokens = analyze("xodimlar va ish beruvchilarning huquqlari", "uzb")
    assert [(t.text, t.pos) for t in tokens] == [
        ("xodim", 0), ("ish", 2), ("beruvchi", 3), ("huquq", 4)]


@pytest.mark.parametrize("word, expected", [
    ("moddasining", "modda"),
    ("qonunlarga", "qonun"),
    ("huquqlari", "huquq"),
    ("kodeksi", "kodeks"),
    ("Kodeksning", "kodeks"),
    ("mehnat", "mehnat"),
    ("shartnomasi", "shartnoma"),
    ("shartnomalarning", "shartnoma"),
    ("моддасининг", "modda"),
    ("moddada", "modda"),
    ("organi", "organ"),          # organ + i, not orga + ni
    ("organlaridan", "organ"),
    ("qonuni", "qonun"),          # qonun + i, not qonu + ni
    ("qonunni", "qonun"),
    ("asosida", "asos"),
    ("huquqqa", "huquq"),         # dative -qa after q
    ("mulkka", "mulk"),           # dative -ka after k
    ("fuqaroligi", "fuqarolik"),  # -lik + i -> -ligi
    ("oʻzgartirishlar", "o'zgartir"),
    ("oʻzgartirish", "o'zgartir"),
    ("kiritilgan", "kirit"),
    ("kiritiladi", "kirit"),
    ("belgilanadi", "belgila"),
    ("belgilangan", "belgila"),
    ("qiladi", "qil"),
    ("maqsadi", "maqsad"),
    ("sohasidagi", "soha"),
    ("majburiyatlarini", "majburiyat"),
    ("berib", "ber"),             # the converb -ib meets the verbal noun: berish -> ber
    ("koʻrib", "ko'r"),
    ("kechiktirib", "kechiktir"),
])
def test_stemming(word: str, expected: str) -> None:
    assert stem(to_latin(word)) == expected


@pytest.mark.parametrize("word", [
    "mehnat", "davlat", "modda", "qoida", "vosita", "foyda", "organ", "tergovchi", "tegishli",
    "ikki", "fuqarolik", "shartnoma", "kodeks", "yer", "sud", "ish", "bola", "jazo",
    "tartib", "tarkib", "mutanosib", "munosib", "olib",  # -ib words that are no converb
])
def test_not_over_stemmed(word: str) -> None:
    assert stem(word) == word


@pytest.mark.parametrize("first, second", [
    ("fuqaro", "fuqarolik"),   # citizen / civil: derivation is kept apart
    ("modda", "mod"),
    ("organ", "or"),
    ("vosita", "vosi"),
])
def test_different_words_stay_apart(first: str, second: str) -> None:
    assert stem(first) != stem(second)


def test_every_form_of_a_lexeme_meets_on_one_stem(shared) -> None:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((shared / LAWS).glob("*.txt")))
    forms = ["shartnoma", "shartnomada", "shartnomaga", "shartnomalar", "shartnomalari",
             "shartnomasi", "shartnomasini", "shartnomasining", "shartnomani", "shartnomaning"]
    for form in forms:
        assert f" {form} " in text, form
    assert {stem(f) for f in forms} == {"shartnoma"}


def test_latin_and_cyrillic_give_the_same_terms() -> None:
    latin = terms("Mehnat kodeksining 39-moddasi", "uzb")
    cyrillic = terms("Меҳнат кодексининг 39-моддаси", "uzb-Cyrl")
    assert latin == cyrillic == ["mehnat", "kodeks", "39", "modda"]


def test_latin_and_cyrillic_amendment_note_give_the_same_terms() -> None:
    latin = "Oʻzbekiston Respublikasining 2023-yil 11-apreldagi OʻRQ-829-sonli Qonuni tahririda"
    cyrillic = "Ўзбекистон Республикасининг 2023-йил 11-апрелдаги ЎРҚ-829-сонли Қонуни таҳририда"
    assert terms(latin) == terms(cyrillic, "uzb-Cyrl")
    assert "orq829" in terms(latin)


def test_apostrophe_forms_give_one_term() -> None:
    forms = ["oʻzgartirish", "o'zgartirish", "o‘zgartirish", "o’zgartirish", "o`zgartirish"]
    assert len({tuple(terms(f)) for f in forms}) == 1
