"""The English Civil Code, Part One (``../shared/corpora/en/civil_code_part1_en.md``): structure,
English amendment notes, and the repair of the PDF export's debris."""

from __future__ import annotations

import json
import re

import pytest

from ingest.english_md import clean_markup, read_english_md, repair_words
from ingest.formats import detect
from ingest.importer import import_release
from ingest.notes_en import parse_date, parse_notes, split_note
from lexsearch.errors import InputError
from lexsearch.store import Store

CIVIL = "en/civil_code_part1_en.md"


@pytest.fixture(scope="module")
def civil(shared):
    return read_english_md(shared / CIVIL)


def by_eid(doc):
    return {p.eid: p for p in doc.editions[0].provisions}


def test_articles_of_part_one(civil):
    (edition,) = civil.editions
    assert edition.lang == "eng"
    arts = [p for p in edition.provisions if p.kind == "article"]
    base = {int(re.match(r"\d+", a.num).group()) for a in arts}
    # Articles 1-385; the translation leaves out Article 168
    assert sorted(set(range(1, 386)) - base) == [168] and max(base) == 385
    assert len(arts) == 394  # with 26¹, 173¹-173⁷, 259¹, 358¹
    assert len({a.eid for a in arts}) == len(arts)
    eids = by_eid(civil)
    assert eids["art_26.1"].num == "26¹" and eids["art_26.1"].heading == "Insolvency estate"
    # the translator's "Section 144." and "§ 268" headings are articles
    assert eids["art_144"].heading == "Obligation to Return a Power of Attorney"
    assert eids["art_268"].heading == "Claim secured by pledge"
    assert eids["chp_4__para_1"].heading == "General Provisions"
    assert eids["art_55"].parent == "chp_4__para_1"
    assert eids["sec_3"].heading == "Law of Obligations"
    assert eids["part_1"].heading == "Part one"


def test_text_debris_repaired(civil):
    eids = by_eid(civil)
    art1 = eids["art_1"].text
    assert "Goods, services and financial resources move freely" in art1
    # a paragraph the page broke ("… relations it" / "regulates, …") is one again
    assert art1.startswith("Civil legislation is based on the recognition of the equality of "
                           "participants in the relations it regulates, the inviolability")
    assert "specified in parts one, four and five of Article 2 of this Code" in eids["art_3"].text
    text = "\n".join(p.text for p in civil.editions[0].provisions)
    for debris in ("show_doc", "fwx", "<u>", "**", " nancial", "speci ed", "in uence"):
        assert debris not in text
    assert "(see previous edition)" not in text and "was amended in accordance" not in text


# (eId, action, act number, act date, effective, target) checked by hand against the file
NOTES = [
    ("art_1", "amended", "OʻRQ-476", "2018-04-18", None, None),  # line 26, "April 18, 2018"
    ("art_15", "wording", "OʻRQ-603", "2020-01-22", None, None),  # line 192, "01.22.2020"
    ("art_26", "wording", "OʻRQ-911", "2024-02-21", None, None),
    ("art_26.1", "inserted", "OʻRQ-911", "2024-02-21", None, None),
    ("art_63", "repealed", "OʻRQ-1025", "2025-02-07", "2025-05-08", None),
    ("art_280", "amended", "OʻRQ-572", "2019-10-22", None, None),  # "10.22.2019"
]


@pytest.mark.parametrize("eid,action,number,date,effective,target", NOTES)
def test_notes_hand_checked(civil, eid, action, number, date, effective, target):
    notes = [n for n in civil.editions[0].notes if n.eid == eid]
    assert any((n.action, n.act.number, n.act.date, n.effective, n.target)
               == (action, number, date, effective, target) for n in notes), notes


def test_notes_count_and_previous_editions(civil):
    notes = civil.editions[0].notes
    assert len(notes) == 50 and len({n.line for n in notes}) == 48
    art68 = [(n.act.number, n.act.date) for n in notes if n.eid == "art_68"]
    assert art68 == [("OʻRQ-372", "2014-05-14"), ("OʻRQ-459", "2018-01-09")]
    eids = by_eid(civil)
    assert eids["art_1"].has_previous and eids["art_58"].has_previous
    assert not eids["art_26"].has_previous
    # "(The article was amended …)" at the end of a body paragraph: the note goes, the text stays
    art55 = eids["art_55"]
    assert art55.text.endswith("made in the unified state register of legal entities.")
    assert any(n.eid == "art_55" and n.act.number == "OʻRQ-592" for n in notes)
    # "(Part 5 was introduced …)" names the part
    assert any(n.target == "Part 5" and n.action == "inserted" for n in notes)


