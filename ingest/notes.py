"""Amendment notes as lex.uz prints them in Uzbek (Latin) text.

A note is a line wholly in parentheses naming what changed, the amending act and where that
act was published::

    (39-moddaning ikkinchi qismi Oʻzbekiston Respublikasining 2025-yil 13-fevraldagi
     OʻRQ-1030-sonli Qonuni tahririda — Qonunchilik maʼlumotlari milliy bazasi, 14.02.2025-y.,
     03/25/1030/0144-son)

The closing publication list of an act (``(Qonunchilik maʼlumotlari milliy bazasi,
29.10.2022-y., 02/22/798/0972-son; 12.04.2023-y., …)``) yields one ``published`` note per entry.
Legal parentheticals of the body (``(soʻmda)``, ``(yangi tahriri)``) are not notes: a note must
cite an amending act or a gazette.
"""

from __future__ import annotations

import re

from lexsearch.model import ActRef, AmendmentNote
from lexsearch.numbers import ActNumber

MONTHS = {"yanvar": 1, "fevral": 2, "mart": 3, "aprel": 4, "may": 5, "iyun": 6, "iyul": 7,
          "avgust": 8, "sentabr": 9, "sentyabr": 9, "oktabr": 10, "oktyabr": 10, "noyabr": 11,
          "dekabr": 12}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_A = "ʻʼ‘’'`"  # apostrophe forms seen in the okina of OʻRQ

# "2025-yil 13-fevraldagi OʻRQ-1030-sonli Qonuni", "25-apreldagi 2007-yil OʻRQ-93-sonli",
# "1999-yil 20-avgust 832-I-sonli Qonuni", "2011-yil 4-yanvardagi OʻRQ-278 sonli Qonuni"
_ACT_RE = re.compile(
    rf"(?:(?P<y1>\d{{4}})[- ]yil\s+)?(?P<d>\d{{1,2}})[- ](?P<m>{_MONTH})(?:dagi|da)?\s+"
    rf"(?:(?P<y2>\d{{4}})[- ]yil\s+)?№?\s*"
    rf"(?P<num>(?:O[{_A}]?RQ|ЎРҚ|PF|PQ|VMQ)\s*[-–]\s*\d+|\d+\s*[-–]\s*[IVX]+)"
    rf"[\s-]*son(?:li)?\s+(?P<kind>Konstitutsiyaviy\s+Qonun|Qonun|Farmon|qaror|Qaror)",
    re.IGNORECASE)
_ACT_TYPES = {"qonun": "qonun", "konstitutsiyaviy qonun": "qonun", "farmon": "pf",
              "qaror": "pq"}

_DOTTED = r"(?P<pub>\d{2}\.\d{2}\.\d{4})-y\.?,?\s*(?P<gaz>\d{2}/\d{2}/[0-9A-Z]+/\d+)"
_GAZ_RE = re.compile(_DOTTED)
_OLD_GAZ_RE = re.compile(
    r"(?:OʻR QHT|O'R QHT|Axborotnoma(?:si)?|toʻplami|Qonun hujjatlari maʼlumotlari milliy bazasi"
    r"|Qonunchilik maʼlumotlari milliy bazasi)\W+\d{4}-y\.")
_SERIES_START = re.compile(r"^(?:Oʻzbekiston Respublikasi (?:Oliy|qonun|Qonun)|Qonun|OʻR QHT)")

# (pattern, action), first match wins: the verb of the note, not of a quoted text.
_ACTIONS = [
    (r"kuchini\s+yoʻqot|kuchdan\s+qoldiril", "repealed"),
    (r"chiqarib\s+tashla|chiqaril|chiqaril", "removed"),
    (r"tahririda|tahrirda", "wording"),
    (r"toʻldiril|kiritil|qoʻshil", "inserted"),
    (r"almashtiril|oʻzgartiril|oʻzgartirish", "amended"),
    (r"kuchga\s+kir", "entry_into_force"),
]
_EFFECTIVE_RE = re.compile(
    rf"(\d{{4}})[- ]yil\s+(\d{{1,2}})[- ]({_MONTH})\w*\s+(?:kuchga\s+kir|oʻz\s+kuchini\s+yoʻqot"
    rf"|chiqaril|eʼtiboran)"
    rf"|kuchini\s+yoʻqotish\s+sanasi\s+—\s+(\d{{4}})[- ]yil\s+(\d{{1,2}})[- ]({_MONTH})"
    rf"|[Kk]uchga\s+kirish\s+sanasi\W+(\d{{4}})[- ]yil\s+(\d{{1,2}})[- ]({_MONTH})")
