"""The JSON API under ``/api/v1/``, described by ``/api/v1/openapi.json``.

Errors are JSON ``{"error": {"status", "message"}}`` (see ``web.error_response``): 400 for a bad
parameter or date, 404 for an unknown URI, 503 when search is unavailable.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from lexsearch.errors import NotFound
from lexsearch.model import Edition, Work

from . import base_url
from .act_view import aliases, load_act, parse_date, parse_uri, provision_label, store
from .search import SearchUnavailable, params, run_search

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_LIMIT = 500  # works per page
MAX_OFFSET = 10**7


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(400, f"{name}: not a whole number: {raw[:20]!r}")
    if not low <= value <= high:
        abort(400, f"{name}: must be between {low} and {high}")
    return value


def work_json(w: Work) -> dict:
    return {"uri": w.uri, "title": w.title, "titles": w.titles, "country": w.country,
            "subtype": w.subtype, "number": w.number, "date": w.date, "status": w.status,
            "issuer": w.issuer, "entry_into_force": w.entry_into_force,
            "repealed_on": w.repealed_on}


def edition_json(e: Edition) -> dict:
    return {"uri": e.uri, "work": e.work_uri, "lang": e.lang, "valid_from": e.valid_from,
            "title": e.title, "produced_by": e.produced_by, "gazette": e.gazette}


def _work_arg() -> str:
    uri = request.args.get("work")
    if not uri:
        abort(400, "work: a work or expression URI is required (/akn/…)")
    return uri


def _edition_from_args() -> tuple[Work, Edition]:
    as_of = parse_date(request.args.get("as_of"), "as_of")
    _, work, edition = load_act(_work_arg(), as_of, request.args.get("lang") or None)
    return work, edition


@bp.get("/openapi.json")
def openapi():
    from .openapi import spec

    return jsonify(spec(base_url()))


@bp.get("/search")
def search():
    p = params(request.args)
    if not p["q"]:
        abort(400, "q: a query is required")
    try:
        result = run_search(p)
    except SearchUnavailable as exc:
        abort(503, f"search unavailable: {exc}")
    from .stats import log_search  # the editors' statistics (no personal data)

    log_search(p, int(result.get("total") or 0), "api")
    return jsonify(result)


@bp.get("/works")
def works():
    limit = _int("limit", 100, 1, MAX_LIMIT)
    offset = _int("offset", 0, 0, MAX_OFFSET)
    found = store().works(subtype=request.args.get("type") or None)
    return jsonify({"total": len(found),
                    "works": [work_json(w) for w in found[offset:offset + limit]]})


@bp.get("/works/<path:uri>")
def work(uri: str):
    parsed = parse_uri("/" + uri.lstrip("/"))
    s = store()
    try:
        w = s.work(parsed.work_uri)
    except NotFound as exc:
        abort(404, str(exc))
    return jsonify({**work_json(w), "aliases": aliases(s, w), "languages": s.languages(w.uri),
                    "editions": [edition_json(e) for e in s.editions(w.uri)]})


@bp.get("/editions")
def editions():
    """The edition that applies (``as_of``, ``lang``, or exact via an expression URI)."""
    work_, edition = _edition_from_args()
    return jsonify({"work": work_json(work_), "edition": edition_json(edition)})


@bp.get("/provisions")
def provisions():
    work_, edition = _edition_from_args()
    s = store()
    eid = request.args.get("eid") or None
    notes: dict[str | None, list[dict]] = {}
    for n in s.notes(edition, eid):
        notes.setdefault(n["eid"], []).append({k: n[k] for k in (
            "raw", "action", "target", "act_type", "act_number", "act_date", "published",
            "gazette", "effective")})
    if eid:
        try:
            rows = [s.provision(edition, eid)]
        except NotFound as exc:
            abort(404, str(exc))
    else:
        rows = s.provisions(edition)
    return jsonify({"work": work_.uri, "edition": edition_json(edition), "provisions": [
        {"eid": p.eid, "kind": p.kind, "num": p.num, "heading": p.heading, "parent": p.parent,
         "label": provision_label(p, edition.lang), "text": p.text,
         "has_previous": p.has_previous, "notes": notes.get(p.eid, [])} for p in rows]})


@bp.get("/pointintime")
def pointintime():
    """The act on a date: the edition in force then, else the nearest held, and per provision
    what the amendment notes prove about that date (``lexsearch.pointintime.as_of``)."""
    from lexsearch.pointintime import as_of

    day = parse_date(request.args.get("as_of"), "as_of")
    if day is None:
        abort(400, "as_of: a date YYYY-MM-DD is required")
    parsed = parse_uri(_work_arg())
    try:
        pit = as_of(store(), parsed.work_uri, day, request.args.get("lang") or parsed.language)
    except NotFound as exc:
        abort(404, str(exc))
    return jsonify({**pit.to_json(), "edition": edition_json(pit.edition)})


@bp.get("/diff")
def diff():
    from .history import run_compare

    from_date = parse_date(request.args.get("from"), "from")
    to_date = parse_date(request.args.get("to"), "to")
    lang = request.args.get("lang") or None
    work_ = parse_uri(_work_arg())
    try:
        store().work(work_.work_uri)
    except NotFound as exc:
        abort(404, str(exc))
    result = run_compare(work_.work_uri, from_date, to_date, lang)
    return jsonify({**result.to_json(), "counts": result.counts()})


@bp.get("/citations")
def citations():
    """Citations found in an edition's text (or one provision's), resolved where the store
    holds the cited act."""
    from .act_view import CitationLinker

    work_, edition = _edition_from_args()
    s = store()
    eid = request.args.get("eid") or None
    try:
        rows = [s.provision(edition, eid)] if eid else s.provisions(edition)
    except NotFound as exc:
        abort(404, str(exc))
    linker = CitationLinker(s, work_, edition,
                            {p.eid for p in s.provisions(edition, with_text=False)})
    out = []
    for p in rows:
        for c in linker.citations(p):
            href = linker.href(c)
            target_work = work_.uri if href and href.startswith("#") else (
                href.split("#")[0] if href else None)
            out.append({"eid": p.eid, "start": c.start, "end": c.end, "text": c.text,
                        "article": c.article, "part": c.part, "clause": c.clause,
                        "act": ({"type": c.act.type, "number": c.act.number,
                                 "date": c.act.date, "title": c.act.title} if c.act else None),
                        "self": c.self_ref, "target_work": target_work,
                        "target": (target_work + href[href.index("#"):]
                                   if href and "#" in href and target_work else target_work)})
    return jsonify({"edition": edition.uri, "total": len(out), "citations": out})
