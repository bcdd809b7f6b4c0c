"""One work, several expressions: the language editions of a work align by eId.

For the import report: per work and language, the articles (points, for a decree) that the
other languages' editions of the same date (or, when a language has no edition of that date, of
the nearest date) hold and this language's edition lacks. A Russian Labour Code with every
article of the Uzbek text lists nothing; a Cyrillic text that stops at article 578 lists
``art_579`` … ``art_581``.
"""

from __future__ import annotations

from datetime import date

from lexsearch.model import Edition
from lexsearch.store import Store

MAX_LISTED = 50  # eIds listed per language pair; the count is always exact
ALIGNED_KINDS = ("article", "point")


def _days(a: str, b: str) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def nearest(editions: list[Edition], day: str) -> Edition | None:
    """The edition of ``day``, else the one nearest to it (the earlier one on a tie)."""
    if not editions:
        return None
    return min(editions, key=lambda e: (_days(e.valid_from, day), e.valid_from > day))


def _articles(store: Store, edition: Edition) -> dict[str, int]:
    """eId -> position in the edition of each article (and each point of a decree or of
    what it approves: decrees have points, not articles)."""
    return {p.eid: p.seq for p in store.provisions(edition, with_text=False)
            if p.kind in ALIGNED_KINDS}


def alignment(store: Store, uris: list[str]) -> list[dict]:
    """Per work of ``uris`` with editions in more than one language, and per language: the
    compared editions and the article eIds missing from this language's latest edition."""
    rows = []
    for uri in uris:
        by_lang: dict[str, list[Edition]] = {}
        for edition in store.editions(uri):
            by_lang.setdefault(edition.lang, []).append(edition)
        if len(by_lang) < 2:
            continue
        articles: dict[int, dict[str, int]] = {}  # only the editions compared are read
        for lang, editions in sorted(by_lang.items()):
            mine = editions[-1]
            row = {"uri": uri, "language": lang, "valid_from": mine.valid_from,
                   "compared_with": {}, "missing": {}, "missing_counts": {},
                   "missing_total": 0}
            for other_lang, others in sorted(by_lang.items()):
                if other_lang == lang:
                    continue
                theirs = nearest(others, mine.valid_from)
                row["compared_with"][other_lang] = theirs.valid_from
                for e in (mine, theirs):
                    if e.id not in articles:
                        articles[e.id] = _articles(store, e)
                held = articles[theirs.id]
                gone = sorted(held.keys() - articles[mine.id].keys(), key=held.__getitem__)
                if gone:
                    row["missing"][other_lang] = gone[:MAX_LISTED]
                    row["missing_counts"][other_lang] = len(gone)
                    row["missing_total"] += len(gone)
            rows.append(row)
    return rows
