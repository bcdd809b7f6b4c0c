"""Text analysis: one chain per language, engine-agnostic, with offsets into the original.

    >>> [t.text for t in analyze("Mehnat kodeksining 39-moddasi", "uzb")]
    ['mehnat', 'kodeks', '39', 'modda']
    >>> [t.text for t in analyze("Меҳнат кодексининг 39-моддаси", "uzb-Cyrl")]
    ['mehnat', 'kodeks', '39', 'modda']

The steps (``tokenize``, ``fold``, ``to_latin``, ``is_stopword``, ``stem``, ``lemmas``,
``english_stem``) are public so each can be tested and reused alone.
"""

from __future__ import annotations

from lexsearch.analysis.chains import (
    analyze,
    analyze_positions,
    analyze_query,
    bare_word,
    word_key,
    word_script,
)
from lexsearch.analysis.english import english_stem
from lexsearch.analysis.russian import lemmas, morph
from lexsearch.analysis.stem_uz import stem
from lexsearch.analysis.tokens import Token, tokenize
from lexsearch.analysis.translit import fold, to_latin
from lexsearch.analysis.uzbek import is_stopword

__all__ = [
    "Token", "analyze", "analyze_positions", "analyze_query", "bare_word", "english_stem",
    "fold", "is_stopword", "lemmas", "morph", "stem", "to_latin", "tokenize", "word_key",
    "word_script",
]
