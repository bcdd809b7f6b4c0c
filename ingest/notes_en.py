"""Amendment notes as the English translations of Uzbek codes print them.

The notes follow lex.uz's, in English, after the changed provision::

    (Article 1 was amended in accordance with the Law of the Republic of Uzbekistan dated
     April 18, 2018 No. ZRU-476) (see previous edition)
    (Article 68 was amended in accordance with the Laws of the Republic of Uzbekistan dated
     14.05.2014 No. ZRU-372, 09.01.2018 No. ZRU-459)
    (Part 5 was introduced in accordance with the Law … dated 08.11.2024 No. ZRU-995)
    Article 63 has lost force in accordance with the Law … dated 07.02.2025 No. ZRU-1025
    (effective 08.05.2025).

They name no gazette. A note citing several laws gives one ``AmendmentNote`` per law. Dates are
written both ways (``April 18, 2018``, ``21.02.2024``, and month first where the day is over 12:
``01.22.2020``); ``dateutil`` reads them, day first. Act numbers are stored as the Uzbek Latin
notes store them (``ZRU-476`` -> ``OʻRQ-476``), so every language's notes name one act alike.
"""

from __future__ import annotations

import re

from dateutil import parser as dateparser

from lexsearch.model import ActRef, AmendmentNote
from lexsearch.numbers import ActNumber

_DATE = (r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
         r"December)\s+\d{1,2},\s*\d{4}|\d{1,2}\.\d{1,2}\.\d{4})")
# "dated April 18, 2018 No. ZRU-476", "14.05.2014 No. ZRU-372"
_CITED = re.compile(rf"(?P<date>{_DATE})\s+No\.?\s*(?P<num>(?:ZRU|ZRK|UP|PP|PKM|ORQ)\s*-\s*\d+"
                    r"|\d+-[IVX]+)", re.IGNORECASE)
_KIND = re.compile(r"\b(Laws?|Decrees?|Resolutions?)\s+of\s+the\s+(?:Republic|President|Cabinet)",
                   re.IGNORECASE)
_KINDS = {"law": "qonun", "decree": "pf", "resolution": "pq"}
# (pattern, action), first match wins
_ACTIONS = [
    (r"lost\s+(?:its\s+)?force|(?:declared|recognized)\s+invalid|repealed", "repealed"),
    (r"excluded|deleted|removed", "removed"),
    (r"new\s+edition|new\s+wording|set\s+out|presented\s+in", "wording"),
    (r"introduced|supplemented|added|inserted", "inserted"),
    (r"amended|changed|modified", "amended"),
    (r"entered\s+into\s+force|enters\s+into\s+force", "entry_into_force"),
]
# what the note is about: "Article 26¹", "Part 5", "Parts 3 and 4", "The article"
_SUBJECT = re.compile(r"^(?P<subject>(?:The\s+article|Article\s+(?P<art>\d+[¹²³⁴⁵⁶⁷⁸⁹⁰]*)"
                      r"|(?:Parts?|Paragraphs?|Clauses?)\s+[\w ,]+?))\s+(?:was|were|is|are|has|"
                      r"have)\b", re.IGNORECASE)
_EFFECTIVE = re.compile(rf"\((?:effective|entered into force|enters into force)\s+(?P<d>{_DATE})",
                        re.IGNORECASE)
_NOTE = re.compile(r"\b(?:accordance\s+with|pursuant\s+to)\s+the\s+(?:Laws?|Decrees?|"
                   r"Resolutions?)\b", re.IGNORECASE)
PREVIOUS = re.compile(r"\(\s*see\s+(?:the\s+)?previous\s+edition\s*\)", re.IGNORECASE)


def parse_date(text: str) -> str | None:
    """``April 18, 2018`` / ``21.02.2024`` / ``01.22.2020`` -> ISO; ``None`` if not a date."""
    try:
        return dateparser.parse(text, dayfirst=True).date().isoformat()
    except (ValueError, OverflowError):
        return None


def _number(raw: str) -> str:
    raw = re.sub(r"\s+", "", raw)
    try:
        return ActNumber.parse(raw).display("uzb")
    except ValueError:
        return raw


def is_note(text: str) -> bool:
    """A sentence that records a change by a cited act (not body text that mentions a law)."""
    inner = text.strip().strip("().").strip()
    return bool(_NOTE.search(inner) and _CITED.search(inner) and (
        _SUBJECT.match(inner) or inner.lower().startswith("has lost force")))


def note_subject(text: str) -> tuple[str | None, str | None]:
    """(article number as printed, the part named) of a note: ``("26¹", None)``,
    ``(None, "Part 5")``; the article is ``None`` for "The article" (the one it follows)."""
    m = _SUBJECT.match(text.strip().lstrip("(").strip())
    if not m:
        return None, None
    if m.group("art"):
        return m.group("art"), None
    subject = m.group("subject")
    return None, None if subject.lower() == "the article" else subject


def parse_notes(text: str, line: int | None = None) -> list[AmendmentNote]:
    """Every note in one English note sentence: one per act it cites; ``[]`` if not a note."""
    raw = text.strip()
    inner = PREVIOUS.sub("", raw).strip().strip("().").strip()
    if not is_note(inner):
        return []
    action = next((a for pattern, a in _ACTIONS if re.search(pattern, inner, re.IGNORECASE)),
                  "unknown")
    kind = _KIND.search(inner)
    act_type = _KINDS.get(kind.group(1).lower().rstrip("s"), "qonun") if kind else "qonun"
    effective = _EFFECTIVE.search(inner)
    _, target = note_subject(inner)
    return [AmendmentNote(eid=None, raw=raw, action=action, target=target,
                          act=ActRef(type=act_type, number=_number(m.group("num")),
                                     date=parse_date(m.group("date"))),
                          effective=parse_date(effective.group("d")) if effective else None,
                          line=line)
            for m in _CITED.finditer(inner.split("(effective")[0])]


def split_note(paragraph: str) -> tuple[str, str | None]:
    """A paragraph that ends with a note printed on the same line: (body, note)."""
    for m in re.finditer(r"\((?=(?:The\s+article|Article\s+\d|Parts?\s+\w)[^()]*\b(?:was|were|is|"
                         r"has)\b)", paragraph):
        if m.start() > 0 and parse_notes(paragraph[m.start():]):
            return paragraph[:m.start()].rstrip(), paragraph[m.start():]
    return paragraph, None
