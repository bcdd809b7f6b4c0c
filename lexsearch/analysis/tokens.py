"""The token value and the one tokenizer every chain starts with.

The tokenizer cuts the ORIGINAL string into words and number units and never changes it: each
raw token carries ``start``/``end`` offsets into the input, so a snippet is cut from the stored
original whatever the chain later does to the term (folding, transliteration, stemming).

Number units (the same term from every script, from a query or from a text):

* act numbers, prefix first: ``OʻRQ-547``, ``O'RQ-547``, ``ЎРҚ-547``, ``ЗРУ-547``, ``PF-6012``,
  ``№ ПП-123`` -> ``orq547``, ``pf6012``, ``pq123`` (``lexsearch.numbers.number_key`` without its
  hyphen); an attached ``-son``/``-sonli``/``-сонли`` belongs to the unit;
* act numbers, number first: ``№ 122-ФЗ`` -> ``122fz``, ``3-ФКЗ`` -> ``3fkz``;
* plain numbers: ``547-son`` -> ``547``; ``39-moddasi`` -> ``39`` then the word ``moddasi``;
  dates and registry numbers stay whole (``21.04.2021``, ``03/21/683/0375``);
  Soviet-style numbers with a Roman part: ``560-II`` -> ``560ii``;
* superscript article numbers: ``121¹`` -> ``121.1`` -- the form Russian codes print
  (``Статья 19.1``), so Uzbek ``121¹-modda`` and Russian ``статья 121.1`` meet on one term.

Words are runs of letters; an apostrophe of any form between letters stays inside the word
(``oʻzgartirish``, ``maʼlumot``, ``gʻ``); hyphens split words (``joy-joyiga`` -> two words).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from lexsearch.numbers import APOSTROPHES, number_key


class Token(NamedTuple):
    """One analysed term: ``text`` (the term), ``pos`` (word position, for phrases) and
    ``start``/``end`` (character offsets of the surface form in the original input)."""

    text: str
    pos: int
    start: int
    end: int


# Token kinds the tokenizer yields.
WORD = "w"
NUMBER = "n"

_A = re.escape(APOSTROPHES)
_DASH = "-–—‑"
_LETTER = r"[^\W\d_]"
_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(_SUP, "0123456789")

# Every spelling of an act-number prefix that ``number_key`` knows (tests check they agree).
ACT_PREFIXES: tuple[str, ...] = (
    "o'rq", "orq", "ўрқ", "ўрк", "зру", "zru", "pf", "пф", "уп", "up",
    "pq", "пқ", "пк", "пп", "pp", "vmq", "вмқ", "пкм", "pkm",
)
ACT_SUFFIXES: tuple[str, ...] = ("фкз", "фз", "fkz", "fz")

_PREFIX_ALT = "|".join(p.replace("'", f"[{_A}]") for p in ACT_PREFIXES)
_SON = rf"(?:\s*[{_DASH}]\s*(?i:sonli|son|сонли|сон)(?!\w))?"
_SON_TAIL = re.compile(rf"\s*[{_DASH}]\s*(?i:sonli|son|сонли|сон)$")
_TOKEN_RE = re.compile(
    # act number, prefix first: OʻRQ-547, ЗРУ-547(-son)
    rf"(?P<a>(?<!\w)(?:№\s*)?(?i:{_PREFIX_ALT})\s*[{_DASH}]\s*\d+(?!\d){_SON})"
    # act number, number first: № 122-ФЗ
    rf"|(?P<f>(?:№\s*)?\d+\s*[{_DASH}]\s*(?i:{'|'.join(ACT_SUFFIXES)})(?!\w))"
    # plain number: 547-son, 21.04.2021, 121¹, 560-II
    rf"|(?P<n>\d+(?:[./]\d+)*[{_SUP}]*(?:[{_DASH}][IVXLC]+(?!\w))?{_SON})"
    # word, apostrophes of any form allowed between letters
    rf"|(?P<w>{_LETTER}+(?:[{_A}]{_LETTER}+)*)"
)
_KEEP_NUMBER = re.compile(rf"\d+(?:[./]\d+)*|[{_SUP}]+|(?<=[{_DASH}])[IVXLC]+")


def act_term(surface: str) -> str:
    """``OʻRQ-547-sonli`` / ``№ 122-ФЗ`` -> ``orq547`` / ``122fz`` (the key without hyphens)."""
    key = number_key(_SON_TAIL.sub("", surface))
    if key is None:  # the regex only lets known prefixes through; keep the digits anyway
        return "".join(ch for ch in surface if ch.isdigit())
    return key.replace("-", "")


def number_term(surface: str) -> str:
    """``547-son`` -> ``547``; ``121¹`` -> ``121.1``; ``560-II`` -> ``560ii``."""
    parts = _KEEP_NUMBER.findall(surface)
    term = parts[0]
    for part in parts[1:]:
        if part[0] in _SUP:
            term += "." + part.translate(_SUP_TO_DIGIT)
        else:
            term += part.lower()
    return term


def tokenize(text: str) -> Iterator[tuple[str, str, int, int]]:
    """Yield ``(kind, value, start, end)``: ``kind`` is ``WORD`` (value = surface form, for the
    chain to analyse) or ``NUMBER`` (value = the finished number term)."""
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        if kind == "w":
            yield WORD, m.group(), m.start(), m.end()
        elif kind == "n":
            yield NUMBER, number_term(m.group()), m.start(), m.end()
        else:
            yield NUMBER, act_term(m.group()), m.start(), m.end()


def term_positions(text: str,
                   word_terms: Callable[[str], tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The terms at each word position of ``text``, for the index: entry ``i`` is
    ``word_terms(surface)`` of the ``i``-th word (``()`` for a stopword, several terms for an
    ambiguous form) or the number term of the ``i``-th number unit. The same positions as
    ``tokenize`` gives, without offsets and without a value per term: the index needs neither,
    and this loop runs over every text at every rebuild."""
    out: list[tuple[str, ...]] = []
    append = out.append
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        if kind == "w":
            append(word_terms(m.group()))
        elif kind == "n":
            append((number_term(m.group()),))
        else:
            append((act_term(m.group()),))
    return out
