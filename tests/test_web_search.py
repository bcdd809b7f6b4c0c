"""The search page: results grouped by act, highlights, filters, escaping, 503 without index."""

from __future__ import annotations

import shutil

import pytest
from web_fixtures import TAX_CODE, html

from web import create_app


def test_results_grouped_and_highlighted(web_client):
    resp = web_client.get("/search?q=soliq+toʻlovchi")
    assert resp.status_code == 200
    doc = html(resp)
    assert doc.xpath("//form[@class='search-form']//input[@name='q']/@value") == ["soliq toʻlovchi"]
    groups = doc.xpath("//section[@class='hit-group']")
    assert groups and groups[0].xpath("h2/a/@href") == [TAX_CODE]
    marks = doc.xpath("//span[@class='snippet']/mark/text()")
    assert marks and all(m.lower().startswith(("soliq", "toʻlov")) for m in marks)


def test_filters_and_facets(web_client):
    doc = html(web_client.get("/search?q=mehnat&type=kodeks"))
    facet_links = doc.xpath("//aside[@class='facets']//a/@href")
    assert any("lang=uzb" in h for h in facet_links)
    works = set(doc.xpath("//section[@class='hit-group']/h2/a/@href"))
    assert works and all("/act/kodeks/" in w for w in works)
    # the Tax Code, first for "soliq" above, has no Russian text: the language filter holds
    # (the Russian texts found are the codes where "soliq" translates as "налог")
    russian = html(web_client.get("/search?q=soliq&lang=rus")).xpath(
        "//section[@class='hit-group']/h2/a/@href")
    assert TAX_CODE not in russian
    assert html(web_client.get("/search?q=soliq")).xpath(
        "//section[@class='hit-group']/h2/a/@href")[0] == TAX_CODE


def test_pagination_keeps_the_query(web_client):
    doc = html(web_client.get("/search?q=soliq"))
    nxt = doc.xpath("//a[@rel='next']/@href")[0]
    assert "q=soliq" in nxt and "page=2" in nxt
    assert web_client.get(nxt).status_code == 200


def test_script_in_query_is_escaped(web_client):
    text = web_client.get("/search?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


@pytest.mark.parametrize("query", ["q=" + "a" * 501, "q=soliq&as_of=2020-02-31",
                                   "q=soliq&sort=random", "q=soliq&page=0"])
def test_bad_parameters_are_400(web_client, query):
    assert web_client.get(f"/search?{query}").status_code == 400


def test_without_index_search_is_503_not_fake(web_data, tmp_path):
    for name in ("lexsearch.db", "lexsearch.db-wal", "lexsearch.db-shm"):
        if (web_data / name).exists():
            shutil.copy(web_data / name, tmp_path / name)
    client = create_app({"DATA_DIR": str(tmp_path), "TESTING": True}).test_client()
    resp = client.get("/search?q=soliq")
    assert resp.status_code == 503
    doc = html(resp)
    assert not doc.xpath("//section[@class='hit-group']")
    assert client.get("/api/v1/search?q=soliq").status_code == 503
