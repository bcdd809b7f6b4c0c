"""One text normalisation for everything that enters the portal: imported acts and queries.

``normalize(text)`` is applied once, at import, to every string of a ``Document`` (titles,
headings, provision texts, notes) before it is stored, and to every query before it is parsed,
so the words of a query meet the words of the store:

* C0 and C1 control characters are dropped (a ``\\x01`` broke the XML and DOCX exports and the
  Atom feed; an ESC sequence reached the terminal), except ``\\n`` and ``\\t``; ``\\r\\n`` and a
  lone ``\\r`` become ``\\n``, vertical tab, form feed and NEL a space;
* soft hyphens, zero-width characters, word joiners, BOMs and bidirectional controls are
  dropped: invisible in print, they split a word in two for the search;
* full-width ASCII forms (``ｋｏｄｅｋｓ``, U+FF01-U+FF5E) and the ideographic space become plain
  ASCII (the width part of NFKC, without NFKC's folding of superscripts: ``121¹`` is an article
  number);
* the result is in Unicode NFC (a decomposed ``й`` or ``oʻ`` + combining mark composed).

``escape_controls(text)`` is the output side: what the CLI prints of text it did not
normalise (an older store, file names) shows each control character as a visible ``\\xNN``
escape instead of sending it to the terminal.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import TypeVar

# (first, last) code points dropped outright
_DROP: tuple[tuple[int, int], ...] = (
    (0x00, 0x08), (0x0e, 0x1b), (0x7f, 0x84), (0x86, 0x9f),  # C0 and C1 controls, DEL
    (0xad, 0xad),  # soft hyphen
    (0x34f, 0x34f),  # combining grapheme joiner
    (0x61c, 0x61c),  # Arabic letter mark
    (0x180b, 0x180f),  # Mongolian variation selectors and vowel separator
    (0x200b, 0x200f),  # zero-width space, ZWNJ, ZWJ, LRM, RLM
    (0x202a, 0x202e),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x206f),  # bidi isolates, deprecated format characters
    (0xfeff, 0xfeff),  # BOM, zero-width no-break space
    (0xfff9, 0xfffb),  # interlinear annotation
)
_SPACES = "\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029\u3000"  # become one space
_TABLE: dict[int, str | None] = {c: None for lo, hi in _DROP for c in range(lo, hi + 1)}
_TABLE.update({ord(ch): " " for ch in _SPACES})
_TABLE.update({c: chr(c - 0xfee0) for c in range(0xff01, 0xff5f)})  # full-width ASCII
_REPLACE = {chr(c): to or "" for c, to in _TABLE.items()}
# a line break, or one character to drop or replace (most texts hold none or a few: a regex
# substitution touches only those, where str.translate would look up every character)
_SUSPECT = re.compile("\r\n?|[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _DROP)
                      + _SPACES + "\uff01-\uff5e]")


def _replace(match: re.Match) -> str:
    found = match.group()
    return "\n" if found[0] == "\r" else _REPLACE[found]


T = TypeVar("T")


def normalize(text: str) -> str:
    """``text`` as the portal stores and searches it (see the module docstring)."""
    text = _SUSPECT.sub(_replace, text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def normalize_value(value: T, *, skip: frozenset[str] = frozenset({"source"})) -> T:
    """Every string in ``value`` normalised: dataclasses (frozen ones rebuilt, others updated
    in place), lists, tuples and dicts, walked to the bottom. Fields named in ``skip`` (the
    file a document was read from) are left as they are."""
    if isinstance(value, str):
        return normalize(value)  # type: ignore[return-value]
    if isinstance(value, list):
        value[:] = [normalize_value(v, skip=skip) for v in value]
        return value
    if isinstance(value, tuple):
        return type(value)(normalize_value(v, skip=skip) for v in value)  # type: ignore
    if isinstance(value, dict):
        return {normalize_value(k, skip=skip): normalize_value(v, skip=skip)  # type: ignore
                for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if f.name in skip:
                continue
            old = getattr(value, f.name)
            new = normalize_value(old, skip=skip)
            if new is not old:  # lists are updated in place
                changes[f.name] = new
        if not changes:
            return value
        if type(value).__dataclass_params__.frozen:  # type: ignore[attr-defined]
            return dataclasses.replace(value, **changes)
        for name, new in changes.items():
            setattr(value, name, new)
        return value
    return value


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069]")


def escape_controls(text: str, keep: str = "") -> str:
    """``text`` safe for a terminal or a one-line report: every control character (and bidi
    control) not in ``keep`` written as ``\\xNN`` / ``\\uNNNN``, so it can neither move the
    cursor nor forge a line."""

    def esc(m: re.Match) -> str:
        ch = m.group()
        if ch in keep:
            return ch
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"

    return _UNSAFE.sub(esc, text)


__all__ = ["escape_controls", "normalize", "normalize_value"]
