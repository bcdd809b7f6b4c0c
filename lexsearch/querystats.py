"""Reports over the query log (``lexsearch.querylog``) for the editors: per day and language,
the top queries, the queries that found nothing, and the queries whose results nobody opened;
and the same rows as CSV, safe to open in a spreadsheet.

``top``: every query, most searched first. ``zero``: its last search found no result.
``noclick``: it found results on the web page (API searches have no clicks) and no result of it
was opened that day. Each report keeps at most ``limit`` rows per (day, language).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from lexsearch.errors import InputError

from .querylog import connect

REPORTS = ("top", "zero", "noclick")
COLUMNS = ("day", "lang", "query", "filters", "searches", "web_searches", "results", "clicks",
           "mean_rank")
_WHERE = {"top": "1", "zero": "s.results = 0",
          "noclick": "s.results > 0 AND s.web > 0 AND coalesce(c.clicks, 0) = 0"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_SQL = """
WITH s AS (SELECT day, qid, sum(n) AS n, sum(CASE WHEN channel = 'web' THEN n ELSE 0 END) AS web,
                  max(results) AS results
           FROM searches WHERE day BETWEEN :start AND :end GROUP BY day, qid),
     c AS (SELECT day, qid, sum(n) AS clicks, round(1.0 * sum(rank * n) / sum(n), 2) AS mean_rank
           FROM clicks WHERE day BETWEEN :start AND :end GROUP BY day, qid),
     r AS (SELECT s.day, q.lang, q.query, q.filters, s.n AS searches, s.web AS web_searches,
                  s.results, coalesce(c.clicks, 0) AS clicks, c.mean_rank,
                  row_number() OVER (PARTITION BY s.day, q.lang
                                     ORDER BY s.n DESC, q.query) AS place
           FROM s JOIN queries q ON q.qid = s.qid
           LEFT JOIN c ON c.day = s.day AND c.qid = s.qid
           WHERE {where} AND (:lang IS NULL OR q.lang = :lang))
SELECT {columns} FROM r WHERE place <= :limit ORDER BY day DESC, lang, searches DESC, query
"""

_SUMMARY = """
SELECT s.day, q.lang, sum(s.n) AS searches, sum(CASE WHEN s.results = 0 THEN s.n ELSE 0 END)
       AS zero, count(DISTINCT s.qid) AS queries
FROM searches s JOIN queries q ON q.qid = s.qid
WHERE s.day BETWEEN :start AND :end AND (:lang IS NULL OR q.lang = :lang)
GROUP BY s.day, q.lang ORDER BY s.day DESC, q.lang
"""


def _check(kind: str, start: str, end: str) -> None:
    if kind not in REPORTS:
        raise InputError(f"unknown report {kind!r}: one of {', '.join(REPORTS)}", field="report")
    if start > end:
        raise InputError(f"from {start} is after to {end}", field="from")


def _rows(path: Path, sql: str, args: dict) -> list[dict]:
    if not path.exists():
        return []
    conn = connect(path, readonly=True)
    try:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(sql, args)]
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):  # created, nothing written yet
            return []
        raise
    finally:
        conn.close()


def report(path: str | Path, kind: str, start: str, end: str, lang: str | None = None,
           limit: int = 50) -> list[dict]:
    """The rows of report ``kind`` for the days ``start``…``end`` (ISO dates, inclusive),
    one language or all, at most ``limit`` per (day, language); ``filters`` decoded."""
    _check(kind, start, end)
    sql = _SQL.format(where=_WHERE[kind], columns=", ".join(COLUMNS))
    rows = _rows(Path(path), sql, {"start": start, "end": end, "lang": lang, "limit": limit})
    for row in rows:
        row["filters"] = json.loads(row["filters"])
    return rows


def summary(path: str | Path, start: str, end: str, lang: str | None = None) -> list[dict]:
    """Per day and language: searches, searches with no result, distinct queries."""
    _check("top", start, end)
    return _rows(Path(path), _SUMMARY, {"start": start, "end": end, "lang": lang})


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet will not run as a formula: text starting with = + - @ (or a
    tab or carriage return) gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(kind: str, rows: list[dict]) -> str:
    """``rows`` of a report as CSV (RFC 4180 quoting, a header row, filters as k=v; …)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("report", *COLUMNS))
    for row in rows:
        filters = "; ".join(f"{k}={v}" for k, v in sorted(row["filters"].items()))
        cells = [kind, row["day"], row["lang"], row["query"], filters, row["searches"],
                 row["web_searches"], row["results"], row["clicks"],
                 "" if row["mean_rank"] is None else row["mean_rank"]]
        writer.writerow([safe_cell(c) for c in cells])
    return out.getvalue()


__all__ = ["COLUMNS", "REPORTS", "report", "safe_cell", "summary", "to_csv"]
