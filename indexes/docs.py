"""Index documents from the store.

One provision document per distinct text of a provision (work, language, eId) with its
validity interval: ``valid_from`` is the first edition that has that text at that eId,
``valid_to`` the ``valid_from`` of the next edition of the same work and language where it is
gone or different (``OPEN`` while it is still in force). An article unchanged through ten
editions is one document, and "the law as it was on a date" is a range filter
``valid_from <= date < valid_to``. Plus one work document (titles in every language, number
aliases, type, issuer, dates, status) for requisite search.

Planning (``plan_work``) reads the store and decides the documents; ``analyse`` turns a plan
into an ``IndexDoc`` with the analysis chains. ``analyse`` is a pure function of its argument,
so a rebuild can run it in worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lexsearch.analysis import analyze_positions, tokenize
from lexsearch.model import Edition, Work
from lexsearch.register import names as register_names
from lexsearch.search.engine import OPEN, IndexDoc, chain_of, date_int
from lexsearch.store import Store, title_key

NUMBER = "n"
TITLE_GAP = 100  # position gap between two titles in one field (no phrase across them)


@dataclass
class PlannedDoc:
    """An ``IndexDoc`` before analysis: ``raw`` = [(field kind, original text, lang)]."""

    key: str
    doctype: str
    work: str
    langs: list[str]
    keywords: dict[str, str | list[str]]
    ints: dict[str, int]
    raw: list[tuple[str, str, str]] = field(default_factory=list)


def number_terms(text: str | None) -> list[str]:
    """The number terms in ``text``: ``ЗРУ-547`` -> ``['orq547']``, ``121¹`` -> ``['121.1']``."""
    if not text:
        return []
    return [value for kind, value, _s, _e in tokenize(text) if kind == NUMBER]


def country_of(uri: str) -> str:
    """The jurisdiction of a work URI: ``/akn/uz/act/...`` -> ``uz``."""
    parts = uri.split("/")
    return parts[2] if len(parts) > 2 else ""


def _work_keywords(work: Work) -> dict[str, str | list[str]]:
    return {"subtype": work.subtype or "", "status": work.status or "",
            "issuer": issuer_key(work.issuer),
            "country": getattr(work, "country", "") or country_of(work.uri)}


def _ancestors(p, by_eid: dict) -> list[str]:
    """The headings of the parts (chapter, section, ...) that hold provision ``p``."""
    out: list[str] = []
    seen = {p.eid}
    parent = by_eid.get(p.parent) if p.parent else None
    while parent is not None and parent.eid not in seen:
        seen.add(parent.eid)
        if parent.heading:
            out.append(parent.heading)
        parent = by_eid.get(parent.parent) if parent.parent else None
    return out


def issuer_key(issuer: str | None) -> str:
    """Issuers are matched folded: case, apostrophes and spacing do not count."""
    return title_key(issuer) or ""


@dataclass
class _Open:
    since: str
    prov: object  # StoredProvision


def intervals(store: Store, editions: list[Edition]) -> list[tuple[object, str, str | None]]:
    """``(provision, valid_from, valid_to)`` for every distinct text per eId across the
    editions (one work, one language, oldest first); ``valid_to`` None = still in force."""
    out: list[tuple[object, str, str | None]] = []
    current: dict[str, _Open] = {}
    for edition in editions:
        provs = {p.eid: p for p in store.provisions(edition, with_text=False)}
        for eid, open_ in list(current.items()):
            p = provs.get(eid)
            old = open_.prov
            if p is None or (p.text_hash, p.heading, p.num) != (old.text_hash, old.heading,
                                                                 old.num):
                out.append((old, open_.since, edition.valid_from))
                del current[eid]
        for eid, p in provs.items():
            if eid not in current:
                current[eid] = _Open(edition.valid_from, p)
    out.extend((o.prov, o.since, None) for o in current.values())
    return out


def plan_provisions(store: Store, work: Work, lang: str) -> list[PlannedDoc]:
    """The provision documents of one work in one language."""
    editions = store.editions(work.uri, lang)
    spans = intervals(store, editions)
    texts = store.texts(sorted({p.text_hash for p, _f, _t in spans}))
    by_eid = {p.eid: p for p, _f, _t in spans}  # the latest text of each eId
    title = (work.titles or {}).get(lang) or work.title or ""
    docs = []
    for p, since, until in spans:
        text = texts.get(p.text_hash, "")
        if not text.strip() and not p.heading:
            continue
        keywords = _work_keywords(work)
        keywords.update(eid=p.eid, num=p.num or "", kind=p.kind, hash=p.text_hash,
                        numbers=number_terms(p.num))
        docs.append(PlannedDoc(
            key=f"p|{work.uri}|{lang}|{p.eid}|{since}", doctype="p", work=work.uri,
            langs=[lang], keywords=keywords,
            ints={"date": date_int(work.date), "valid_from": date_int(since),
                  "valid_to": date_int(until, OPEN)},
            # the act title and the headings of the enclosing parts weigh as a title
            raw=[("text", text, lang), ("heading", p.heading or "", lang),
                 *(("title", t, lang) for t in [title, *_ancestors(p, by_eid)] if t)]))
    return docs


def plan_work_doc(store: Store, work: Work, langs: list[str]) -> PlannedDoc:
    """The work document: titles in every language, every alias of its number."""
    numbers: list[str] = []
    for alias in [*store.aliases(work.uri), work.number or "", work.uri.rsplit("/", 1)[-1]]:
        numbers.extend(t for t in number_terms(alias) if t not in numbers)
    editions = store.editions(work.uri)
    first = editions[0].valid_from if editions else work.date
    keywords = _work_keywords(work)
    keywords.update(kind="work", numbers=numbers)
    titles = dict(work.titles or {})
    if not titles:
        titles = {langs[0] if langs else "uzb": work.title}
    names = register_names(work.uri, titles)  # with "ТК РУз", "Labour Code"...
    return PlannedDoc(
        key=f"w|{work.uri}", doctype="w", work=work.uri, langs=sorted(set(langs) | set(titles)),
        keywords=keywords,
        ints={"date": date_int(work.date), "valid_from": min(date_int(work.date, 99991231),
                                                              date_int(first, 99991231)),
              "valid_to": OPEN},  # a repealed act stays findable (filter on status)
        raw=[("title", title, lang) for lang, title in names])


def plan_work(store: Store, work: Work, langs: list[str] | None = None) -> list[PlannedDoc]:
    """Every document of ``work`` (its provision documents only in ``langs``, default all)."""
    all_langs = sorted({e.lang for e in store.editions(work.uri)})
    docs: list[PlannedDoc] = []
    for lang in langs if langs is not None else all_langs:
        docs.extend(plan_provisions(store, work, lang))
    docs.append(plan_work_doc(store, work, all_langs))
    return docs


def analyse(plan: PlannedDoc) -> IndexDoc:
    """Run the analysis chains over a planned document's texts."""
    texts: dict[str, list[tuple[str, ...]]] = {}
    for kind, text, lang in plan.raw:
        if not text:
            continue
        name = f"{kind}_{chain_of(lang)}"
        positions = analyze_positions(text, lang)
        previous = texts.get(name)
        if previous:  # a second title in the same chain (uzb and uzb-Cyrl): leave a gap
            positions = previous + [()] * TITLE_GAP + positions
        texts[name] = positions
    return IndexDoc(key=plan.key, doctype=plan.doctype, work=plan.work, langs=plan.langs,
                    keywords=plan.keywords, ints=plan.ints, texts=texts)
