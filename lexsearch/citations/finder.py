"""The entry point that picks a language's finder and never raises on odd input."""

from __future__ import annotations

import logging

from lexsearch.citations import english, russian, uzbek
from lexsearch.model import Citation

log = logging.getLogger(__name__)

FINDERS = {"uzb": uzbek.find, "uzb-Cyrl": uzbek.find, "rus": russian.find, "eng": english.find}


def find_citations(text: str, lang: str) -> list[Citation]:
    """Every citation in ``text`` (``lang``: ``uzb``, ``uzb-Cyrl``, ``rus``, ``eng``).

    Several articles named together yield one ``Citation`` each, sharing the span of the whole
    phrase (act mention included). An act named without an article yields one act-only
    ``Citation``. Unknown languages and non-text input give an empty list.
    """
    finder = FINDERS.get(lang)
    if finder is None or not isinstance(text, str) or not text:
        return []
    try:
        return finder(text)
    except RecursionError:  # pathological input; anything else is a bug and must surface
        log.warning("citation finder gave up on a %d-character text", len(text))
        return []