# What the note is about, before the amending act: "39-moddaning ikkinchi qismi".
_SUBJECT_RE = re.compile(
    r"^(?P<num>\d+(?:-\d+)?)\s*-\s*modda(?:ning|sining|nig|si)?\b\s*(?P<target>.*)$")
_NAMED_ART_RE = re.compile(r"(?<![\d/])(\d+)\s*-\s*modda(?:ning|sining)?\b")


def _iso(year: str, day: str, month: str) -> str | None:
    mon = MONTHS.get(month.lower())
    try:
        return f"{int(year):04d}-{mon:02d}-{int(day):02d}" if mon else None
    except ValueError:
        return None


def _dotted_iso(text: str) -> str:
    d, m, y = text.split(".")
    return f"{y}-{m}-{d}"


def note_inner(text: str) -> str | None:
    """The text inside a line wholly in parentheses (tolerating one stray trailing letter)."""
    s = text.strip()
    if not s.startswith("("):
        return None
    end = s.rfind(")")
    if end <= 0 or len(s) - end > 2:
        return None
    return s[1:end].strip()


def is_publication_list(inner: str) -> bool:
    """A closing list of gazettes: starts with a gazette name and cites no amending act."""
    return bool(_SERIES_START.match(inner)) and not _ACT_RE.search(inner) and bool(
        _GAZ_RE.search(inner) or _OLD_GAZ_RE.search(inner))


def parse_act(text: str) -> ActRef | None:
    """The amending act a note cites: type, number as displayed (``OʻRQ-1030``), ISO date."""
    m = _ACT_RE.search(text)
    if not m:
        return None
    year = m.group("y1") or m.group("y2")
    raw = re.sub(r"\s+", "", m.group("num")).replace("–", "-")
    try:
        number = ActNumber.parse(raw).display("uzb")
    except ValueError:
        number = raw
    kind = _ACT_TYPES.get(re.sub(r"\s+", " ", m.group("kind").lower()), "qonun")
    return ActRef(type=kind, number=number,
                  date=_iso(year, m.group("d"), m.group("m")) if year else None)


def note_subject(text: str) -> tuple[str | None, str | None]:
    """(article number as printed, the part named) of a note: ``("39", "ikkinchi qismi")``.

    The number is as lex.uz prints it, superscripts flattened (``3991``)."""
    inner = note_inner(text) or text
    head = re.split(r"\s*Oʻzbekiston Respublikasi", inner, maxsplit=1)[0].strip()
    m = _SUBJECT_RE.match(head)
    if m:
        return m.group("num"), m.group("target").strip() or None
    if head and not _NAMED_ART_RE.search(head):
        return None, head  # "1-bobning nomi", "sakkizinchi boʻlim"
    named = _NAMED_ART_RE.search(inner)  # "Qonuniga asosan 63-moddaning oʻz kuchini …"
    return (named.group(1), None) if named else (None, head or None)


def _gazette(inner: str) -> tuple[str | None, str | None]:
    """(ISO publication date, gazette reference) of a single note."""
    m = _GAZ_RE.search(inner)
    if m:
        return _dotted_iso(m.group("pub")), m.group("gaz")
    parts = re.split(r"\s*—\s*", inner)
    for part in parts[1:]:
        if _OLD_GAZ_RE.search(part):
            return None, part.strip().rstrip(".;") + ("." if part.strip().endswith("y.") else "")
    return None, None


