"""The Flask portal: ``create_app(config)`` wires one blueprint per area.

Every response carries a strict Content-Security-Policy (no inline script or style), nosniff
and a referrer policy. The interface language is picked per request (``web.i18n``). Errors
under ``/api/`` are JSON; elsewhere they are HTML pages in the interface language, and never
carry a traceback.

Each request reads the store in one read transaction, so a page never mixes two releases.
Caching (``web.ops``): every GET answer is a function of its URL, the interface
language, the store's last batch and the index state (plus, for an act page or export, the
edition's content hash), so that tuple is its ETag: ``If-None-Match`` gets a 304 before any
rendering, and a small per-process cache (``RESPONSE_CACHE_MB``, env
``LEXSEARCH_RESPONSE_CACHE_MB``, 0 = off) answers repeated requests until the next import.

No request header reaches a shared answer: links are relative, and where a document must carry
an absolute URL (Atom feeds, the OpenAPI ``servers``) it is ``BASE_URL`` (env
``LEXSEARCH_BASE_URL``, e.g. ``https://lex.example.uz``), never the request's ``Host``; without
it those links are relative too. A Rust panic in the search engine (a ``BaseException``) and an
unreadable store page become a 503 like any other error, with the usual headers.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from flask import (
    Flask,
    Response,
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
)
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from lexsearch.errors import InputError, StoreError
from lexsearch.store import Store

from . import i18n

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
MAX_QUERY = 500  # characters of a search query
_BASE_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$")


class EngineFailure(Exception):
    """The search engine failed inside (a Rust panic surfaces as a ``BaseException``)."""


class Portal(Flask):
    """Flask, with failures that are not ``Exception``s (a pyo3 ``PanicException`` from
    tantivy) turned into ``EngineFailure`` so the error handlers answer them; only
    ``SystemExit``, ``KeyboardInterrupt`` and ``GeneratorExit`` pass through. The routing
    redirects (``//search`` → ``/search``) go to ``BASE_URL`` + path, not to the ``Host``
    the request named."""

    def handle_http_exception(self, e):  # type: ignore[override]
        if isinstance(e, RequestRedirect):
            parts = urlsplit(e.new_url)
            path = "/" + parts.path.lstrip("/")  # never `//host…`, a link to another site
            target = (self.config.get("BASE_URL") or "") + urlunsplit(
                ("", "", path, parts.query, parts.fragment))
            return redirect(target, code=e.code)
        return super().handle_http_exception(e)

    def dispatch_request(self):  # type: ignore[override]
        try:
            return super().dispatch_request()
        except (Exception, SystemExit, KeyboardInterrupt, GeneratorExit):
            raise
        except BaseException as exc:
            g.engine_failed = True  # the request's searcher is not put back in the pool
            raise EngineFailure(f"{type(exc).__name__}: {str(exc)[:200]}") from exc


def create_app(config: dict | None = None) -> Flask:
    app = Portal(__name__)
    app.config.update(DATA_DIR=os.environ.get("LEXSEARCH_DATA", "var"), MAX_QUERY=MAX_QUERY,
                      MAX_CONTENT_LENGTH=1024 * 1024, JSON_SORT_KEYS=False,
                      RESPONSE_CACHE_MB=int(os.environ.get("LEXSEARCH_RESPONSE_CACHE_MB", "64")),
                      BASE_URL=os.environ.get("LEXSEARCH_BASE_URL", ""))
    if config:
        app.config.update(config)
    app.config["BASE_URL"] = checked_base_url(app.config.get("BASE_URL"))
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    def store() -> Store:
        if "store" not in g:
            s = Store(Path(app.config["DATA_DIR"]), readonly=True)
            s.conn.begin(write=False)  # one snapshot for the whole request
            g.store = s
        return g.store

    app.extensions["lexsearch_store"] = store

    @app.teardown_appcontext
    def close_store(_exc) -> None:
        s = g.pop("store", None)
        if s is not None:
            s.close()

    from . import compress, ops

    compress.init_app(app)  # compresses after the caching hook set the final headers
    ops.init_caching(app)  # first: its after_request runs last, over the final headers
    _wire_i18n(app)
    _wire_security(app)
    _wire_errors(app)
    ops.init_app(app)

    from .api import bp as api_bp
    from .documents import bp as documents_bp
    from .feeds import bp as feeds_bp
    from .history import bp as history_bp
    from .parallel import bp as parallel_bp
    from .search import bp as search_bp

    for bp in (documents_bp, search_bp, history_bp, parallel_bp, api_bp, feeds_bp):
        app.register_blueprint(bp)
    return app


def checked_base_url(value: str | None) -> str:
    """``BASE_URL`` without its trailing slash; a ``ValueError`` naming it when it is not an
    http(s) URL of a host (and optional path)."""
    value = (value or "").strip().rstrip("/")
    if value and not _BASE_URL.match(value):
        raise ValueError(f"BASE_URL (env LEXSEARCH_BASE_URL): not an http(s) URL of a host: "
                         f"{value[:80]!r}")
    return value


def base_url() -> str:
    """The configured canonical base URL, or "" (links are then relative): never taken from
    the request, whose ``Host`` header is the client's to choose."""
    return current_app.config.get("BASE_URL") or ""


def url_with(**changes: str | int | None) -> str:
    """The current path with its query changed: a ``None`` or empty value drops the key."""
    args = {k: v for k, v in request.args.items()}
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = str(value)
    query = urlencode(args)
    return request.path + ("?" + query if query else "")


def _wire_i18n(app: Flask) -> None:
    @app.before_request
    def pick_language() -> None:
        g.ui = i18n.pick_ui()

    @app.after_request
    def remember_language(resp: Response) -> Response:
        chosen = request.args.get("ui")
        if chosen in i18n.UI_LANGUAGES and request.cookies.get(i18n.COOKIE) != chosen:
            resp.set_cookie(i18n.COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True)
        return resp

    app.jinja_env.globals.update(
        t=i18n.t, subtype_label=i18n.subtype_label, lang_label=i18n.lang_label,
        country_label=i18n.country_label,
        ui_languages=i18n.UI_LANGUAGES, ui_names=i18n.UI_NAMES, html_lang=i18n.html_lang,
        content_lang=i18n.content_lang,
        current_ui=i18n.current_ui, url_with=url_with)


def _wire_security(app: Flask) -> None:
    @app.after_request
    def security_headers(resp: Response) -> Response:
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        resp.headers.setdefault("X-Frame-Options", "DENY")
        return resp


def _is_api() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str, **fields) -> Response:
    """A JSON error under ``/api/`` (``fields`` such as file/line/field join it), an HTML page
    elsewhere."""
    if _is_api():
        resp = jsonify({"error": {"status": status, "message": message, **fields}})
        resp.status_code = status
        return resp
    title = {400: "bad_request", 404: "not_found", 503: "unavailable"}.get(status, "error")
    return make_response(render_template("errors/error.html", status=status, title=title,
                                         message=message), status)


