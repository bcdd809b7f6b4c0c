"""Citations in Russian text.

The articles come first and the act follows: ``статьей 15 Трудового кодекса``, ``пункт 2
части первой статьи 81 настоящего Кодекса``, ``статьи 1 Федерального закона от 27 января
1995 года № 10-ФЗ``. Gazette locators (``Собрание законодательства …, 1995, № 5, ст. 346``)
and article headings (``Статья 1. …``) are masked first.
"""

from __future__ import annotations

import re

from lexsearch.citations.common import (
    DASH,
    NUM,
    RU_ORDINALS,
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
from lexsearch.numbers import ActNumber

_AND = r"(?:\s*,\s*|\s+(?:и|или|либо)\s+)"
_RNUM = rf"{NUM}(?:\.\d+)?"
_NUMS = rf"{_RNUM}(?:\s*{DASH}\s*{_RNUM})?(?:{_AND}{_RNUM}(?:\s*{DASH}\s*{_RNUM})?)*"
_ORD = r"(?:\d+|(?:перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят|десят|одиннадцат|двенадцат)[а-яё]*)"
ITEM_RE = re.compile(
    rf"(?:(?:под)?пункт[а-я]*\s+(?P<clause>\d+(?:\.\d+)?)\s+)?"
    rf"(?:част(?:ь|и|ью|ей|ям|ями|ях)\s+(?P<parts>{_ORD}(?:{_AND}{_ORD})*)\s+)?"
    rf"(?:стать(?:я|и|е|ю|ей|ёй|ям|ями|ях)|статей|ст\.)\s*(?P<nums>{_NUMS})(?![\d.]\d)",
    re.IGNORECASE)
CHAIN_GAP_RE = re.compile(_AND)
GAZETTE_RE = re.compile(r"№\s*[\dIVX/()\s.-]{1,20}(?:\([^)]{0,20}\))?,\s*(?:ст|стр)\.\s*\d+(?:\s*,\s*\d+)*")
HEADING_RE = re.compile(rf"^[ \t]*Статья\s+{_RNUM}\.", re.MULTILINE)

SELF_RE = re.compile(r"(?:настоящего|этого|данного)\s+(?:Кодекса|Закона|Федерального\s+закона)",
                     re.IGNORECASE)
_TAIL = (r"(?:\s+(?:Российской\s+Федерации|РФ|РСФСР|СССР|Республики\s+Узбекистан|"
         r"об\s+административных\s+правонарушениях))*")
CODE_RE = re.compile(
    rf"(?P<title>(?:[А-ЯЁа-яё\-]+(?:ого|его)\s+){{1,2}}[Кк]одекса{_TAIL}"
    rf"|[Кк]одекса\s+законов\s+о\s+труде{_TAIL})")
_DATE = r"(?P<date>\d{1,2}\.\d{1,2}\.\d{4}|(?P<d>\d{1,2})\s+(?P<m>[а-я]+)\s+(?P<y>\d{4}))"
ACT_RE = re.compile(
    r"(?P<kind>Федеральн\w+\s+конституционн\w+\s+закон\w*|[Фф]едеральн\w+\s+закон\w*|"
    r"Закон\w*|закон\w*|Указ\w*|Постановлени\w*|Распоряжени\w*)"
    r"(?P<issuer>(?:\s+(?:Российской\s+Федерации|РСФСР|СССР|Республики\s+Узбекистан|Президента"
    r"|Президиума|Верховного|Совета|Кабинета|Министров|Правительства))*)"
    rf"(?:\s+от\s+{_DATE}(?:\s*(?:года|г\.))?(?:\s*(?:№|N)\s*(?P<num>[\w]+(?:{DASH}[\w]+)*))?)?"
    r"(?:\s*[\"«„](?P<title>[^\"»“\n]{3,300})[\"»“])?")
MORE_RE = re.compile(rf",?\s+от\s+{_DATE}(?:\s*(?:года|г\.))?\s*(?:№|N)\s*(?P<num>[\w]+(?:{DASH}[\w]+)*)")


def _date(m: re.Match) -> str | None:
    if m.group("y"):
        return iso_date(m.group("y"), month_number(m.group("m")), m.group("d"))
    return numeric_date(m.group("date"))


def _type(kind: str, issuer: str, number: str | None) -> str:
    kind, issuer = kind.lower(), issuer.lower()
    if number:
        try:
            prefix = ActNumber.parse(number).prefix
        except ValueError:
            prefix = ""
        if prefix:
            return {"orq": "qonun"}.get(prefix, prefix)
    if "конституц" in kind:
        return "fkz"
    if "федеральн" in kind:
        return "fz"
    if kind.startswith("закон"):
        return "qonun"
    if kind.startswith("указ"):
        return "pf"
    if kind.startswith("постановлени"):
        return "vmq" if ("кабинет" in issuer or "правительств" in issuer) else "pq"
    return "farmoyish"


def _acts(text: str) -> list[ActMatch]:
    small = [ActMatch(m.start(), m.end(), None, True) for m in SELF_RE.finditer(text)]
    small += [ActMatch(m.start(), m.end(), ActRef("kodeks", None, None, m.group("title")))
             for m in CODE_RE.finditer(text)]
    acts: list[ActMatch] = []
    for m in ACT_RE.finditer(text):
        if not m.group("num") and not m.group("title"):
            continue
        num = re.sub(r"\s+", "", m.group("num")) if m.group("num") else None
        kind, issuer = m.group("kind"), m.group("issuer")
        acts.append(ActMatch(m.start(), m.end(), ActRef(_type(kind, issuer, num), num,
                                                        _date(m) if m.group("date") else None,
                                                        m.group("title"))))
        end = m.end()
        while num and (more := MORE_RE.match(text, end)):  # "федеральных законов от …, от …"
            n2 = more.group("num")
            acts.append(ActMatch(more.start("date"), more.end(),
                                 ActRef(_type(kind, issuer, n2), n2, _date(more))))
            end = more.end()
    # A code named inside a law's quoted title ("… в статью 168 Кодекса законов о труде") is
    # kept beside the law: the two do not compete.
    return pick_acts(acts) + pick_acts(small)


def find(text: str) -> list[Citation]:
    mask = [m.span() for m in GAZETTE_RE.finditer(text)]
    mask += [m.span() for m in HEADING_RE.finditer(text)]
    groups: list[Group] = []
    pos = 0
    while (m := ITEM_RE.search(text, pos)) is not None:
        if masked(mask, m.start(), m.end()):
            pos = m.end()
            continue
        start, end, found = m.start(), m.end(), [m]
        while (gap := CHAIN_GAP_RE.match(text, end)) and (nxt := ITEM_RE.match(text, gap.end())):
            if masked(mask, nxt.start(), nxt.end()):
                break
            end = nxt.end()
            found.append(nxt)
        items = [Item(expand_numbers(f.group("nums")),
                      ordinal_list(f.group("parts") or "", RU_ORDINALS, stems=True),
                      f.group("clause")) for f in found]
        groups.append(Group(start, end, items))
        pos = end
    acts = [a for a in _acts(text) if not masked(mask, a.start, a.end)]
    bind: dict[int, ActMatch] = {}
    for gi, group in enumerate(groups):
        for act in sorted(acts, key=lambda a: a.start):
            if act.start >= group.end and re.fullmatch(r"\s{0,3}", text[group.end:act.start]):
                bind[gi] = act
                break
    return build(text, groups, acts, bind)
