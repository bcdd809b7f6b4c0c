"""The pravo.gov.ru HTML reader against the six real codes."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from ingest.pravo_html import read_pravo_html, split_notes
from lexsearch.errors import InputError

DIR = "ru/pravo_gov_ru_ips_codes_html"

# file, title start, number, date, status, articles, last edition date
CODES = [
    ("102024315.html", "ТАМОЖЕННЫЙ КОДЕКС", "5221-I", "1993-06-18", "repealed", 456, "2008-06-26"),
    ("102027595.html", "КОНСТИТУЦИЯ", None, "1993-12-12", "in_force", 142, "2022-10-04"),
    ("102038209.html", "Водный кодекс", "167-ФЗ", "1995-11-16", "repealed", 150, "2005-12-31"),
    ("102073578.html", "Гражданский кодекс", "146-ФЗ", "2001-11-26", "in_force", 123, "2023-07-24"),
    ("102074279.html", "Трудовой кодекс", "197-ФЗ", "2001-12-30", "in_force", 529, "2023-08-04"),
    ("102107048.html", "Водный кодекс", "74-ФЗ", "2006-06-03", "in_force", 78, "2023-08-04"),
]


@pytest.mark.parametrize("name, title, number, date, status, articles, valid_from", CODES)
def test_all_codes(shared, name, title, number, date, status, articles, valid_from):
    doc = read_pravo_html(shared / DIR / name)
    work, edition = doc.work, doc.editions[0]
    assert (work.country, edition.lang) == ("ru", "rus")
    assert work.title.startswith(title)
    assert (work.number, work.date, work.status) == (number, date, status)
    arts = [p for p in edition.provisions if p.kind == "article"]
    assert len(arts) == articles
    assert len({p.eid for p in edition.provisions}) == len(edition.provisions)
    assert edition.valid_from == valid_from == edition.produced_by.date
    for p in arts:  # notes are data, never body text
        assert "(В редакции" not in p.text


def test_notes_in_the_civil_code(shared):
    doc = read_pravo_html(shared / DIR / "102073578.html")
    edition = doc.editions[0]
    art = next(p for p in edition.provisions if p.eid == "art_1111")
    assert art.text.startswith("Наследование осуществляется по завещанию, по наследственному "
                               "договору и по закону.\n")
    note = next(n for n in edition.notes if n.eid == "art_1111")
    assert note.action == "wording"
    assert (note.act.type, note.act.number, note.act.date) == ("federalnyi-zakon", "217-ФЗ",
                                                                "2018-07-19")
    header = [n for n in edition.notes if n.eid is None and n.action == "amended"]
    assert header[0].act.number == "156-ФЗ" and header[0].act.date == "2004-12-02"
    assert header[0].act.title and header[0].act.title.startswith("pravo.gov.ru nd=")
    # the superscript article 1223¹ and the structure of part three
    eids = [p.eid for p in edition.provisions]
    assert "art_1223.1" in eids
    assert eids[:3] == ["part_3", "part_3__sec_5", "part_3__sec_5__chp_61"]


def test_superscripts_and_parts_in_the_labour_code(shared):
    edition = read_pravo_html(shared / DIR / "102074279.html").editions[0]
    eids = {p.eid for p in edition.provisions}
    assert {"art_348.11", "art_348.11-1", "art_19.1"} <= eids
    art = next(p for p in edition.provisions if p.eid == "art_348.11-1")
    assert art.num == "348¹¹-¹"


def test_repealed_code_names_the_repealing_act(shared):
    doc = read_pravo_html(shared / DIR / "102038209.html")  # old <pre> page
    repeal = [n for n in doc.editions[0].notes if n.action == "repealed" and n.eid is None]
    assert repeal[0].act.number == "73-ФЗ" and repeal[0].act.date == "2006-06-03"
    art2 = next(p for p in doc.editions[0].provisions if p.eid == "art_2")
    assert art2.heading == "Водное законодательство Российской Федерации"


@pytest.mark.parametrize("text, action, number, rest", [
    ("7) (Пункт утратил силу - Федеральный закон от 07.12.2011 № 417-ФЗ)", "repealed", "417-ФЗ",
     "7)"),
    ("Текст. (Дополнение частью - Федеральный закон от 30.06.2006 № 90-ФЗ)", "inserted", "90-ФЗ",
     "Текст."),
    ("Текст (см. статью 5).", None, None, "Текст (см. статью 5)."),
])
def test_split_notes(text, action, number, rest):
    kept, notes = split_notes(text, "art_1", 1)
    assert kept == rest
    assert [(n.action, n.act.number) for n in notes] == ([(action, number)] if action else [])


def test_not_a_code(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>Привет</p></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="page.html"):
        read_pravo_html(path)


def test_golden_smallest(shared, golden):
    doc = read_pravo_html(shared / DIR / "102038209.html")
    edition = doc.editions[0]
    arts = [p for p in edition.provisions if p.kind == "article"]
    golden("pravo/102038209", {
        "source": doc.source, "work": asdict(doc.work), "valid_from": edition.valid_from,
        "produced_by": edition.produced_by, "article_nums": [p.num for p in arts],
        "containers": [p.eid for p in edition.provisions if p.kind != "article"],
        "notes": len(edition.notes), "first_articles": arts[:3], "first_notes": edition.notes[:6],
        "warnings": [str(w) for w in doc.warnings]})
