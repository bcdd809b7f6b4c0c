"""lex.uz acts saved as JSON: page records (``uz_multi/lexuz_recent_2026_01``) and a map of
page lines (``uz_multi/qonunlar_data/standartlarFar.json``), read through the recogniser."""

from __future__ import annotations

import json

import pytest

from ingest.lexuz_json import read_lexuz_json
from lexsearch.errors import InputError

RECENT = "uz_multi/lexuz_recent_2026_01"
STANDARDS = "uz_multi/qonunlar_data/standartlarFar.json"


def kinds(edition) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in edition.provisions:
        out[p.kind] = out.get(p.kind, 0) + 1
    return out


def test_law_page_record(shared):
    doc = read_lexuz_json(shared / RECENT / "7987564.json")
    (edition,) = doc.editions
    assert doc.format == "lexuz-json"
    assert (doc.work.subtype, doc.work.number, doc.work.date) == ("qonun", "OʻRQ-1111",
                                                                  "2026-01-13")
    assert doc.work.source_id == "7987564"  # the page's id, which its url confirms
    assert edition.lang == "uzb-Cyrl"
    arts = [p for p in edition.provisions if p.kind == "article"]
    assert [a.num for a in arts] == [str(n) for n in range(1, 16)]
    assert arts[0].heading == "Ушбу Қонуннинг мақсади"
    assert (edition.valid_from, edition.gazette) == ("2026-01-13", "03/26/1111/0037")
    # the site's menus and toolbars are gone from the text, with a warning, not an error
    text = "\n".join(p.text for p in edition.provisions)
    assert "Audioni tinglash" not in text and "Hujjatga taklif yuborish" not in text
    assert any("before the act skipped" in str(w) for w in doc.warnings)


def test_resolution_page_record(shared):
    doc = read_lexuz_json(shared / RECENT / "7985737.json")
    (edition,) = doc.editions
    assert (doc.work.subtype, doc.work.number, doc.work.source_id) == ("pq", "PQ-5", "7985737")
    found = kinds(edition)
    assert found["point"] >= 30 and found["attachment"] >= 1


def test_line_map_resolution_with_annexes(shared):
    doc = read_lexuz_json(shared / STANDARDS)
    (edition,) = doc.editions
    assert (doc.work.subtype, doc.work.number, doc.work.date) == ("pq", "PQ-282", "2025-09-15")
    assert doc.work.entry_into_force == "2025-12-17"
    atts = [p for p in edition.provisions if p.kind == "attachment"]
    assert [p.eid for p in atts] == ["att_1", "att_2", "att_3"]
    points = [p for p in edition.provisions if p.kind == "point" and p.parent is None]
    # point 1 as printed over five lines of the map ("standart-12" … "standart-17")
    assert points[0].text.startswith("Молиявий ҳисоботларни тузишда аниқлик ва шаффофликни "
                                     "таъминлаш бўйича кўрилган чоралар натижасида йирик")
    assert points[0].text.endswith("маълумот учун қабул қилинсин.")
    assert "Қўшимча ахборот" not in "\n".join(p.text for p in edition.provisions)


def test_golden(shared, golden):
    doc = read_lexuz_json(shared / RECENT / "7987564.json")
    edition = doc.editions[0]
    # what this adapter decides (the lines in, the page's id); the recogniser's own choices
    # (preface or preamble, warnings) are its golden files' business
    golden("json/lexuz_7987564", {
        "source": doc.source, "number": doc.work.number, "date": doc.work.date,
        "source_id": doc.work.source_id, "lang": edition.lang, "valid_from": edition.valid_from,
        "articles": [p for p in edition.provisions if p.kind == "article"],
        "notes": edition.notes})


@pytest.mark.parametrize("record,match", [
    ({"id": "7987564", "content": "x", "url": "https://lex.uz/uz/docs/1"},
     r"page\.json \[id\]: id '7987564' and url"),
    ({"id": ["7"], "content": "x", "url": "https://lex.uz/uz/docs/7"}, r"\[id\]: id must be"),
    ({"id": "7", "content": "x", "url": 7}, r"\[url\]: url must be a string"),
    ({"id": "7", "content": "x", "url": "https://lex.uz/docs/7", "title": 3},
     r"\[title\]: title must be a string"),
    ({"id": "7", "content": 5, "url": "https://lex.uz/docs/7"}, r"page\.json: not a saved lex"),
])
def test_bad_page_record_names_the_field(tmp_path, record, match):
    path = tmp_path / "page.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(InputError, match=match):
        read_lexuz_json(path)


def test_page_with_no_act_is_an_error(tmp_path):
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"id": "1", "url": "https://lex.uz/docs/1",
                                "content": "Hammasi\nKo‘rinish\nMarkaz haqida"}), encoding="utf-8")
    with pytest.raises(InputError, match=r"page\.json"):
        read_lexuz_json(path)


# every page of lexuz_recent_2026_01: (file, subtype, number, first gazette reference)
PAGES = [
    ("7984693", "buyruq", "3750", "10/26/3750/0031"),
    ("7985236", "buyruq", "3749", "10/26/3749/0032"),
    ("7985737", "pq", "PQ-5", "07/26/5/0034"),
    ("7987076", "buyruq", "3751", "10/26/3751/0036"),
    ("7987564", "qonun", "OʻRQ-1111", "03/26/1111/0037"),
    ("7990015", "buyruq", "3755", "10/26/3755/0039"),
    ("7990021", "qaror", "3154-3", "10/26/3154-3/0038"),
    ("7992755", "buyruq", "3754", "10/26/3754/0042"),
]


@pytest.mark.parametrize("name,subtype,number,gazette", PAGES)
def test_every_recent_page(shared, name, subtype, number, gazette):
    doc = read_lexuz_json(shared / RECENT / f"{name}.json")
    (edition,) = doc.editions
    assert (doc.work.subtype, doc.work.number, doc.work.source_id) == (subtype, number, name)
    assert edition.lang == "uzb-Cyrl"
    found = kinds(edition)
    assert found.get("point", 0) + found.get("article", 0) >= 6
    assert edition.gazette == gazette  # from the page's closing publication note
    text = "\n".join(p.text for p in edition.provisions)
    for chrome in ("Audioni tinglash", "Hujjat elementidan havola olish", "ONLINE TRANSLATE",
                   "Markaz haqida"):
        assert chrome not in text
