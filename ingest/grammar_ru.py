"""The structure and note grammar of Russian texts of Uzbek acts, for the structure recogniser.

Structure (one printed line each): ``ОБЩАЯ ЧАСТЬ`` / ``ЧАСТЬ ПЕРВАЯ`` (parts), ``РАЗДЕЛ I.`` /
``Раздел первый`` / ``РАЗДЕЛ ВТОРОЙ`` (sections), ``Подраздел 1.`` (subsections), ``Глава 1.`` /
``ГЛАВА XXIII.`` (chapters), ``§ 1.`` / ``Параграф 1.`` (paragraphs) and ``Статья 12.``. Article
numbers with a superscript come as lex.uz and the printers flatten them: ``Статья 171.`` (17¹,
resolved by position like the Uzbek ``171-modda``), ``Статья 17-1.``, ``Статья 17.1`` or
``Статья 17 1.``; ``fold`` turns the last three into the space form, so every language of a
work gives the same eId (``art_17.1``).

Notes, a line wholly in parentheses::

    (часть вторая статьи 7 в редакции Закона Республики Узбекистан от 14 сентября 2017 года
     № ЗРУ-446 — СЗ РУ, 2017 г., № 37, ст. 978)
    (статья 37 утратит силу с 1 января 2019 года Законом Республики Узбекистан от 24 декабря
     2018 года № ЗРУ-508 — Национальная база данных законодательства, 25.12.2018 г.,
     № 03/18/508/2365)

give the same ``AmendmentNote`` fields as their Uzbek twins: the act as ``OʻRQ-446`` (numbers
are displayed in Uzbek Latin in every language, as the Uzbek notes give them), ISO dates, the
gazette reference ``03/18/508/2365``. The actions are pravo.gov.ru's (``ingest.pravo_html``),
with the Uzbek printers' verbs added (``заменена``, ``изменена``, ``будет исключен``). A
closing list (``(Ведомости Олий Мажлиса …, 1998 г., № 9, ст. 170; …; Национальная база данных
законодательства, 26.02.2021 г., № 03/21/677/0155; …)``) gives one ``published`` note per entry.
"""

from __future__ import annotations

import re

from ingest.pravo_html import _ACTIONS as _PRAVO_ACTIONS
from ingest.pravo_html import MONTHS, ORDINALS
from lexsearch.model import ActRef, AmendmentNote
from lexsearch.numbers import ActNumber

_ORDINAL_WORDS = dict(ORDINALS)  # ПЕРВЫЙ … ДЕСЯТЫЙ, ПЕРВАЯ … ЧЕТВЕРТАЯ; looked up with Ё as Е
_ORDINAL_WORDS.update({w: i for i, w in enumerate(
    ("ОДИННАДЦАТЫЙ", "ДВЕНАДЦАТЫЙ", "ТРИНАДЦАТЫЙ", "ЧЕТЫРНАДЦАТЫЙ", "ПЯТНАДЦАТЫЙ"), start=11)})
_ORD = "|".join(k.replace("ЧЕТВЕР", "ЧЕТВ[ЕЁ]Р")
                for k in sorted(_ORDINAL_WORDS, key=len, reverse=True))
_ROMAN = r"[IVXLCХІ]+"  # Cyrillic Х and І stand in for Latin letters in some prints

ARTICLE = re.compile(r"^(?:Статья|СТАТЬЯ)\s+(?P<num>\d+(?: \d{1,2})?)(?:\.\s*(?P<h>.*)|\s*$|\s+"
                     r"(?P<h2>[А-ЯЁ«\"].*))$")
_PART = re.compile(rf"^(?:ЧАСТЬ|Часть)\s+(?P<num>{_ORD})\.?$|^(?P<word>ОБЩАЯ|ОСОБЕННАЯ)\s+ЧАСТЬ$",
                   re.IGNORECASE)
# level, kind, eId prefix, pattern; "num" is an arabic or Roman number or an ordinal word
_CONTAINERS = [
    (1, "section", "sec", re.compile(
        rf"^(?:РАЗДЕЛ|Раздел)\s+(?P<num>\d+|{_ROMAN}|(?i:{_ORD}))\b\.?\s*(?P<h>.*)$")),
    (2, "subsection", "subsec", re.compile(
        rf"^(?:ПОДРАЗДЕЛ|Подраздел)\s+(?P<num>\d+|{_ROMAN})\b\.?\s*(?P<h>.*)$")),
    (3, "chapter", "chp", re.compile(
        rf"^(?:ГЛАВА|Глава)\s+(?P<num>\d+(?: \d{{1,2}})?|{_ROMAN}(?: ?\d{{1,2}})?)(?=[.\s]|$)\.?"
        r"\s*(?P<h>.*)$")),
    (4, "paragraph", "para", re.compile(
        r"^(?:§|Параграф|ПАРАГРАФ)\s*(?P<num>\d+(?: \d{1,2})?)\.?\s*(?P<h>.*)$")),
    # "I. ОБЩИЕ ПОЛОЖЕНИЯ": a chapter of a law printed without the word
    (3, "chapter", "chp", re.compile(rf"^(?P<num>{_ROMAN})\.\s+(?P<h>[^а-яё]+)$")),
]
_FLAT_SUP = re.compile(r"^((?:Статья|СТАТЬЯ|Глава|ГЛАВА)\s+[\dIVXLCХІ]+)[-.](\d{1,2})(?=[.\s]|$)")
_ROMAN_FIX = str.maketrans("ХІ", "XI")


