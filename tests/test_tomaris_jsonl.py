"""The Tomaris JSONL reader: real files, eIds shared with the lex.uz text reader, errors."""

from __future__ import annotations

import shutil

import pytest

from ingest.lexuz_text import read_lexuz_text
from ingest.tomaris_jsonl import read_tomaris_jsonl, subtype_of
from lexsearch.errors import InputError

ARTICLES = "uz/lexuz_uzlatn_clean_tomaris/articles"
RAW = "uz/lexuz_uzlatn_raw_with_amendment_notes"


def read(shared, name):
    return read_tomaris_jsonl(shared / ARTICLES / f"{name}.jsonl")


def test_soliq(shared):
    doc = read(shared, "soliq_kodeksi")
    w, ed = doc.work, doc.editions[0]
    assert (w.subtype, w.date, w.source_id) == ("kodeks", "2019-12-30", "-4674902")
    assert ed.lang == "uzb" and ed.valid_from is None
    assert any("2026-07" in str(x) for x in doc.warnings)
    by = {p.eid: p for p in ed.provisions}
    art = by["art_480.1"]
    assert (art.num, art.kind) == ("480¹", "article")
    assert art.parent.endswith("chp_71.1") and by[art.parent].num == "71¹"
    assert by[by[art.parent].parent].kind == "section"
    # the front matter is the act's title and section I's title: no preamble is left
    assert (ed.provisions[0].eid, ed.provisions[0].heading) == ("sec_1", "UMUMIY QOIDALAR")
    assert by["sec_18.1"].heading == "FOYDALI QAZILMALARNI QAZIB OLGANLIK UCHUN MAXSUS RENTA SOLIGʻI"
    assert not by["art_454"].text.endswith("SOLIGʻI")  # the heading left the article's text
    assert sum(p.kind == "article" for p in ed.provisions) == 496


@pytest.mark.parametrize(("name", "first", "last", "count"), [
    ("konstitutsiya", "art_1", "art_155", 155),
    ("mehnat_kodeksi", "art_1", "art_581", 581),
    ("yer_kodeksi", "art_1", "art_91.1", 110),
    ("jinoyat_kodeksi", "art_1", "art_302", 392),
])
def test_articles(shared, name, first, last, count):
    arts = [p for p in read(shared, name).editions[0].provisions if p.kind == "article"]
    assert (arts[0].eid, arts[-1].eid, len(arts)) == (first, last, count)


def test_front_and_end(shared):
    """The Criminal Code: the front matter is headings only; the closing glossary is the
    Special Part's eighth section, as lex.uz prints it."""
    doc = read(shared, "jinoyat_kodeksi")
    provs = doc.editions[0].provisions
    assert [(p.eid, p.heading) for p in provs[:2]] == [
        ("part_1__sec_1", "UMUMIY QOIDALAR"),
        ("part_1__chp_1", "Jinoyat kodeksining vazifalari va prinsiplari")]
    last = provs[-1]
    assert (last.eid, last.kind, last.heading) == ("part_2__sec_8", "section",
                                                   "ATAMALARNING HUQUQIY MAʼNOSI")
    assert last.text.startswith("Ancha miqdor\n—\nbazaviy")  # direction marks dropped
    # sections restart in the Special Part, which the JSONL does not print: implied part 2
    assert next(p for p in provs if p.eid == "art_97").parent == "part_2__chp_1"
    assert any("section numbers repeat" in str(w) for w in doc.warnings)


