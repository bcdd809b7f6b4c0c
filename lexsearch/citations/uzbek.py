"""Citations in Uzbek text, Latin (``uzb``) and Cyrillic (``uzb-Cyrl``) script.

The act comes first and the articles follow: ``Fuqarolik kodeksining 110-moddasi``,
``ushbu Kodeks 173-moddasining ikkinchi qismida hamda 441-moddasida``. Gazette locators
(``Axborotnomasi, 1996-yil, № 11-12, 56-modda``) and article headings (``39-modda. …``) are
masked first: their numbers are never articles cited.
"""

from __future__ import annotations

import re

from lexsearch.citations.common import (
    DASH,
    NUM,
    UZ_ORDINALS,
    ActMatch,
    Group,
    Item,
    build,
    expand_numbers,
    iso_date,
    masked,
    month_number,
    ordinal_list,
    pick_acts,
)
from lexsearch.model import ActRef, Citation
from lexsearch.numbers import ActNumber, fold_apostrophes

_ORD = (r"(?:(?:o'n|ўн)\s+)?(?:birinchi|ikkinchi|uchinchi|to'rtinchi|beshinchi|oltinchi|"
        r"yettinchi|sakkizinchi|to'qqizinchi|o'ninchi|биринчи|иккинчи|учинчи|тўртинчи|"
        r"бешинчи|олтинчи|еттинчи|саккизинчи|тўққизинчи|ўнинчи)|\d+")
_AND = r"(?:\s*,\s*|\s+(?:va|yoki|hamda|ва|ёки|ҳамда)\s+)"
_NUMS = rf"{NUM}(?:\s*{DASH}\s*{NUM})?(?:{_AND}{NUM}(?:\s*{DASH}\s*{NUM})?)*"
_MODDA = r"(?:modda|модда)"
_ITEM = (
    rf"(?P<nums>{_NUMS})\s*-\s*{_MODDA}(?P<suf>[\w]*)"
    rf"(?:\s+(?P<parts>(?:{_ORD})(?:(?:{_AND}|\s*{DASH}\s*)(?:{_ORD}))*)\s*-?\s*(?:qism|қисм)\w*)?"
    rf"(?:\s+(?P<clause>\d+(?:{_AND}\d+)*)\s*-\s*(?:band|банд)\w*)?"
)
ITEM_RE = re.compile(_ITEM, re.IGNORECASE)
# Between two phrases of one chain: a connector, perhaps after a short parenthetical.
CHAIN_GAP_RE = re.compile(rf"(?:\s*\([^()]{{0,160}}\))?{_AND}")

# "№ 11-12, 56-modda", "51-son, 514-modda", "№ 5, 175, 179-moddalar": nominative only.
GAZETTE_RE = re.compile(
    rf"(?:№\s*[\d/]+(?:\s*{DASH}\s*\d+)?|\d+(?:\s*{DASH}\s*\d+)?-[sc]on)"
    rf",\s*(?:\d+,\s*)*\d+\s*-\s*modda(?:lar)?(?![\w])", re.IGNORECASE)
HEADING_RE = re.compile(rf"^[ \t]*{NUM}\s*-\s*{_MODDA}\.", re.MULTILINE | re.IGNORECASE)

_REPUBLIC = r"(?:O'zbekiston\s+Respublikasi(?:ning)?\s+|Ўзбекистон\s+Республикаси(?:нинг)?\s+)?"
SELF_RE = re.compile(
    r"\b(?:ushbu|mazkur|ушбу|мазкур)\s+(?:kodeks|qonun|konstitutsiya|кодекс|қонун|конституция)"
    r"[\w]*", re.IGNORECASE)
_CODE_WORDS = (r"protsessual|javobgarlik|sud|ishlarini|ishlarni|yuritish|to'g'risidagi|"
               r"процессуал|жавобгарлик|суд|ишларини|юритиш|тўғрисидаги")
CODE_RE = re.compile(
    rf"{_REPUBLIC}(?P<name>(?!Ushbu|Mazkur|Ушбу|Мазкур)[A-ZА-ЯЎҚҒҲ][\w'\-]*"
    rf"(?:\s+(?:{_CODE_WORDS}))*)\s+(?:kodeks|кодекс)(?:i|и)?(?:ning|нинг|da|да|ga|га|ni|ни)?\b")
