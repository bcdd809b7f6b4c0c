"""The editors' query statistics: what is logged (and what never is), the reports, the CSV,
the admin token, retention, and a read-only data folder."""

from __future__ import annotations

import base64
import csv
import io
import shutil
import sqlite3
import subprocess
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from web_fixtures import LABOUR_CODE, html

from lexsearch import querystats
from lexsearch.querylog import QueryLog, guess_lang, make_search, normalize_query, query_id
from web import create_app

TOKEN = "s3cret-admin-token-for-tests"
FOUND = "mehnat shartnomasi"  # the Labour Code (uzb), in the sample corpus
NOTHING = "qwzxv plorkt"
PRIVATE = {"REMOTE_ADDR": "203.0.113.77"}
HEADERS = {"User-Agent": "Mozilla/5.0 (TestAgent-9931)", "X-Forwarded-For": "198.51.100.23",
           "Cookie": "ui=ru; session=cookie-value-4711", "Referer": "https://example.org/ref-x"}


@pytest.fixture
def app(web_data, tmp_path):
    return create_app({"DATA_DIR": str(web_data), "TESTING": True, "ADMIN_TOKEN": TOKEN,
                       "QUERYLOG_PATH": str(tmp_path / "querylog.sqlite")})


@pytest.fixture
def client(app):
    return app.test_client()


def flush(app) -> None:
    app.extensions["lexsearch_querylog"].flush()


def today() -> str:
    return date.today().isoformat()  # the log's day is UTC; tests do not run at midnight


def rows(app, kind: str) -> list[dict]:
    return querystats.report(app.config["QUERYLOG_PATH"], kind, "2000-01-01", "2100-01-01")


def admin(client, path: str, token: str = TOKEN, scheme: str = "Bearer"):
    value = token if scheme == "Bearer" else base64.b64encode(f"editor:{token}".encode()).decode()
    return client.get(path, headers={"Authorization": f"{scheme} {value}"})


@pytest.mark.parametrize("raw, expected", [
    ("  Mehnat   SHARTNOMASI? ", "mehnat shartnomasi"),
    ("Mehnat shartnomasining shakli", "mehnat shartnomasining shakli"),
    ("to‘g‘risida", "to'g'risida"),
    ("toʻgʻrisida", "to'g'risida"),
    ("Статья 39 ТК", "статья 39 тк"),
    ("pasport AB 1234567 berish", "pasport ab # berish"),
    ("+998 90 123 45 67 raqam", "+# raqam"),
    ("2020-yil 12.05.2020", "2020-yil 12.05.2020"),
    ("yozing ali@example.uz ga", "yozing <email> ga"),
])
def test_normalize_query(raw, expected):
    assert normalize_query(raw) == expected


@pytest.mark.parametrize("query, lang", [
    ("mehnat shartnomasi qanday tuziladi", "uzb"),
    ("aliment miqdorini kamaytirish mumkinmi", "uzb"),
    ("the right to rest", "eng"),
    ("mehnat kodeksi 39-modda", "uzb"),
    ("o'rta ta'lim", "uzb"),
    ("меҳнат шартномаси", "uzb-Cyrl"),
    ("трудовой договор", "rus"),
    ("labour code article 39", "eng"),
    ("39", ""),
])
def test_guess_lang(query, lang):
    assert guess_lang(query) == lang


def test_query_id_is_stable_and_depends_on_filters():
    a = make_search("Mehnat shartnomasi", {"lang": "uzb", "type": None}, 5)
    b = make_search("mehnat  shartnomasi?", {"lang": "uzb", "status": ""}, 7)
    assert a.qid == b.qid == query_id("mehnat shartnomasi", "uzb", {"lang": "uzb"})
    assert make_search("Mehnat shartnomasi", {"lang": "uzb", "status": "in_force"}, 5).qid != a.qid