def fold(raw: str) -> str:
    """The form the grammar matches, one character for one: ``Статья 17-1.`` and
    ``Статья 17.1`` -> ``Статья 17 1.``; ``Глава ХХIV`` (Cyrillic Х) -> ``Глава XXIV``."""
    text = _FLAT_SUP.sub(r"\1 \2", raw)
    m = re.match(rf"^((?:ГЛАВА|Глава|РАЗДЕЛ|Раздел|ПОДРАЗДЕЛ|Подраздел)\s+)({_ROMAN})(?=\d|\b)", text)
    if m:
        text = m.group(1) + m.group(2).translate(_ROMAN_FIX) + text[m.end():]
    return text


def parse_container(folded: str) -> tuple[int, str, str, str, str] | None:
    """A container heading: (level, kind, eId prefix, number, heading); the number is arabic
    or Roman (ordinal words become digits), so ``container_key`` keys it."""
    m = _PART.match(folded)
    if m:
        word = (m.group("num") or m.group("word")).upper()
        num = {"ОБЩАЯ": 1, "ОСОБЕННАЯ": 2}.get(word) or _ORDINAL_WORDS.get(word.replace("Ё", "Е"))
        return 0, "part", "part", str(num), ""
    for level, kind, prefix, pattern in _CONTAINERS:
        m = pattern.match(folded)
        if not m:
            continue
        num, heading = m.group("num"), m.group("h").strip()
        if heading and not re.match(r"[А-ЯЁA-Z«\"(]", heading):
            return None  # "Глава 5 настоящего Кодекса …" is prose
        word = _ORDINAL_WORDS.get(num.upper().replace("Ё", "Е"))
        return level, kind, prefix, str(word) if word else num, heading
    return None


def printed(raw: str, parsed: tuple[int, str, str, str, str]) -> tuple[str, str]:
    """(number as printed, heading as printed) of a container line ``parse_container`` read;
    a part's heading is its whole line."""
    kind, heading = parsed[1], parsed[4]
    if kind == "part":
        return raw.split()[-1] if raw.split()[0].upper() == "ЧАСТЬ" else raw.split()[0], raw
    words = raw.split(None, 2)
    num = words[1].rstrip(".") if len(words) > 1 else parsed[3]
    if re.match(rf"^{_ROMAN}\.", raw):
        num = raw.split(".", 1)[0]
    elif raw.startswith("§"):
        num = raw[1:].strip().split(None, 1)[0].rstrip(".")
    return num, raw[len(raw) - len(heading):] if heading else ""


# lex.uz's header line of a Russian page: "Закон Республики Узбекистан, 13.01.2026 г. № ЗРУ-1111"
HEADER = re.compile(r"^(?P<kind>Закон|Кодекс|Конституционный закон)\s+Республики\s+Узбекистан"
                    r"(?:,\s*(?P<date>\d\d\.\d\d\.\d{4})\s*(?:г\.)?\s*[№N]\s*(?P<num>\S+?))?\s*$")
PREFACE = re.compile(r"^(?:Принят|Одобрен|Утвержден)\w*\s+.*\d{4}\s*(?:года|г\.)$")
SIGNATURE = re.compile(r"^Президент\s+Республики\s+Узбекистан\s+(?:[А-ЯЁ][а-яё]?\.\s*)+[А-ЯЁ]{3,}$")
_TITLE = re.compile(r"\b(?:кодекс|закон|конституция)\b", re.IGNORECASE)


def title_kind(line: str) -> str | None:
    """The act type a title line names (``ТРУДОВОЙ КОДЕКС РЕСПУБЛИКИ УЗБЕКИСТАН`` -> kodeks)."""
    m = _TITLE.search(line)
    if not m or not re.search(r"Республик[иа]\s+Узбекистан", line, re.IGNORECASE):
        return None
    return {"кодекс": "kodeks", "закон": "qonun"}.get(m.group(0).lower(), "konstitutsiya")


