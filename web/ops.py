"""Operations: ``/healthz``, the admin import, and the searchers the web tier reuses.

* ``GET /healthz`` (JSON): see ``web.health``.
* ``POST /api/v1/admin/import``: a zip release (multipart field ``release`` or a raw
  ``application/zip`` body, at most ``ADMIN_MAX_UPLOAD`` bytes) imported by the same importer as
  ``lexsearch import``, all or nothing, then indexed. It exists only when ``ADMIN_TOKEN``
  (env ``LEXSEARCH_ADMIN_TOKEN``, 16 characters or more) is set, and then answers only to
  ``Authorization: Bearer <token>``: no token configured 404, wrong token 403, bad zip or
  manifest 400 (the error names the file and field). While another import or a backup holds
  the writer lock it answers 503 with ``Retry-After`` at once instead of waiting.
* ``searcher()``: an open ``Searcher`` for this request, from a small per-process pool. A pooled
  searcher is reused while the index's ``state.json`` is the same file; an import rewrites that
  file when it commits to the index, and the next request opens the new index.
* HTTP caching: a GET answer is a function of its URL, the interface language, the store's last
  batch and the index state (and, for an act page or export, the edition's content hash), so
  a hash of that is its ETag, known before rendering: ``If-None-Match`` (compared weakly, as
  RFC 9110 says) gets a 304 at once, and ``ResponseCache`` (per process, ``RESPONSE_CACHE_MB``)
  answers repeats until an import. ``If-None-Match: *`` matches only an answer that exists: it
  is decided after the view, and only a 2xx GET/HEAD becomes a 304. No request header other
  than the interface-language cookie shapes a cached body (links use ``BASE_URL``).
  ``Cache-Control: public`` with a short ``max-age`` per area (``CACHE_SECONDS``); errors and
  answers that set a cookie are ``no-store``/``private``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
import threading
from collections import OrderedDict
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException, ServiceUnavailable
from werkzeug.utils import secure_filename

from lexsearch.backup import BackupError
from lexsearch.errors import LexsearchError
from lexsearch.schema import SCHEMA_VERSION

from . import i18n
from .health import writer_busy

bp = Blueprint("ops", __name__)

ADMIN_MAX_UPLOAD = 64 * 1024 * 1024
ADMIN_LOCK_WAIT = 2.0  # seconds an admin import waits for the writer lock before a 503
RETRY_AFTER = 30  # seconds, told to a client the writer lock turned away
MIN_TOKEN = 16
POOL_IDLE = 8  # idle searchers kept per process


# ---- searchers ----------------------------------------------------------------------------
def index_signature(data_dir: str | Path) -> tuple | None:
    """Which index file set a folder holds now: the identity of its ``state.json`` (rewritten,
    as a new file, by every index build or update), or None when there is no index."""
    from lexsearch.search.engine import default_engine, index_path

    try:
        st = (index_path(data_dir, default_engine()) / "state.json").stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class SearcherPool:
    """Open searchers of one data folder, checked out one per request."""

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = str(data_dir)
        self._idle: list[tuple[tuple | None, object]] = []
        self._lock = threading.Lock()

    def get(self):
        """A searcher on the current index (``FileNotFoundError`` when none is built)."""
        from lexsearch.search import Searcher

        sig = index_signature(self.data_dir)
        with self._lock:
            while self._idle:
                old_sig, searcher = self._idle.pop()
                if old_sig == sig:
                    return sig, searcher
                searcher.close()  # type: ignore[attr-defined]
        return sig, Searcher(self.data_dir)

    def put(self, sig: tuple | None, searcher) -> None:
        with self._lock:
            if sig == index_signature(self.data_dir) and len(self._idle) < POOL_IDLE:
                self._idle.append((sig, searcher))
                return
        searcher.close()


def searcher():
    """The request's searcher (returned to the pool when the request ends)."""
    if "searcher" not in g:
        g.searcher = current_app.extensions["lexsearch_searchers"].get()
    return g.searcher[1]


def _wire_searchers(app: Flask) -> None:
    app.extensions["lexsearch_searchers"] = SearcherPool(app.config["DATA_DIR"])
    app.extensions["lexsearch_searcher"] = searcher

    @app.teardown_appcontext
    def return_searcher(_exc) -> None:
        held = g.pop("searcher", None)
        if held is None:
            return
        if g.pop("engine_failed", False):  # it panicked or failed reading: never reuse it
            held[1].close()
        else:
            app.extensions["lexsearch_searchers"].put(*held)


