"""The register of Uzbek codes and major laws (``data/register.json``): number, adoption date,
titles per language and script, and the short names people use ("ТК РУз", "Mehnat kodeksi",
"Labour Code").

It ties a file to its work when the file's header does not carry the number (a Russian Word
text, a PDF chapter), and it is the cross-language part of the identity check: "ТРУДОВОЙ КОДЕКС
РЕСПУБЛИКИ УЗБЕКИСТАН", "Меҳнат кодекси" and "Mehnat kodeksi" all name
``/akn/uz/act/kodeks/2022-10-28/orq-798``. Titles are compared by ``title_words``: apostrophes,
case, quotes and the "of the Republic of Uzbekistan" formula do not count, and Uzbek Cyrillic is
transliterated, so both Uzbek scripts meet on one key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .analysis.translit import to_latin
from .numbers import number_key

DATA = Path(__file__).resolve().parent / "data" / "register.json"

# The "Republic of Uzbekistan" formula and the act-type words around a title, as transliterated
# lowercase words; they say what kind of act it is, not which one.
_FORMULA = re.compile(
    r"\b(?:o'zbekiston|respublikasi(?:ning)?|respubliki|uzbekistan|of the republic of|"
    r"republic of|the|respublika|qonuni|zakon)\b")
_GI = re.compile(r"[”\"»']\s*(?:gi|ги)\b")  # “Raqobat toʻgʻrisida”gi Qonuni: the quoted name
_PUNCT = re.compile(r"[«»“”„\"()\[\].,:;!?]+|[-–—]{1,2}\s")


def title_words(title: str) -> str:
    """A title folded for matching across scripts: ``"Ўзбекистон Республикасининг Меҳнат
    кодекси"`` and ``"OʻZBEKISTON RESPUBLIKASINING MEHNAT KODEKSI"`` give ``"mehnat kodeksi"``."""
    text = _PUNCT.sub(" ", _GI.sub(" ", title))
    text = _FORMULA.sub(" ", " ".join(to_latin(w) for w in text.split()))
    return " ".join(text.split())


@dataclass(frozen=True)
class Entry:
    """One work of the register."""

    uri: str
    number: str | None
    date: str
    titles: dict[str, tuple[str, ...]]
    short: dict[str, tuple[str, ...]] = field(default_factory=dict)
    status: str = "in_force"
    repealed_on: str | None = None
    approved_by: str | None = None  # a code adopted by a law of the same number and date
    checked_in: tuple[str, ...] = ()

    @property
    def subtype(self) -> str:
        return self.uri.split("/")[4]

    def title(self, lang: str) -> str | None:
        names = self.titles.get(lang) or self.titles.get("uzb") or ()
        return names[0] if names else None

    def names(self) -> list[str]:
        """Every title and short name in every language."""
        return [n for group in (self.titles, self.short) for ns in group.values() for n in ns]

    def in_force_on(self, day: str) -> bool:
        return self.date <= day and (self.repealed_on is None or day < self.repealed_on)

    def __repr__(self) -> str:
        return f"Entry({self.uri})"


class Register:
    """Look-ups by URI, number and title (any language, script or short name)."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._by_uri = {e.uri: e for e in entries}
        self._by_number: dict[str, list[Entry]] = {}
        self._by_title: dict[str, list[Entry]] = {}
        for e in entries:
            if e.number:
                self._by_number.setdefault(number_key(e.number) or e.number, []).append(e)
            for name in e.names():
                bucket = self._by_title.setdefault(title_words(name), [])
                if e not in bucket:
                    bucket.append(e)

    def by_uri(self, uri: str) -> Entry | None:
        return self._by_uri.get(uri)

    def by_number(self, number: str) -> list[Entry]:
        return list(self._by_number.get(number_key(number) or number, []))

    def by_title(self, title: str) -> list[Entry]:
        """Every entry one of whose titles or short names ``title`` is."""
        return list(self._by_title.get(title_words(title), []))

    def resolve(self, title: str, on: str | None = None) -> Entry | None:
        """The one entry ``title`` names; with several (two Labour Codes), the one in force on
        ``on`` (default: the one in force now); ``None`` when none or still ambiguous."""
        found = self.by_title(title)
        if len(found) > 1:
            found = ([e for e in found if e.in_force_on(on)] if on
                     else [e for e in found if e.status != "repealed"])
        return found[0] if len(found) == 1 else None

    def aliases(self, uri: str) -> list[str]:
        """Every title and short name of work ``uri`` (act-name aliases for search)."""
        entry = self._by_uri.get(uri)
        return entry.names() if entry else []

    def same_work(self, title: str, uri: str) -> bool | None:
        """Whether ``title`` names work ``uri``: ``True``/``False`` when the register knows
        the title, ``None`` when it does not."""
        found = self.by_title(title)
        if not found:
            return None
        return any(e.uri == uri for e in found)


def _entry(raw: dict) -> Entry:
    return Entry(uri=raw["uri"], number=raw.get("number"), date=raw["date"],
                 titles={k: tuple(v) for k, v in raw["titles"].items()},
                 short={k: tuple(v) for k, v in raw.get("short", {}).items()},
                 status=raw.get("status", "in_force"), repealed_on=raw.get("repealed_on"),
                 approved_by=raw.get("approved_by"),
                 checked_in=tuple(raw.get("checked_in", ())))


@cache
def register() -> Register:
    """The shipped register (read once)."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return Register([_entry(raw) for raw in data["works"]])


def names(uri: str, titles: dict[str, str]) -> list[tuple[str, str]]:
    """Every (language, name) of a work: its own ``titles``, then the register's titles and
    short names in every language ("ТК РУз", "Labour Code"), each once."""
    out = [(lang, t) for lang, t in sorted(titles.items()) if t]
    entry = register().by_uri(uri)
    if entry is not None:
        for group in (entry.titles, entry.short):
            out += [(lang, n) for lang, ns in sorted(group.items()) for n in ns
                    if (lang, n) not in out]
    return out
