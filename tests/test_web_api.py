"""The JSON API: works, editions, provisions, diff, citations, search, errors, OpenAPI."""

from __future__ import annotations

import pytest
from web_fixtures import EDUCATION_LAW, LABOUR_CODE, TAX_CODE


def test_openapi_document_is_valid_3_1(web_client):
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation import OpenAPIV31SpecValidator

    doc = web_client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    validate(doc, cls=OpenAPIV31SpecValidator)
    assert {"/search", "/works", "/works/{uri}", "/editions", "/provisions", "/diff",
            "/citations"} <= set(doc["paths"])


def test_works_list_and_type_filter(web_client):
    everything = web_client.get("/api/v1/works").get_json()
    assert everything["total"] == 14  # 11 works, the Criminal Code, PQ-282 and VMQ-172
    codes = web_client.get("/api/v1/works?type=kodeks").get_json()
    assert codes["total"] == 7
    assert {w["subtype"] for w in codes["works"]} == {"kodeks"}
    assert TAX_CODE in {w["uri"] for w in codes["works"]}


def test_work_with_editions(web_client):
    data = web_client.get("/api/v1/works" + LABOUR_CODE).get_json()
    assert data["uri"] == LABOUR_CODE and data["number"] == "OʻRQ-798"
    assert [(e["lang"], e["valid_from"]) for e in data["editions"]] == [
        ("rus", "2023-04-30"), ("uzb-Cyrl", "2023-04-30"), ("uzb", "2025-11-12"),
        ("uzb", "2026-07-01")]
    assert web_client.get("/api/v1/works" + EDUCATION_LAW).get_json()["status"] == "repealed"


@pytest.mark.parametrize("as_of, expected", [("2025-12-31", "2025-11-12"),
                                             ("2026-07-01", "2026-07-01"), ("", "2026-07-01")])
def test_editions_as_of(web_client, as_of, expected):
    data = web_client.get(f"/api/v1/editions?work={LABOUR_CODE}&as_of={as_of}").get_json()
    assert data["edition"]["valid_from"] == expected


def test_provisions_with_notes(web_client):
    data = web_client.get(f"/api/v1/provisions?work={TAX_CODE}&eid=art_2").get_json()
    (art,) = data["provisions"]
    assert art["label"].startswith("2-modda.")
    assert "tahririda" not in art["text"]
    assert art["notes"][0]["act_number"] == "OʻRQ-683"
    everything = web_client.get(f"/api/v1/provisions?work={TAX_CODE}").get_json()
    assert sum(p["kind"] == "article" for p in everything["provisions"]) == 496


def test_diff_between_dates(web_client):
    data = web_client.get(f"/api/v1/diff?work={LABOUR_CODE}&from=2025-11-12&to=2026-07-01"
                          ).get_json()
    assert data["from"].endswith("@2025-11-12") and data["to"].endswith("@2026-07-01")
    assert data["counts"]["changed"] == len(data["changed"]) > 0
    ops = {op[0] for c in data["changed"] for op in c["ops"]}
    assert ops <= {"=", "-", "+"} and "=" in ops


def test_citations_resolved(web_client):
    data = web_client.get(f"/api/v1/citations?work={TAX_CODE}&eid=art_374").get_json()
    assert any(c["target_work"] == LABOUR_CODE for c in data["citations"])
    for c in data["citations"]:
        assert c["start"] < c["end"]


@pytest.mark.parametrize("url, status", [
    ("/api/v1/works/akn/uz/act/kodeks/2019-12-30/nothing", 404),
    ("/api/v1/editions?work=/akn/uz/act/kodeks/2019-12-30/nothing", 404),
    (f"/api/v1/editions?work={TAX_CODE}&as_of=yesterday", 400),
    (f"/api/v1/editions?work={TAX_CODE}&as_of=1990-01-01", 404),
    ("/api/v1/editions", 400),
    (f"/api/v1/provisions?work={TAX_CODE}&eid=art_99999", 404),
    (f"/api/v1/diff?work={LABOUR_CODE}&from=2025-11-12", 400),
    (f"/api/v1/diff?work={LABOUR_CODE}&from=2025-02-30&to=2026-07-01", 400),
    ("/api/v1/works?limit=0", 400),
    ("/api/v1/works?limit=ten", 400),
    ("/api/v1/search", 400),
    ("/api/v1/search?q=" + "x" * 501, 400),
    ("/api/v1/search?q=soliq&lang=xx", 400),
    ("/api/v1/nothing-here", 404),
])
def test_json_errors(web_client, url, status):
    resp = web_client.get(url)
    assert resp.status_code == status
    assert resp.mimetype == "application/json"
    assert resp.get_json()["error"]["status"] == status
    assert resp.get_json()["error"]["message"]


def test_api_search(web_client):
    data = web_client.get("/api/v1/search?q=soliq&limit=5").get_json()
    assert data["total"] > 0 and len(data["hits"]) == 5
    assert all(h["work"].startswith("/akn/") for h in data["hits"])
