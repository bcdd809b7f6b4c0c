"""The compare view and the timeline."""

from __future__ import annotations

import pytest
from web_fixtures import LABOUR_CODE, TAX_CODE, html

COMPARE = LABOUR_CODE + "/compare?from=2025-11-12&to=2026-07-01"


@pytest.mark.parametrize("view", ["side", "inline"])
def test_compare_view(web_client, view):
    resp = web_client.get(f"{COMPARE}&view={view}")
    assert resp.status_code == 200
    doc = html(resp)
    api = web_client.get(f"/api/v1/diff?work={LABOUR_CODE}&from=2025-11-12&to=2026-07-01"
                         ).get_json()
    summary = doc.xpath("string(//ul[@class='diff-summary']/li[@class='s-changed']/strong)")
    assert int(summary) == api["counts"]["changed"]
    assert len(doc.xpath("//section[@class='diff-item']")) == api["counts"]["changed"]
    assert doc.xpath("//ins") and doc.xpath("//del")
    if view == "side":
        assert doc.xpath("//div[@class='side-by-side']/div[@class='new']//ins")
        assert not doc.xpath("//div[@class='side-by-side']/div[@class='old']//ins")
    else:
        assert doc.xpath("//div[@class='inline-diff']//ins")


def test_compare_word_level_reconstructs_new_text(web_client):
    doc = html(web_client.get(f"{COMPARE}&view=side"))
    api = web_client.get(f"/api/v1/diff?work={LABOUR_CODE}&from=2025-11-12&to=2026-07-01"
                         ).get_json()
    first = api["changed"][0]
    new_text = "".join(t for op, t in first["ops"] if op != "-")
    shown = doc.xpath(f"string(//section[@id='d-{first['eid']}']//div[@class='new'])")
    assert shown == new_text


@pytest.mark.parametrize("query, status", [("from=2025-11-12", 400), ("from=x&to=y", 400),
                                           ("from=1990-01-01&to=2026-07-01", 404),
                                           ("from=2025-11-12&to=2026-07-01&view=pdf", 400)])
def test_compare_errors(web_client, query, status):
    assert web_client.get(f"{LABOUR_CODE}/compare?{query}").status_code == status


def test_timeline_lists_amending_acts_and_provision_history(web_client):
    doc = html(web_client.get(TAX_CODE + "/timeline?eid=art_2"))
    assert "OʻRQ-683" in doc.xpath("string(//section[@class='provision-history'])")
    acts = doc.xpath("//h2[contains(., 'Oʻzgartirgan')]/following-sibling::ol/li")
    assert len(acts) > 5


def test_changes_by_act(web_client):
    doc = html(web_client.get("/changes?act=ЗРУ-683"))  # Cyrillic alias of OʻRQ-683
    links = doc.xpath("//ul[@class='changes']/li/a/@href")
    assert any(h.startswith(TAX_CODE) and h.endswith("#art_2") for h in links)