def sentence(title: str) -> str:
    """An uppercase title as a sentence: ``ТРУДОВОЙ КОДЕКС РЕСПУБЛИКИ УЗБЕКИСТАН`` ->
    ``Трудовой кодекс Республики Узбекистан``."""
    if not title.isupper():
        return title
    text = title.lower()
    text = re.sub(r"республик(\w*) узбекистан", r"Республик\1 Узбекистан", text)
    return text[:1].upper() + text[1:]


def article_heading(raw: str) -> str | None:
    """``Статья 12. Heading`` -> ``Heading``."""
    m = ARTICLE.match(fold(raw))
    if not m:
        return None
    return (m.group("h") or m.group("h2") or "").strip() or None


# -- notes ---------------------------------------------------------------------------------
_MONTH = "|".join(MONTHS)
_DATE = rf"(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH})\s+(?P<y>\d{{4}})\s*(?:года|г\.)?"
_DOTTED_DATE = r"(?P<dd>\d{1,2})\.(?P<mm>\d{1,2})\.(?P<yy>\d{4})\s*(?:года|г\.)?"
_ACT_RE = re.compile(
    r"(?P<kind>Конституционн\w+\s+[Зз]акон\w*|[Зз]акон\w*|Указ\w*|[Пп]остановлени\w*|"
    r"[Рр]ешени\w*|[Рр]аспоряжени\w*)"
    r"(?P<who>(?:\s+(?!от\b)[\w«»\"-]+){0,6}?)\s+от\s+(?:" + _DATE + "|" + _DOTTED_DATE + r")"
    r"\s*(?:[№N]\s*(?P<num>[\wА-Яа-я]+(?:[-–][\wА-Яа-я]+)*))?")
_NBZ = re.compile(r"(?P<pub>\d{2}\.\d{2}\.\d{4})\s*г\.?,?\s*(?:[№N]\s*)?(?P<gaz>\d{2}/\d{2}/\d+/\d+)")
_OLD_GAZ = re.compile(r"(?:СЗ РУ|Ведомости|Собрание законодательства|Бюллетень)\W.*?\d{4}\s*г\.")
_ACTIONS = [("amended", re.compile(r"замен[еи]н|изменен", re.I)),
            ("removed", re.compile(r"исключ", re.I))] + [
    (name, rx) for name, rx in _PRAVO_ACTIONS if name != "removed"]
_ACTIONS.sort(key=lambda a: ("repealed", "removed", "wording", "inserted", "amended").index(a[0]))
_EFFECTIVE = re.compile(rf"(?:вступает\s+в\s+силу|вступил\w*\s+в\s+силу|утратит\s+силу|будет\s+"
                        rf"исключен\w*|Дата\s+вступления\s+в\s+силу\s+—)\s+(?:с\s+)?{_DATE}")
_SUBJECT = re.compile(r"\b(?:стать[яиюей]|ст\.)\s+(?P<num>\d+(?:[-. ]\d{1,2})?)\b")
_VERB = re.compile(r"\s+(?:в\s+редакции|утратил|утратит|дополнен|введен|исключен|будет\s+"
                   r"исключен|заменен|изменен|признан)", re.I)
_SERIES_START = re.compile(r"^(?:Ведомости|Собрание законодательства|СЗ РУ|Национальная база)")
_ACT_TYPES = {"закон": "qonun", "конституционн": "qonun", "указ": "pf", "решени": "qaror",
              "распоряжени": "farmoyish"}


def _iso(day: str, month: str, year: str) -> str | None:
    mon = MONTHS.get(month.lower()) if not month.isdigit() else int(month)
    return f"{int(year):04d}-{mon:02d}-{int(day):02d}" if mon else None


def _act_type(kind: str, who: str, number: str | None) -> str:
    low, prefix = kind.lower(), (number or "").upper().split("-")[0]
    if prefix in ("УП", "ПП", "ПКМ", "ЗРУ", "ЗРУК"):
        return {"УП": "pf", "ПП": "pq", "ПКМ": "vmq"}.get(prefix, "qonun")
    if low.startswith("постановлени"):
        return "vmq" if "Кабинет" in who or "Министр" in who else "pq"
    return next((v for k, v in _ACT_TYPES.items() if low.startswith(k)), "qonun")


def parse_act(text: str) -> ActRef | None:
    """The amending act a Russian note cites (``Законом … от 14 сентября 2017 года № ЗРУ-446``)."""
    m = _ACT_RE.search(text)
    if not m:
        return None
    date = (_iso(m.group("d"), m.group("m"), m.group("y")) if m.group("d")
            else _iso(m.group("dd"), m.group("mm"), m.group("yy")))
    raw = (m.group("num") or "").replace("–", "-") or None
    try:
        number = ActNumber.parse(raw).display("uzb") if raw else None
    except ValueError:
        number = raw
    return ActRef(type=_act_type(m.group("kind"), m.group("who"), raw), number=number, date=date)


