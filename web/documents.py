"""Home page and act pages."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from lexsearch.errors import NotFound

bp = Blueprint("documents", __name__)


def store():
    return current_app.extensions["lexsearch_store"]()


@bp.get("/")
def home():
    s = store()
    return render_template("documents/home.html", works=s.works(), stats=s.stats())


@bp.get("/akn/<path:rest>")
def work_page(rest: str):
    from lexsearch.uri import FrbrUri

    try:
        uri = FrbrUri.parse("/akn/" + rest)
    except ValueError:
        abort(404)
    s = store()
    try:
        work = s.work(uri.work_uri)
        edition = s.edition_for(work.uri, uri.language, as_of=request.args.get("as_of"),
                                exact=uri.expression_date)
    except NotFound as exc:
        abort(404, str(exc))
    return render_template("documents/work.html", work=work, edition=edition,
                           editions=s.editions(work.uri), provisions=s.provisions(edition))
