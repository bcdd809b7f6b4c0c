"""Nothing stale or foreign gets out of the portal (issue 14, findings 2, 4, 6 and 11):
no request header in a shared answer, exports linear, bounded and rendered once, a health
check that sees a damaged store or index, engine failures as clean 503s, HTTP conditionals
and method errors as RFC 9110 has them."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import random
import shutil
import threading
import time
from pathlib import Path

import pytest
from lxml import etree
from web_fixtures import LABOUR_CODE, PERSONAL_DATA_LAW, TAX_CODE, release_zip

from lexsearch.backup import data_lock
from lexsearch.store import Store
from web import create_app

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = "evil.example"
TOKEN = "integrity-admin-token-0123456789"


@pytest.fixture
def data(web_data, tmp_path) -> Path:
    """A private copy of the imported and indexed sample, free to damage."""
    copy = tmp_path / "var"
    shutil.copytree(web_data, copy, ignore=shutil.ignore_patterns("exports"))
    return copy


def _app(data: Path, **config):
    return create_app({"DATA_DIR": str(data), "TESTING": True, **config})


def _no_host(resp) -> None:
    assert HOSTILE.encode() not in resp.data
    assert all(HOSTILE not in value for _, value in resp.headers.items())


# ---- finding 2: the Host header ----------------------------------------------------------
@pytest.mark.parametrize("url", ["/feeds/releases.atom", LABOUR_CODE + "/feed.atom",
                                 "/api/v1/openapi.json", "/", TAX_CODE])
def test_the_host_header_never_reaches_a_shared_answer(data, url):
    client = _app(data).test_client()
    first = client.get(url, base_url=f"http://{HOSTILE}")  # fills the response cache
    second = client.get(url, base_url="http://lex.example.uz")
    assert first.status_code == second.status_code == 200
    assert "public" in first.headers["Cache-Control"]
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    _no_host(first)
    _no_host(second)


def test_routing_redirects_do_not_name_the_request_host(data):
    client = _app(data).test_client()
    resp = client.get("/api//v1/works", base_url=f"http://{HOSTILE}")  # merged slashes
    assert resp.status_code == 308 and resp.headers["Location"] == "/api/v1/works"
    _no_host(resp)
    based = _app(data, BASE_URL="https://lex.example.uz").test_client()
    resp = based.get("/api//v1/works", base_url=f"http://{HOSTILE}")
    assert resp.headers["Location"] == "https://lex.example.uz/api/v1/works"


def test_links_are_relative_without_a_base_url(data):
    client = _app(data).test_client()
    feed = etree.fromstring(client.get("/feeds/releases.atom").data)
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(h.startswith("/") for h in hrefs)
    assert client.get("/api/v1/openapi.json").get_json()["servers"] == [{"url": "/api/v1"}]


def test_links_use_the_configured_base_url(data, monkeypatch):
    monkeypatch.setenv("LEXSEARCH_BASE_URL", "https://lex.example.uz/portal/")
    client = create_app({"DATA_DIR": str(data)}).test_client()
    feed = etree.fromstring(client.get("/feeds/releases.atom", base_url=f"http://{HOSTILE}").data)
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(h.startswith("https://lex.example.uz/portal/") for h in hrefs)
    assert "https://lex.example.uz/portal" + TAX_CODE + "/uzb@2025-10-20" in hrefs
    spec = client.get("/api/v1/openapi.json", base_url=f"http://{HOSTILE}").get_json()
    assert spec["servers"] == [{"url": "https://lex.example.uz/portal/api/v1"}]


@pytest.mark.parametrize("bad", ["lex.example.uz", "javascript:alert(1)", "https://a b/",
                                 "ftp://lex.example.uz"])
def test_a_base_url_that_is_not_one_is_refused_naming_the_setting(data, bad):
    with pytest.raises(ValueError, match="BASE_URL"):
        create_app({"DATA_DIR": str(data), "BASE_URL": bad})


# ---- finding 4: exports ------------------------------------------------------------------
def _tax_code(app):
    from web.act_view import load_act, store

    with app.test_request_context(TAX_CODE):
        _, work, edition = load_act(TAX_CODE)
        return work, edition, store().provisions(edition)


def _cost(build, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        build()
        best = min(best, time.perf_counter() - started)
    return best


def test_docx_build_grows_linearly_with_the_edition(data):
    """6x the articles costs at most about 6x (python-docx's add_paragraph made it over 20x)."""
    from web.exports import edition_docx

    app = _app(data)
    work, edition, provisions = _tax_code(app)
    articles = [p for p in provisions if p.kind == "article"]
    small, large = articles[:200], (articles * 3)[:1200]
    with app.app_context():
        ratio = _cost(lambda: edition_docx(work, edition, large)) / _cost(
            lambda: edition_docx(work, edition, small))
    assert ratio < 10, f"DOCX cost grew {ratio:.1f}x for 6x the articles"


def test_docx_holds_every_paragraph_with_real_headings(data):
    from docx import Document

    from web.exports import docx_paragraphs, edition_docx

    app = _app(data)
    work, edition, provisions = _tax_code(app)
    with app.app_context():
        doc = Document(io.BytesIO(edition_docx(work, edition, provisions)))
        expected = list(docx_paragraphs(work, edition, provisions))
    got = [(p.style.name, p.text) for p in doc.paragraphs]
    assert [(s or "Normal", t) for s, t in expected] == got
    assert sum(name.startswith("Heading") and "-modda." in text for name, text in got) == 496


def test_docx_of_a_title_longer_than_255_characters(data):
    from docx import Document

    from web.exports import edition_docx

    app = _app(data)
    work, edition, provisions = _tax_code(app)
    long_title = " ".join([work.title] * 12)
    assert len(long_title) > 255
    work = dataclasses.replace(work, title=long_title, titles={edition.lang: long_title})
    with app.app_context():
        doc = Document(io.BytesIO(edition_docx(work, edition, provisions[:20])))
    assert len(doc.core_properties.title) == 255 and doc.core_properties.title.endswith("…")
    assert doc.paragraphs[0].text == long_title  # the document itself keeps the whole title


@pytest.mark.parametrize("fmt", ["docx", "akn"])
def test_an_export_over_the_size_cap_answers_413_naming_the_limit(data, fmt):
    client = _app(data, EXPORT_MAX_PARAGRAPHS=1000).test_client()
    resp = client.get(TAX_CODE + f"?format={fmt}")
    assert resp.status_code == 413
    assert "1,000" in resp.get_data(as_text=True)
    assert resp.headers["Cache-Control"] == "no-store"
    assert client.get(TAX_CODE + "?format=txt").status_code == 200  # the way out it names


def test_a_large_export_is_rendered_once_and_stored(data, monkeypatch):
    import web.exports

    config = {"EXPORT_CACHE_MIN_CHARS": 0, "RESPONSE_CACHE_MB": 0}
    first = _app(data, **config).test_client().get(TAX_CODE + "?format=docx")
    assert first.status_code == 200
    stored = list((data / "exports").rglob("*.docx"))
    assert len(stored) == 1 and stored[0].read_bytes() == first.data
    assert not [p for p in (data / "exports").rglob("*") if p.name.startswith(".tmp-")]

    def no_second_rendering(*args):
        raise AssertionError("rendered again")

    monkeypatch.setattr(web.exports, "edition_docx", no_second_rendering)
    again = _app(data, **config).test_client().get(TAX_CODE + "?format=docx")  # a new process
    assert again.status_code == 200 and again.data == first.data
    # another edition of another act is another file
    other = _app(data, **config).test_client().get(LABOUR_CODE + "?format=akn")
    assert other.status_code == 200 and len(list((data / "exports").rglob("*.xml"))) == 1


def test_concurrent_requests_for_one_large_export_render_it_once(data, monkeypatch):
    import web.exports

    real, calls = web.exports.edition_docx, []

    def counted(*args):
        calls.append(1)
        time.sleep(0.3)  # still rendering when the others ask
        return real(*args)

    monkeypatch.setattr(web.exports, "edition_docx", counted)
    app = _app(data, EXPORT_CACHE_MIN_CHARS=0, RESPONSE_CACHE_MB=0)
    bodies: list[bytes] = []

    def download() -> None:
        bodies.append(app.test_client().get(TAX_CODE + "?format=docx").data)

    workers = [threading.Thread(target=download) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert len(bodies) == 3 and len(set(bodies)) == 1 and bodies[0].startswith(b"PK")
    assert len(calls) == 1


def test_a_read_only_data_folder_still_exports(data):
    (data / "exports").mkdir()
    os.chmod(data / "exports", 0o555)
    try:
        resp = _app(data, EXPORT_CACHE_MIN_CHARS=0).test_client().get(TAX_CODE + "?format=txt")
    finally:
        os.chmod(data / "exports", 0o755)
    assert resp.status_code == 200 and "39-modda." in resp.get_data(as_text=True)


def test_txt_export_names_its_charset_once(data):
    resp = _app(data).test_client().get(TAX_CODE + "?format=txt")
    assert resp.headers["Content-Type"] == "text/plain; charset=utf-8"


# ---- finding 6: health -------------------------------------------------------------------
def _damage(path: Path, fraction: float, size: int = 8 * 4096) -> None:
    """Overwrite ``size`` bytes of random noise from the page at ``fraction`` of the file."""
    total = path.stat().st_size
    rnd = random.Random(14)
    with open(path, "r+b") as fh:
        fh.seek(int(total * fraction) // 4096 * 4096)
        fh.write(bytes(rnd.randrange(256) for _ in range(min(size, total // 3))))


def _segment_files(data: Path, ext: str) -> list[Path]:
    return sorted((data / "index" / "tantivy").glob(f"*.{ext}"))


def _unhealthy(client, part: str, words: str) -> dict:
    resp = client.get("/healthz")
    assert resp.status_code == 503 and resp.is_json
    body = resp.get_json()
    assert body["status"] == "unhealthy" and not body[part]["ok"]
    assert words in body[part]["error"], body[part]
    _secured(resp)
    return body


def _secured(resp) -> None:
    assert "default-src 'self'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Cache-Control"] == "no-store"


def test_a_healthy_copy_is_healthy(data):
    body = _app(data).test_client().get("/healthz").get_json()
    assert body["status"] == "ok" and body["index"]["behind"] == 0
    assert body["index"]["batch"] == body["store"]["batch"]


def _damage_table_pages(data: Path, table: str, every: int = 3) -> None:
    """Overwrite every ``every``-th page of ``table`` (leaf and overflow pages, from SQLite's
    ``dbstat``) with random bytes."""
    import sqlite3

    path = data / "lexsearch.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [r[0] for r in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype IN ('leaf', 'overflow') "
            "ORDER BY pageno", (table,))]
    conn.close()
    rnd = random.Random(14)
    with open(path, "r+b") as fh:
        for page in pages[::every]:
            fh.seek((page - 1) * size)
            fh.write(bytes(rnd.randrange(256) for _ in range(size)))


def test_health_sees_damaged_store_pages(data):
    _damage_table_pages(data, "texts")
    client = _app(data).test_client()
    _unhealthy(client, "store", "store damaged")
    answers = [client.get(f"/api/v1/provisions?work={uri}") for uri in (TAX_CODE, LABOUR_CODE)]
    assert all(r.status_code == 503 and r.is_json for r in answers)
    assert "store cannot be read" in answers[0].get_json()["error"]["message"]
    _secured(answers[0])


@pytest.mark.parametrize("ext", ["fast", "store", "idx", "term", "pos", "fieldnorm"])
def test_health_sees_a_damaged_index_segment(data, ext):
    for path in _segment_files(data, ext):
        _damage(path, 0.33, 4096)
    _unhealthy(_app(data).test_client(), "index", "checksum mismatch")


def test_health_sees_a_segment_file_missing(data):
    victim = _segment_files(data, "pos")[0]
    victim.unlink()
    _unhealthy(_app(data).test_client(), "index", f"{victim.name}: missing")


class FakePanic(BaseException):
    """What pyo3 raises for a Rust panic: not an ``Exception``."""


def _panicking(data: Path, monkeypatch) -> None:
    from lexsearch.search.tantivy_engine import TantivyEngine

    def search(*args, **kwargs):
        raise FakePanic("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(TantivyEngine, "search", search)


def _damage_middle(ext: str):
    def damage(data: Path, monkeypatch) -> None:
        for path in _segment_files(data, ext):  # the middle half of every segment's file
            size = path.stat().st_size
            with open(path, "r+b") as fh:
                fh.seek(size // 4)
                fh.write(b"\xff" * (size // 2))

    damage.__name__ = f"damaged_{ext}"
    return damage


_damaged_fast_fields = _damage_middle("fast")  # tantivy panics ("mid > len" and the like)
_damaged_doc_store = _damage_middle("store")  # tantivy raises ValueError ("An IO error …")


@pytest.mark.parametrize("damage", [_panicking, _damaged_fast_fields, _damaged_doc_store])
def test_a_failing_engine_answers_503_with_the_usual_headers(data, damage, monkeypatch):
    damage(data, monkeypatch)
    client = _app(data).test_client()
    api = client.get("/api/v1/search", query_string={"q": "soliq"})
    assert api.status_code == 503 and api.is_json
    assert "index" in api.get_json()["error"]["message"]
    _secured(api)
    page = client.get("/search", query_string={"q": "mehnat shartnomasi"})
    assert page.status_code == 503 and page.mimetype == "text/html"
    _secured(page)
    again = client.get("/api/v1/search", query_string={"q": "soliq"})  # the worker lives on
    assert again.status_code == 503 and again.is_json


def _index_behind(data: Path, by: int = 1) -> None:
    state_file = data / "index" / "tantivy" / "state.json"
    state = json.loads(state_file.read_text(encoding="utf-8"))
    state["batch"] -= by  # what an import killed between the store commit and the index leaves
    state_file.write_text(json.dumps(state), encoding="utf-8")


def test_health_sees_an_index_behind_the_store(data):
    _index_behind(data)
    body = _unhealthy(_app(data).test_client(), "index", "run `lexsearch index`")
    assert body["index"]["behind"] == 1


def test_health_sees_an_index_ahead_of_the_store(data):
    _index_behind(data, by=-1)  # the store restored from an older backup
    _unhealthy(_app(data).test_client(), "index", "ahead of the store")


def test_an_index_catching_up_under_the_writer_lock_is_healthy(data):
    _index_behind(data)
    with data_lock(data, 1):
        body = _app(data).test_client().get("/healthz").get_json()
    assert body["status"] == "ok" and body["index"]["updating"] is True


# ---- finding 11: conditionals, methods, OpenAPI bounds, the admin import -----------------
def test_if_none_match_star_matches_only_an_existing_answer(data):
    client = _app(data).test_client()
    star = {"If-None-Match": "*"}
    assert client.get(TAX_CODE.replace("orq-599", "orq-9999"), headers=star).status_code == 404
    assert client.get("/api/v1/works/akn/uz/act/qonun/2001-01-01/x", headers=star
                      ).status_code == 404
    assert client.get("/api/v1/search", headers=star).status_code == 400  # no q
    assert client.get("/api/v1/works?limit=0", headers=star).status_code == 400
    hit = client.get(TAX_CODE, headers=star)
    assert hit.status_code == 304 and hit.data == b"" and hit.headers["ETag"]
    _no_body_headers = ("Content-Disposition",)
    export = client.get(TAX_CODE + "?format=txt", headers=star)
    assert export.status_code == 304 and not any(h in export.headers for h in _no_body_headers)


def test_if_none_match_compares_weakly(data):
    client = _app(data).test_client()
    etag = client.get("/api/v1/works").headers["ETag"]
    assert etag.startswith('"')
    assert client.get("/api/v1/works", headers={"If-None-Match": "W/" + etag}).status_code == 304
    other = f'W/"nope", {etag}'
    assert client.get("/api/v1/works", headers={"If-None-Match": other}).status_code == 304
    assert client.get("/api/v1/works", headers={"If-None-Match": 'W/"nope"'}).status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/works", "/api/v1/search?q=soliq", "/", TAX_CODE])
def test_405_says_which_methods_are_allowed(data, url):
    resp = _app(data).test_client().post(url)
    assert resp.status_code == 405
    assert {"GET", "HEAD"} <= {m.strip() for m in resp.headers["Allow"].split(",")}


def test_openapi_states_the_bounds_the_server_enforces(data):
    from web.search import MAX_PAGE

    client = _app(data).test_client()
    spec = client.get("/api/v1/openapi.json").get_json()
    search = {p["name"]: p["schema"] for p in spec["paths"]["/search"]["get"]["parameters"]}
    works = {p["name"]: p["schema"] for p in spec["paths"]["/works"]["get"]["parameters"]}
    q_max = search["q"]["maxLength"]
    assert search["q"]["minLength"] == 1 and q_max == client.application.config["MAX_QUERY"]
    assert search["page"]["maximum"] == MAX_PAGE
    cases = [("/api/v1/search", {"q": "x" * q_max}, 200),
             ("/api/v1/search", {"q": "x" * (q_max + 1)}, 400),
             ("/api/v1/search", {"q": "soliq", "page": search["page"]["maximum"] + 1}, 400),
             ("/api/v1/search", {"q": "soliq", "limit": search["limit"]["maximum"] + 1}, 400),
             ("/api/v1/search", {"q": "soliq", "type": "k" * search["type"]["maxLength"]}, 200),
             ("/api/v1/search", {"q": "soliq", "type": "k" * (search["type"]["maxLength"] + 1)},
              400),
             ("/api/v1/works", {"offset": works["offset"]["maximum"]}, 200),
             ("/api/v1/works", {"offset": works["offset"]["maximum"] + 1}, 400),
             ("/api/v1/works", {"limit": works["limit"]["maximum"] + 1}, 400)]
    for url, args, status in cases:
        assert client.get(url, query_string=args).status_code == status, (url, args)


def _admin_post(client, body: bytes):
    return client.post("/api/v1/admin/import", headers={"Authorization": f"Bearer {TOKEN}"},
                       data={"release": (io.BytesIO(body), "gazette.zip")},
                       content_type="multipart/form-data")


def test_admin_import_behind_the_writer_lock_answers_503_with_retry_after(data):
    client = _app(data, ADMIN_TOKEN=TOKEN).test_client()
    before = Store(data, readonly=True).last_batch_id()
    result: dict = {}

    def post() -> None:
        result["resp"] = _admin_post(client, release_zip())

    with data_lock(data, 1):  # another import or a backup
        worker = threading.Thread(target=post)
        worker.start()
        worker.join(timeout=20)  # far less than the 60 s it used to wait
        assert not worker.is_alive(), "the admin import waited for the lock"
    resp = result["resp"]
    assert resp.status_code == 503 and resp.is_json
    assert int(resp.headers["Retry-After"]) > 0
    assert "writer lock" in resp.get_json()["error"]["message"]
    assert Store(data, readonly=True).last_batch_id() == before
    assert _admin_post(client, release_zip()).status_code == 200  # free again: it imports


def test_admin_import_refusal_carries_the_api_error_naming_the_field(data):
    manifest = {"files": {PERSONAL_DATA_LAW.name: {"language": 7}}}
    body = release_zip({"release.json": json.dumps(manifest)})
    resp = _admin_post(_app(data, ADMIN_TOKEN=TOKEN).test_client(), body)
    assert resp.status_code == 400
    error = resp.get_json()["error"]
    assert error["status"] == 400
    assert error["field"] == f"files.{PERSONAL_DATA_LAW.name}.language"
    assert error["file"].endswith("release.json") and "lexsearch-upload-" not in error["file"]
