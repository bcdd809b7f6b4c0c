"""The search page: ``/search?q=…`` with filters, facets, sort, pagination and highlights.

Search itself is ``lexsearch.search.search``; when it is missing or its index is not built the
page says so with a 503 and never shows a made-up result.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template, request

from lexsearch.errors import InputError, LexsearchError

from .act_view import parse_date
from .markup import snippet_html
from .pointintime import asof_label

bp = Blueprint("search", __name__)

PAGE_SIZE = 20
MAX_PAGE = 500
MAX_HITS = 100  # hits per page
MAX_TYPE = 40  # characters of an act type filter
MAX_ISSUER = 200  # characters of an issuer filter
LANGS = ("uzb", "uzb-Cyrl", "rus", "eng")
STATUSES = ("in_force", "repealed", "not_yet_in_force")
SORTS = ("relevance", "date")
FACET_PARAMS = {"subtype": "type", "type": "type", "lang": "lang", "status": "status",
                "issuer": "issuer", "country": "jurisdiction"}  # facet in results -> parameter


class SearchUnavailable(Exception):
    """No search module in this build, or its index is not built."""


def params(args) -> dict:
    """The search parameters of a request, checked: ``abort(400)`` names a bad one."""
    q = (args.get("q") or "").strip()
    limit_q = current_app.config["MAX_QUERY"]
    if len(q) > limit_q:
        abort(400, f"q: query longer than {limit_q} characters")
    lang = args.get("lang") or None
    if lang is not None and lang not in LANGS:
        abort(400, f"lang: must be one of {', '.join(LANGS)}")
    status = args.get("status") or None
    if status is not None and status not in STATUSES:
        abort(400, f"status: must be one of {', '.join(STATUSES)}")
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        abort(400, f"sort: must be one of {', '.join(SORTS)}")
    try:  # an empty page= or limit= is not a number either
        page = int(args["page"]) if "page" in args else 1
        limit = int(args["limit"]) if "limit" in args else PAGE_SIZE
    except ValueError:
        abort(400, "page and limit: must be whole numbers")
    if not 1 <= page <= MAX_PAGE or not 1 <= limit <= MAX_HITS:
        abort(400, f"page must be 1…{MAX_PAGE} and limit 1…{MAX_HITS}")
    subtype = (args.get("type") or "").strip() or None
    issuer = (args.get("issuer") or "").strip() or None
    for name, value, most in (("type", subtype, MAX_TYPE), ("issuer", issuer, MAX_ISSUER)):
        if value is not None and len(value) > most:
            abort(400, f"{name}: longer than {most} characters")
    # the country of the acts (``country`` as on home, browse and feeds); none: Uzbek acts
    # first, foreign ones after them or when the query names their country; ``all``: every
    # country by relevance alone
    jurisdiction = args.get("jurisdiction") or args.get("country") or None
    if jurisdiction is not None:
        from .jurisdiction import check_country

        jurisdiction = check_country(jurisdiction, "jurisdiction" if args.get("jurisdiction")
                                     else "country")
    return {"q": q, "lang": lang, "type": subtype, "status": status, "issuer": issuer,
            "as_of": parse_date(args.get("as_of"), "as_of"), "sort": sort, "page": page,
            "limit": limit, "jurisdiction": jurisdiction}


def run_search(p: dict) -> dict:
    """``lexsearch.search.search`` as JSON; ``SearchUnavailable`` when it cannot run."""
    try:
        from lexsearch.search import search
        from lexsearch.search.engine import default_engine, index_path
    except ImportError as exc:
        raise SearchUnavailable("search is not part of this build") from exc
    where = index_path(current_app.config["DATA_DIR"], default_engine())
    if not where.exists():
        raise SearchUnavailable(f"no index at {where}: run `lexsearch index`")
    try:
        result = search(current_app.extensions["lexsearch_searcher"](), p["q"], lang=p["lang"],
                        type=p["type"],
                        as_of=p["as_of"], limit=p["limit"], offset=(p["page"] - 1) * p["limit"],
                        sort=p["sort"], issuer=p["issuer"], status=p["status"],
                        jurisdiction=p.get("jurisdiction"))
    except InputError:  # a query over the cost budget, a bad filter: 400 with the message
        raise
    except (LexsearchError, FileNotFoundError) as exc:
        raise SearchUnavailable(str(exc)) from exc
    except (OSError, ValueError) as exc:  # tantivy reports a damaged segment as an IO error
        g.engine_failed = True  # this searcher is not pooled again
        raise SearchUnavailable(f"the search index cannot be read ({str(exc)[:200]}): rebuild "
                                "it with `lexsearch index --rebuild`") from exc
    return result.to_json()


def hit_label(hit: dict) -> str:
    """``39-modda`` / ``Статья 39`` / ``Article 39``, ``1-band`` / ``Пункт 1`` …: the shared
    readable reference (``lexsearch.render.eid_label``) of the hit's provision."""
    from lexsearch.render import eid_label

    eid = hit.get("eid") or ""
    if not eid:
        return ""
    label = eid_label(eid, hit.get("lang") or "uzb", hit.get("kind"), hit.get("num"))
    return label[:1].upper() + label[1:]


