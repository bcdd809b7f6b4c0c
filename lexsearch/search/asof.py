"""Search as of a date, decided per provision by ``lexsearch.pointintime``.

The index holds each provision text with its validity interval, so "the law on D" starts as
the range filter ``valid_from <= D < valid_to``. That alone is wrong in two ways the amendment
notes can correct:

- before the first stored edition of a work (lex.uz keeps the current text only) no text is
  valid yet, and the work would vanish from the results although the act was in force. The
  texts of its nearest edition (the first held, per language) are searched instead
  (``AsOf.nearest``), for every work whose own date is on or before D;
- the edition searched may print what did not exist on D: an article a later act inserted,
  a chapter inserted whole; and the act itself may have been repealed by D. The one shared
  function ``pointintime.as_of`` says so per provision; the hits it says were not law on D
  are left out of the search (``AsOf.exclusions``), the others carry their status ("changed
  later": the wording then differed, by which act) in ``SearchHit.point_in_time``.

Statuses are computed only for the works among the hits looked at, once per (work, date,
language) while the index is not reloaded.
"""

from __future__ import annotations

from collections import OrderedDict

from lexsearch.errors import NotFound
from lexsearch.model import Work
from lexsearch.pointintime import PointInTime, act_law_on, as_of
from lexsearch.search.engine import OPEN, Bool, Node, Range, Term, any_of, date_int
from lexsearch.store import Store

CACHE_SIZE = 256  # points in time kept per searcher (work, date, language)


class AsOf:
    """The store's first editions and the points in time asked, for one searcher."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._first: dict[tuple[str, str], str] | None = None  # (work, lang) -> valid_from
        self._works: dict[str, Work] = {}
        self._pits: OrderedDict[tuple[str, str, str], PointInTime | None] = OrderedDict()

    def clear(self) -> None:
        """Forget everything (the store changed: a new batch)."""
        self._first = None
        self._works.clear()
        self._pits.clear()

    def _first_editions(self) -> dict[tuple[str, str], str]:
        if self._first is None:
            first: dict[tuple[str, str], str] = {}
            for work in self.store.works():
                self._works[work.uri] = work
                for edition in self.store.editions(work.uri):  # oldest first
                    first.setdefault((work.uri, edition.lang), edition.valid_from)
            self._first = first
        return self._first

    def validity(self, day: str) -> Node:
        """The filter of the texts that answer for ``day``: those in force then, and the texts
        of the nearest edition of every (work, language) with none in force yet; none of an act
        that was not law then (not yet in force, or repealed: ``pointintime.act_law_on``)."""
        self._first_editions()
        lo = date_int(day)
        # valid_to is the first day a text no longer holds; OPEN (9999-12-31) marks one still
        # in force, which holds on 9999-12-31 too
        in_force = Bool(must=(Range("valid_from", None, lo),
                              Range("valid_to", min(lo + 1, OPEN), None)))
        nearest = self.nearest(day)
        texts = Bool(should=(in_force, *nearest)) if nearest else in_force
        # an act of a later date has no text valid on the day, so it needs no clause
        not_law = sorted(uri for uri, work in self._works.items()
                         if (work.date or "") <= day and not act_law_on(work, day))
        if not not_law:
            return texts
        return Bool(must=(texts,),
                    must_not=(Bool(must=(Term("doctype", "p"), any_of("work", not_law))),))

    def nearest(self, day: str) -> list[Node]:
        """One clause per first-edition date after ``day``: the texts that start with that
        edition (``valid_from`` = its date) of the (work, language) pairs it opens, for works
        that existed on ``day`` (an act not adopted yet has nothing to show)."""
        by_date: dict[str, list[str]] = {}
        for (work, lang), first in self._first_editions().items():
            if first > day and (self._works[work].date or "") <= day:
                by_date.setdefault(first, []).append(f"{work}|{lang}")
        return [Bool(must=(Range("valid_from", date_int(first), date_int(first)),
                           any_of("wl", sorted(pairs))))
                for first, pairs in sorted(by_date.items())]

    def point_in_time(self, work: str, day: str, lang: str) -> PointInTime | None:
        """``pointintime.as_of`` cached; None when the act did not exist on ``day``."""
        key = (work, day, lang)
        if key in self._pits:
            self._pits.move_to_end(key)
            return self._pits[key]
        try:
            pit: PointInTime | None = as_of(self.store, work, day, lang)
        except NotFound:
            pit = None
        self._pits[key] = pit
        while len(self._pits) > CACHE_SIZE:
            self._pits.popitem(last=False)
        return pit

    def known(self, day: str) -> set[tuple[str, str]]:
        """The (work, language) pairs whose point in time on ``day`` is held."""
        return {(work, lang) for work, d, lang in self._pits if d == day}

    def computed(self) -> set[tuple[str, str, str]]:
        """The (work, date, language) points in time held (computed for hits)."""
        return set(self._pits)

    def exclusions(self, pairs: set[tuple[str, str]], day: str) -> list[Node]:
        """For each (work, language) looked at, the provision texts that were not law on
        ``day``: every one when the act did not exist or was not law then, else those
        ``as_of`` finds added later."""
        out: list[Node] = []
        for work, lang in sorted(pairs):
            pit = self.point_in_time(work, day, lang)
            scope = (Term("doctype", "p"), Term("wl", f"{work}|{lang}"))
            if pit is None or not act_law_on(pit.work, day):
                out.append(Bool(must=scope))
                continue
            gone = pit.not_in_force()
            if gone:
                out.append(Bool(must=(*scope, any_of("eid", gone))))
        return out

    def hit_status(self, work: str, lang: str, eid: str | None, day: str) -> dict | None:
        """What a provision hit says about ``day``: its status and the notes that prove it,
        with the edition the text comes from (``exact`` false: the nearest held, later)."""
        if not eid:
            return None
        pit = self.point_in_time(work, day, lang)
        status = pit.statuses.get(eid) if pit else None
        if status is None:
            return None
        return {"date": day, "exact": pit.exact, "edition": pit.edition.uri,
                "edition_valid_from": pit.edition.valid_from, **status.to_json()}


__all__ = ["AsOf"]
