"""Act numbers across scripts and languages.

One law is printed as ``OʻRQ-547`` (Uzbek Latin, in any of five apostrophe forms), ``ЎРҚ-547``
(Uzbek Cyrillic), ``ЗРУ-547`` (Russian) and ``ZRU-547`` (English). ``ActNumber.parse`` reads any
of them and gives one canonical key (``orq-547``) plus the display form in every script, so a
lookup by any alias lands on the same work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Every character lex.uz, pravo.gov.ru and hand-typed queries use for the Uzbek okina/tutuq.
APOSTROPHES = "ʻʼ‘’`'´ʹ′"
_APOS_RE = re.compile(f"[{re.escape(APOSTROPHES)}]")

# prefix key -> display per script. Keys are ASCII lowercase; the same act type has one key.
_PREFIXES: dict[str, dict[str, str]] = {
    "orq": {"uzb": "OʻRQ", "uzb-Cyrl": "ЎРҚ", "rus": "ЗРУ", "eng": "ZRU"},
    "pf": {"uzb": "PF", "uzb-Cyrl": "ПФ", "rus": "УП", "eng": "UP"},
    "pq": {"uzb": "PQ", "uzb-Cyrl": "ПҚ", "rus": "ПП", "eng": "PP"},
    "vmq": {"uzb": "VMQ", "uzb-Cyrl": "ВМҚ", "rus": "ПКМ", "eng": "PKM"},
    "fz": {"rus": "ФЗ", "eng": "FZ"},
    "fkz": {"rus": "ФКЗ", "eng": "FKZ"},
}

# Every spelling of a prefix (after apostrophe folding and lowercasing) -> key.
_ALIASES: dict[str, str] = {
    "o'rq": "orq", "orq": "orq", "ўрқ": "orq", "ўрк": "orq", "зру": "orq", "zru": "orq",
    "pf": "pf", "пф": "pf", "уп": "pf", "up": "pf",
    "pq": "pq", "пқ": "pq", "пк": "pq", "пп": "pq", "pp": "pq",
    "vmq": "vmq", "вмқ": "vmq", "пкм": "vmq", "pkm": "vmq",
    "фз": "fz", "fz": "fz", "фкз": "fkz", "fkz": "fkz",
}

_PREFIX_FIRST = re.compile(r"^\s*(?:(?:№|N)\s*)?([^\W\d_']+(?:'[^\W\d_]+)?)\s*[-–—‑ ]?\s*(\d+[\w]*(?:-\w+)?)\s*$")
_NUMBER_FIRST = re.compile(r"^\s*(?:(?:№|N)\s*)?(\d+)\s*[-–—‑]\s*([^\W\d_']+(?:'[^\W\d_]+)?)\s*$")
_BARE = re.compile(r"^\s*(?:(?:№|N)\s*)?(\d+(?:-[IVXLC]+)?)\s*(?:-?son(?:li)?)?\s*$", re.IGNORECASE)


def fold_apostrophes(text: str) -> str:
    """Every apostrophe form to ASCII ``'`` (the Uzbek ``oʻ``, ``gʻ`` and tutuq alike)."""
    return _APOS_RE.sub("'", text)


@dataclass(frozen=True)
class ActNumber:
    """A normalised act number: ``prefix`` key (``orq``, ``pf`` … or ``""``) and ``value``."""

    prefix: str
    value: str

    @classmethod
    def parse(cls, text: str) -> ActNumber:
        """Read an act number as printed in any script; raise ``ValueError`` if it is none."""
        raw = fold_apostrophes(text).strip().rstrip(".,;")
        raw = re.sub(r"-?son(li)?$", "", raw, flags=re.IGNORECASE).strip()
        m = _PREFIX_FIRST.match(raw)
        if m and m.group(1).lower() in _ALIASES:
            return cls(_ALIASES[m.group(1).lower()], m.group(2).lower())
        m = _NUMBER_FIRST.match(raw)
        if m and m.group(2).lower() in _ALIASES:
            return cls(_ALIASES[m.group(2).lower()], m.group(1).lower())
        m = _BARE.match(raw)
        if m:
            return cls("", m.group(1).lower())
        raise ValueError(f"not an act number: {text!r}")

    @property
    def key(self) -> str:
        """The canonical ASCII key: ``orq-547``, ``122-fz``, ``560-ii``."""
        if not self.prefix:
            return self.value
        if self.prefix in ("fz", "fkz"):
            return f"{self.value}-{self.prefix}"
        return f"{self.prefix}-{self.value}"

    def display(self, lang: str = "uzb") -> str:
        """The number as a reader of ``lang`` expects to see it."""
        if not self.prefix:
            return self.value.upper() if "-" in self.value else self.value
        forms = _PREFIXES[self.prefix]
        prefix = forms.get(lang) or forms.get("rus") or self.prefix.upper()
        if self.prefix in ("fz", "fkz"):
            return f"{self.value}-{prefix}"
        return f"{prefix}-{self.value}"

    def aliases(self) -> list[str]:
        """Every display form, plus the ASCII variants people type (``O'RQ-547``)."""
        forms = {self.display(lang) for lang in ("uzb", "uzb-Cyrl", "rus", "eng")}
        forms.add(fold_apostrophes(self.display("uzb")))
        forms.add(self.key)
        return sorted(forms)

    def __str__(self) -> str:
        return self.key


def number_key(text: str) -> str | None:
    """The canonical key of ``text`` or ``None`` when it is not an act number."""
    try:
        return ActNumber.parse(text).key
    except ValueError:
        return None
