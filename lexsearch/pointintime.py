"""What an act said on any date, from its amendment notes.

``as_of(store, work_uri, date, lang)`` is the one function the act page, the API, ``show
--as-of`` and as-of search share. ``Store.edition_for(as_of=…, nearest=True)`` picks the
edition (the one in force on the date, else the first held); the notes of every stored
edition (``history.work_events``) then tell, per provision of that edition, what was true on
the date:

- ``same``: no note dated after the date touches it;
- ``added``: it did not exist then (a note inserting the article, or its chapter or section,
  entered the text after the date; or the act itself was not yet in force);
- ``changed``: the wording then differs (a note of wording, insertion of a part, removal or
  replacement entered the text after the date);
- ``repealed``: a note of repeal entered the text after the date, so it was in force then;
- ``unknown``: a note touches it but gives no date that places it before or after; or the
  edition shown is a later one of a language whose editions carry no notes at all.

An edition in force on the date (``exact``) is the text then: its notes can only add changes it
prints ahead of their deferred entry into force. Notes are read in the edition's own language
only: a Russian edition of 2023 holds none of the wording the Uzbek notes of 2025 describe.

A change enters the text on its deferred entry into force when the note gives one after
publication, else on publication (``Event.in_force_from``); retroactive application ("… dan
eʼtiboran yuzaga kelgan munosabatlarga nisbatan ham tatbiq etiladi") does not move the day the
wording changed. A change in force ON the date counts as made by then.

Notes and containers, from the real lex.uz notes (Tax Code, Labour Code): a note on a chapter
or section title (``29-bobning nomi``) changes that heading only, never its articles; a note
inserting a chapter or section (``711-bob … asosan kiritilgan``, printed after its last article)
makes every provision inside it ``added``. lex.uz prints no heading for a repealed article,
only its note, so the note lands on the article before it (``324-modda … oʻz kuchini
yoʻqotgan`` under art_323): such a note is read by the article it names and reported in
``absent`` (provisions the notes know but the edition does not hold), never on its neighbour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta

from .errors import NotFound
from .history import Event, work_events
from .model import Edition, Work
from .store import Store, StoredProvision

STATUSES = ("same", "added", "changed", "repealed", "unknown")
_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# the head of a stored note: what it is about, in either Uzbek script
_ARTICLE = re.compile(r"^\(\s*(\d+)\s*-\s*(?:modda|модда)", re.IGNORECASE)
_CONTAINER = re.compile(r"^([IVXLC]+\d*|\d+)\s*-?\s*(bob|боб|bo.lim|бўлим)", re.IGNORECASE)
_INSERTED_WHOLE = re.compile(r"asosan\s+kiritilgan|асосан\s+киритилган", re.IGNORECASE)
_CONTAINER_KIND = {"bob": "chapter", "боб": "chapter"}


@dataclass(frozen=True)
class Evidence:
    """One note that decides a status, with the stored edition of the earlier wording."""

    event: Event
    timing: str  # "later" or "unknown"
    via: str | None = None  # the container whose note covers the provision ("chp_71.1")
    earlier_edition: str | None = None  # a stored edition in force before the change

    def to_json(self) -> dict:
        e = self.event
        return {"raw": e.raw, "action": e.action, "target": e.target, "eid": e.eid,
                "act_type": e.act_type, "act_number": e.act_number, "act_date": e.act_date,
                "act_uri": e.act_uri, "published": e.published, "effective": e.effective,
                "in_force_from": e.in_force_from, "retroactive_from": e.retroactive_from,
                "timing": self.timing, "via": self.via, "earlier_edition": self.earlier_edition}


@dataclass(frozen=True)
class ProvisionStatus:
    eid: str
    status: str
    evidence: tuple[Evidence, ...] = ()

    def __repr__(self) -> str:
        return f"ProvisionStatus({self.eid} {self.status})"

    def to_json(self) -> dict:
        return {"eid": self.eid, "status": self.status,
                "evidence": [x.to_json() for x in self.evidence]}


@dataclass(frozen=True)
class PointInTime:
    work: Work
    date: str
    edition: Edition
    exact: bool  # the edition was in force on the date (else: the nearest held, later)
    act_in_force: bool  # the act itself had entered into force by the date
    statuses: dict[str, ProvisionStatus]  # eid of the edition -> status, document order
    absent: list[ProvisionStatus] = field(default_factory=list)  # named by notes only
    act_repealed: bool = False  # the act itself had been repealed by the date (work.repealed_on)

    def __repr__(self) -> str:
        return f"PointInTime({self.work.uri} {self.date} {self.edition.valid_from})"

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for s in self.statuses.values():
            out[s.status] += 1
        return out

    def in_force(self, eid: str) -> bool:
        """Whether provision ``eid`` was law on the date (as-of search keeps only these): it
        existed then (not ``added`` later, not unknown to the edition) and the act had not
        been repealed by then."""
        status = self.statuses.get(eid)
        return status is not None and status.status != "added" and not self.act_repealed

    def not_in_force(self) -> list[str]:
        """The eIds of the edition that were not law on the date (see ``in_force``)."""
        return [eid for eid in self.statuses if not self.in_force(eid)]

    def to_json(self) -> dict:
        return {"work": self.work.uri, "date": self.date, "edition": self.edition.uri,
                "edition_valid_from": self.edition.valid_from, "exact": self.exact,
                "act_in_force": self.act_in_force, "act_repealed": self.act_repealed,
                "counts": self.counts(),
                "statuses": [s.to_json() for s in self.statuses.values()],
                "absent": [s.to_json() for s in self.absent]}


def _flat(num: str | None) -> str:
    return (num or "").translate(_SUP).replace(".", "").strip().upper()


def _timing(event: Event, day: str) -> str | None:
    """"later" (entered the text after ``day``), None (by then), "unknown"."""
    when = event.in_force_from
    if when:
        return "later" if when > day else None
    if event.act_date and event.act_date > day:  # not even adopted yet
        return "later"
    return "unknown"


class _Subjects:
    """Which provision a stored note is about (see the module notes)."""

    def __init__(self, provisions: list[StoredProvision]) -> None:
        self.by_eid = {p.eid: p for p in provisions}
        self.articles = {_flat(p.num): p.eid for p in provisions if p.kind == "article"}

    def ancestors(self, eid: str | None) -> list[str]:
        out: list[str] = []
        while eid and eid in self.by_eid:
            out.append(eid)
            eid = self.by_eid[eid].parent
        return out

    def of(self, event: Event) -> tuple[str | None, bool]:
        """(eid the note is about, whether it is about that provision whole: no part named
        and the provision at the head of the note, ``(324-modda …`` or ``(711-bob …``)."""
        m = _CONTAINER.match(event.target or "")
        if m and not _ARTICLE.match(event.raw):
            whole = not event.target[m.end():].strip()  # "711-bob", not "29-bobning nomi"
            kind = _CONTAINER_KIND.get(m.group(2).lower(), "section")
            for eid in self.ancestors(event.eid):
                p = self.by_eid[eid]
                if p.kind == kind and _flat(p.num) == _flat(m.group(1)):
                    return eid, whole
            return event.eid, False
        m = _ARTICLE.match(event.raw)
        whole = bool(m) and event.target is None
        if not m or event.eid not in self.by_eid:
            return event.eid, whole
        named = m.group(1)
        own = self.by_eid[event.eid]
        if own.kind != "article" or _flat(own.num) == named:
            return event.eid, whole
        if named in self.articles:
            return self.articles[named], whole
        # an article the edition does not print (repealed): after the one its note follows
        base = _flat(own.num)
        guess = f"art_{base}.{named[len(base):]}" if named.startswith(base) else f"art_{named}"
        return guess, whole


def _earlier(store: Store, work_uri: str, lang: str, when: str, shown: Edition) -> str | None:
    """A stored edition in force the day before the change, other than the one shown."""
    try:
        prev = (Date.fromisoformat(when) - timedelta(days=1)).isoformat()
        e = store.edition_for(work_uri, lang, as_of=prev)
    except (NotFound, ValueError):
        return None
    return e.uri if e.id != shown.id else None


def _status(found: list[tuple[Evidence, bool]]) -> str:
    """``found``: (evidence, about the provision whole) of every note after the date."""
    later = [(x, whole) for x, whole in found if x.timing == "later"]
    if any(whole and x.event.action == "inserted" and _INSERTED_WHOLE.search(x.event.raw)
           for x, whole in later):
        return "added"
    if any(whole and x.event.action in ("repealed", "removed") for x, whole in later):
        return "repealed"
    if later:
        return "changed"
    return "unknown" if found else "same"


def entered_into_force(work: Work, day: str) -> bool:
    """Whether the act had entered into force by ``day`` (its date when none is known)."""
    started = work.entry_into_force or work.date
    return not started or started <= day


def repealed_by(work: Work, day: str) -> bool:
    """Whether the act itself had been repealed by ``day`` (a repeal of unknown date: no)."""
    return bool(work.repealed_on) and work.repealed_on <= day


def act_law_on(work: Work, day: str) -> bool:
    """Whether the act was law on ``day``: in force by then and not yet repealed. When it was
    not, none of its provisions is ``in_force`` on that day."""
    return entered_into_force(work, day) and not repealed_by(work, day)


def as_of(store: Store, work_uri: str, day: str, lang: str | None = None) -> PointInTime:
    """The point in time of ``work_uri`` on ``day`` (ISO date) in ``lang`` (None: the work's
    own). Raises ``NotFound`` for an unknown work or language, or a day before the act's own
    date. Between its date and its entry into force every provision is ``added``."""
    work = store.work(work_uri)
    if work.date and day < work.date:  # no act yet, so nothing to tell per provision
        raise NotFound(f"{work_uri} has no edition in force on {day}: the act dates from "
                       f"{work.date}")
    edition = store.edition_for(work_uri, lang, as_of=day, nearest=True)
    provisions = store.provisions(edition, with_text=False)
    subjects = _Subjects(provisions)
    act_in_force = entered_into_force(work, day)
    found: dict[str, list[tuple[Evidence, bool]]] = {}
    whole_containers: dict[str, Evidence] = {}
    events = work_events(store, work_uri, edition.lang)
    # a later edition of a language with no notes at all (an article map, a translation)
    # cannot tell what differed on the date
    blind = not events and edition.valid_from > day
    for event in events:
        timing = _timing(event, day)
        if timing is None:
            continue
        eid, whole = subjects.of(event)
        if eid is None:  # a note on the act as a whole
            continue
        earlier = (_earlier(store, work_uri, edition.lang, event.in_force_from, edition)
                   if timing == "later" and event.in_force_from else None)
        evidence = Evidence(event, timing, earlier_edition=earlier)
        found.setdefault(eid, []).append((evidence, whole))
        kind = subjects.by_eid[eid].kind if eid in subjects.by_eid else None
        if whole and timing == "later" and kind not in (None, "article"):
            whole_containers[eid] = evidence
    statuses: dict[str, ProvisionStatus] = {}
    for p in provisions:
        rows = list(found.get(p.eid, []))
        for anc in subjects.ancestors(p.parent):
            if anc in whole_containers:
                ev = whole_containers[anc]
                rows.append((Evidence(ev.event, ev.timing, via=anc), True))
        status = "added" if not act_in_force else "unknown" if blind else _status(rows)
        statuses[p.eid] = ProvisionStatus(p.eid, status, tuple(x for x, _ in rows))
    absent = [ProvisionStatus(eid, _status(rows), tuple(x for x, _ in rows))
              for eid, rows in found.items() if eid not in subjects.by_eid]
    return PointInTime(work, day, edition, edition.valid_from <= day, act_in_force,
                       statuses, absent, repealed_by(work, day))