def _wire_errors(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        resp = error_response(exc.code or 500, exc.description or "")
        for name, value in exc.get_headers():  # Allow on a 405, Retry-After, …
            if name.lower() != "content-type":
                resp.headers[name] = value
        return resp

    @app.errorhandler(StoreError)
    def store_error(exc: StoreError):
        return error_response(503, str(exc))

    @app.errorhandler(sqlite3.DatabaseError)
    def store_unreadable(exc: sqlite3.DatabaseError):
        return error_response(503, f"the store cannot be read ({exc}): restore it from a "
                                   "backup (`lexsearch restore`)")

    import psycopg

    @app.errorhandler(psycopg.Error)
    def store_unreachable(exc: psycopg.Error):
        # a PostgreSQL store that is failing over or restarting: the next request reconnects
        resp = error_response(503, "the store is not reachable just now "
                                   f"({type(exc).__name__}); try again in a few seconds")
        resp.headers["Retry-After"] = "5"
        return resp

    @app.errorhandler(EngineFailure)
    def engine_failure(exc: EngineFailure):
        return error_response(503, f"the search index failed ({exc}): rebuild it with "
                                   "`lexsearch index --rebuild`")

    @app.errorhandler(InputError)
    def input_error(exc: InputError):
        fields = {k: v for k, v in (("file", exc.file), ("line", exc.line),
                                    ("field", exc.field)) if v is not None}
        return error_response(400, str(exc), **fields)


__all__ = ["EngineFailure", "base_url", "checked_base_url", "create_app",
           "error_response", "url_with"]
