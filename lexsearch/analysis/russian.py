"""The Russian chain: tokenize | lowercase | pymorphy3 lemmas | ё -> е.

One ``MorphAnalyzer`` serves the whole process (loading its dictionaries takes about a second and
tens of MB), created on first use; ``lemmas`` is memoised per word form. Where a form has
several dictionary lemmas (``судов`` = genitive plural of ``суд`` and of ``судно``) all of them
are emitted at the same position, most probable first, rather than guessing. A word the
dictionary does not know yields only the analyser's best guess. Non-Cyrillic words (``ZRU``,
Latin names) are only lowercased: Russian text is never transliterated.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from lexsearch.analysis.translit import fold, is_cyrillic

_lock = threading.Lock()
_morph: Any = None


def morph() -> Any:
    """The process-wide ``pymorphy3.MorphAnalyzer`` (created lazily, once)."""
    global _morph
    if _morph is None:
        with _lock:
            if _morph is None:
                import pymorphy3

                _morph = pymorphy3.MorphAnalyzer()
    return _morph


def fold_yo(word: str) -> str:
    """``ё`` -> ``е`` (Russian print drops the dots; the index must not care)."""
    return word.replace("ё", "е").replace("Ё", "Е")


@lru_cache(maxsize=1 << 18)
def lemmas(word: str) -> tuple[str, ...]:
    """Every dictionary lemma of a Russian word form, ``ё`` folded, most probable first."""
    low = fold_yo(word.lower())  # "её" and "ее" must give the very same lemmas
    if not is_cyrillic(low):
        return (fold(low),)
    parses = morph().parse(low)
    known = [p for p in parses if p.is_known] or parses[:1]
    out: list[str] = []
    for p in known:
        lemma = fold_yo(p.normal_form)
        if lemma not in out:
            out.append(lemma)
    return tuple(out) or (low,)
