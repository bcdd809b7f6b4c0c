"""Compressed answers (brotli or gzip, as the client accepts) for HTML, JSON, XML and text.

Flask-Compress does the negotiation and the compression; this module wires it to the portal's
HTTP caching (``web.ops``):

* It runs after ``ops``' ETag/cache hook, so the per-process response cache keeps the
  uncompressed body (one entry serves every encoding) and the compressed bodies are kept
  apart, by encoding and ETag, in a cache of a quarter of ``RESPONSE_CACHE_MB`` (none when
  the response cache is off): a repeated 2 MB act page is not compressed again.
* A compressed representation carries the weak form of the ETag (``W/"…"``, as RFC 9110
  allows for representations that differ only in content coding, and as nginx does), so
  ``If-None-Match`` is still answered by ``ops`` before any rendering (weak comparison) and a
  304 to a client holding the compressed one repeats its weak ETag.
* ``Vary: Accept-Encoding`` on every answer. Already compressed types (DOCX, PDF, zip,
  images) are sent as they are: only the types in ``MIMETYPES`` are compressed.
"""

from __future__ import annotations

from flask import Flask, Response, g, request
from flask_compress import Compress

from .ops import ResponseCache

MIMETYPES = ["text/html", "text/plain", "text/css", "text/javascript", "text/xml",
             "application/json", "application/problem+json", "application/xml",
             "application/akn+xml", "application/atom+xml", "image/svg+xml"]
ALGORITHMS = ["br", "gzip"]  # preferred first when the client accepts both equally
MIN_SIZE = 500  # bytes: smaller answers gain nothing


class CompressedBodies:
    """Flask-Compress's cache backend: compressed bodies by ``"<encoding>;<ETag>"`` in a
    byte-bounded LRU; answers without an ETag (key ``"<encoding>;"``) are never kept."""

    def __init__(self, max_bytes: int) -> None:
        self._lru = ResponseCache(max_bytes)

    def get(self, key: str) -> bytes | None:
        if key.endswith(";"):
            return None
        item = self._lru.get(key)
        return item[2] if item is not None else None

    def set(self, key: str, value: bytes) -> None:
        if not key.endswith(";"):
            self._lru.put(key, Response(value))


def _etag_of_request(_request) -> str:
    info = g.get("cache")  # (area, ETag) set by ops' lookup for a cacheable GET
    return info[1] if info else ""


def _weak_etag(resp: Response) -> Response:
    etag, weak = resp.get_etag()
    if not etag or weak:
        return resp
    encoding = resp.headers.get("Content-Encoding")
    if encoding and etag.endswith(":" + encoding):  # Flask-Compress's "<etag>:<encoding>"
        resp.set_etag(etag[:-len(encoding) - 1], weak=True)
    elif resp.status_code == 304 and request.if_none_match.is_weak(etag):
        resp.set_etag(etag, weak=True)  # the client holds the compressed representation
    return resp


def init_app(app: Flask) -> None:
    """Wire compression; call before ``ops.init_caching`` so that it runs after it."""
    megabytes = int(app.config.get("RESPONSE_CACHE_MB") or 0)
    app.config.setdefault("COMPRESS_MIMETYPES", MIMETYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", ALGORITHMS)
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ALGORITHMS)
    app.config.setdefault("COMPRESS_MIN_SIZE", MIN_SIZE)
    app.config["COMPRESS_REGISTER"] = False  # registered below, wrapped
    app.config["COMPRESS_EVALUATE_CONDITIONAL_REQUEST"] = False  # ops answers If-None-Match
    if megabytes > 0:
        app.config.setdefault("COMPRESS_CACHE_BACKEND",
                              lambda: CompressedBodies(megabytes * 1024 * 1024 // 4))
        app.config.setdefault("COMPRESS_CACHE_KEY", _etag_of_request)
    compress = Compress(app)

    @app.after_request
    def compressed(resp: Response) -> Response:
        return _weak_etag(compress.after_request(resp))

    app.extensions["lexsearch_compress"] = compress


__all__ = ["ALGORITHMS", "MIMETYPES", "CompressedBodies", "init_app"]
