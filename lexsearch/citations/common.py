"""Shared pieces of the citation finders: number lists, ordinals, dates and the expansion of a
matched article group into one ``Citation`` per (article, part).

Every finder works on a copy of the text in which apostrophes are folded one-for-one
(``fold_apostrophes`` never changes the length), so match offsets are offsets into the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lexsearch.model import ActRef, Citation

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")
NUM = rf"\d+[{SUPERSCRIPTS}]*"
DASH = "[-–—‑]"
MAX_RANGE = 300  # a wider "range" is a misreading, not 300 citations

# Ordinal stems per language -> number. Matched on lowercased, apostrophe-folded words.
UZ_ORDINALS = {
    "birinchi": 1, "ikkinchi": 2, "uchinchi": 3, "to'rtinchi": 4, "beshinchi": 5,
    "oltinchi": 6, "yettinchi": 7, "sakkizinchi": 8, "to'qqizinchi": 9, "o'ninchi": 10,
    "биринчи": 1, "иккинчи": 2, "учинчи": 3, "тўртинчи": 4, "бешинчи": 5, "олтинчи": 6,
    "еттинчи": 7, "саккизинчи": 8, "тўққизинчи": 9, "ўнинчи": 10,
}
RU_ORDINALS = {
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "четвёрт": 4, "пят": 5, "шест": 6,
    "седьм": 7, "восьм": 8, "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12,
}
EN_ORDINALS = {
    "one": 1, "first": 1, "rst": 1, "two": 2, "second": 2, "three": 3, "third": 3, "four": 4,
    "fourth": 4, "five": 5, "fifth": 5, "ve": 5, "six": 6, "sixth": 6, "seven": 7,
    "seventh": 7, "eight": 8, "eighth": 8, "nine": 9, "ninth": 9, "ten": 10, "tenth": 10,
}
MONTHS = {
    # Uzbek Latin, Uzbek Cyrillic, Russian genitive, English: matched by prefix.
    "yanv": 1, "fev": 2, "mart": 3, "apr": 4, "may": 5, "iyun": 6, "iyul": 7, "avg": 8,
    "sen": 9, "okt": 10, "noy": 11, "dek": 12,
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "мая": 5, "июн": 6, "июл": 7,
    "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
    "jan": 1, "feb": 2, "mar": 3, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}


def month_number(word: str) -> int | None:
    word = word.lower()
    for stem in sorted(MONTHS, key=len, reverse=True):
        if word.startswith(stem):
            return MONTHS[stem]
    return None


def iso_date(year: str | int, month: int | None, day: str | int) -> str | None:
    """ISO date or ``None`` when the parts do not make one (a day/month swap is tried)."""
    try:
        y, m, d = int(year), int(month or 0), int(day)
    except ValueError:
        return None
    if m > 12 >= d:  # 01.22.2020: month first, as the English text sometimes prints it
        m, d = d, m
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def numeric_date(text: str) -> str | None:
    """``21.04.2021`` -> ``2021-04-21``."""
    m = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*", text)
    return iso_date(m.group(3), int(m.group(2)), m.group(1)) if m else None


def ordinal_list(text: str, table: dict[str, int], stems: bool = False) -> list[str]:
    """Ordinal words or digits in ``text`` (``ikkinchi va uchinchi`` -> ["2", "3"])."""
    out: list[str] = []
    words = re.findall(r"[\w']+", text.lower())
    tens = 0
    for word in words:
        if word.isdecimal():
            out.append(word)
            continue
        if word in ("o'n", "ўн"):
            tens = 10
            continue
        value = None
        if stems:
            for stem, n in table.items():
                if word.startswith(stem):
                    value = n
                    break
        else:
            value = table.get(word)
        if value is not None:
            out.append(str(value + tens if value < 10 else value))
            tens = 0
    if len(out) == 2 and re.search(DASH, text) and out[0].isdecimal() and out[1].isdecimal():
        first, last = int(out[0]), int(out[1])  # "ikkinchi — to'rtinchi": a range of parts
        if first < last <= first + 20:
            out = [str(n) for n in range(first, last + 1)]
    return out


def expand_numbers(text: str) -> list[str]:
    """Article numbers as printed from a list with ranges: ``14, 15, 324—339`` -> 14, 15, 324 …"""
    out: list[str] = []
    for m in re.finditer(rf"({NUM}(?:\.\d+)?)(?:\s*{DASH}\s*({NUM}(?:\.\d+)?))?", text):
        first, last = m.group(1), m.group(2)
        if last and first.isdecimal() and last.isdecimal() and 0 < int(last) - int(first) <= MAX_RANGE:
            out.extend(str(n) for n in range(int(first), int(last) + 1))
        else:
            out.append(first)
            if last:
                out.append(last)
    return out


def article_eid(article: str) -> str:
    """The eId of an article: ``39`` -> ``art_39``, ``121¹`` -> ``art_121.1``."""
    m = re.fullmatch(rf"(\d+)([{SUPERSCRIPTS}]+)?", article.strip())
    if m and m.group(2):
        return f"art_{m.group(1)}.{m.group(2).translate(_SUP_TO_DIGIT)}"
    return f"art_{article.strip()}"


@dataclass
class Item:
    """One article phrase: its articles, the parts and clause it names."""

    articles: list[str]
    parts: list[str] = field(default_factory=list)
    clause: str | None = None


@dataclass
class Group:
    """A chain of article phrases sharing one act (or none), with its span."""

    start: int
    end: int
    items: list[Item]


@dataclass
class ActMatch:
    start: int
    end: int
    act: ActRef | None  # None with self_ref: "ushbu Kodeks", "настоящего Кодекса"
    self_ref: bool = False


def pick_acts(matches: Iterable[ActMatch]) -> list[ActMatch]:
    """Non-overlapping act mentions, earliest first, the longest where two start together."""
    chosen: list[ActMatch] = []
    for m in sorted(matches, key=lambda a: (a.start, -(a.end - a.start))):
        if chosen and m.start < chosen[-1].end:
            continue
        chosen.append(m)
    return chosen


def build(text: str, groups: list[Group], acts: list[ActMatch],
          bind: dict[int, ActMatch]) -> list[Citation]:
    """Citations from groups (one per article and part) and the act mentions left unbound.

    All citations of one group share its span, extended over the act mention bound to it.
    A group without an act is an implicit reference to the act it stands in (``self_ref``).
    """
    out: list[Citation] = []
    used: set[int] = set()
    for gi, group in enumerate(groups):
        act = bind.get(gi)
        start, end = group.start, group.end
        if act is not None:
            used.add(id(act))
            start, end = min(start, act.start), max(end, act.end)
        self_ref = act is None or act.self_ref
        ref = act.act if act is not None else None
        for item in group.items:
            for article in item.articles:
                for part in item.parts or [None]:
                    out.append(Citation(start, end, text[start:end], ref, self_ref, article,
                                        part, item.clause))
    for act in acts:
        if id(act) not in used and act.act is not None:
            out.append(Citation(act.start, act.end, text[act.start:act.end], act.act))
    out.sort(key=lambda c: (c.start, c.end))
    return out


def masked(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)
