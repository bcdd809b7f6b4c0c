"""Uzbek script steps: apostrophe folding, each Cyrillic -> Latin rule, the exception lists.
Every Latin form below is the spelling lex.uz prints (checked on the shared corpus)."""

from __future__ import annotations

import re

import pytest

from lexsearch.analysis import fold, to_latin
from lexsearch.analysis.translit import exceptions, is_cyrillic

MEHNAT = "uz/lexuz_uzlatn_raw_with_amendment_notes/Mehnat_Kodeksi.txt"


@pytest.mark.parametrize("written, folded", [
    ("oʻzgartirish", "o'zgartirish"),   # U+02BB okina (lex.uz)
    ("o‘zgartirish", "o'zgartirish"),   # U+2018
    ("o’zgartirish", "o'zgartirish"),   # U+2019
    ("o`zgartirish", "o'zgartirish"),   # backtick
    ("o´zgartirish", "o'zgartirish"),   # acute
    ("o'zgartirish", "o'zgartirish"),   # already ASCII
    ("bogʻliq", "bog'liq"),
    ("bog‘liq", "bog'liq"),
    ("maʼlumot", "ma'lumot"),           # U+02BC tutuq
    ("ma’lumot", "ma'lumot"),
    ("ma'lumot", "ma'lumot"),
])
def test_fold_apostrophes(written: str, folded: str) -> None:
    assert fold(written) == folded


@pytest.mark.parametrize("cyrillic, latin", [
    ("ўзгартириш", "o'zgartirish"),  # ў -> o'
    ("соғлиқни", "sog'liqni"),       # ғ -> g'
    ("қонун", "qonun"),              # қ -> q
    ("ҳуқуқ", "huquq"),              # ҳ -> h
    ("шартнома", "shartnoma"),       # ш -> sh
    ("чет", "chet"),                 # ч -> ch
    ("ёш", "yosh"),                  # ё -> yo
    ("иқтисодиёт", "iqtisodiyot"),
    ("юридик", "yuridik"),           # ю -> yu
    ("янги", "yangi"),               # я -> ya
    ("ер", "yer"),                   # е at the start -> ye
    ("реестр", "reyestr"),           # е after a vowel -> ye
    ("меҳнат", "mehnat"),            # е after a consonant -> e
    ("субъект", "subyekt"),          # ъ before е vanishes, е -> ye
    ("маъмурий", "ma'muriy"),        # ъ elsewhere -> tutuq
    ("инвестиция", "investitsiya"),  # ц after a vowel -> ts
    ("Конституция", "konstitutsiya"),
    ("процессуал", "protsessual"),
    ("акциядорлик", "aksiyadorlik"),  # ц after a consonant -> s
    ("апрель", "aprel"),             # ь vanishes
    ("Кучга", "kuchga"),             # lowercased
])
def test_cyrillic_rules(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize("cyrillic, latin", [
    ("абзац", "abzas"),          # fitrat: rule would give abzats
    ("абзацида", "abzasida"),    # entry as the start of an inflected word
    ("акциз", "aksiz"),
    ("цех", "sex"),
    ("объект", "obyekt"),
    ("полиция", "politsiya"),
    ("нуқтаи", "nuqtayi"),       # UzTransliterator lat_exwords
    ("самолёт", "samolyot"),
    ("мебель", "mebel"),         # UzTransliterator cyr_exwords, read backwards
    ("октябрда", "oktabrda"),    # our override: lex.uz prints oktabr
    ("сентябрь", "sentabr"),
])
def test_exception_lists(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


def test_exception_lists_are_loaded_from_all_three_files() -> None:
    table = exceptions()
    assert len(table) > 2000
    assert table["абзац"] == "abzas"       # fitrat
    assert table["аъзои"] == "a'zoyi"      # UzTransliterator lat_exwords, apostrophe folded
    assert table["цельсий"] == "selsiy"    # UzTransliterator cyr_exwords


def test_latin_is_only_folded_and_lowercased() -> None:
    assert to_latin("OʻZBEKISTON") == "o'zbekiston"
    assert not is_cyrillic("oʻzbekiston") and is_cyrillic("ўзбекистон")


def test_cyrillic_header_of_a_real_act_meets_the_latin_text(shared) -> None:
    text = (shared / MEHNAT).read_text(encoding="utf-8")
    latin_words = set(re.findall(r"[a-zʻʼ']+", fold(text).lower()))
    for cyr_word in ("Кучга", "кириш", "санаси", "Қўшимча"):
        assert cyr_word in text
        assert to_latin(cyr_word) in latin_words, cyr_word
