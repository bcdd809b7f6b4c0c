"""The portal against hostile content and hostile clients.

A real act (corpora/uz-lexuz-2025/Talim_Qonuni.txt) is imported in two editions whose title,
headings and text carry script and attribute-breaking payloads; every page, feed, export and
API answer must show them as text. Also: security headers everywhere (cached answers and
errors included), bounded query length and page size, no traceback to clients, and imports
over HTTP only with the admin token.

Limits (documented here and in the API): ``q`` at most ``MAX_QUERY`` (500) characters → 400;
search ``limit`` 1…100 and ``page`` 1…500 → else 400; ``/api/v1/works?limit`` 1…500 → else
400; request bodies 1 MB (413), admin uploads ``ADMIN_MAX_UPLOAD`` (64 MB, 413).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from urllib.parse import quote

import lxml.etree
import lxml.html
import pytest
from web_fixtures import release_zip

from ingest.importer import import_release
from lexsearch.store import Store
from web import create_app

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"

SCRIPT = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'
URI = "/akn/uz/act/qonun/1997-08-29/464-i"
TOKEN = "s3cret-admin-token-for-tests"


def _inject(text: str, extra: str = "") -> str:
    lines = text.splitlines()
    out = []
    for line in lines:
        if line.strip() == "TAʼLIM TOʻGʻRISIDA":
            line = f"{line} {SCRIPT} {ATTR}"
        elif line.startswith("1-modda."):
            line = f"{line} {ATTR}"
        elif line.startswith("Ushbu Qonun fuqarolarga"):
            line = f"{line} {SCRIPT} {ATTR} {extra}"
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def evil_data(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("evil")
    original = (CORPORA / "uz-lexuz-2025" / "Talim_Qonuni.txt").read_text(encoding="utf-8")
    data = root / "var"
    with Store(data) as store:
        for n, (valid_from, extra) in enumerate((("2019-01-01", ""),
                                                  ("2020-01-01", "<b>yangi</b> tahrir"))):
            release = root / f"r{n}"
            release.mkdir()
            (release / "Talim_Qonuni.txt").write_text(_inject(original, extra), encoding="utf-8")
            (release / "release.json").write_text(json.dumps({"files": {"Talim_Qonuni.txt": {
                "work": {"uri": URI}, "valid_from": valid_from}}}), encoding="utf-8")
            report = import_release(store, [release])
            assert report.ok, report.errors
        from indexes.build import update_index

        update_index(store, data)
    return data


@pytest.fixture(scope="module")
def client(evil_data):
    return create_app({"DATA_DIR": str(evil_data), "TESTING": True}).test_client()


def assert_safe_html(body: str, must_show: str = SCRIPT) -> None:
    """The page parses to no script/img/event-handler from the payloads, and shows them as
    text (so the check cannot pass on a page that simply lacks them)."""
    root = lxml.html.fromstring(body)
    assert not root.xpath("//script[contains(., 'alert')]")
    assert not root.xpath("//img[@src='x']")
    assert not [el for el in root.iter() if isinstance(el.tag, str)
                and any(a.lower().startswith("on") for a in el.attrib)]
    assert must_show in root.text_content()


HTML_PAGES = [
    URI,
    f"{URI}/uzb@2019-01-01",
    f"{URI}?as_of=2019-06-01",
    f"{URI}/timeline",
    f"{URI}/compare?from=2019-06-01&to=2020-06-01",
    f"{URI}/compare?from=2019-06-01&to=2020-06-01&view=inline",
    "/",
    "/browse",
    # the payload in the URL, reflected back
    "/search?q=" + quote(SCRIPT + " " + ATTR),
    "/changes?act=" + quote(SCRIPT + ATTR),
    "/browse?issuer=" + quote(SCRIPT),
]


@pytest.mark.parametrize("url", HTML_PAGES)
def test_pages_escape_the_payloads(client, url):
    resp = client.get(url)
    assert resp.status_code == 200, url
    assert_safe_html(resp.get_data(as_text=True))


@pytest.mark.parametrize("q", ["alert", "onerror", "script", "maqsadi"])
def test_search_results_and_snippets_escape_the_payloads(client, q):
    resp = client.get("/search", query_string={"q": q})
    assert resp.status_code == 200
    body = resp.get_data(as_text=True)
    root = lxml.html.fromstring(body)
    assert not root.xpath("//script[contains(., 'alert')]") and not root.xpath("//img")
    assert "alert(1)" in root.text_content() or "img src=x" in root.text_content()
    api = client.get("/api/v1/search", query_string={"q": q}).get_json()
    assert api["hits"]
    for hit in api["hits"]:
        fragment = lxml.html.fragment_fromstring(hit["snippet"] or "<span></span>",
                                                 create_parent="div")
        assert not fragment.xpath(".//script|.//img"), hit["snippet"]
        assert {el.tag for el in fragment.iter()} <= {"div", "mark", "b", "em", "span"}


def test_api_json_carries_the_text_as_data(client):
    resp = client.get("/api/v1/provisions", query_string={"work": URI, "eid": "art_1"})
    assert resp.mimetype == "application/json"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    provision = resp.get_json()["provisions"][0]
    assert SCRIPT in provision["text"] and ATTR in provision["heading"]
    work = client.get(f"/api/v1/works{URI}").get_json()
    assert SCRIPT in work["title"]


@pytest.mark.parametrize("url", ["/feeds/releases.atom", f"{URI}/feed.atom"])
def test_atom_feeds_escape_the_payloads(client, url):
    resp = client.get(url)
    assert resp.status_code == 200
    root = lxml.etree.fromstring(resp.data)
    assert not root.xpath("//*[local-name()='script' or local-name()='img']")
    assert SCRIPT in "".join(root.itertext())


@pytest.mark.parametrize("fmt, mimetype", [("txt", "text/plain"), ("akn", "application/akn+xml"),
                                           ("json", "application/json"),
                                           ("docx", "application/vnd.openxmlformats-"
                                                    "officedocument.wordprocessingml.document")])
def test_exports_are_not_html_and_keep_the_text(client, fmt, mimetype):
    resp = client.get(URI, query_string={"format": fmt})
    assert resp.status_code == 200 and resp.mimetype == mimetype
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    if fmt == "akn":
        root = lxml.etree.fromstring(resp.data)
        assert not root.xpath("//*[local-name()='script' or local-name()='img']")
        assert SCRIPT in "".join(root.itertext())
    elif fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(resp.data)) as zf:
            document = zf.read("word/document.xml")
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in document
    else:
        assert SCRIPT in resp.get_data(as_text=True)


@pytest.mark.parametrize("url", [URI, URI, "/search?q=alert", "/api/v1/works", "/nope",
                                 "/api/v1/nope", "/healthz", "/search?q=" + "x" * 600])
def test_security_headers_on_every_answer(client, url):
    resp = client.get(url)  # URI twice: the second answer comes from the response cache
    csp = resp.headers["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("url, status", [
    ("/search?q=" + "a" * 501, 400),
    ("/api/v1/search?q=" + "a" * 501, 400),
    ("/search?q=soliq&limit=101", 400),
    ("/search?q=soliq&page=501", 400),
    ("/api/v1/search?q=soliq&limit=100000", 400),
    ("/api/v1/works?limit=501", 400),
    ("/api/v1/works?offset=-1", 400),
])
def test_query_length_and_page_size_are_bounded(client, url, status):
    resp = client.get(url)
    assert resp.status_code == status
    assert "Traceback" not in resp.get_data(as_text=True)


def test_request_body_is_bounded(client):
    resp = client.post("/search", data=b"x" * (2 * 1024 * 1024))
    assert resp.status_code in (405, 413)


def test_no_traceback_reaches_the_client(evil_data, monkeypatch):
    app = create_app({"DATA_DIR": str(evil_data), "RESPONSE_CACHE_MB": 0})
    secret = "internal-detail-7f3a"

    def explode(*_args, **_kwargs):
        raise RuntimeError(secret)

    monkeypatch.setattr("web.documents.act_page", explode)
    monkeypatch.setattr("web.api.work_json", explode)
    client = app.test_client()
    for url, mimetype in ((URI, "text/html"), (f"/api/v1/works{URI}", "application/json")):
        resp = client.get(url)
        body = resp.get_data(as_text=True)
        assert resp.status_code == 500 and resp.mimetype == mimetype, url
        for leak in ("Traceback", secret, "RuntimeError", ".py", "explode"):
            assert leak not in body, (url, leak)
        assert resp.headers["Cache-Control"] == "no-store"
    assert client.get(f"/api/v1/works{URI}").get_json()["error"]["status"] == 500


# ---- imports over HTTP --------------------------------------------------------------------
@pytest.fixture
def admin_data(tmp_path, evil_data) -> Path:
    import shutil

    data = tmp_path / "var"
    shutil.copytree(evil_data, data)
    return data


def _post(client, token: str | None, body: bytes, name: str = "gazette.zip"):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return client.post("/api/v1/admin/import", headers=headers,
                       data={"release": (io.BytesIO(body), name)},
                       content_type="multipart/form-data")


def test_admin_import_is_off_without_a_configured_token(admin_data):
    client = create_app({"DATA_DIR": str(admin_data), "ADMIN_TOKEN": None}).test_client()
    assert _post(client, TOKEN, release_zip()).status_code == 404
    short = create_app({"DATA_DIR": str(admin_data), "ADMIN_TOKEN": "short"}).test_client()
    assert _post(short, "short", release_zip()).status_code == 404
    assert client.get("/api/v1/admin/import").status_code in (404, 405)


@pytest.mark.parametrize("token", [None, "", "wrong-token-wrong-token", TOKEN + "x"])
def test_admin_import_refuses_a_wrong_token(admin_data, token):
    client = create_app({"DATA_DIR": str(admin_data), "ADMIN_TOKEN": TOKEN}).test_client()
    before = Store(admin_data, readonly=True).last_batch_id()
    resp = _post(client, token, release_zip())
    assert resp.status_code == 403 and resp.get_json()["error"]["status"] == 403
    assert Store(admin_data, readonly=True).last_batch_id() == before


def test_admin_import_with_the_token(admin_data):
    app = create_app({"DATA_DIR": str(admin_data), "ADMIN_TOKEN": TOKEN})
    client = app.test_client()
    assert client.get("/api/v1/works/akn/uz/act/qonun/2019-07-02/orq-547").status_code == 404
    resp = _post(client, TOKEN, release_zip())
    assert resp.status_code == 200, resp.get_json()
    report = resp.get_json()
    assert report["batch"] and report["works"][0]["uri"] == "/akn/uz/act/qonun/2019-07-02/orq-547"
    assert resp.headers["Cache-Control"] == "no-store"
    assert client.get("/api/v1/works/akn/uz/act/qonun/2019-07-02/orq-547").status_code == 200
    hits = client.get("/api/v1/search", query_string={"q": "shaxsiy maʼlumotlar"}).get_json()
    assert any(h["work"].endswith("orq-547") for h in hits["hits"])  # indexed and reloaded
    again = _post(client, TOKEN, release_zip())
    assert again.status_code == 200 and not again.get_json()["changed"]


@pytest.mark.parametrize("body, name", [(b"PK\x03\x04 not really a zip", "bad.zip"),
                                        (b"", "empty.zip"),
                                        (None, "evil.zip")])
def test_admin_import_of_a_bad_zip_is_400_naming_it(admin_data, body, name):
    if body is None:  # a member that escapes the folder
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            zf.writestr("../evil.txt", "x")
        body = buffer.getvalue()
    client = create_app({"DATA_DIR": str(admin_data), "ADMIN_TOKEN": TOKEN}).test_client()
    before = Store(admin_data, readonly=True).last_batch_id()
    resp = _post(client, TOKEN, body, name)
    assert resp.status_code == 400
    text = resp.get_data(as_text=True)
    assert name in text and "lexsearch-upload-" not in text
    assert Store(admin_data, readonly=True).last_batch_id() == before


def test_admin_upload_is_size_capped(admin_data):
    client = create_app({"DATA_DIR": str(admin_data), "ADMIN_TOKEN": TOKEN,
                         "ADMIN_MAX_UPLOAD": 10_000}).test_client()
    resp = _post(client, TOKEN, release_zip() + b"\0" * 20_000)
    assert resp.status_code == 413
