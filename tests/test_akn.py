"""The Akoma Ntoso reader: the German LegalDocML.de act in two versions, its amending act, and
the EU Data Act."""

from __future__ import annotations

import pytest

from ingest.akn import read_akn
from lexsearch.errors import InputError, UnsafeInputError

DE = "versioned_xml/legaldocml_de_akn/eli/bund/bgbl-1"
V1964 = f"{DE}/1964/s593/1964-08-05/1/deu/1964-08-05/regelungstext-verkuendung-1.xml"
V2017 = f"{DE}/1964/s593/2017-03-16/1/deu/2017-03-15/regelungstext-verkuendung-1.xml"
AMENDING = f"{DE}/2017/s419/2017-03-15/1/deu/2022-08-23/regelungstext-verkuendung-1.xml"
EU = "versioned_xml/eu_data_act_formex/32023R2854-akn.xml"


def test_two_versions_are_one_work(shared):
    old, new = read_akn(shared / V1964), read_akn(shared / V2017)
    assert old.work.uri == new.work.uri == "/akn/de/act/gesetz/1964-08-05/s593"
    assert (old.work.subtype, old.work.date, old.work.number) == \
        (new.work.subtype, new.work.date, new.work.number)
    assert old.work.source_id == "eli/bund/bgbl-1/1964/s593"
    assert (old.editions[0].valid_from, new.editions[0].valid_from) == ("1964-08-05", "2017-03-16")
    assert old.editions[0].lang == new.editions[0].lang == "deu"
    assert old.work.title.endswith("(Vereinsgesetz)")
    old_art = {p.eid: p.text for p in old.editions[0].provisions}
    new_art = {p.eid: p.text for p in new.editions[0].provisions}
    assert old_art.keys() == new_art.keys()
    # the fixture's 2017 body is the 1964 body re-wrapped: same text, later expression date
    assert old_art == new_art


def test_german_eids_are_normalised(shared):
    edition = read_akn(shared / V1964).editions[0]
    assert [(p.eid, p.kind, p.parent) for p in edition.provisions][:2] == [
        ("art_20", "article", None), ("art_34", "article", None)]
    art = edition.provisions[0]
    assert art.num == "§ 20"
    assert art.text.startswith("(1) Wer\nentgegen einem vollziehbaren Verbot")
    # paragraphs stay in the article's text, never doubled as clause provisions
    assert "\n(2) " in art.text
    assert not any(p.kind == "clause" for p in edition.provisions)


def test_amending_act(shared):
    doc = read_akn(shared / AMENDING)
    assert doc.work.number == "s419" and doc.work.uri != read_akn(shared / V1964).work.uri
    art1 = next(p for p in doc.editions[0].provisions if p.eid == "art_1")
    assert art1.heading == "Änderung des Vereinsgesetzes"
    assert "Vereinsgesetz vom 5. August 1964" in art1.text


def test_eu_data_act_keeps_document_eids(shared):
    doc = read_akn(shared / EU)
    edition = doc.editions[0]
    assert (doc.work.country, doc.work.subtype, doc.work.number, doc.work.date) == \
        ("eu", "regulation", "2854", "2023-12-13")
    assert edition.lang == "eng" and edition.valid_from == "2023-12-13"
    arts = [p for p in edition.provisions if p.kind == "article"]
    assert len(arts) == 50 and arts[0].eid == "art_1" and arts[-1].eid == "art_50"
    assert arts[0].heading == "Subject matter and scope"
    chapters = [p for p in edition.provisions if p.kind == "chapter"]
    assert len(chapters) == 11 and chapters[0].eid == "chp_I"
    assert arts[0].parent == "chp_I"
    assert "OJ C 402" not in "".join(p.text for p in edition.provisions)  # footnotes left out


def test_bad_inputs(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<akomaNtoso><act><meta>")
    with pytest.raises(InputError, match="bad.xml"):
        read_akn(bad)
    other = tmp_path / "other.xml"
    other.write_bytes(b"<response/>")
    with pytest.raises(InputError, match="not <akomaNtoso>"):
        read_akn(other)
    xxe = tmp_path / "xxe.xml"
    xxe.write_bytes(b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><akomaNtoso>&x;'
                    b"</akomaNtoso>")
    with pytest.raises(UnsafeInputError, match="xxe.xml"):
        read_akn(xxe)


def test_golden(shared, golden):
    golden("akn/vereinsgesetz-1964", read_akn(shared / V1964))