def _effective(inner: str) -> str | None:
    m = _EFFECTIVE_RE.search(inner)
    if not m:
        return None
    g = [x for x in m.groups() if x]
    return _iso(g[0], g[1], g[2])


def _action(inner: str) -> str:
    # the verb sits before the first " — " (the gazette and deferral follow it)
    head = re.split(r"\s+—\s+(?=Q|O|Oʻ|Oliy)", inner, maxsplit=1)[0]
    for pattern, action in _ACTIONS:
        if re.search(pattern, head):
            return action
    for pattern, action in _ACTIONS:
        if re.search(pattern, inner):
            return action
    return "unknown"


def parse_note(text: str, line: int | None = None) -> AmendmentNote | None:
    """Parse one parenthesised line; ``None`` when it is not an amendment note.

    A closing publication list gives its first entry (``parse_notes`` gives them all)."""
    notes = parse_notes(text, line)
    return notes[0] if notes else None


def parse_notes(text: str, line: int | None = None) -> list[AmendmentNote]:
    """Every note in one parenthesised line: one, or one per entry of a publication list."""
    inner = note_inner(text)
    if inner is None:
        return []
    raw = text.strip()
    if is_publication_list(inner):
        return parse_publication_list(raw, line)
    act = parse_act(inner)
    published, gazette = _gazette(inner)
    if act is None and gazette is None:
        return []
    _, target = note_subject(inner)
    return [AmendmentNote(eid=None, raw=raw, action=_action(inner), target=target, act=act,
                          published=published, gazette=gazette, effective=_effective(inner),
                          line=line)]


_ENTRY_RE = re.compile(
    _DOTTED + r"(?:-son)?"
    r"|(?P<year>\d{4})-y\.?"
    r"|(?P<issue>\d+(?:-\d+)?)-(?:son|con)(?P<annex>ga ilova)?"
    r"|(?P<arts>\d+(?:,\s*\d+)*)-modda(?:lar)?"
    r"|(?P<series>[A-Za-zʻʼ‘’ ]*[A-Za-z][A-Za-zʻʼ‘’ ]+)")


def parse_publication_list(text: str, line: int | None = None) -> list[AmendmentNote]:
    """One ``published`` note per entry of a closing publication list."""
    inner = note_inner(text) or text
    notes: list[AmendmentNote] = []
    series = year = issue = None

    def add(gazette: str, published: str | None, act: ActRef | None = None) -> None:
        notes.append(AmendmentNote(eid=None, raw=text.strip(), action="published", act=act,
                                   published=published, gazette=gazette, line=line))

    def flush() -> None:
        if issue:  # an issue cited without an article ("1995-y., 1-son, …")
            add(f"{series}, {year}-y., {issue}-son", None)

    for m in _ENTRY_RE.finditer(inner):
        if m.group("gaz"):
            gaz = m.group("gaz")
            number = gaz.split("/")[2]
            act = ActRef(type="qonun", number=f"OʻRQ-{number}") if (
                gaz.startswith(("02/", "03/")) and number.isdigit()) else None
            add(gaz, _dotted_iso(m.group("pub")), act)
        elif m.group("series") and m.group("series").strip():
            flush()
            series, year, issue = m.group("series").strip(), None, None
        elif m.group("year"):
            flush()
            year, issue = m.group("year"), None
        elif m.group("issue"):
            flush()
            issue = m.group("issue")
            if m.group("annex"):
                add(f"{series}, {year}-y., {issue}-songa ilova", None)
                issue = None
        elif m.group("arts") and issue:
            add(f"{series}, {year}-y., {issue}-son, {m.group('arts')}-modda", None)
            issue = None
    flush()
    return notes


def derive_work_number(notes: list[AmendmentNote]) -> str | None:
    """``OʻRQ-798`` from a closing list opening with ``02/22/798/…`` or ``03/19/547/…``."""
    listed = [n for n in notes if n.action == "published" and n.eid is None]
    if listed and listed[0].act is not None:
        return listed[0].act.number
    return None
