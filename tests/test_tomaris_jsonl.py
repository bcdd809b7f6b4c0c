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
    assert ed.provisions[0].kind == "preamble"
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
    provs = read(shared, "jinoyat_kodeksi").editions[0].provisions
    assert provs[0].kind == "preamble" and provs[-1].kind == "conclusions"
    assert provs[-1].eid == "conclusions" and provs[-1].heading == "SAKKIZINCHI BOʻLIM"
    assert provs[-1].text.splitlines()[1] == "ATAMALARNING HUQUQIY MAʼNOSI"


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
    chapters_text = {p.eid.split("__")[-1] for p in text if p.kind == "chapter"}
    chapters_jsonl = {p.eid.split("__")[-1] for p in jsonl if p.kind == "chapter"}
    assert chapters_text == chapters_jsonl


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
