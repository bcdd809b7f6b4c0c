"""Citations in English text (the lex.uz English editions).

``Article 5 of the Law No. ZRU-547``, ``Articles 10-12 of this Code``, ``parts six and seven of
Article 377 of this Code``, and notes ``(Article 1 was amended in accordance with the Law … No.
ZRU-476)``, whose article is one of the act the note stands in. The text was extracted from a
PDF: words are broken by stray spaces and link debris ``(show_doc.fwx?rgn=767#A0…)``, so the
keywords are matched loosely.
"""

from __future__ import annotations

import re

from lexsearch.citations.common import (
    DASH,
    EN_ORDINALS,
    NUM,
    ActMatch,
    Group,
    Item,
    build,
    expand_numbers,
    iso_date,
    masked,
    month_number,
    numeric_date,
    ordinal_list,
    pick_acts,
)
from lexsearch.model import ActRef, Citation


def loose(word: str) -> str:
    """``part`` -> ``p\\s{0,3}a\\s{0,3}r\\s{0,3}t``: tolerate the PDF's stray spaces."""
    return r"\s{0,3}".join(re.escape(c) for c in word)


_AND = r"(?:\s*,\s*|\s+(?:and|or)\s+)"
_NUMS = rf"{NUM}(?:\s*{DASH}\s*{NUM})?(?:{_AND}{NUM}(?:\s*{DASH}\s*{NUM})?)*"
_ORD = r"(?:\d+|" + "|".join(sorted(EN_ORDINALS, key=len, reverse=True)) + ")"
_DEBRIS = r"(?:\s|_|</?u>|\((?=[^()]{0,120}f\s*w\s*x)[^()]{0,120}\))*"
_OF = loose("of")
ITEM_RE = re.compile(
    rf"(?:(?:clause|paragraph|item)s?\s+(?P<clause>\d+)\s+{_OF}\s+)?"
    rf"(?:(?:the\s+)?(?P<parts2>{_ORD}(?:{_AND}{_ORD})*)(?:{_DEBRIS}){loose('part')}s?{_DEBRIS}{_OF}{_DEBRIS})?"
    rf"(?:{loose('part')}s?\s+(?P<parts>{_ORD}(?:{_AND}{_ORD})*)(?:{_DEBRIS}){_OF}{_DEBRIS})?"
    rf"{loose('Article')}s?\s+(?P<nums>{_NUMS})(?!\d)", re.IGNORECASE)
HEADING_RE = re.compile(rf"^[#*\s]*Article\s+{NUM}(?=\s*(?:\.|\*|$|[A-Z]))", re.MULTILINE)

_DATE = (r"(?P<date>\d{1,2}\.\d{1,2}\.\d{4}|(?P<m>[A-Z][a-z]+)\s+(?P<d>\d{1,2}),\s*(?P<y>\d{4}))")
_NUMBER = r"(?P<num>(?:Z\s{0,3}R\s{0,3}U|UP|PP|PKM|FZ)\s{0,3}-\s{0,3}\d+|\d+(?:-[IVX]+)?)"
ACT_RE = re.compile(
    r"(?P<kind>Law|Decree|Resolution)s?(?:\s+of\s+the\s+(?:Republic\s+of\s+U\s{0,3}zbekistan|"
    r"President(?:\s+of\s+the\s+Republic\s+of\s+Uzbekistan)?|Cabinet\s+of\s+Ministers))?"
    rf"(?:\s+dated\s+{_DATE})?\s*No\.[\s_]*(?:<u>)?\s*{_NUMBER}")
SELF_RE = re.compile(rf"{_OF}\s+(?:this|the\s+present)\s+(?:Code|Law)")
CODE_RE = re.compile(rf"{_OF}\s+the\s+(?P<title>(?:[A-Z][\w-]*\s+){{1,3}}Code)")


def _act(m: re.Match) -> ActMatch:
    num = re.sub(r"\s+", "", m.group("num"))
    kind = m.group("kind")
    date = None
    if m.group("date"):
        date = (iso_date(m.group("y"), month_number(m.group("m")), m.group("d"))
                if m.group("y") else numeric_date(m.group("date")))
    prefix = num.split("-")[0].upper()
    typ = {"ZRU": "qonun", "UP": "pf", "PP": "pq", "PKM": "vmq", "FZ": "fz"}.get(prefix)
    if typ is None:
        typ = {"Law": "qonun", "Decree": "pf"}.get(kind, "pq")
    return ActMatch(m.start(), m.end(), ActRef(typ, num, date))


def find(text: str) -> list[Citation]:
    mask = [m.span() for m in HEADING_RE.finditer(text)]
    groups: list[Group] = []
    pos = 0
    while (m := ITEM_RE.search(text, pos)) is not None:
        if masked(mask, m.start(), m.end()):
            pos = m.end()
            continue
        start, end, found = m.start(), m.end(), [m]
        while (gap := re.compile(_AND).match(text, end)) and (nxt := ITEM_RE.match(text, gap.end())):
            end = nxt.end()
            found.append(nxt)
        items = [Item(expand_numbers(f.group("nums")),
                      ordinal_list(f.group("parts") or f.group("parts2") or "", EN_ORDINALS), f.group("clause"))
                 for f in found]
        groups.append(Group(start, end, items))
        pos = end
    acts: list[ActMatch] = [_act(m) for m in ACT_RE.finditer(text)]
    for m in SELF_RE.finditer(text):
        acts.append(ActMatch(m.start(), m.end(), None, True))
    for m in CODE_RE.finditer(text):
        acts.append(ActMatch(m.start(), m.end(), ActRef("kodeks", None, None, m.group("title"))))
    acts = pick_acts(acts)
    bind: dict[int, ActMatch] = {}
    for gi, group in enumerate(groups):
        for act in acts:
            gap = text[group.end:act.start]
            if act.start < group.end or len(gap) > 160:
                continue
            if re.fullmatch(rf"{_DEBRIS}(?:{_OF}\s+(?:the\s+)?)?{_DEBRIS}", gap):
                bind[gi] = act
                break
    return build(text, groups, acts, bind)
