"""One line of an Uzbek act in a form the grammars match, with the way back to the printed text.

The structure and note grammars are written once, for Uzbek Latin with ASCII apostrophes. A
Latin line is folded by ``fold_apostrophes`` (one character for one, so offsets agree); a
Cyrillic line is transliterated word by word (``lexsearch.analysis.translit.to_latin``) with the
case of each word kept (``ЎРҚ`` -> ``O'RQ``, ``Қонуни`` -> ``Qonuni``), and Cyrillic letters
that stand for Roman numerals (``ХХIХ боб``) become Latin ones. ``Folded.raw_span`` maps a
match in the folded text back to the words as printed, so provisions keep their own script.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from lexsearch.analysis.translit import is_cyrillic, to_latin
from lexsearch.numbers import fold_apostrophes

_WORD = re.compile(r"[\u0400-\u04ffʻʼ‘’`'´]+")
_ROMAN_LOOKALIKE = re.compile(r"^[IVXLCХІС]+$")
_LOOKALIKES = str.maketrans("ХІС", "XIC")


def _cased(word: str, latin: str) -> str:
    if len(word) > 1 and word.isupper():
        return latin.upper()
    if word[:1].isupper():
        return latin[:1].upper() + latin[1:]
    return latin


@dataclass(frozen=True)
class Folded:
    """``text``: the folded line; ``words``: for each transliterated word, (start, end) in
    ``text`` and (start, end) in ``raw``; everything between words maps one for one."""

    raw: str
    text: str
    words: tuple[tuple[int, int, int, int], ...] = field(default=(), repr=False)
    transliterated: bool = False

    def _raw_pos(self, pos: int, end: bool) -> int:
        """Where the printed character(s) behind ``text[pos]`` start (or, ``end``, end)."""
        i = bisect_right(self.words, (pos, len(self.text) + 1)) - 1
        if i < 0:
            return pos + end
        ts, te, rs, re_ = self.words[i]
        if pos >= te:  # after the word: one for one
            return re_ + (pos - te) + end
        width, size = re_ - rs, max(te - ts, 1)  # proportional inside a word, exact at edges
        k = pos - ts
        return rs + (-(-(k + 1) * width // size) if end else k * width // size)

    def raw_span(self, start: int, end: int) -> str:
        """The printed text behind ``text[start:end]``."""
        if start >= end:
            return ""
        return self.raw[self._raw_pos(start, False):self._raw_pos(end - 1, True)]

    def raw_from(self, start: int) -> str:
        """The printed text behind ``text[start:]``."""
        return self.raw_span(start, len(self.text)) if start < len(self.text) else ""


@lru_cache(maxsize=65536)
def _word(word: str) -> str:
    if _ROMAN_LOOKALIKE.match(word):
        return word.translate(_LOOKALIKES)
    if is_cyrillic(word):
        return _cased(word, to_latin(word))
    return fold_apostrophes(word)


@lru_cache(maxsize=8192)
def fold_line(raw: str) -> Folded:
    """Fold one printed line (either script) for the grammars (cached: the recogniser asks
    for the same line from several places)."""
    if not is_cyrillic(raw):
        return Folded(raw, fold_apostrophes(raw))
    out: list[str] = []
    words: list[tuple[int, int, int, int]] = []
    pos = size = 0
    for m in _WORD.finditer(raw):
        gap = fold_apostrophes(raw[pos:m.start()])  # digits, spaces, punctuation: one for one
        out.append(gap)
        size += len(gap)
        latin = _word(m.group(0))
        words.append((size, size + len(latin), m.start(), m.end()))
        out.append(latin)
        size += len(latin)
        pos = m.end()
    out.append(fold_apostrophes(raw[pos:]))
    return Folded(raw, "".join(out), tuple(words), transliterated=True)


def latin_display(folded: str) -> str:
    """A folded Latin string as lex.uz prints Latin: ``o'``/``g'`` with the okina ``ʻ``, any
    other apostrophe as the tutuq ``ʼ`` (``O'zbekiston ... ma'lumotlari`` ->
    ``Oʻzbekiston ... maʼlumotlari``)."""
    return re.sub(r"(?<=[OoGg])'", "ʻ", folded).replace("'", "ʼ")


_UZ_CYRILLIC = frozenset("ЎўҚқҒғҲҳ")


def language_of(lines: list[str]) -> str:
    """The language of an act's text by its letters: ``uzb`` (mostly Latin), ``uzb-Cyrl``
    (Cyrillic with the Uzbek letters ``ў қ ғ ҳ``, about one letter in twenty) or ``rus``
    (Cyrillic without them; Russian text quotes Uzbek names rarely)."""
    cyr = lat = uz = 0
    for line in lines:
        for ch in line:
            if ch.isalpha():
                if "\u0400" <= ch <= "\u04ff":
                    cyr += 1
                    uz += ch in _UZ_CYRILLIC
                else:
                    lat += 1
    if cyr <= lat:
        return "uzb"
    return "uzb-Cyrl" if uz * 200 > cyr else "rus"
