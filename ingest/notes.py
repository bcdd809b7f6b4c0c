"""Amendment notes as lex.uz prints them in Uzbek text, Latin or Cyrillic.

A note is a line wholly in parentheses naming what changed, the amending act and where that
act was published::

    (39-moddaning ikkinchi qismi Oʻzbekiston Respublikasining 2025-yil 13-fevraldagi
     OʻRQ-1030-sonli Qonuni tahririda — Qonunchilik maʼlumotlari milliy bazasi, 14.02.2025-y.,
     03/25/1030/0144-son)

The closing publication list of an act (``(Qonunchilik maʼlumotlari milliy bazasi,
29.10.2022-y., 02/22/798/0972-son; 12.04.2023-y., …)``) yields one ``published`` note per entry.
Legal parentheticals of the body (``(soʻmda)``, ``(yangi tahriri)``) are not notes: a note must
cite an amending act or a gazette.

The grammar is written for Latin with ASCII apostrophes and matched on ``ingest.folding``'s
folded line, so a Cyrillic note (``(1-модданинг номи … ЎРҚ-683-сонли Қонуни таҳририда — …,
21.04.2021 й., 03/21/683/0375-сон)``) is parsed exactly as its Latin twin: the same act number
(``OʻRQ-683``), dates and gazette reference. Gazette names of the old series are given in Latin
in both scripts (``Oliy Majlis Axborotnomasi, 2002-y., 9-son``); the part of the provision a note
names (``target``) stays as printed.
"""

from __future__ import annotations

import re

from ingest.folding import Folded, fold_line, latin_display
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

# the third part is the act's number, a registration number for departmental acts (3154-3)
_DOTTED = r"(?P<pub>\d{2}\.\d{2}\.\d{4})[- ]y\.?,?\s*(?P<gaz>\d{2}/\d{2}/[0-9A-Z]+(?:-\d+)?/\d+)"
_GAZ_RE = re.compile(_DOTTED)
_OLD_GAZ_RE = re.compile(
    r"(?:O'R QHT|Axborotnoma(?:si)?|to'plami|Qonun hujjatlari ma'lumotlari milliy bazasi"
    r"|Qonunchilik ma'lumotlari milliy bazasi)\W+\d{4}[- ]y\.")
_SERIES_START = re.compile(r"^(?:O'zbekiston Respublikasi (?:Oliy|qonun|Qonun)|Qonun|O'R QHT)")

# (pattern, action), first match wins: the verb of the note, not of a quoted text.
_ACTIONS = [
    (r"kuchini\s+yo'qot|kuchdan\s+qoldiril", "repealed"),
    (r"chiqarib\s+tashla|chiqaril", "removed"),
    (r"tahririda|tahrirda", "wording"),
    (r"to'ldiril|kiritil|qo'shil", "inserted"),
    (r"almashtiril|o'zgartiril|o'zgartirish", "amended"),
    (r"kuchga\s+kir", "entry_into_force"),
]
_EFFECTIVE_RE = re.compile(
    rf"(\d{{4}})[- ]yil\s+(\d{{1,2}})[- ]({_MONTH})\w*\s+(?:kuchga\s+kir|o'z\s+kuchini\s+yo'qot"
    rf"|chiqaril|e'tiboran)"
    rf"|kuchini\s+yo'qotish\s+sanasi\s+—\s+(\d{{4}})[- ]yil\s+(\d{{1,2}})[- ]({_MONTH})"
    rf"|[Kk]uchga\s+kirish\s+sanasi\W+(\d{{4}})[- ]yil\s+(\d{{1,2}})[- ]({_MONTH})")
# What the note is about, before the amending act: "39-moddaning ikkinchi qismi".
_SUBJECT_RE = re.compile(
    r"^(?P<num>\d+(?: \d{1,2})?(?:-\d+)?)\s*-\s*modda(?:ning|sining|nig|si)?\b\s*(?P<target>.*)$")
_NAMED_ART_RE = re.compile(r"(?<![\d/])(?<!\d )(\d+(?: \d{1,2})?)\s*-\s*modda(?:ning|sining)?\b")


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


def _folded(text: str | Folded) -> Folded:
    return text if isinstance(text, Folded) else fold_line(text)


def _out(f: Folded, start: int, end: int) -> str:
    """A gazette name as stored: as printed in Latin, transliterated from Cyrillic."""
    if not f.transliterated:
        return f.raw_span(start, end)
    return re.sub(r"(\d{4}) y\b", r"\1-y", latin_display(f.text[start:end]))  # "1995 й."


def is_publication_list(inner: str | Folded) -> bool:
    """A closing list of gazettes: starts with a gazette name and cites no amending act."""
    text = _folded(inner).text
    return bool(_SERIES_START.match(text)) and not _ACT_RE.search(text) and bool(
        _GAZ_RE.search(text) or _OLD_GAZ_RE.search(text))


def parse_act(text: str | Folded) -> ActRef | None:
    """The amending act a note cites: type, number as displayed (``OʻRQ-1030``), ISO date."""
    m = _ACT_RE.search(_folded(text).text)
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


