"""The tokenizer: number units in every script, apostrophe words, offsets into the original."""

from __future__ import annotations

import json

import pytest

from lexsearch.analysis import analyze, tokenize
from lexsearch.analysis.tokens import ACT_PREFIXES, ACT_SUFFIXES, NUMBER, WORD
from lexsearch.numbers import number_key

MEHNAT = "uz/lexuz_uzlatn_raw_with_amendment_notes/Mehnat_Kodeksi.txt"


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(kind, value) for kind, value, _, _ in tokenize(text)]


@pytest.mark.parametrize("text, term", [
    ("OʻRQ-547", "orq547"),      # lex.uz: U+02BB
    ("O'RQ-547", "orq547"),      # hand-typed ASCII
    ("O‘RQ-547", "orq547"),      # U+2018
    ("O’RQ-547", "orq547"),      # U+2019
    ("O`RQ-547", "orq547"),      # backtick
    ("ORQ-547", "orq547"),
    ("oʻrq-547", "orq547"),      # a query in lowercase
    ("ЎРҚ-547", "orq547"),       # Uzbek Cyrillic
    ("ЗРУ-547", "orq547"),       # Russian
    ("ZRU-547", "orq547"),       # English translation
    ("OʻRQ-963-sonli", "orq963"),  # as amendment notes print it
    ("PF-6012", "pf6012"),
    ("ПҚ-4235", "pq4235"),
    ("№ 139-ФЗ", "139fz"),       # pravo.gov.ru notes
    ("№ 122-ФЗ", "122fz"),
    ("1-ФКЗ", "1fkz"),
    ("547-son", "547"),
    ("547-sonli", "547"),
    ("547-сонли", "547"),
    ("ЎРҚ-829-сонли", "orq829"),
    ("121¹", "121.1"),           # lex.uz superscript = the articles JSONL's "121.1"
    ("560-II", "560ii"),
    ("21.04.2021", "21.04.2021"),
    ("03/21/683/0375-son", "03/21/683/0375"),
])
def test_number_units(text: str, term: str) -> None:
    assert _tokens(text) == [(NUMBER, term)]


def test_act_number_is_same_term_in_every_script_and_in_context() -> None:
    texts = [
        "Oʻzbekiston Respublikasining 2024-yil 20-sentabrdagi OʻRQ-963-sonli Qonuni tahririda",
        "Ўзбекистон Республикасининг 2024 йил 20 сентябрдаги ЎРҚ-963-сонли Қонуни",
        "Закон Республики Узбекистан от 20.09.2024 г. № ЗРУ-963",
        "Law of the Republic of Uzbekistan No. ZRU-963",
    ]
    for text in texts:
        assert "orq963" in [t.text for t in analyze(text, "uzb")], text


@pytest.mark.parametrize("prefix", ACT_PREFIXES)
def test_every_prefix_spelling_is_known_to_number_key(prefix: str) -> None:
    assert number_key(f"{prefix}-547") is not None


@pytest.mark.parametrize("suffix", ACT_SUFFIXES)
def test_every_suffix_spelling_is_known_to_number_key(suffix: str) -> None:
    assert number_key(f"122-{suffix}") is not None


@pytest.mark.parametrize("text, expected", [
    ("39-moddasi", [(NUMBER, "39"), (WORD, "moddasi")]),
    ("oʻzgartirish", [(WORD, "oʻzgartirish")]),
    ("maʼlumot", [(WORD, "maʼlumot")]),
    ("bogʻliq", [(WORD, "bogʻliq")]),
    ("o‘zgartirish", [(WORD, "o‘zgartirish")]),
    ("ma'lumot", [(WORD, "ma'lumot")]),
    ("joy-joyiga", [(WORD, "joy"), (WORD, "joyiga")]),
    ("'qonun'", [(WORD, "qonun")]),  # quotes around a word are not part of it
    ("opf-1", [(WORD, "opf"), (NUMBER, "1")]),  # "pf" inside a word is no act prefix
])
def test_words_and_separators(text: str, expected: list[tuple[str, str]]) -> None:
    assert _tokens(text) == expected


@pytest.mark.parametrize("lang", ["uzb", "rus", "eng"])
def test_offsets_round_trip_on_real_text(shared, lang: str) -> None:
    text = (shared / MEHNAT).read_text(encoding="utf-8")[:20000]
    tokens = analyze(text, lang)
    assert len(tokens) > 1000
    raw = {(s, e): v for k, v, s, e in tokenize(text) if k == WORD}
    for tok in tokens:
        surface = text[tok.start:tok.end]
        assert surface.strip() == surface and surface
        if (tok.start, tok.end) in raw:
            assert raw[(tok.start, tok.end)] == surface
    positions = [t.pos for t in tokens]
    assert positions == sorted(positions)


def test_offsets_point_at_the_number_surface() -> None:
    text = "Oʻzbekiston Respublikasining 2023-yil 11-apreldagi OʻRQ-829-sonli Qonuni"
    tok = next(t for t in analyze(text, "uzb") if t.text == "orq829")
    assert text[tok.start:tok.end] == "OʻRQ-829-sonli"


def test_superscript_article_matches_the_article_split(shared) -> None:
    path = shared / "uz/lexuz_uzlatn_clean_tomaris/articles/bojxona_kodeksi.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    inserted = [r for r in rows if "¹" in r["article_display"]]
    assert inserted
    for row in inserted:
        assert analyze(row["article_display"], "uzb")[0].text == row["article_id"]
