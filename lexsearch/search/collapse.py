"""One result per provision: the expressions of one provision collapsed into one hit.

A work's Uzbek Latin, Uzbek Cyrillic and Russian expressions name the same provision with the
same eId, and the Uzbek chain reads both scripts as the same terms, so an article found in
Latin is found in Cyrillic with the same score (and often in Russian too): unmerged, one
article takes two or three of the first places. ``collapse`` keeps each (work, eId) once, at the
place of its best-ranked expression, shown in the expression the reader asked for:

* the language of the query where its script tells (``uzb-Cyrl`` for Uzbek Cyrillic, ``rus``
  for Russian), else the Latin-script expressions (``uzb``, ``eng``) for a Latin query;
* else the best-ranked expression.

A provision found after one of its own enclosing provisions (``para_5__subpara_2`` after
``para_5``) is kept: its text is not part of the enclosing provision's own text. A work
document (no eId) is one per work already.
"""

from __future__ import annotations

from lexsearch.search.engine import EngineHit

LATIN_LANGS = ("uzb", "eng")  # expressions in Latin script, for a query in Latin script


def preferred(query_lang: str | None) -> tuple[str, ...]:
    """The expressions shown first for a query in ``query_lang`` (None: Latin script)."""
    return (query_lang,) if query_lang else LATIN_LANGS


def provision_key(hit: EngineHit) -> tuple[str, str, str]:
    """What a hit stands for whatever its expression: (document type, work, eId)."""
    f = hit.fields
    return f.get("doctype", ""), f["work"], f.get("eid") or ""


def collapse(hits: list[EngineHit], query_lang: str | None) -> list[EngineHit]:
    """``hits`` (best first) with each (work, eId) once, at its first place, in the preferred
    expression when one of its hits has it (that hit's score is the best of the group)."""
    want = preferred(query_lang)
    slots: dict[tuple[str, str, str], int] = {}
    out: list[EngineHit] = []
    for hit in settle_ties(hits):
        f = hit.fields
        key = provision_key(hit)
        at = slots.get(key)
        if at is None:
            slots[key] = len(out)
            out.append(hit)
            continue
        shown = out[at]
        if f.get("lang") in want and shown.fields.get("lang") not in want:
            out[at] = EngineHit(max(shown.score, hit.score), hit.fields, hit.date)
    return out


def settle_ties(hits: list[EngineHit]) -> list[EngineHit]:
    """Neighbouring hits of the very same score (and date) in a fixed order (by work, eId,
    language): tantivy's writer threads order documents differently on each rebuild, and a
    tie must not decide a result differently after every rebuild of the same store."""
    out: list[EngineHit] = []
    run: list[EngineHit] = []
    for hit in [*hits, None]:
        if run and (hit is None or (hit.score, hit.date) != (run[0].score, run[0].date)):
            out += sorted(run, key=lambda h: (h.fields["work"], h.fields.get("eid") or "",
                                              h.fields.get("lang") or ""))
            run = []
        if hit is not None:
            run.append(hit)
    return out
