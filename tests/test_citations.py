"""Citation finder and resolver. Every text below is copied from the shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexsearch.citations import article_eid, find_citations, resolve
from lexsearch.citations.scoring import load_gold, score
from lexsearch.model import ActRef

GOLD = Path(__file__).resolve().parent / "data" / "citations_gold.jsonl"


def summary(text: str, lang: str) -> list[tuple]:
    return [(c.article, c.part, c.clause, c.self_ref, c.act.type if c.act else None,
             c.act.number if c.act else None) for c in find_citations(text, lang)]


# (lang, text, expected (article, part, clause, self_ref, act type, act number) per citation)
CASES = [
    # uz/lexuz_uzlatn_clean_tomaris/articles/jinoyat-ijroiya_kodeksi.jsonl
    ("uzb", "Jinoyat kodeksi 73-moddasining toʻrtinchi qismida koʻrsatilgan mahkumlarga",
     [("73", "4", None, False, "kodeks", None)]),
    ("uzb", "sud tomonidan — Jinoyat-protsessual kodeksining 537-moddasi va 542-moddasining "
            "ikkinchi qismiga muvofiq.",
     [("537", None, None, False, "kodeks", None), ("542", "2", None, False, "kodeks", None)]),
    # uz/lexuz_uzlatn_raw_with_amendment_notes/Soliq_Kodeksi.txt
    ("uzb", "1) ushbu Kodeksning 111-moddasi uchinchi qismi 1-bandi asosida",
     [("111", "3", "1", True, None, None)]),
    ("uzb", "ushbu Kodeksning 107 yoki 109-moddalarida belgilangan tartibda",
     [("107", None, None, True, None, None), ("109", None, None, True, None, None)]),
    # uz/lexuz_uzlatn_raw_with_amendment_notes/Mehnat_Kodeksi.txt (lex.uz prints 161¹ flat)
    ("uzb", "(1286-moddaning ikkinchi qismi Oʻzbekiston Respublikasining 2021-yil 29-apreldagi "
            "OʻRQ-688-sonli Qonuniga asosan chiqarilgan",
     [("1286", "2", None, True, None, None), (None, None, None, False, "qonun", "OʻRQ-688")]),
    # uz/lexuz_uzlatn_clean_tomaris/articles/jinoyat_protsessual_kodeksi.jsonl (a range)
    ("uzb", "Jinoyat kodeksining 72, 87, 94-96-moddalarida nazarda tutilgan hollarda",
     [(a, None, None, False, "kodeks", None) for a in ("72", "87", "94", "95", "96")]),
    # ru/pravo_gov_ru_ips_codes_html/102074279.html
    ("rus", "(пункт 2 части первой статьи 81 настоящего Кодекса)",
     [("81", "1", "2", True, None, None)]),
    ("rus", "частью второй статьи 279 и статьей 288 настоящего Кодекса",
     [("279", "2", None, True, None, None), ("288", None, None, True, None, None)]),
    ("rus", "статью 5 Закона Российской Федерации от 30 марта 1993 года № 4693-I",
     [("5", None, None, False, "qonun", "4693-I")]),
    # ru/pravo_gov_ru_ips_codes_html/102107048.html
    ("rus", "(В редакции Федерального закона от 01.05.2022 № 122-ФЗ)",
     [(None, None, None, False, "fz", "122-ФЗ")]),
    # en/civil_code_part1_en.md
    ("eng", "by part three of Article 180 of this Code.", [("180", "3", None, True, None, None)]),
    ("eng", "The rules <u>o  f Articles 152-162 (s  ho  w_do  c.fwx?rgn  =767#A000000156)</u> of "
            "this Code shall", [(str(a), None, None, True, None, None) for a in range(152, 163)]),
    ("eng", "_(Article 26¹ was introduced in accordance with the Law of the Republic of "
            "Uzbekistan dated 21.02.2024 No. ZRU-911)_",
     [("26¹", None, None, True, None, None), (None, None, None, False, "qonun", "ZRU-911")]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_forms(lang: str, text: str, expected: list[tuple]) -> None:
    assert summary(text, lang) == expected


@pytest.mark.parametrize(("lang", "text"), [(lang, text) for lang, text, _ in CASES])
def test_spans_point_into_the_text(lang: str, text: str) -> None:
    for cit in find_citations(text, lang):
        assert text[cit.start:cit.end] == cit.text
        assert cit.start < cit.end  # articles inside a range (95 of 94-96) are not printed


def test_act_fields() -> None:
    # uz/lexuz_uzlatn_raw_with_amendment_notes/Talim_Qonuni.txt
    text = ("Mazkur Qonun Oʻzbekiston Respublikasining 2020-yil 23-sentabrdagi OʻRQ-637-sonli "
            "“Taʼlim toʻgʻrisida”gi Qonuniga asosan oʻz kuchini yoʻqotgan.")
    (cit,) = find_citations(text, "uzb")
    assert cit.act == ActRef("qonun", "OʻRQ-637", "2020-09-23", "Taʼlim toʻgʻrisida")
    assert cit.act.title == "Taʼlim toʻgʻrisida"
    # uz/lexuz_uzlatn_clean_tomaris/articles/oila_kodeksi.jsonl
    text = "Oʻzbekiston Respublikasi Fuqarolik kodeksining 223 va 225-moddalarida"
    assert {c.act.title for c in find_citations(text, "uzb")} == {"Fuqarolik kodeksi"}


NEGATIVES = [
    # uz/lexuz_uzlatn_raw_with_amendment_notes/Mehnat_Kodeksi.txt (a heading)
    ("uzb", "51-modda. Ijtimoiy-mehnat masalalari boʻyicha tarmoq komissiyalari"),
    # uz/lexuz_uzlatn_raw_with_amendment_notes/Tadbirkorlik_Kafolatlari_Qonuni.txt
    ("uzb", "(Oʻzbekiston Respublikasi Oliy Majlisining Axborotnomasi, 1999-y., 5-con, 106-modda)"),
    # uz/lexuz_uzlatn_raw_with_amendment_notes/Jinoyat_Kodeksi.txt
    ("uzb", "OʻR QHT, 2015-y., 32-son, 425-modda"),
    # uz/lexuz_uzlatn_clean_tomaris/raw/raqobat_qonuni.txt
    ("uzb", "2011-yil, № 1, 1-modda, № 4, 104, 105-moddalar, № 9, 247, 252-moddalar"),
    # ru/pravo_gov_ru_ips_codes_html/102074279.html
    ("rus", "(Собрание законодательства Российской Федерации, 1995, № 5, ст. 346);"),
    ("rus", "Статья 2. Водное законодательство"),
    # en/civil_code_part1_en.md
    ("eng", "# **Article 311 Deposit agreement form** "),
]


@pytest.mark.parametrize(("lang", "text"), NEGATIVES)
def test_no_article_cited(lang: str, text: str) -> None:
    assert [c.article for c in find_citations(text, lang) if c.article] == []


def test_resolve_with_fake_lookups() -> None:
    # uz/lexuz_uzlatn_clean_tomaris/articles/jinoyat_protsessual_kodeksi.jsonl
    text = "Jinoyat kodeksining 34-moddasiga muvofiq; ushbu Kodeksning 146-moddasida"
    works = {"Jinoyat kodeksi": "/akn/uz/act/kodeks/1994-09-22/jk"}
    calls = []

    def lookup_article(work: str, article: str) -> str | None:
        calls.append((work, article))
        return article_eid(article) if article != "146" else None

    out = resolve(find_citations(text, "uzb"), lambda act: works.get(act.title),
                  lookup_article, self_work="/akn/uz/act/kodeks/1997-08-29/fpk")
    assert [(c.target_work, c.target_eid) for c in out] == [
        ("/akn/uz/act/kodeks/1994-09-22/jk", "art_34"),
        ("/akn/uz/act/kodeks/1997-08-29/fpk", None)]
    assert calls == [("/akn/uz/act/kodeks/1994-09-22/jk", "34"),
                     ("/akn/uz/act/kodeks/1997-08-29/fpk", "146")]
    assert resolve(out, lambda act: None)[0].target_work is None


@pytest.mark.parametrize(("article", "eid"), [("39", "art_39"), ("121¹", "art_121.1"),
                                              ("409⁷", "art_409.7")])
def test_article_eid(article: str, eid: str) -> None:
    assert article_eid(article) == eid


def test_gold_set_meets_targets() -> None:
    gold = load_gold(GOLD)
    assert len(gold) >= 160
    report = score(gold, find_citations)
    total = report.article["all"]
    assert total.precision >= 0.95, report.errors
    assert total.recall >= 0.90, report.errors


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789-–—, ¹ʻʼ'“”\"№.()moddasiqmkКодексстатья"
                                             "ArticleofthisCodeva и and ")), max_size=200),
       st.sampled_from(["uzb", "uzb-Cyrl", "rus", "eng", "xx"]))
def test_never_raises(text: str, lang: str) -> None:
    for cit in find_citations(text, lang):
        assert text[cit.start:cit.end] == cit.text


@pytest.mark.parametrize("text, articles", [
    # 102074279.html (Labour Code RF), art. 22¹: superscript numbers in a list
    ("случаев, предусмотренных настоящей статьей и статьями 22² и 22³ настоящего Кодекса",
     ["22²", "22³"]),
    ("статьями 22² — 22³ настоящего Кодекса", ["22²", "22³"]),
])
def test_superscript_article_numbers_in_lists_and_ranges(text, articles):
    cits = find_citations(text, "rus")
    assert [c.article for c in cits] == articles
    assert all(c.self_ref for c in cits)