# ---- admin import -------------------------------------------------------------------------
def _check_token() -> None:
    token = current_app.config.get("ADMIN_TOKEN") or ""
    if len(token) < MIN_TOKEN:
        abort(404)  # imports over HTTP are off unless an admin token is configured
    given = request.headers.get("Authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(),
                                                             token.encode()):
        abort(403, "admin token required (Authorization: Bearer …)")


def _save_upload(folder: Path) -> Path:
    request.max_content_length = current_app.config["ADMIN_MAX_UPLOAD"]
    upload = request.files.get("release")
    if upload is not None:
        name = secure_filename(upload.filename or "") or "release.zip"
        target = folder / (name if name.lower().endswith(".zip") else name + ".zip")
        upload.save(target)
    elif request.mimetype in ("application/zip", "application/octet-stream"):
        target = folder / "release.zip"
        target.write_bytes(request.get_data(cache=False))
    else:
        abort(400, "send the release as a zip: multipart field 'release' or an "
                   "application/zip body")
    if target.stat().st_size == 0:
        abort(400, f"{target.name}: empty upload")
    return target


def _busy() -> None:
    raise ServiceUnavailable("another import or a backup is running (the data folder's writer "
                             "lock is held): try again later", retry_after=RETRY_AFTER)


@bp.post("/api/v1/admin/import")
def admin_import():
    """Import a zip release (all or nothing) and update the index; the report as JSON."""
    from indexes.build import update_index
    from ingest.importer import import_into

    _check_token()
    dry_run = request.args.get("dry_run") in ("1", "true", "yes")
    data_dir = current_app.config["DATA_DIR"]
    if writer_busy(data_dir):
        _busy()
    with tempfile.TemporaryDirectory(prefix="lexsearch-upload-") as tmp:
        archive = _save_upload(Path(tmp))
        try:
            report = import_into(data_dir, [archive], dry_run=dry_run,
                                 lock_timeout=current_app.config["ADMIN_LOCK_WAIT"],
                                 on_commit=lambda store: update_index(store, data_dir))
        except BackupError:
            if not writer_busy(data_dir):
                raise
            _busy()
        body = report.as_dict()
    prefix = tmp.rstrip(os.sep) + os.sep
    body = json.loads(json.dumps(body, ensure_ascii=False).replace(
        json.dumps(prefix)[1:-1], ""))  # name the uploaded file, not the temp folder
    if not report.ok:  # the API's error shape too, naming the first bad file and field
        first = body["errors"][0] if body.get("errors") else {}
        body["error"] = {"status": 400, "message": first.get("message") or "import refused",
                         **{k: first[k] for k in ("file", "line", "field") if first.get(k)}}
    resp = jsonify(body)
    resp.status_code = 200 if report.ok else 400
    resp.headers["Cache-Control"] = "no-store"
    return resp


# ---- HTTP caching -------------------------------------------------------------------------
CACHE_SECONDS = {"search": 60, "act": 300, "api": 300, "page": 60}
try:
    CODE_VERSION = version("lexsearch")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    CODE_VERSION = "dev"