@pytest.mark.parametrize(("name", "eid", "heading", "parent", "before"), [
    # section and chapter fields hold the number line; titles close the previous article
    ("fuqarolik_kodeksi_1qism", "sec_3__subsec_1", "MAJBURIYATLAR TOʻGʻRISIDA UMUMIY QOIDALAR",
     "sec_3", "art_233"),
    ("fuqarolik_kodeksi_1qism", "chp_20", "MAJBURIYAT TUSHUNCHASI VA TARAFLARI",
     "sec_3__subsec_1", "art_233"),
    ("fuqarolik_kodeksi_1qism", "chp_4__para_1", "Umumiy qoidalar", "chp_4", "art_38"),
    # § headings at the end of the previous article
    ("mehnat_kodeksi", "chp_12__para_5", "Mehnat shartnomasini bekor qilish", "chp_12", "art_154"),
    # the Constitution's headings are all in the texts, one run into the last sentence
    ("konstitutsiya", "sec_2", "INSON VA FUQARONING ASOSIY HUQUQLARI, ERKINLIKLARI VA BURChLARI",
     None, "art_18"),
    ("konstitutsiya", "chp_10", "Inson hamda fuqaroning huquq va erkinliklari kafolatlari",
     "sec_2", "art_53"),
    # parts in the section field
    ("mamuriy_javobgarlik_kodeksi", "part_2", "MAXSUS QISM", None, "art_39"),
])
def test_headings_leave_the_texts(shared, name, eid, heading, parent, before):
    by = {p.eid: p for p in read(shared, name).editions[0].provisions}
    assert (by[eid].heading, by[eid].parent) == (heading, parent)
    assert heading.split()[0] not in by[before].text.splitlines()[-1], by[before].text[-200:]


def test_lost_section_number_is_warned(shared):
    doc = read(shared, "mamuriy_javobgarlik_kodeksi")
    by = {p.eid: p for p in doc.editions[0].provisions}
    assert "MAʼMURIY HUQUQBUZARLIK VA MAʼMURIY JAVOBGARLIK" not in by["art_9"].text
    assert any("without its number" in str(w) and w.line == 10 for w in doc.warnings)


@pytest.mark.parametrize(("title", "subtype"), [
    ("Oʻzbekiston Respublikasining Soliq kodeksi", "kodeks"),
    ("Oʻzbekiston Respublikasining Konstitutsiyasi", "konstitutsiya"),
    ("Oʻzbekiston Respublikasining “Raqobat toʻgʻrisida”gi Qonuni", "qonun"),
])
def test_subtype(title, subtype):
    assert subtype_of(title) == subtype


def test_same_eids_as_text_reader(shared):
    """Both readers give the Labour Code the same article and chapter eIds."""
    text = read_lexuz_text(shared / RAW / "Mehnat_Kodeksi.txt").editions[0].provisions
    jsonl = read(shared, "mehnat_kodeksi").editions[0].provisions
    arts = lambda ps: [(p.eid, p.num) for p in ps if p.kind == "article"]  # noqa: E731
    assert arts(text) == arts(jsonl)
    containers = lambda ps: {(p.eid, p.parent) for p in ps  # noqa: E731
                             if p.kind in ("section", "chapter", "paragraph")}
    only_text = containers(text) - containers(jsonl)
    assert {e for e, _ in only_text} == {f"sec_{n}" for n in range(1, 8)}  # under the parts
    assert containers(jsonl) <= containers(text) | {(e, None) for e, _ in only_text}


def test_bad_json_line(shared, tmp_path):
    lines = (shared / ARTICLES / "raqobat_qonuni.jsonl").read_text("utf-8").splitlines()
    lines[4] = lines[4][:-5]
    path = tmp_path / "raqobat_qonuni.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_tomaris_jsonl(path)
    assert err.value.line == 5


def test_missing_field(shared, tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"article_id": "1"}\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_tomaris_jsonl(path)
    assert (err.value.line, err.value.field) == (1, "text")


def test_empty(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        read_tomaris_jsonl(path)


def test_without_manifest(shared, tmp_path):
    shutil.copy(shared / ARTICLES / "raqobat_qonuni.jsonl", tmp_path)
    doc = read_tomaris_jsonl(tmp_path / "raqobat_qonuni.jsonl")
    assert doc.work.date is None and doc.work.source_id == "-6518381"
    assert doc.work.subtype == "qonun"