@pytest.mark.parametrize("text,expected", [
    ("Goods, services and nancial resources", "Goods, services and financial resources"),
    ("the persons speci ed in this Code", "the persons specified in this Code"),
    ("under the in uence of error", "under the influence of error"),
    ("a combination of di cult circumstances", "a combination of difficult circumstances"),
    ("the ful llment of obligations", "the fulfillment of obligations"),
    ("the rst , fourth and f th parts", "the first , fourth and fifth parts"),
    ("t he second part of Art icle 117", "the second part of Article 117"),
    ("con rm its commission", "confirm its commission"),
    ("in the second part of the law", "in the second part of the law"),
    ("Non-pro t organizations", "Non-profit organizations"),
])
def test_repair_words(text, expected):
    assert repair_words(text) == expected


@pytest.mark.parametrize("line,expected", [
    ("_(Article 1 was amended in accordance with the Law of the Republic of Uzbekistan dated "
     "April 18, 2018 No._ _<u>Z  RU-476 (s  how_doc.fwx?rgn=105914)</u> ) (see previous_ "
     "_<u>e  dition (s  how_red.fwx?rid=68895#A000000001)</u> )_ ",
     "(Article 1 was amended in accordance with the Law of the Republic of Uzbekistan dated "
     "April 18, 2018 No. ZRU-476) (see previous edition)"),
    ("## **Article 2. Relations regulated by civil law** ", "Article 2. Relations regulated by "
     "civil law"),
    ("limitation period ( <u>A  rticles</u> = = <u>156 (show_d  oc.fwx?rgn 767#A000000161) , 157 "
     "(show_d  oc.fwx? rgn 767#A000000162) ,</u> 159 of this Code)",
     "limitation period (Articles 156, 157, 159 of this Code)"),
])
def test_clean_markup(line, expected):
    assert clean_markup(line) == expected


def test_note_grammar():
    (note,) = parse_notes("Article 63 has lost force in accordance with the Law of the Republic "
                          "of Uzbekistan dated 07.02.2025 No. ZRU-1025 (effective 08.05.2025).")
    assert (note.action, note.act.number, note.effective) == ("repealed", "OʻRQ-1025",
                                                              "2025-05-08")
    assert parse_notes("The rules of this Law of the Republic of Uzbekistan apply.") == []
    body, note = split_note("Text of the article. (The article was amended in accordance with "
                            "the Law of the Republic of Uzbekistan dated 03.12.2019 No. ZRU-586)")
    assert body == "Text of the article." and note.startswith("(The article was amended")
    assert parse_date("April 18, 2018") == "2018-04-18"
    assert parse_date("21.02.2024") == "2024-02-21" and parse_date("01.22.2020") == "2020-01-22"


def test_detected_by_content(shared, tmp_path):
    assert detect(shared / CIVIL) == "english-md"
    other = tmp_path / "notes.md"
    other.write_text("# Notes\n\nNothing here.\n", encoding="utf-8")
    with pytest.raises(InputError, match="notes.md"):
        detect(other)
    with pytest.raises(InputError, match="notes.md"):
        read_english_md(other)


def test_golden(civil, golden):
    edition = civil.editions[0]
    arts = [p for p in edition.provisions if p.kind == "article"]
    golden("english/civil_code_part1_en", {
        "source": civil.source, "work": civil.work, "lang": edition.lang,
        "produced_by": edition.produced_by, "article_nums": [a.num for a in arts],
        "containers": [(p.eid, p.heading, p.parent) for p in edition.provisions
                       if p.kind != "article"],
        "first_articles": arts[:3], "notes": edition.notes,
        "warnings": [str(w) for w in civil.warnings]})


def test_imports_as_the_eng_expression_with_a_manifest(shared, tmp_path):
    manifest = tmp_path / "en.json"
    manifest.write_text(json.dumps({"release": "English Civil Code", "files": {
        "civil_code_part1_en.md": {"work": {"uri": "/akn/uz/act/kodeks/1995-12-21/163-i"},
                                   "language": "eng", "valid_from": "2025-05-08",
                                   "format": "english-md"}}}), encoding="utf-8")
    with Store(tmp_path / "var") as store:
        report = import_release(store, [shared / "en"], manifest=manifest)
        assert report.ok, report.errors
        (work,) = report.works
        assert (work["uri"], work["language"], work["articles"], work["notes"]) == (
            "/akn/uz/act/kodeks/1995-12-21/163-i", "eng", 394, 50)
        assert work["new_editions"] == ["2025-05-08"]
