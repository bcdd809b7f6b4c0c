"""Operations: /healthz, HTTP caching (ETag, 304, Cache-Control), searchers that follow
imports, and `lexsearch serve --workers N` under gunicorn on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from web_fixtures import web_data  # noqa: F401 - the session store of the sample

from lexsearch.cli import main
from web import create_app

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"

PERSONAL_DATA = "/akn/uz/act/qonun/2019-07-02/orq-547"
TALIM = "/akn/uz/act/qonun/1997-08-29/464-i"


@pytest.fixture
def data(tmp_path, web_data) -> Path:  # noqa: F811
    copy = tmp_path / "var"
    shutil.copytree(web_data, copy)
    return copy


def _import(data: Path, *paths: Path) -> None:
    result = CliRunner().invoke(main, ["--data", str(data), "import", *map(str, paths)])
    assert result.exit_code == 0, result.output


def test_healthz_reports_store_and_index(data):
    client = create_app({"DATA_DIR": str(data)}).test_client()
    resp = client.get("/healthz?detail=1")
    body = resp.get_json()
    assert resp.status_code == 200 and body["status"] == "ok"
    assert body["store"]["batch"] == body["index"]["batch"] >= 1
    assert body["store"]["works"] == 11 and body["store"]["provisions"] > 0
    assert body["index"]["searchable_docs"] == body["index"]["docs"] > 0
    assert body["index"]["behind"] == 0
    assert resp.headers["Cache-Control"] == "no-store"


def test_healthz_is_503_without_an_index(data):
    shutil.rmtree(data / "index")
    resp = create_app({"DATA_DIR": str(data)}).test_client().get("/healthz")
    assert resp.status_code == 503
    assert resp.get_json()["index"]["ok"] is False and resp.get_json()["store"]["ok"] is True


def test_healthz_is_503_without_a_readable_store(tmp_path):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "lexsearch.db").write_bytes(b"this is not a database" * 100)
    resp = create_app({"DATA_DIR": str(tmp_path / "var")}).test_client().get("/healthz")
    assert resp.status_code == 503 and resp.get_json()["status"] == "unhealthy"
    assert "error" in resp.get_json()["store"]


@pytest.mark.parametrize("url, max_age", [(PERSONAL_DATA, 300), (f"{PERSONAL_DATA}?format=txt",
                                                                  300),
                                          ("/search?q=soliq", 60), ("/api/v1/works", 300),
                                          ("/api/v1/search?q=soliq", 60), ("/", 60)])
def test_etag_304_and_cache_control(data, url, max_age):
    client = create_app({"DATA_DIR": str(data)}).test_client()
    first = client.get(url)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == f"public, max-age={max_age}"
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    assert again.headers["ETag"] == etag
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_act_etag_follows_the_edition_and_the_release(data):
    client = create_app({"DATA_DIR": str(data)}).test_client()
    latest = client.get(TALIM).headers["ETag"]
    assert client.get(TALIM).headers["ETag"] == latest  # stable
    assert client.get(TALIM, query_string={"ui": "ru"}).headers["Cache-Control"].startswith(
        "private")  # it sets the language cookie
    labour = "/akn/uz/act/kodeks/2022-10-28/orq-798"
    older = client.get(labour, query_string={"as_of": "2026-01-01"})  # the 2025-11-12 edition
    newer = client.get(labour, query_string={"as_of": "2026-08-01"})  # the 2026-07-01 edition
    assert older.status_code == newer.status_code == 200
    assert older.headers["ETag"] != newer.headers["ETag"]
    release = data.parent / "release"
    release.mkdir()
    shutil.copy(CORPORA / "uz-lexuz-2025" / "Talim_Qonuni.txt", release)
    (release / "release.json").write_text(json.dumps({"files": {"Talim_Qonuni.txt": {
        "work": {"uri": TALIM}, "valid_from": "2030-01-01"}}}), encoding="utf-8")
    _import(data, release)
    resp = client.get(TALIM, headers={"If-None-Match": latest})
    assert resp.status_code == 200 and resp.headers["ETag"] != latest  # a new release


def test_errors_are_not_cached(data):
    client = create_app({"DATA_DIR": str(data)}).test_client()
    resp = client.get("/akn/uz/act/qonun/1900-01-01/nope")
    assert resp.status_code == 404
    assert resp.headers["Cache-Control"] == "no-store" and "ETag" not in resp.headers


def test_search_follows_an_import_without_restart(data, shared):
    client = create_app({"DATA_DIR": str(data)}).test_client()
    query = {"q": "водный объект"}
    before = client.get("/api/v1/search", query_string=query).get_json()["total"]
    release = data.parent / "gazette"
    release.mkdir()
    shutil.copy(shared / "ru/pravo_gov_ru_ips_codes_html/102073578.html", release)
    _import(data, release)
    after = client.get("/api/v1/search", query_string=query).get_json()
    health = client.get("/healthz").get_json()
    assert health["index"]["batch"] == health["store"]["batch"]
    assert after["total"] > before or any(h["work"].endswith("146-fz") for h in after["hits"])
    hits = client.get("/api/v1/search", query_string={"q": "наследство"}).get_json()["hits"]
    assert any(h["work"].endswith("146-fz") for h in hits)


# ---- gunicorn on 127.0.0.1 ----------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def test_serve_workers_runs_gunicorn_and_follows_imports(data, shared):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "lexsearch.cli", "--data", str(data), "serve",
                             "--port", str(port), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(150):  # at most ~30 s to come up
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not come up")
        works = _get(base + "/api/v1/works?limit=1")[1]["total"]
        release = data.parent / "gazette"
        release.mkdir()
        shutil.copy(shared / "ru/pravo_gov_ru_ips_codes_html/102073578.html", release)
        _import(data, release)
        seen = {_get(base + "/api/v1/works?limit=1")[1]["total"] for _ in range(8)}
        assert seen == {works + 1}  # every worker, at once
        totals = {_get(base + "/api/v1/search?q=" + quote("наследство"))[1]["total"] for _ in range(8)}
        assert len(totals) == 1 and totals.pop() > 0
    finally:
        proc.terminate()
        out = proc.communicate(timeout=30)[0].decode(errors="replace")
    assert "Booting worker" in out and "Traceback" not in out
