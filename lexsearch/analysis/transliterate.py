"""Whole texts from one Uzbek script into the other, as a reader sees them.

``transliterate(text, "uzb-Cyrl")`` turns Uzbek Latin text into Cyrillic and
``transliterate(text, "uzb")`` Cyrillic into Latin, word by word through the two word-level
transliterators (``translit.to_latin``, ``to_cyrillic.to_cyrillic``), keeping what is not a
word (digits, punctuation, quotes, spacing) and each word's case (``Oʻzbekiston`` ->
``Ўзбекистон``, ``ОЎРҚ`` stays upper). Latin output prints lex.uz's letters: ``oʻ gʻ`` with the
turned comma (U+02BB) and the tutuq as the apostrophe (U+02BC). Roman numerals (``XII``,
``IV``) stay Latin in Cyrillic text, as the acts print them (``2012-XII``). Quotation marks follow
each script's print: Latin acts quote “…”, Cyrillic ones «…».

The result is an automatic rendering, never an official text: every caller labels it so.
"""

from __future__ import annotations

import re

from lexsearch.analysis.to_cyrillic import to_cyrillic
from lexsearch.analysis.translit import is_cyrillic, to_latin

SCRIPTS = ("uzb", "uzb-Cyrl")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’‘`](?=[^\W\d_])|(?<=[oOgG])['’‘`])*")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_LATIN_APOS = re.compile(r"([og])'", re.IGNORECASE)
_QUOTES = {"uzb-Cyrl": str.maketrans("“”", "«»"), "uzb": str.maketrans("«»", "“”")}


def _case_like(source: str, out: str) -> str:
    letters = [c for c in source if c.isupper() or c.islower()]  # cased: not ʻ or ʼ
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return out.upper()
    if source[:1].isupper():
        return out[:1].upper() + out[1:]
    return out


def _latin_word(word: str) -> str:
    out = _LATIN_APOS.sub(lambda m: m.group(1) + "\u02bb", to_latin(word))
    return _case_like(word, out.replace("'", "\u02bc"))


def _cyrillic_word(word: str) -> str:
    if _ROMAN.match(word) or is_cyrillic(word):
        return word
    return _case_like(word, to_cyrillic(word))


def transliterate(text: str, to: str) -> str:
    """``text`` in the Uzbek script ``to`` (``uzb`` Latin or ``uzb-Cyrl``); a ``ValueError``
    naming ``to`` for any other target."""
    if to not in SCRIPTS:
        raise ValueError(f"transliterate: target must be one of {', '.join(SCRIPTS)}, not {to!r}")
    convert = _cyrillic_word if to == "uzb-Cyrl" else _latin_word
    return _WORD.sub(lambda m: convert(m.group(0)), text).translate(_QUOTES[to])


def other_script(lang: str) -> str | None:
    """``uzb`` <-> ``uzb-Cyrl``; None for a language with one script."""
    return {"uzb": "uzb-Cyrl", "uzb-Cyrl": "uzb"}.get(lang)