def note_subject(text: str) -> tuple[str | None, str | None]:
    """(article number, the part named) of a Russian note: ``("7", "часть вторая")``; the
    number is in the form the article heading gives (``17 1`` for ``17-1``)."""
    inner = (text.strip()[1:-1] if text.strip().startswith("(") else text).strip()
    head = _VERB.split(inner, maxsplit=1)[0].strip()
    m = _SUBJECT.search(head)
    if not m:
        return None, head if head and len(head) < len(inner) else None
    num = re.sub(r"[-.]", " ", m.group("num"))
    target = head[:m.start()].strip().rstrip(",") or None
    if target is None and m.end() < len(head):
        target = head[m.end():].strip() or None
    if target is None and head.lower().startswith(("текст", "наименование")):
        target = head.split()[0]
    return num, target


def _gazette(inner: str) -> tuple[str | None, str | None]:
    m = _NBZ.search(inner)
    if m:
        d, mo, y = m.group("pub").split(".")
        return f"{y}-{mo}-{d}", m.group("gaz")
    for part in re.split(r"\s+—\s+", inner)[1:]:
        if _OLD_GAZ.match(part.strip()):
            return None, part.strip().rstrip(".;")
    return None, None


def _action(inner: str) -> str:
    # the verb sits before the gazette (" — СЗ РУ, …"); "абзацы второй — девятый" is a range
    head = re.split(r"\s+—\s+(?=[А-ЯЁ])", inner, maxsplit=1)[0]
    return next((name for text in (head, inner) for name, rx in _ACTIONS if rx.search(text)),
                "unknown")


def _effective(inner: str) -> str | None:
    m = _EFFECTIVE.search(inner)
    return _iso(m.group("d"), m.group("m"), m.group("y")) if m else None


def parse_notes(text: str, line: int | None = None) -> list[AmendmentNote]:
    """Every note in one parenthesised Russian line: one, or one per entry of a closing list;
    ``[]`` for a parenthetical of the law (``(новая редакция)``)."""
    raw = text.strip()
    if not (raw.startswith("(") and raw.endswith(")")):
        return []
    inner = raw[1:-1].strip()
    if _SERIES_START.match(inner) and not _ACT_RE.search(inner):
        return parse_publication_list(raw, line)
    act = parse_act(inner)
    published, gazette = _gazette(inner)
    if act is None or (gazette is None and not _VERB.search(" " + inner)):
        return []
    _, target = note_subject(raw)
    return [AmendmentNote(eid=None, raw=raw, action=_action(inner), target=target, act=act,
                          published=published, gazette=gazette, effective=_effective(inner),
                          line=line)]


_ENTRY = re.compile(
    r"(?P<pub>\d{2}\.\d{2}\.\d{4})\s*г\.?,?\s*(?:[№N]\s*)?(?P<gaz>\d{2}/\d{2}/\d+/\d+)"
    r"|(?P<year>\d{4})\s*г\."
    r"|[№N]\s*(?P<issue>\d+(?:[-/]\d+)?)"
    r"|ст\.\s*(?P<arts>\d+(?:,\s*\d+)*)"
    r"|(?P<series>(?:Ведомости|Собрание|СЗ РУ|Национальная база)[^,;]*)")


def parse_publication_list(text: str, line: int | None = None) -> list[AmendmentNote]:
    """One ``published`` note per entry of a Russian closing publication list."""
    raw = text.strip()
    inner = raw[1:-1] if raw.startswith("(") else raw
    notes: list[AmendmentNote] = []
    series = year = issue = None

    def add(gazette: str, published: str | None, act: ActRef | None = None) -> None:
        notes.append(AmendmentNote(eid=None, raw=raw, action="published", act=act,
                                   published=published, gazette=gazette, line=line))

    def flush() -> None:
        if issue:
            add(f"{series}, {year} г., № {issue}", None)

    for m in _ENTRY.finditer(inner):
        if m.group("gaz"):
            flush()
            issue = None
            gaz = m.group("gaz")
            number = gaz.split("/")[2]
            d, mo, y = m.group("pub").split(".")
            act = ActRef(type="qonun", number=f"OʻRQ-{number}") if gaz.startswith(("02/", "03/")) \
                else None
            add(gaz, f"{y}-{mo}-{d}", act)
        elif m.group("series"):
            flush()
            series, year, issue = m.group("series").strip(), None, None
        elif m.group("year"):
            flush()
            year, issue = m.group("year"), None
        elif m.group("issue"):
            flush()
            issue = m.group("issue")
        elif m.group("arts") and issue:
            add(f"{series}, {year} г., № {issue}, ст. {m.group('arts')}", None)
            issue = None
    flush()
    return notes