def note_subject(text: str | Folded) -> tuple[str | None, str | None]:
    """(article number as printed, the part named) of a note: ``("39", "ikkinchi qismi")``.

    The number is as lex.uz prints it, superscripts flattened (``3991``); the part is in the
    note's own script."""
    f = _folded(text)
    inner = note_inner(f.text)
    offset = f.text.index(inner) if inner else 0
    inner = inner if inner is not None else f.text
    cut = re.search(r"\s*O'zbekiston Respublikasi", inner)
    head_end = cut.start() if cut else len(inner)
    head = inner[:head_end].strip()
    head_start = offset + (len(inner[:head_end]) - len(inner[:head_end].lstrip()))

    def raw(start: int, part: str) -> str:
        return f.raw_span(start, start + len(part))

    m = _SUBJECT_RE.match(head)
    if m:
        target = m.group("target").strip()
        return m.group("num"), raw(head_start + m.start("target"), target) if target else None
    if head and not _NAMED_ART_RE.search(head):
        return None, raw(head_start, head)  # "1-bobning nomi", "sakkizinchi boʻlim"
    named = _NAMED_ART_RE.search(inner)  # "Qonuniga asosan 63-moddaning oʻz kuchini …"
    return (named.group(1), None) if named else (None, raw(head_start, head) if head else None)


def _gazette(f: Folded) -> tuple[str | None, str | None]:
    """(ISO publication date, gazette reference) of a single note."""
    inner = f.text
    m = _GAZ_RE.search(inner)
    if m:
        return _dotted_iso(m.group("pub")), m.group("gaz")
    pos = 0
    for i, part in enumerate(re.split(r"(\s*—\s*)", inner)):
        if i and i % 2 == 0 and _OLD_GAZ_RE.search(part):
            stripped = part.strip()
            start = pos + part.index(stripped)
            kept = stripped.rstrip(".;")
            return None, _out(f, start, start + len(kept)) + ("." if stripped.endswith("y.")
                                                               else "")
        pos += len(part)
    return None, None


def _effective(inner: str) -> str | None:
    m = _EFFECTIVE_RE.search(inner)
    if not m:
        return None
    g = [x for x in m.groups() if x]
    return _iso(g[0], g[1], g[2])


def _action(inner: str) -> str:
    # the verb sits before the first " — " (the gazette and deferral follow it)
    head = re.split(r"\s+—\s+(?=Q|O|Oliy)", inner, maxsplit=1)[0]
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
    """Every note in one parenthesised line (Latin or Cyrillic): one, or one per entry of a
    publication list."""
    inner_raw = note_inner(text)
    if inner_raw is None:
        return []
    raw = text.strip()
    inner = fold_line(inner_raw)
    if is_publication_list(inner):
        return parse_publication_list(raw, line)
    act = parse_act(inner)
    published, gazette = _gazette(inner)
    if act is None and gazette is None:
        return []
    _, target = note_subject(inner)
    return [AmendmentNote(eid=None, raw=raw, action=_action(inner.text), target=target, act=act,
                          published=published, gazette=gazette,
                          effective=_effective(inner.text), line=line)]


_ENTRY_RE = re.compile(
    _DOTTED + r"(?:-son)?"
    r"|(?P<year>\d{4})[- ]y\.?"
    r"|(?P<issue>\d+(?:-\d+)?)-(?:son|con)(?P<annex>ga ilova)?"
    r"|(?P<arts>\d+(?:,\s*\d+)*)-modda(?:lar)?"
    r"|(?P<series>[A-Za-z' ]*[A-Za-z][A-Za-z' ]+)")


def parse_publication_list(text: str, line: int | None = None) -> list[AmendmentNote]:
    """One ``published`` note per entry of a closing publication list (Latin or Cyrillic; the
    gazette names are given in Latin)."""
    f = fold_line(note_inner(text) or text)
    notes: list[AmendmentNote] = []
    series = year = issue = None

    def add(gazette: str, published: str | None, act: ActRef | None = None) -> None:
        notes.append(AmendmentNote(eid=None, raw=text.strip(), action="published", act=act,
                                   published=published, gazette=gazette, line=line))

    def flush() -> None:
        if issue:  # an issue cited without an article ("1995-y., 1-son, …")
            add(f"{series}, {year}-y., {issue}-son", None)

    for m in _ENTRY_RE.finditer(f.text):
        if m.group("gaz"):
            gaz = m.group("gaz")
            number = gaz.split("/")[2]
            act = ActRef(type="qonun", number=f"OʻRQ-{number}") if (
                gaz.startswith(("02/", "03/")) and number.isdigit()) else None
            add(gaz, _dotted_iso(m.group("pub")), act)
        elif m.group("series") and m.group("series").strip():
            flush()
            name = m.group("series")
            start = m.start("series") + len(name) - len(name.lstrip())
            series, year, issue = _out(f, start, start + len(name.strip())), None, None
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