ABBREVIATIONS = {
    "FK": "Fuqarolik kodeksi", "FPK": "Fuqarolik protsessual kodeksi", "JK": "Jinoyat kodeksi",
    "JPK": "Jinoyat-protsessual kodeksi", "MK": "Mehnat kodeksi", "SK": "Soliq kodeksi",
    "MJtK": "Maʼmuriy javobgarlik toʻgʻrisidagi kodeks", "OK": "Oila kodeksi",
}
ABBR_RE = re.compile(rf"\b(?P<abbr>{'|'.join(ABBREVIATIONS)})\b(?=\s+{NUM}\s*-\s*modda)")
_Q = "[“\"«„]"
_QE = "[”\"»“]"
_KIND = (r"(?P<kind>qonun|farmon|farmoyish|qaror|kodeks|қонун|фармон|фармойиш|қарор|кодекс)")
# Every group before the act type is optional, so without help the engine would try them all at
# every character; the lookahead names the characters a match can start with ("O'zbekiston",
# an issuer, a year or number, a quote, the act type) and skips the rest at once. Same matches
# (no longer starting with the spaces before them), about six times faster on the codes.
_ACT_START = "(?=[OPVЎПВ\\d“\"«„QFKҚФК])"
ACT_RE = re.compile(
    rf"{_ACT_START}(?:{_REPUBLIC}(?P<issuer>Prezidenti(?:ning)?|Vazirlar\s+Mahkamasi(?:ning)?|"
    rf"Президенти(?:нинг)?|Вазирлар\s+Маҳкамаси(?:нинг)?)?\s*)?"
    rf"(?:(?P<y>\d{{4}})\s*-\s*(?:yil|й\.|йил)\s+(?P<d>\d{{1,2}})\s*-\s*(?P<m>[^\W\d_]+)\s+)?"
    rf"(?:(?P<num>(?:O'RQ|PF|PQ|VMQ|ЎРҚ|ПФ|ПҚ|ВМҚ)\s*{DASH}\s*\d+|\d+(?:-[IVX]+)?)"
    rf"\s*-\s*(?:sonli|son|сонли|сон)\s+)?"
    rf"(?:{_Q}(?P<title>[^”\"»“\n]{{3,250}}){_QE}\s*(?:gi|ga|ни|ги|га|ni)?\s+{_REPUBLIC})?{_KIND}\w*",
    re.IGNORECASE)
_TYPE_BY_PREFIX = {"orq": "qonun", "pf": "pf", "pq": "pq", "vmq": "vmq"}


def _act(m: re.Match, original: str) -> ActMatch | None:
    num, title, kind = m.group("num"), m.group("title"), m.group("kind").lower()
    if not num and not title:
        return None  # a bare "qonun" is a word, not a reference
    issuer = (m.group("issuer") or "").lower()
    kind_type = {"qonun": "qonun", "қонун": "qonun", "kodeks": "kodeks", "кодекс": "kodeks",
                 "farmon": "pf", "фармон": "pf", "farmoyish": "farmoyish",
                 "фармойиш": "farmoyish"}.get(kind)
    if kind in ("qaror", "қарор"):
        kind_type = "vmq" if ("vazir" in issuer or "вазир" in issuer) else "pq"
    number = None
    if num:
        try:
            parsed = ActNumber.parse(num)
        except ValueError:
            parsed = None
        if parsed and parsed.prefix:
            kind_type = _TYPE_BY_PREFIX.get(parsed.prefix, kind_type)
            number = original[m.start("num"):m.end("num")]
            number = re.sub(r"\s+", "", number)
        else:
            number = num
    date = None
    if m.group("y"):
        date = iso_date(m.group("y"), month_number(m.group("m")), m.group("d"))
    title_text = original[m.start("title"):m.end("title")] if title else None
    return ActMatch(m.start(), m.end(), ActRef(kind_type, number, date, title_text))


def _items(chain: str) -> list[Item]:
    items = []
    for m in ITEM_RE.finditer(chain):
        parts = ordinal_list(m.group("parts") or "", UZ_ORDINALS)
        clause = m.group("clause")
        items.append(Item(expand_numbers(m.group("nums")), parts, clause))
    return items


def find(text: str) -> list[Citation]:
    folded = fold_apostrophes(text)
    mask = [m.span() for m in GAZETTE_RE.finditer(folded)]
    mask += [m.span() for m in HEADING_RE.finditer(folded)]
    groups: list[Group] = []
    pos = 0
    while True:
        m = ITEM_RE.search(folded, pos)
        if m is None:
            break
        if masked(mask, m.start(), m.end()):
            pos = m.end()
            continue
        start, end = m.start(), m.end()
        while True:  # extend the chain over "…, 180 va 181-moddalarida"
            gap = CHAIN_GAP_RE.match(folded, end)
            nxt = ITEM_RE.match(folded, gap.end()) if gap else None
            if nxt is None or masked(mask, nxt.start(), nxt.end()):
                break
            end = nxt.end()
        groups.append(Group(start, end, _items(folded[start:end])))
        pos = end
    acts = [ActMatch(m.start(), m.end(), None, True) for m in SELF_RE.finditer(folded)]
    acts += [ActMatch(m.start(), m.end(), ActRef("kodeks", None, None,
                                                 original_title(text, m)))
             for m in CODE_RE.finditer(folded)]
    acts += [ActMatch(m.start(), m.end(),
                      ActRef("kodeks", None, None, ABBREVIATIONS[m.group("abbr")]))
             for m in ABBR_RE.finditer(folded)]
    acts += [a for m in ACT_RE.finditer(folded) if (a := _act(m, text)) is not None]
    acts = [a for a in pick_acts(acts) if not masked(mask, a.start, a.end)]
    bind: dict[int, ActMatch] = {}
    for gi, group in enumerate(groups):
        for act in acts:
            if act.end <= group.start and re.fullmatch(r"[\s,]{0,3}", folded[act.end:group.start]):
                bind[gi] = act
    return build(text, groups, acts, bind)


def original_title(text: str, m: re.Match) -> str:
    """``Jinoyat kodeksining`` -> ``Jinoyat kodeksi`` (the name as printed)."""
    name = text[m.start("name"):m.end("name")]
    cyr = bool(re.search("[а-яА-Я]", name))
    return f"{name} {'кодекси' if cyr else 'kodeksi'}"
