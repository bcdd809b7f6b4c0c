"""The requisites of a decree or resolution: what lex.uz's page header, the act's own form
block and title, and its signature block say (type, issuer, number, date, entry into force,
status, lex.uz id). ``read_header`` reads the lines before the body and returns where the body
starts; ``read_conclusions`` fills the date and number from the signature when the header did
not give them. Lines are matched folded (``ingest.folding``), as the rest of the grammar.
"""

from __future__ import annotations

import re

from ingest.folding import fold_line
from ingest.lexuz_text import clean_line
from ingest.notes import MONTHS
from ingest.points import parse_form, parse_header, parse_point
from lexsearch.errors import InputError
from lexsearch.model import Document
from lexsearch.numbers import ActNumber

_ENTRY = re.compile(r"^Kuchga kirish sanasi\s*(?P<date>\d\d\.\d\d\.\d{4})?$", re.I)
_DOTTED_DATE = re.compile(r"^(\d\d)\.(\d\d)\.(\d{4})$")
_NOT_IN_FORCE = re.compile(r"^Hujjat hali kuchga kirgan emas|^Hujjat hali kuchga kirmagan", re.I)
_REPEALED = re.compile(r"^Hujjat kuchini yo'qotgan\s+(\d\d)\.(\d\d)\.(\d{4})", re.I)
_URL = re.compile(r"lex\.uz/(?:[a-z]{2}/)?docs/-?(\d+)")
_SIGN_DATE = re.compile(r"^(?P<y>\d{4})[- ]yil\s+(?P<d>\d{1,2})[- ](?P<m>[a-z]+)\b", re.I)
_SIGN_NUMBER = re.compile(r"^(?P<num>(?:[A-Z']{2,4}-)?\d+)-son$|^№\s*(?P<ru>(?:[A-Z]{2,3}-)?\d+)$", re.I)
# Russian, folded: "12 апреля 2022 г.," -> "12 aprelya 2022 g.,"
_SIGN_DATE_RU = re.compile(r"^(?P<d>\d{1,2})\s+(?P<m>[a-z]+)\s+(?P<y>\d{4})\s*g", re.I)
_RU_MONTHS = {m: i for i, m in enumerate(("yanvarya", "fevralya", "marta", "aprelya", "maya",
                                          "iyunya", "iyulya", "avgusta", "sentyabrya",
                                          "oktyabrya", "noyabrya", "dekabrya"), start=1)}
DEPARTMENTAL = ("buyruq", "qaror")  # registered by the Ministry of Justice


def read_header(doc: Document, lines: list[str], end: int) -> int:
    """Find the act's form block (issuer, ``qarori``) from ``end`` on, read the header facts
    printed before it (page header, entry into force, status, lex.uz id) and the title after
    it; return the index of the first body line."""
    work = doc.work
    form_at, previous = None, ""
    for i in range(end, min(len(lines), end + 400)):
        folded = fold_line(clean_line(lines[i])).text
        if not folded:
            continue
        form = parse_form(previous, folded)
        if form:
            form_at = i
            break
        previous = folded
    for i in range(form_at if form_at is not None else end):
        folded = fold_line(clean_line(lines[i])).text
        if not folded:
            continue
        head = parse_header(folded)
        if head:
            work.subtype, work.issuer, work.date, number = head
            work.number = act_number(number, work.subtype)
        entry = _ENTRY.match(folded)
        if entry:
            date = entry.group("date") or (clean_line(lines[i + 1]) if i + 1 < len(lines) else "")
            m = _DOTTED_DATE.match(date)
            if m:
                work.entry_into_force = f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
        if _NOT_IN_FORCE.match(folded):
            work.status = "not_yet_in_force"
        m = _REPEALED.match(folded)
        if m:
            work.status, work.repealed_on = "repealed", f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
        m = _URL.search(folded)
        if m:
            work.source_id = m.group(1)
    if form_at is None:
        if not work.subtype:
            raise InputError("no decree form (issuer and qarori/farmoni) found",
                             file=doc.source)
        doc.warn("no form block (issuer, qarori/farmoni) before the text", end + 1)
        return end
    subtype, issuer = parse_form(previous, fold_line(clean_line(lines[form_at])).text)
    if work.subtype and work.subtype != subtype:
        doc.warn(f"the act's form says {subtype}, the page header {work.subtype}",
                         form_at + 1)
    work.subtype, work.issuer = work.subtype or subtype, work.issuer or issuer
    return _title(doc, lines, form_at + 1)


def _title(doc: Document, lines: list[str], start: int) -> int:
    title: list[str] = []
    i = start
    while i < len(lines):
        raw = clean_line(lines[i])
        if not raw:
            i += 1
            continue
        if title and not (raw.isupper() and title[-1].isupper()) and not raw[:1].islower():
            break
        if parse_point(fold_line(raw).text) or len(raw) > 400:
            break
        title.append(raw)
        i += 1
    if title:
        text = " ".join(title)
        doc.work.title = text[:1] + text[1:].lower() if text.isupper() else text
    return i


def act_number(printed: str, subtype: str | None) -> str:
    try:
        number = ActNumber.parse(printed)
    except ValueError:
        return printed
    if not number.prefix and subtype in ("vmq", "pq", "pf"):
        number = ActNumber(subtype, number.value)
    return number.display("uzb")


def read_conclusions(doc: Document, lines: list[str], line: int | None) -> None:
    """Date and number from the signature block (``lines``, printed at ``line``) when the page
    header did not give them; a disagreement is a warning."""
    work = doc.work
    for raw in lines:
        folded = fold_line(raw).text
        m = _SIGN_DATE.match(folded)
        month = MONTHS.get(m.group("m").lower()) if m else None
        if not month:
            m = _SIGN_DATE_RU.match(folded)
            month = _RU_MONTHS.get(m.group("m").lower()) if m else None
        if m and month:
            date = f"{m.group('y')}-{month:02d}-{int(m.group('d')):02d}"
            if work.date and work.date != date:
                doc.warn(f"signed {date}, the page header says {work.date}", line)
            work.date = work.date or date
        m = _SIGN_NUMBER.match(folded)
        if m and work.subtype in DEPARTMENTAL and work.number:
            continue  # a ministry's own number: the registration number names the act
        if m:
            number = act_number(m.group("num") or m.group("ru"), work.subtype)
            if work.number and ActNumber.parse(work.number).key != ActNumber.parse(number).key:
                doc.warn(f"signed as {number}, the page header says {work.number}", line)
            work.number = work.number or number