class ResponseCache:
    """Rendered GET answers by ETag, least recently used out first, within a byte budget."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes, self.size = max_bytes, 0
        self._items: OrderedDict[str, tuple[int, list, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> tuple[int, list, bytes] | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item

    def put(self, key: str, resp: Response) -> None:
        body = resp.get_data()
        if len(body) > self.max_bytes // 8:
            return
        headers = [(k, v) for k, v in resp.headers.items() if k not in ("Set-Cookie", "Date")]
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (resp.status_code, headers, body)
            self.size += len(body)
            while self.size > self.max_bytes:
                _, (_, _, old) = self._items.popitem(last=False)
                self.size -= len(old)


def _area(path: str) -> str | None:
    if path == "/healthz" or path.startswith(("/api/v1/admin", "/admin/", "/static/")):
        return None
    if path in ("/search", "/api/v1/search"):
        return "search"
    if path.startswith("/akn/"):
        return "act"
    return "api" if path.startswith("/api/") else "page"


class _NoAct(Exception):
    """The act a URL names does not exist: the view answers the 4xx, nothing is cached."""


def _edition_hash(path: str) -> str | None:
    """The content hash of the edition an act page or export shows (None for other pages)."""
    if not path.startswith("/akn/") or path.endswith(("/feed.atom", "/compare", "/timeline")):
        return None
    from .act_view import load_act, parse_date

    try:
        _, _, edition = load_act(path, parse_date(request.args.get("as_of"), "as_of"))
    except HTTPException:
        raise _NoAct(path) from None
    return edition.content_hash


def response_etag() -> str:
    """The ETag of the GET answer to this request, computed without rendering it (``_NoAct``
    for an act that does not exist)."""
    from .act_view import store

    parts = [CODE_VERSION, SCHEMA_VERSION, request.path, sorted(request.args.items(multi=True)),
             i18n.pick_ui(), store().last_batch_id(), index_signature(current_app.config[
                 "DATA_DIR"]), _edition_hash(request.path)]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:32]


def _cache_lookup():
    if request.method not in ("GET", "HEAD") or (area := _area(request.path)) is None:
        return None
    try:
        etag = response_etag()
    except (LexsearchError, _NoAct):
        g.uncacheable = True
        return None  # no readable store or no such act: the view answers 4xx/503
    g.cache = (area, etag)
    if not request.if_none_match.star_tag and request.if_none_match.contains_weak(etag):
        return Response(status=304)  # `*` waits for the view: it matches only what exists
    cache: ResponseCache | None = current_app.extensions.get("lexsearch_response_cache")
    hit = cache.get(etag) if cache is not None else None
    if hit is None:
        return None
    g.cache_hit = True
    status, headers, body = hit
    return Response(body, status=status, headers=headers)


def _cache_headers(resp: Response) -> Response:
    info = g.get("cache")
    if info is None or resp.status_code not in (200, 304):
        if resp.status_code >= 400 or info is not None or g.get("uncacheable"):
            resp.headers["Cache-Control"] = "no-store"
        return resp
    area, etag = info
    if "Set-Cookie" in resp.headers:  # ?ui= chose a language: not for shared caches
        resp.headers["Cache-Control"] = "private, no-cache"
        return resp
    resp.set_etag(etag)
    resp.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS[area]}"
    if area in ("act", "page") or request.path == "/search":
        resp.vary.add("Cookie")  # the interface language cookie
    cache: ResponseCache | None = current_app.extensions.get("lexsearch_response_cache")
    if (cache is not None and resp.status_code == 200 and request.method == "GET"
            and not g.get("cache_hit") and not resp.is_streamed and not resp.direct_passthrough):
        cache.put(etag, resp)
    if resp.status_code == 200 and request.if_none_match.star_tag:
        return _not_modified(resp)  # `*`: a current representation exists
    return resp


def _not_modified(resp: Response) -> Response:
    """``resp`` as a 304: its headers (ETag, Cache-Control, security) kept, its body dropped."""
    resp.status_code = 304
    resp.set_data(b"")
    for name in ("Content-Disposition", "Content-Length"):
        resp.headers.pop(name, None)
    return resp


def init_caching(app: Flask) -> None:
    """Wire the ETag/304 check and the response cache; call before other ``after_request``
    hooks are registered, so this one sees the final headers."""
    megabytes = int(app.config.get("RESPONSE_CACHE_MB") or 0)
    if megabytes > 0:
        app.extensions["lexsearch_response_cache"] = ResponseCache(megabytes * 1024 * 1024)
    app.before_request(_cache_lookup)
    app.after_request(_cache_headers)


def init_app(app: Flask) -> None:
    app.config.setdefault("ADMIN_TOKEN", os.environ.get("LEXSEARCH_ADMIN_TOKEN") or None)
    app.config.setdefault("ADMIN_MAX_UPLOAD", ADMIN_MAX_UPLOAD)
    app.config.setdefault("ADMIN_LOCK_WAIT", ADMIN_LOCK_WAIT)
    _wire_searchers(app)
    from .health import bp as health_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(bp)
    from .stats import init_app as init_stats  # the query log and the editors' statistics

    init_stats(app)


__all__ = ["ResponseCache", "SearcherPool", "bp", "index_signature", "init_app", "init_caching",
           "response_etag", "searcher"]