def test_no_personal_data_is_stored(app, client):
    for _ in range(2):
        assert client.get(f"/search?q={FOUND}", headers=HEADERS,
                          environ_base=PRIVATE).status_code == 200
    assert client.get(f"/api/v1/search?q={NOTHING}", headers=HEADERS,
                      environ_base=PRIVATE).status_code == 200
    page = html(client.get(f"/search?q={FOUND}", headers=HEADERS, environ_base=PRIVATE))
    link = page.xpath("//ul[@class='hits']//a/@href")[0]
    assert client.get(link, headers=HEADERS, environ_base=PRIVATE).status_code == 303
    flush(app)
    conn = sqlite3.connect(app.config["QUERYLOG_PATH"])
    columns = {table: [c[1] for c in conn.execute(f"PRAGMA table_info({table})")]
               for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert columns == {"queries": ["qid", "query", "lang", "filters"],
                       "searches": ["day", "qid", "channel", "n", "results"],
                       "clicks": ["day", "qid", "rank", "n"]}
    cells = [str(v) for table in columns for row in conn.execute(f"SELECT * FROM {table}")
             for v in row]
    conn.close()
    assert cells, "nothing was logged"
    for secret in ("203.0.113", "198.51.100", "TestAgent", "Mozilla", "cookie-value", "4711",
                   "example.org", "ref-x"):
        assert not any(secret in cell for cell in cells), secret
    days = {c for c in cells if len(c) >= 10 and c[:4].isdigit() and c[4] == "-"}
    assert days == {today()}  # a day, never a time


def test_counts_include_cached_answers(app, client):
    assert client.get(f"/search?q={FOUND}").status_code == 200
    second = client.get(f"/search?q={FOUND}")  # from the response cache: the view did not run
    assert second.status_code == 200
    assert client.get(f"/search?q={FOUND}",
                      headers={"If-None-Match": second.headers["ETag"]}).status_code == 304
    assert client.get("/search?q=Mehnat+SHARTNOMASI%3F").status_code == 200  # the same query
    assert client.get(f"/search?q={FOUND}&page=2").status_code == 200  # a later page: not a search
    assert client.get(f"/search?q={FOUND}&lang=uzb").status_code == 200  # another filter set
    flush(app)
    top = {(r["query"], tuple(r["filters"].items())): r for r in rows(app, "top")}
    plain = top[(FOUND, ())]
    assert plain["searches"] == 4 and plain["web_searches"] == 4 and plain["results"] > 0
    assert plain["lang"] == "uzb"  # no lang filter: a guess from the letters
    filtered = top[(FOUND, (("lang", "uzb"),))]
    assert filtered["searches"] == 1 and filtered["lang"] == "uzb"


def test_zero_result_and_no_click_lists(app, client):
    for q in (FOUND, NOTHING, "mehnat kodeksi 39-modda"):
        assert client.get("/search", query_string={"q": q}).status_code == 200
    page = html(client.get("/search", query_string={"q": "mehnat kodeksi 39-modda"}))
    links = page.xpath("//ul[@class='hits']//a/@href")
    assert links and all(link.startswith(LABOUR_CODE + "/") and "from=search" in link
                         for link in links)
    second = (links[1] if len(links) > 1 else links[0]).partition("#")[0]
    opened = client.get(second)
    assert opened.status_code == 303 and opened.headers["Cache-Control"] == "no-store"
    assert opened.headers["Location"] == urlsplit(second).path  # the act's canonical URL
    assert client.get(opened.headers["Location"]).status_code == 200
    assert client.get(second).status_code == 303
    flush(app)
    zero = [r["query"] for r in rows(app, "zero")]
    assert zero == [NOTHING]
    noclick = [r["query"] for r in rows(app, "noclick")]
    assert FOUND in noclick and "mehnat kodeksi 39-modda" not in noclick and NOTHING not in noclick
    clicked = next(r for r in rows(app, "top") if r["query"] == "mehnat kodeksi 39-modda")
    rank = int(parse_qs(urlsplit(second).query)["rank"][0])
    assert rank == (2 if len(links) > 1 else 1)
    assert clicked["clicks"] == 2 and clicked["mean_rank"] == rank
    assert clicked["searches"] == 2  # the page fetched for its links was a search too


def test_api_searches_are_not_in_the_no_click_list(app, client):
    assert client.get("/api/v1/search", query_string={"q": FOUND}).status_code == 200
    flush(app)
    (row,) = rows(app, "top")
    assert row["web_searches"] == 0 and row["searches"] == 1 and row["results"] > 0
    assert rows(app, "noclick") == []


@pytest.mark.parametrize("args, counted", [
    ("from=search&rank=3&qid=0123456789abcdef", True),
    ("from=search&rank=0&qid=0123456789abcdef", False),
    ("from=search&rank=3&qid=../../etc", False),
    ("from=search&rank=x&qid=0123456789abcdef", False),
    ("from=search", False),
])
def test_click_parameters_are_counted_and_dropped(app, client, args, counted):
    resp = client.get(f"{LABOUR_CODE}/uzb?as_of=2024-01-01&{args}")
    assert resp.status_code == 303
    assert resp.headers["Location"] == f"{LABOUR_CODE}/uzb?as_of=2024-01-01"
    assert client.get(f"{LABOUR_CODE}/uzb?as_of=2024-01-01").status_code == 200  # not counted
    flush(app)
    conn = sqlite3.connect(app.config["QUERYLOG_PATH"])
    clicks = conn.execute("SELECT qid, rank, n FROM clicks").fetchall()
    conn.close()
    assert clicks == ([("0123456789abcdef", 3, 1)] if counted else [])


def test_admin_token_required(app, client, web_data, tmp_path):
    no_token = create_app({"DATA_DIR": str(web_data), "TESTING": True, "ADMIN_TOKEN": None,
                           "QUERYLOG_PATH": str(tmp_path / "other.sqlite")}).test_client()
    assert no_token.get("/admin/stats").status_code == 404
    assert admin(no_token, "/admin/stats").status_code == 404
    for path in ("/admin/stats", "/admin/stats.csv"):
        missing = client.get(path)
        assert missing.status_code == 401 and "Basic" in missing.headers["WWW-Authenticate"]
        assert admin(client, path, token="wrong-token-wrong-token").status_code == 403
        assert admin(client, path, token="wrong-token-wrong-token",
                     scheme="Basic").status_code == 403
        assert admin(client, path, token=TOKEN[:-1]).status_code == 403
        good = admin(client, path)
        assert good.status_code == 200 and good.headers["Cache-Control"] == "no-store"
        assert admin(client, path, scheme="Basic").status_code == 200
    assert client.get("/admin/stats").status_code == 401  # an earlier 200 is not served again


def test_admin_page_lists_the_reports(app, client):
    for q in (FOUND, NOTHING):
        client.get("/search", query_string={"q": q})
    flush(app)
    page = html(admin(client, "/admin/stats"))
    zero = " ".join(page.xpath("//section[@id='zero']//td/text()"))
    top = " ".join(page.xpath("//section[@id='top']//td/text()"))
    assert NOTHING in zero and FOUND not in zero and FOUND in top and NOTHING in top
    csv_links = page.xpath("//section[@id='noclick']//a/@href")
    assert csv_links and "report=noclick" in csv_links[0]
    assert admin(client, "/admin/stats?from=2026-13-01").status_code == 400
    assert admin(client, "/admin/stats.csv?report=everything").status_code == 400


def test_csv_is_well_formed_and_formula_safe(app, client):
    hostile = ["=HYPERLINK(\"http://x\",\"y\")", "+SUM(1,2)", "-2+3 modda", "@cmd", FOUND,
               'tirnoq "va", vergul']
    for q in hostile:
        assert client.get("/search", query_string={"q": q}).status_code == 200
    flush(app)
    resp = admin(client, "/admin/stats.csv?report=top")
    assert resp.mimetype == "text/csv" and "attachment" in resp.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    assert table[0] == ["report", *querystats.COLUMNS]
    body = table[1:]
    assert len(body) == len(hostile) and {len(r) for r in body} == {len(table[0])}
    queries = {r[3] for r in body}
    assert queries == {"'" + normalize_query(q) if q[0] in "=+-@" else normalize_query(q)
                       for q in hostile}
    assert not any(cell[:1] in "=+-@" for r in body for cell in r if cell)


def test_retention_purges_old_days(tmp_path):
    log = QueryLog(tmp_path / "q.sqlite", days=30)
    now = date.today()
    log.record(make_search("eski so'rov", {}, 3, today=now - timedelta(days=31)))
    log.record(make_search("yangi so'rov", {}, 3, today=now - timedelta(days=29)))
    log.record_click(make_search("eski so'rov", {}, 3).qid, 1, today=now - timedelta(days=40))
    assert log.flush() == 3
    conn = sqlite3.connect(tmp_path / "q.sqlite")
    assert [r[0] for r in conn.execute("SELECT query FROM queries")] == ["yangi so'rov"]
    assert conn.execute("SELECT count(*) FROM clicks").fetchone()[0] == 0
    conn.close()


def test_a_full_queue_or_a_locked_file_drops_and_counts(tmp_path):
    log = QueryLog(tmp_path / "q.sqlite", max_queue=2, lock_timeout=0.05)
    for n in range(5):
        log.record(make_search(f"so'rov {n}", {}, n))
    assert log.status()["dropped"] == 3 and log.status()["queued"] <= 2
    log.flush()
    blocker = sqlite3.connect(tmp_path / "q.sqlite", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        log.record(make_search("band", {}, 1))
        assert log.flush() == 0
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert log.status()["dropped"] == 4 and log.status()["written"] == 2


def test_switched_off_logs_nothing(tmp_path):
    log = QueryLog(tmp_path / "q.sqlite", enabled=False)
    log.record(make_search(FOUND, {}, 1))
    assert log.flush() == 0 and not (tmp_path / "q.sqlite").exists()
    assert log.status()["enabled"] is False


def test_read_only_folder_still_serves(web_data, tmp_path):
    data = tmp_path / "ro"
    shutil.copytree(web_data, data, ignore=shutil.ignore_patterns("querylog.sqlite*"))
    if subprocess.run(["chattr", "+i", str(data)], capture_output=True).returncode:
        pytest.skip("chattr +i is not available here to make the folder read-only")
    try:
        client = create_app({"DATA_DIR": str(data), "TESTING": True,
                             "ADMIN_TOKEN": TOKEN}).test_client()
        assert client.get(f"/search?q={FOUND}").status_code == 200
        health = client.get("/healthz")
        body = health.get_json()
        assert body["querylog"]["enabled"] is False
        assert "cannot write" in body["querylog"]["warning"]
        assert health.status_code == 200, body
        assert admin(client, "/admin/stats").status_code == 200
        assert not (data / "querylog.sqlite").exists()
    finally:
        subprocess.run(["chattr", "-i", str(data)], check=True)
