"""The BOE consolidated reader: every dated edition from one read."""

from __future__ import annotations

import pytest

from ingest.boe import read_boe
from lexsearch.errors import InputError

DIR = "versioned_xml/boe_es_consolidated"
LSSI = f"{DIR}/BOE-A-2002-13758-texto.xml"
LOPD = f"{DIR}/BOE-A-2018-16673-texto.xml"


def _dates(path):
    from lxml import etree
    root = etree.parse(str(path)).getroot()
    return {v.get("fecha_vigencia") for b in root.iter("bloque") if b.get("tipo") != "nota_inicial"
            for v in b.findall("version")}


@pytest.mark.parametrize("name", [LSSI, LOPD])
def test_one_edition_per_vigencia_date(shared, name):
    doc = read_boe(shared / name)
    assert len(doc.editions) == len(_dates(shared / name))
    dates = [e.valid_from for e in doc.editions]
    assert dates == sorted(set(dates))
    assert all(e.lang == "spa" for e in doc.editions) and doc.work.country == "es"


def test_article_changes_between_editions(shared):
    doc = read_boe(shared / LOPD)
    by_date = {e.valid_from: {p.eid: p for p in e.provisions} for e in doc.editions}
    before, after = by_date["2021-01-19"]["art_2"], by_date["2021-06-16"]["art_2"]
    assert before.text != after.text
    assert "5." not in [line[:2] for line in before.text.split("\n")]
    assert "5." in [line[:2] for line in after.text.split("\n")]  # apartado 5 added by LO 7/2021
    edition = next(e for e in doc.editions if e.valid_from == "2021-06-16")
    assert edition.produced_by.title == "Ley Orgánica 7/2021, de 26 de mayo"
    assert edition.produced_by.type == "ley-organica"
    assert doc.work.subtype == "ley-organica" and doc.work.date == "2018-12-05"


def test_first_edition_lacks_later_blocks(shared):
    doc = read_boe(shared / LSSI)
    first, main, last = doc.editions[0], doc.editions[1], doc.editions[-1]
    assert first.valid_from == "2002-07-13" and main.valid_from == "2002-10-12"
    eids = lambda e: {p.eid for p in e.provisions}  # noqa: E731
    assert "art_12bis" not in eids(main) and "art_12bis" in eids(last)
    assert "art_1" not in eids(first) and "art_1" in eids(main)
    assert first.produced_by.number == "BOE-A-2002-13758" and not first.notes
    added = [n for n in last.notes if n.eid == "art_12bis"]
    assert added[0].action == "inserted" and added[0].effective == "2008-03-29"
    headings = [p for p in main.provisions if p.kind != "article"]
    assert ("part_1__chp_1", "Objeto") in [(p.eid, p.heading) for p in headings]


def test_bad_inputs(tmp_path):
    path = tmp_path / "x-texto.xml"
    path.write_bytes(b"<response><data><texto><bloque id='a1'><version fecha_vigencia='2020'>"
                     b"<p>x</p></version></bloque></texto></data></response>")
    with pytest.raises(InputError, match="x-texto.xml:1.*fecha_vigencia"):
        read_boe(path)
    path.write_bytes(b"<response><data>")
    with pytest.raises(InputError, match="x-texto.xml"):
        read_boe(path)


def test_golden(shared, golden):
    doc = read_boe(shared / LOPD)
    golden("boe/BOE-A-2018-16673", {
        "source": doc.source, "work": doc.work,
        "editions": [{"valid_from": e.valid_from, "produced_by": e.produced_by,
                      "provisions": len(e.provisions), "notes": len(e.notes)}
                     for e in doc.editions],
        "first_edition_eids": [p.eid for p in doc.editions[0].provisions],
        "art_2_by_edition": [next(p.text for p in e.provisions if p.eid == "art_2")
                             for e in doc.editions[2:4]]})
