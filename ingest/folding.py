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
from dataclasses import dataclass, field

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
    """``text``: the folded line; ``starts``/``ends``: for each of its characters, where the
    printed character(s) it comes from start and end in ``raw``."""

    raw: str
    text: str
    starts: tuple[int, ...] = field(repr=False)
    ends: tuple[int, ...] = field(repr=False)
    transliterated: bool = False

    def raw_span(self, start: int, end: int) -> str:
        """The printed text behind ``text[start:end]``."""
        if start >= end:
            return ""
        return self.raw[self.starts[start]:self.ends[end - 1]]

    def raw_from(self, start: int) -> str:
        """The printed text behind ``text[start:]``."""
        return self.raw_span(start, len(self.text)) if start < len(self.text) else ""


def fold_line(raw: str) -> Folded:
    """Fold one printed line (either script) for the grammars."""
    if not is_cyrillic(raw):
        text = fold_apostrophes(raw)
        index = tuple(range(len(raw)))
        return Folded(raw, text, index, tuple(i + 1 for i in index))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _WORD.finditer(raw):
        for i in range(pos, m.start()):  # digits, spaces, punctuation: one for one
            out.append(fold_apostrophes(raw[i]))
            starts.append(i)
            ends.append(i + 1)
        word = m.group(0)
        if _ROMAN_LOOKALIKE.match(word):
            latin = word.translate(_LOOKALIKES)
        elif is_cyrillic(word):
            latin = _cased(word, to_latin(word))
        else:
            latin = fold_apostrophes(word)
        width, size = len(word), max(len(latin), 1)
        for i in range(len(latin)):  # proportional inside a word, exact at its edges
            starts.append(m.start() + i * width // size)
            ends.append(m.start() + -(-(i + 1) * width // size))
        out.extend(latin)
        pos = m.end()
    for i in range(pos, len(raw)):
        out.append(fold_apostrophes(raw[i]))
        starts.append(i)
        ends.append(i + 1)
    return Folded(raw, "".join(out), tuple(starts), tuple(ends), transliterated=True)


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
