"""Amendment history from the stored amendment notes.

lex.uz prints a note after every changed provision (``(39-modda … OʻRQ-1030-sonli Qonuni
tahririda — …, 14.02.2025-y., 03/25/1030/0144-son)``) and keeps the notes of all past changes in
its consolidated text, so the notes of the latest edition tell the whole story. Editions from
sources without notes add nothing, and an edition that repeats a note already seen (same eId,
same raw text up to spacing) does not count it twice. Amending acts resolve to stored works
through ``Store.works_by_number`` when the store holds them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .model import Edition
from .numbers import number_key
from .store import Store


@dataclass(frozen=True)
class Event:
    """One change of a provision (or of the act) as a note records it."""

    eid: str | None
    action: str
    target: str | None  # the part of the provision named, as printed ("ikkinchi qismi")
    act_type: str | None
    act_number: str | None
    act_date: str | None
    act_uri: str | None  # the amending act's work, when the store holds it
    published: str | None
    gazette: str | None
    effective: str | None
    raw: str
    edition: str  # the newest edition whose notes carry it

    def __repr__(self) -> str:
        return f"Event({self.eid} {self.action} {self.act_number} {self.published})"

    @property
    def date(self) -> str:
        """The date the event is sorted by: publication, else adoption, else entry into force."""
        return self.published or self.act_date or self.effective or ""

    @property
    def in_force_from(self) -> str | None:
        """The day the change entered the text: the deferred entry into force when the note
        gives one after publication (``Kuchga kirish sanasi — 2025-yil 1-yanvar``), else the
        publication. A date before publication (``… 2020-yil 1-martdan eʼtiboran yuzaga kelgan
        munosabatlarga nisbatan ham tatbiq etiladi``) is retroactive application: the wording
        still changed on publication (see ``retroactive_from``). None: the note gives neither."""
        if self.effective and (not self.published or self.effective > self.published):
            return self.effective
        return self.published

    @property
    def retroactive_from(self) -> str | None:
        """The earlier date the new wording also applies from, when the note says so."""
        if self.effective and self.published and self.effective < self.published:
            return self.effective
        return None

    def to_json(self) -> dict:
        return {**asdict(self), "in_force_from": self.in_force_from,
                "retroactive_from": self.retroactive_from}


def _norm(raw: str) -> str:
    return " ".join(raw.split())


class _ActResolver:
    """Amending act number → stored work URI, cached; ``None`` when absent or ambiguous."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: dict[tuple[str, str | None], str | None] = {}

    def __call__(self, number: str | None, date: str | None) -> str | None:
        if not number:
            return None
        key = (number, date)
        if key not in self.cache:
            works = self.store.works_by_number(number)
            if date and len(works) > 1:
                works = [w for w in works if w.date == date] or works
            self.cache[key] = works[0].uri if len(works) == 1 else None
        return self.cache[key]


def _editions(store: Store, work_uri: str, lang: str | None) -> list[Edition]:
    """The work's editions in ``lang`` (None: the work's own language), newest first."""
    lang = store.edition_for(work_uri, lang).lang
    return list(reversed(store.editions(work_uri, lang)))


def _merged(store: Store, work_uri: str, lang: str | None, eid: str | None = None,
            resolve: _ActResolver | None = None) -> list[Event]:
    """Notes of every edition merged without duplicates: the newest edition's in printed
    (document) order, then notes only older editions carry."""
    resolve = resolve or _ActResolver(store)
    seen: set[tuple[str | None, str]] = set()
    events: list[Event] = []
    for edition in _editions(store, work_uri, lang):
        for row in store.notes(edition, eid):
            key = (row["eid"], _norm(row["raw"]))
            if key in seen:
                continue
            seen.add(key)
            events.append(Event(
                eid=row["eid"], action=row["action"] or "unknown", target=row["target"],
                act_type=row["act_type"], act_number=row["act_number"], act_date=row["act_date"],
                act_uri=resolve(row["act_number"], row["act_date"]),
                published=row["published"], gazette=row["gazette"],
                effective=row["effective"], raw=row["raw"], edition=edition.uri))
    return events


