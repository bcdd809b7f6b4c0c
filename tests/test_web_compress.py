"""Compressed answers (web.compress): brotli or gzip as the client asks, for HTML, JSON and
XML; ``Vary: Accept-Encoding``; a compressed representation has the weak ETag, which still
gets a 304 before rendering; DOCX and PDF are sent as they are."""

from __future__ import annotations

import gzip

import brotli
import pytest
from web_fixtures import LABOUR_CODE, TAX_CODE

from web import create_app


def decoded(resp) -> bytes:
    encoding = resp.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(resp.data)
    if encoding == "gzip":
        return gzip.decompress(resp.data)
    assert encoding is None, encoding
    return resp.data


@pytest.mark.parametrize("path, mimetype", [
    (TAX_CODE, "text/html"),
    ("/api/v1/works?limit=50", "application/json"),
    (f"{LABOUR_CODE}/rus?format=akn", "application/akn+xml"),
    ("/api/v1/openapi.json", "application/json"),
])
@pytest.mark.parametrize("accept, encoding", [("gzip", "gzip"), ("br", "br"),
                                              ("gzip, deflate, br", "br"),
                                              ("br;q=0.5, gzip", "gzip")])
def test_compressed_as_the_client_accepts(web_client, path, mimetype, accept, encoding):
    plain = web_client.get(path)
    resp = web_client.get(path, headers={"Accept-Encoding": accept})
    assert resp.status_code == plain.status_code == 200
    assert resp.mimetype == mimetype
    assert plain.headers.get("Content-Encoding") is None
    assert resp.headers["Content-Encoding"] == encoding
    assert decoded(resp) == plain.data
    assert len(resp.data) < len(plain.data) / 3
    assert int(resp.headers["Content-Length"]) == len(resp.data)
    for answer in (plain, resp):
        assert "accept-encoding" in answer.headers["Vary"].lower()


def test_tax_code_page_compressed_size(web_client):
    """The Tax Code page (over 2 MB of HTML) travels as about an eighth of it."""
    plain = web_client.get(TAX_CODE)
    assert len(plain.data) > 2_000_000
    br = web_client.get(TAX_CODE, headers={"Accept-Encoding": "br"})
    gz = web_client.get(TAX_CODE, headers={"Accept-Encoding": "gzip"})
    assert len(br.data) < len(plain.data) * 0.15
    assert len(gz.data) < len(plain.data) * 0.2


def test_compressed_representation_has_the_weak_etag(web_client):
    plain = web_client.get(TAX_CODE)
    strong = plain.headers["ETag"]
    assert strong.startswith('"')
    resp = web_client.get(TAX_CODE, headers={"Accept-Encoding": "br"})
    assert resp.headers["ETag"] == "W/" + strong
    # the weak ETag is answered 304 (ops, before rendering), repeating the weak ETag
    again = web_client.get(TAX_CODE, headers={"Accept-Encoding": "br",
                                              "If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == resp.headers["ETag"]
    assert "accept-encoding" in again.headers["Vary"].lower()
    # the identity representation's strong ETag still matches, and stays strong
    same = web_client.get(TAX_CODE, headers={"If-None-Match": strong})
    assert same.status_code == 304 and same.headers["ETag"] == strong
    # another ETag is not a match: the whole compressed answer
    other = web_client.get(TAX_CODE, headers={"Accept-Encoding": "gzip",
                                              "If-None-Match": 'W/"0000"'})
    assert other.status_code == 200 and decoded(other) == plain.data


def test_star_if_none_match_on_a_compressed_answer(web_client):
    resp = web_client.get(TAX_CODE, headers={"Accept-Encoding": "gzip", "If-None-Match": "*"})
    assert resp.status_code == 304 and resp.data == b""


@pytest.mark.parametrize("fmt, mimetype", [
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_already_compressed_types_are_sent_as_they_are(web_client, fmt, mimetype):
    resp = web_client.get(f"{LABOUR_CODE}/rus?format={fmt}", headers={"Accept-Encoding": "br"})
    assert resp.status_code == 200 and resp.mimetype == mimetype
    assert "Content-Encoding" not in resp.headers
    assert resp.data.startswith(b"PK")
    assert resp.headers["ETag"].startswith('"')  # not weakened: this representation is one


def test_identity_only_client_gets_identity(web_client):
    resp = web_client.get(TAX_CODE, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in resp.headers and resp.data.startswith(b"<!doctype html")


def test_compressed_bodies_are_kept_with_the_response_cache(web_data):
    on = create_app({"DATA_DIR": str(web_data), "TESTING": True, "RESPONSE_CACHE_MB": 16})
    off = create_app({"DATA_DIR": str(web_data), "TESTING": True, "RESPONSE_CACHE_MB": 0})
    assert off.extensions["lexsearch_compress"].cache is None
    cache = on.extensions["lexsearch_compress"].cache
    client = on.test_client()
    first = client.get(TAX_CODE, headers={"Accept-Encoding": "br"})
    key = "br;" + first.headers["ETag"].removeprefix("W/").strip('"')
    assert cache.get(key) == first.data
    second = client.get(TAX_CODE, headers={"Accept-Encoding": "br"})
    assert second.data == first.data
    # an answer without our ETag (a static file) is compressed but never kept
    size = cache._lru.size
    css = client.get("/static/style.css", headers={"Accept-Encoding": "br"})
    assert css.status_code == 200 and css.headers["Content-Encoding"] == "br"
    assert cache._lru.size == size
