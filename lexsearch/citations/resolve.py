"""Resolution: fill ``target_work``/``target_eid`` through injected lookups (no store import)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from lexsearch.model import ActRef, Citation

WorkLookup = Callable[[ActRef], "str | None"]
ArticleLookup = Callable[[str, str], "str | None"]


def resolve(citations: Iterable[Citation], lookup: WorkLookup,
            lookup_article: ArticleLookup | None = None,
            self_work: str | None = None) -> list[Citation]:
    """Citations with targets filled where the lookups know them.

    ``lookup(act_ref)`` gives a work URI or ``None``; ``lookup_article(work_uri, article)``
    (article as printed, e.g. ``121¹``) gives an eId or ``None``. Self references (and
    references naming no act) resolve to ``self_work``. Unresolved citations are kept as they are.
    """
    out = []
    for cit in citations:
        work = self_work if cit.self_ref else (lookup(cit.act) if cit.act is not None else None)
        eid = None
        if work and cit.article and lookup_article is not None:
            eid = lookup_article(work, cit.article)
        out.append(replace(cit, target_work=work, target_eid=eid))
    return out
