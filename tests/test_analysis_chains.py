"""English and fallback chains, language dispatch and the multi-chain query analysis."""

from __future__ import annotations

import pytest

from lexsearch.analysis import analyze, analyze_query, english_stem, word_script

CIVIL_EN = "en/civil_code_part1_en.md"


@pytest.mark.parametrize("word, expected", [
    ("amended", "amend"), ("amendments", "amend"), ("obligations", "oblig"),
    ("property", "properti"), ("legislation", "legisl"), ("courts", "court"),
])
def test_english_stems(word: str, expected: str) -> None:
    assert english_stem(word) == expected


def test_english_chain_on_real_text(shared) -> None:
    text = (shared / CIVIL_EN).read_text(encoding="utf-8")
    sentence = "Article 1 was amended in accordance with the Law"
    assert sentence in text
    assert [t.text for t in analyze(sentence, "eng")] == [
        "articl", "1", "amend", "accord", "law"]


@pytest.mark.parametrize("text, lang, expected", [
    ("Las leyes orgánicas", "spa", ["las", "ley", "organ"]),
    ("Die Gesetze", "deu", ["die", "gesetz"]),
    ("Qonunlar Kodeksi", "kaa", ["qonunlar", "kodeksi"]),  # no Snowball: lowercase only
])
def test_fallback_chains(text: str, lang: str, expected: list[str]) -> None:
    assert [t.text for t in analyze(text, lang)] == expected


@pytest.mark.parametrize("word, script", [
    ("ҳуқуқ", "cyrl-uz"), ("Қонун", "cyrl-uz"), ("ўзгартириш", "cyrl-uz"),
    ("закон", "cyrl"), ("кодекси", "cyrl"), ("huquq", "latin"),
])
def test_word_script(word: str, script: str) -> None:
    assert word_script(word) == script


def test_query_goes_through_every_chain_by_script() -> None:
    result = analyze_query("ҳуқуқлари судов Mehnat ЗРУ-547")
    assert set(result) == {"uzb", "rus", "eng"}
    uzb = [t.text for t in result["uzb"]]
    rus = [(t.text, t.pos) for t in result["rus"]]
    eng = [t.text for t in result["eng"]]
    assert uzb == ["huquq", "sudov", "mehnat", "orq547"]
    # the Uzbek-only word is not sent to Russian; the ambiguous one gives both lemmas
    assert rus == [("судно", 1), ("суд", 1), ("mehnat", 2), ("orq547", 3)]
    assert eng == ["mehnat", "orq547"]


def test_query_and_text_meet_on_act_numbers_and_stems() -> None:
    query = analyze_query("O'RQ-547 moddasi")
    text = analyze("ЎРҚ-547-сонли Қонуннинг 5-моддасида", "uzb-Cyrl")
    assert {t.text for t in query["uzb"]} <= {t.text for t in text}


def test_uzb_cyrl_and_uzb_are_one_chain() -> None:
    sentence = "Меҳнат кодексининг 39-моддаси"
    assert analyze(sentence, "uzb-Cyrl") == analyze(sentence, "uzb")
