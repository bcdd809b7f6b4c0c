"""The editors' statistics: the query log's web side (``lexsearch.querylog``).

* Every first page of ``/search`` and ``/api/v1/search`` is logged (``log_search``, called by
  those views) with no request header at all: no IP, cookie or user agent reaches the log. A
  results page answered from the response cache or with a 304 is logged too, from the entry the
  view made for that ETag.
* Opened results: a result link on the page is the act's own URL plus
  ``?from=search&rank=N&qid=<query id>`` (``result_link``). A request for an act path with these
  parameters counts (query id, rank) and answers a 303 to the same URL without them (the
  browser keeps the ``#eid``): it works without JavaScript, sets no cookie, keeps act pages at
  their canonical, cached URL (what the address bar shows, and what is bookmarked or shared),
  and names the query only by its id, on this site; no other site sees it (the Referer across
  sites is the origin alone). The act group heading links to the act without counting.
* ``GET /admin/stats`` (HTML) and ``/admin/stats.csv?report=top|zero|noclick``: top queries,
  queries with no result and queries whose results nobody opened, per day and language, for
  ``from``…``to`` (default the last 7 days) and optionally one ``lang``. Behind the admin token
  (``ADMIN_TOKEN``, env ``LEXSEARCH_ADMIN_TOKEN``): no token configured 404, none given 401
  (with a Basic challenge, so a browser can log in without JavaScript: any user name, the token
  as password; ``Authorization: Bearer <token>`` works too), a wrong one 403. Never cached.

Config: ``QUERYLOG`` (env ``LEXSEARCH_QUERYLOG``, ``0``/``off`` switches it off),
``QUERYLOG_DAYS`` (env ``LEXSEARCH_QUERYLOG_DAYS``, default 90: older days are purged),
``QUERYLOG_PATH`` (default ``<DATA_DIR>/querylog.sqlite``).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hmac
import os
import re
from collections import OrderedDict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
)

from lexsearch import querystats
from lexsearch.errors import InputError
from lexsearch.querylog import FILE_NAME, QueryLog, Search, make_search

from .search import LANGS

bp = Blueprint("stats", __name__)

MIN_TOKEN = 16  # as the admin import (web.ops)
MAX_RANK = 10_000
MEMO_SIZE = 4096  # ETags of results pages remembered, to log cached answers
SEARCH_PATHS = ("/search", "/api/v1/search")
_QID = re.compile(r"^[0-9a-f]{16}$")
_FILTERS = ("lang", "type", "status", "issuer", "as_of")
_CLICK_PARAMS = ("from", "rank", "qid")


def querylog() -> QueryLog:
    return current_app.extensions["lexsearch_querylog"]


def log_search(p: dict, total: int, channel: str = "web") -> str:
    """Log a search (its first page only; later pages are the same query) and return its
    query id, for the result links."""
    filters = {k: p.get(k) for k in _FILTERS}
    if p.get("sort") not in (None, "relevance"):
        filters["sort"] = p["sort"]
    entry = make_search(p["q"], filters, total, channel)
    g.querylog_qid = entry.qid
    if p.get("page", 1) == 1:
        querylog().record(entry)
        g.querylog_done = True
        info = g.get("cache")
        if info is not None:
            memo: OrderedDict = current_app.extensions["lexsearch_querylog_memo"]
            memo[info[1]] = entry
            while len(memo) > MEMO_SIZE:
                try:
                    memo.popitem(last=False)
                except KeyError:  # another thread emptied it meanwhile
                    break
    return entry.qid


def result_link(href: str, rank: int | None) -> str:
    """``href`` (an act path, maybe with a query and a ``#eid``) with the click parameters,
    when this page logged its query; else ``href`` unchanged."""
    qid = g.get("querylog_qid")
    if not qid or not rank:
        return href
    base, hash_, fragment = href.partition("#")
    extra = urlencode({"from": "search", "rank": rank, "qid": qid})
    return f"{base}{'&' if '?' in base else '?'}{extra}{hash_}{fragment}"


def _log_cached(resp: Response) -> Response:
    """A results page answered without its view (response cache, 304): log it again."""
    if (request.path in SEARCH_PATHS and not g.get("querylog_done")
            and (g.get("cache_hit") or resp.status_code == 304) and g.get("cache")):
        entry: Search | None = current_app.extensions["lexsearch_querylog_memo"].get(
            g.cache[1])
        if entry is not None:
            today = datetime.now(UTC).date().isoformat()
            querylog().record(dataclasses.replace(entry, day=today))
    return resp


def _count_click():
    """An act path with ``from=search``: count the click (a valid id and rank only), then 303
    to the same URL without the click parameters. Other requests pass."""
    if (request.args.get("from") != "search" or not request.path.startswith("/akn/")
            or request.method not in ("GET", "HEAD")):
        return None
    qid, rank = request.args.get("qid") or "", request.args.get("rank") or ""
    if _QID.match(qid) and rank.isdigit() and 1 <= int(rank) <= MAX_RANK:
        querylog().record_click(qid, int(rank))
    rest = urlencode([(k, v) for k, v in request.args.items(multi=True)
                      if k not in _CLICK_PARAMS])
    resp = redirect(request.path + ("?" + rest if rest else ""), code=303)
    resp.headers["Cache-Control"] = "no-store"
    return resp


# ---- the admin page -----------------------------------------------------------------------
def _check_admin() -> None:
    token = current_app.config.get("ADMIN_TOKEN") or ""
    if len(token) < MIN_TOKEN:
        abort(404)
    given = request.headers.get("Authorization", "")
    if not given:
        abort(Response("admin token required", 401,
                       {"WWW-Authenticate": 'Basic realm="lexsearch statistics"',
                        "Cache-Control": "no-store"}))
    scheme, _, value = given.partition(" ")
    secret = value.strip()
    if scheme.lower() == "basic":
        try:
            secret = base64.b64decode(secret, validate=True).decode().partition(":")[2]
        except (binascii.Error, UnicodeDecodeError):
            secret = ""
    elif scheme.lower() != "bearer":
        secret = ""
    if not hmac.compare_digest(secret.encode(), token.encode()):
        abort(403, "wrong admin token")


def _day(name: str, default: date) -> str:
    raw = request.args.get(name) or ""
    if not raw:
        return default.isoformat()
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        abort(400, f"{name}: not a date (YYYY-MM-DD): {raw[:20]!r}")


def _range() -> tuple[str, str, str | None]:
    today = datetime.now(UTC).date()
    start, end = _day("from", today - timedelta(days=6)), _day("to", today)
    lang = request.args.get("lang") or None
    if lang is not None and lang not in LANGS:
        abort(400, f"lang: must be one of {', '.join(LANGS)}")
    return start, end, lang


def _no_store(resp: Response) -> Response:
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.get("/admin/stats")
def stats_page():
    _check_admin()
    start, end, lang = _range()
    path = current_app.config["QUERYLOG_PATH"]
    try:
        reports = {kind: querystats.report(path, kind, start, end, lang)
                   for kind in querystats.REPORTS}
        days = querystats.summary(path, start, end, lang)
    except InputError as exc:
        abort(400, str(exc))
    html = render_template("stats/index.html", reports=reports, days=days, start=start, end=end,
                           lang=lang, langs=LANGS, log=querylog().status())
    return _no_store(Response(html, mimetype="text/html"))


@bp.get("/admin/stats.csv")
def stats_csv():
    _check_admin()
    start, end, lang = _range()
    kind = request.args.get("report") or "top"
    try:
        rows = querystats.report(current_app.config["QUERYLOG_PATH"], kind, start, end, lang,
                                 limit=10_000)
    except InputError as exc:
        abort(400, str(exc))
    body = "\ufeff" + querystats.to_csv(kind, rows)  # the BOM: spreadsheets then read UTF-8
    resp = Response(body, mimetype="text/csv")
    resp.headers["Content-Disposition"] = (f'attachment; filename="lexsearch-{kind}-{start}-'
                                           f'{end}.csv"')
    return _no_store(resp)


def init_app(app: Flask) -> None:
    """The query log of this app (one per process), its blueprint and hooks."""
    off = os.environ.get("LEXSEARCH_QUERYLOG", "1").lower() in ("0", "off", "no", "false")
    app.config.setdefault("QUERYLOG", not off)
    app.config.setdefault("QUERYLOG_DAYS", int(os.environ.get("LEXSEARCH_QUERYLOG_DAYS", "90")))
    app.config.setdefault("QUERYLOG_PATH", str(Path(app.config["DATA_DIR"]) / FILE_NAME))
    app.extensions["lexsearch_querylog"] = QueryLog(
        app.config["QUERYLOG_PATH"], days=app.config["QUERYLOG_DAYS"],
        enabled=bool(app.config["QUERYLOG"]))
    app.extensions["lexsearch_querylog_memo"] = OrderedDict()
    app.before_request(_count_click)  # after the cache lookup, which never holds these URLs
    app.after_request(_log_cached)
    app.jinja_env.globals["result_link"] = result_link
    app.register_blueprint(bp)


__all__ = ["bp", "init_app", "log_search", "querylog", "result_link"]