def work_events(store: Store, work_uri: str, lang: str | None = None) -> list[Event]:
    """Every recorded change of every provision of ``work_uri`` (closing publication lists
    left out), newest edition's notes first in printed order. Raises ``NotFound``."""
    return [e for e in _merged(store, work_uri, lang) if e.action != "published"]


def provision_history(store: Store, work_uri: str, eid: str,
                      lang: str | None = None) -> list[Event]:
    """Every recorded change of provision ``eid`` of ``work_uri``, newest first. Raises
    ``NotFound`` for an unknown work or language."""
    events = _merged(store, work_uri, lang, eid)
    return sorted(events, key=lambda e: e.date, reverse=True)  # stable: printed order kept


def work_timeline(store: Store, work_uri: str, lang: str | None = None) -> dict:
    """The editions of a work (every language unless ``lang``) and the acts that amended it,
    both newest first. Each amending act lists its provision events and the eIds it touched;
    an act known only from the closing publication list has ``events: 0``."""
    work = store.work(work_uri)
    editions = store.editions(work_uri, lang)
    out_editions = [{"uri": e.uri, "lang": e.lang, "valid_from": e.valid_from,
                     "produced_by": e.produced_by, "gazette": e.gazette, "title": e.title}
                    for e in sorted(editions, key=lambda e: e.valid_from, reverse=True)]
    own = number_key(work.number or "") or (work.number or "").lower()
    resolve = _ActResolver(store)
    acts: dict[str, dict] = {}
    for event in _merged(store, work_uri, lang, resolve=resolve):
        if not event.act_number:
            continue
        key = number_key(event.act_number) or event.act_number.strip().lower()
        if key is None or key == own:
            continue
        act = acts.setdefault(key, {"number": event.act_number, "type": None, "date": None,
                                    "published": None, "gazette": None, "uri": None,
                                    "events": 0, "provisions": []})
        for name, value in (("type", event.act_type), ("date", event.act_date),
                            ("published", event.published), ("gazette", event.gazette),
                            ("uri", event.act_uri)):
            act[name] = act[name] or value
        if event.action != "published" and event.eid is not None:
            act["events"] += 1
            if event.eid not in act["provisions"]:
                act["provisions"].append(event.eid)
    amending = sorted(acts.values(), key=lambda a: a["date"] or a["published"] or "",
                      reverse=True)
    return {"work": work_uri, "editions": out_editions, "amending_acts": amending}


def changes_by(store: Store, act_number: str) -> list[dict]:
    """The changes an amending act made, across every stored work: ``{work, lang, eid, action,
    target, published}`` in work order, then document order. ``act_number`` may be written in
    any script (``OʻRQ-1030``, ``ЗРУ-1030``). Entries of closing publication lists (which name
    the act but no provision) are left out."""
    key = number_key(act_number)
    # One indexed query on notes.act_number_key; the Store has no verb for it yet (it belongs
    # there as ``Store.notes_by_act`` when the store moves to PostgreSQL). Numbers that are no
    # act number to ``number_key`` (``BOE-A-2019-9548``) have no key: match them as printed.
    where = "n.act_number_key = ?" if key else "lower(n.act_number) = ?"
    rows = store.db.query(
        "SELECT w.uri AS work, e.lang, n.eid, n.action, n.target, n.published, n.raw "
        "FROM notes n JOIN editions e ON e.id = n.edition_id JOIN works w ON w.id = e.work_id "
        f"WHERE {where} AND coalesce(n.action, '') != 'published' "
        "ORDER BY w.uri, e.lang, e.valid_from DESC, n.seq", [key or act_number.strip().lower()])
    seen: set[tuple[str, str | None, str]] = set()
    out = []
    for row in rows:
        dedup = (row["work"], row["eid"], _norm(row["raw"]))
        if dedup in seen:
            continue
        seen.add(dedup)
        out.append({k: row[k] for k in ("work", "lang", "eid", "action", "target", "published")})
    return out