def asof_acts(pit: dict | None) -> list[dict]:
    """The amending acts a hit's as-of status names, once each (one act often changes
    several parts of an article: one note each)."""
    seen: dict[tuple, dict] = {}
    for x in (pit or {}).get("evidence") or []:
        seen.setdefault((x.get("act_number"), x.get("in_force_from")), x)
    return list(seen.values())


def group_hits(hits: list[dict]) -> list[dict]:
    """Hits grouped by act, in the order each act first appears."""
    groups: dict[str, dict] = {}
    for hit in hits:
        from .jurisdiction import uri_country

        group = groups.setdefault(hit.get("work") or "", {
            "work": hit.get("work"), "title": hit.get("title"), "hits": [],
            "country": uri_country(hit.get("work") or "")})
        group["hits"].append({**hit, "html": snippet_html(hit), "label": hit_label(hit),
                              "asof_acts": asof_acts(hit.get("point_in_time"))})
    return list(groups.values())


def facet_items(values) -> list[tuple[str, int]]:
    """A facet as (value, count) pairs, whether given as a mapping or a list of pairs/dicts."""
    if isinstance(values, dict):
        return [(str(k), int(v)) for k, v in values.items()]
    out = []
    for item in values or []:
        if isinstance(item, dict):
            out.append((str(item.get("value")), int(item.get("count") or 0)))
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            out.append((str(item[0]), int(item[1])))
    return out


def other_script(q: str) -> str | None:
    """The query in the other Uzbek script (Cyrillic → Latin), when it is Cyrillic."""
    try:
        from lexsearch.analysis.translit import is_cyrillic, to_latin
    except ImportError:
        return None
    words = q.split()
    if not words or not any(is_cyrillic(w) for w in words):
        return None
    return " ".join(to_latin(w) if is_cyrillic(w) else w for w in words)


@bp.get("/search")
def search():
    p = params(request.args)
    if not p["q"]:
        return render_template("search/results.html", q="", p=p, result=None, groups=[],
                               pages=0, suggestion=None)
    try:
        result = run_search(p)
    except SearchUnavailable as exc:
        return render_template("search/unavailable.html", q=p["q"], detail=str(exc)), 503
    total = int(result.get("total") or 0)
    from .stats import log_search  # the editors' statistics (no personal data)

    log_search(p, total)
    for rank, hit in enumerate(result.get("hits") or [], start=(p["page"] - 1) * p["limit"] + 1):
        hit["rank"] = rank  # for the result link (?from=search&rank=N&qid=…, web.stats)
    suggestion = None
    alt = other_script(p["q"])
    if alt and alt != p["q"] and p["page"] == 1:
        try:
            alt_total = int(run_search({**p, "q": alt, "limit": 1}).get("total") or 0)
        except SearchUnavailable:
            alt_total = 0
        if alt_total > total:
            suggestion = {"q": alt, "total": alt_total}
    pages = min(MAX_PAGE, -(-total // p["limit"]))
    return render_template("search/results.html", q=p["q"], p=p, result=result, total=total,
                           groups=group_hits(result.get("hits") or []), pages=pages, page=p["page"],
                           facets={FACET_PARAMS[name]: facet_items(v)
                                   for name, v in (result.get("facets") or {}).items()
                                   if name in FACET_PARAMS},
                           suggestion=suggestion, asof_label=asof_label)
