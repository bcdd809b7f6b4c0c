"""Home page, browsing by type and issuer, and the act page at its URI path."""

from __future__ import annotations

import json
from collections import Counter

from flask import Blueprint, abort, redirect, render_template, request

from .act_view import act_page, load_act, parse_date, parse_uri, store
from .i18n import current_ui
from .jurisdiction import DEFAULT_COUNTRY, country_arg, country_counts, of_country
from .languages import preferred_language, translit_target

bp = Blueprint("documents", __name__)

PAGE_SIZE = 50


def releases(limit: int = 10) -> list[dict]:
    """The latest import batches with their file count, newest first."""
    out = []
    for b in store().batches()[:limit]:
        try:
            files = json.loads(b.get("files") or "[]")
        except ValueError:
            files = []
        out.append({"id": b["id"], "date": (b.get("finished_at") or b["started_at"] or "")[:10],
                    "source": b.get("source") or "", "files": len(files)})
    return out


@bp.get("/")
def home():
    s = store()
    all_works = s.works()
    works = of_country(all_works, DEFAULT_COUNTRY)  # Uzbek legislation first; foreign on browse
    issuers = Counter(w.issuer for w in works if w.issuer)
    return render_template("documents/home.html", stats=s.stats(), releases=releases(),
                           issuers=sorted(issuers.items()), latest=works[:10],
                           countries=country_counts(all_works))


@bp.get("/browse")
def browse():
    s = store()
    subtype = request.args.get("type") or None
    issuer = request.args.get("issuer") or None
    country = country_arg()
    held = s.works(subtype=subtype)
    works = of_country(held, country)
    if issuer:
        works = [w for w in works if w.issuer == issuer]
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page = 1
    total = len(works)
    shown = works[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    return render_template("documents/browse.html", works=shown, total=total, page=page,
                           pages=max(1, -(-total // PAGE_SIZE)), subtype=subtype, issuer=issuer,
                           types=s.stats()["works_by_type"], country=country,
                           countries=country_counts(held))


@bp.get("/akn/<path:rest>")
def work_page(rest: str):
    """The act: latest edition, ``…/uzb@DATE`` exact edition, ``?as_of=DATE`` in force then.
    ``?format=txt|docx|akn|json`` downloads the same edition; ``…/~art_39`` jumps to it."""
    parsed = parse_uri("/akn/" + rest)
    if parsed.portion:
        return redirect(str(parsed.with_portion(None)) + "#" + parsed.portion, code=302)
    as_of = parse_date(request.args.get("as_of"), "as_of")
    lang = None
    if parsed.language is None:  # no language in the URL: the interface's, when the work has it
        lang = preferred_language(store().languages(parsed.work_uri), current_ui())
    from .pointintime import AsOfView, page_point_in_time

    pit = page_point_in_time(parsed, as_of, lang)  # a date asked: the notes tell what differed
    if pit is not None:
        work, edition = pit.work, pit.edition
    else:
        parsed, work, edition = load_act(str(parsed), as_of, lang)
    translit = request.args.get("translit") or None
    if translit is not None and translit != translit_target(store().languages(work.uri),
                                                            edition.lang):
        abort(400, f"translit: {translit[:20]!r} is not the other Uzbek script of this "
                   f"{edition.lang} text, or the work has that script officially")
    fmt = request.args.get("format")
    if fmt:
        from .exports import export

        return export(work, edition, fmt, translit=translit)
    return render_template("documents/work.html", **act_page(
        work, edition, translit=translit, statuses=pit.statuses if pit else None,
        asof_summary=AsOfView(pit) if pit else None))

