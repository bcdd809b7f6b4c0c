"""Atom feeds: the releases (import batches) and the editions of one act.

Built with lxml, so every title and summary is escaped by the serializer. Entry ids are tag
URIs that do not depend on the host name the portal is served under; links are ``BASE_URL`` +
path, or relative references when no base URL is configured (RFC 4287 allows them), never the
request's ``Host``: a feed is cached and shared.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import Blueprint, Response
from lxml import etree

from . import base_url
from .act_view import load_act, store
from .i18n import label, pick_ui
from .jurisdiction import country_arg, uri_country

bp = Blueprint("feeds", __name__)

ATOM_NS = "http://www.w3.org/2005/Atom"
TAG = "tag:lexsearch,2025:"
FEED_SIZE = 30


def _e(parent, tag: str, text: str | None = None, **attrs: str):
    el = etree.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def _timestamp(value: str | None) -> str:
    """An RFC 3339 timestamp from an ISO date or date-time (dates count as midnight UTC)."""
    if not value:
        return datetime(1970, 1, 1, tzinfo=UTC).isoformat()
    if len(value) == 10:
        return value + "T00:00:00Z"
    return value


def _feed(title: str, feed_id: str, self_href: str, alt_href: str, updated: str):
    root = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    _e(root, "title", title)
    _e(root, "id", feed_id)
    _e(root, "updated", _timestamp(updated))
    _e(root, "link", rel="self", href=self_href)
    _e(root, "link", rel="alternate", href=alt_href)
    _e(_e(root, "author"), "name", "lexsearch")
    return root


def _response(root) -> Response:
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return Response(body, mimetype="application/atom+xml")


def batch_editions(batch_ids: list[int]) -> dict[int, list[dict]]:
    """The editions each batch brought. One query; the Store has no verb for it yet
    (it belongs there as ``Store.editions_in_batches``)."""
    if not batch_ids:
        return {}
    marks = ",".join("?" * len(batch_ids))
    rows = store().conn.execute(
        "SELECT e.batch_id, w.uri, w.titles, w.lang, e.lang, e.valid_from FROM editions e "
        f"JOIN works w ON w.id = e.work_id WHERE e.batch_id IN ({marks}) "
        "ORDER BY e.batch_id, w.uri, e.lang", batch_ids)
    out: dict[int, list[dict]] = {}
    for batch, uri, titles, work_lang, lang, valid_from in rows:
        names = json.loads(titles or "{}")
        out.setdefault(batch, []).append({
            "uri": f"{uri}/{lang}@{valid_from}", "work": uri, "lang": lang,
            "valid_from": valid_from,
            "title": names.get(lang) or names.get(work_lang) or uri})
    return out


@bp.get("/feeds/releases.atom")
def releases() -> Response:
    ui = pick_ui()
    country = country_arg()
    batches = store().batches()[:FEED_SIZE]
    root_url = base_url()
    updated = batches[0].get("finished_at") or batches[0]["started_at"] if batches else None
    root = _feed(f"lexsearch: {label('latest_releases', ui)}", TAG + "releases",
                 root_url + "/feeds/releases.atom", root_url + "/", updated)
    editions = batch_editions([b["id"] for b in batches])
    for b in batches:
        entry = _e(root, "entry")
        _e(entry, "title", f"{label('release', ui)} {b['id']}")
        _e(entry, "id", f"{TAG}release/{b['id']}")
        _e(entry, "updated", _timestamp(b.get("finished_at") or b["started_at"]))
        items = [i for i in editions.get(b["id"], [])  # Uzbek acts unless ?country=
                 if country is None or uri_country(i["work"]) == country]
        for item in items[:50]:
            _e(entry, "link", rel="related", href=root_url + item["uri"], title=item["title"])
        if items:
            _e(entry, "link", rel="alternate", href=root_url + items[0]["uri"])
        summary = "\n".join(f"{i['title']} — {i['lang']} {i['valid_from']} ({i['uri']})"
                            for i in items) or (b.get("source") or "")
        _e(entry, "summary", summary, type="text")
    return _response(root)


@bp.get("/akn/<path:rest>/feed.atom")
def act_editions(rest: str) -> Response:
    ui = pick_ui()
    _, work, _ = load_act("/akn/" + rest)
    editions = sorted(store().editions(work.uri), key=lambda e: e.valid_from, reverse=True)
    root_url = base_url()
    root = _feed(f"{work.title}: {label('editions', ui)}", TAG + "work" + work.uri,
                 root_url + work.uri + "/feed.atom", root_url + work.uri,
                 editions[0].valid_from if editions else work.date)
    for e in editions[:FEED_SIZE]:
        entry = _e(root, "entry")
        _e(entry, "title", f"{e.title or work.title} — {e.lang} {e.valid_from}")
        _e(entry, "id", TAG + "edition" + e.uri)
        _e(entry, "updated", _timestamp(e.valid_from))
        _e(entry, "link", rel="alternate", href=root_url + e.uri)
        parts = [f"{label('edition_from', ui)} {e.valid_from}"]
        if e.produced_by:
            parts.append(f"{label('produced_by', ui)}: {e.produced_by}")
        if e.gazette:
            parts.append(f"{label('gazette', ui)}: {e.gazette}")
        _e(entry, "summary", " · ".join(parts), type="text")
    return _response(root)
